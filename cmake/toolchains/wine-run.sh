#!/usr/bin/env bash
# CTest's cross-compiling emulator for the MinGW build: runs one Windows program under wine,
# headless, quietly, in Hearth's own wine prefix (never the user's ~/.wine).
set -euo pipefail
export WINEPREFIX="${HEARTH_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/hearth/wineprefix}"
export WINEARCH=win64  # 64-bit programs only; Debian installs no 32-bit wine by default
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"  # no Mono/Gecko install prompts
# No window may pop up on the developer's screen. scripts/windows.sh gives the tests a private
# virtual X screen instead (HEARTH_WINE_DISPLAY): wine's Vulkan (winevulkan, which reaches the
# machine's Vulkan driver, lavapipe here) needs its X11 driver, so the Vulkan tests run there.
if [[ -n "${HEARTH_WINE_DISPLAY:-}" ]]; then export DISPLAY="$HEARTH_WINE_DISPLAY"; else unset DISPLAY; fi
# The first program that touches the display makes wine start its desktop process, which
# inherits that program's stdout and outlives it: CTest, reading the pipe, would then wait for
# the test's timeout. So the output goes through a file, and only the program is waited for.
# HEARTH_WINE_STREAM=1 (a server whose output is read while it runs) streams it instead.
if [[ "${HEARTH_WINE_STREAM:-0}" == 1 ]]; then exec wine "$@"; fi
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
rc=0
wine "$@" >"$out" 2>&1 </dev/null || rc=$?
cat "$out"
exit "$rc"

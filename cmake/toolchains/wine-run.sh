#!/usr/bin/env bash
# CTest's cross-compiling emulator for the MinGW build: runs one Windows program under wine,
# headless, quietly, in Hearth's own wine prefix (never the user's ~/.wine).
set -euo pipefail
export WINEPREFIX="${HEARTH_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/hearth/wineprefix}"
export WINEARCH=win64  # 64-bit programs only; Debian installs no 32-bit wine by default
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"  # no Mono/Gecko install prompts
unset DISPLAY  # console programs only; no window may pop up
exec wine "$@"

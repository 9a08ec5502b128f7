#!/usr/bin/env bash
# The Windows GUI under wine, on a virtual 1366×768 X screen (Xvfb), through Qt's own "windows"
# platform plugin (the one users get): the cross-built screenshot tour opens the real main window,
# drops the stories260K Hugging Face folder on it, converts and quantizes it in the wizard (the
# same code path as a user's drop), chats with the result, shows the offload plan and quits. The
# tour checks each step and exits with the number of failures. Meanwhile the X screen is captured
# every few seconds from outside wine; the test needs one capture that is not blank (the window
# really reached the screen).
# Run through `scripts/windows.sh gui-smoke`, which builds the GUI and sets WINEPATH to Qt's DLLs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tour="$root/build/windows-cross/tests/gui/hearth-screenshot-tour.exe"
export HEARTH_TEST_DATA="${HEARTH_TEST_DATA:-$root/../shared}"
[[ -f "$tour" ]] || { echo "error: $tour is not built (scripts/windows.sh build with the Qt sysroot)" >&2; exit 1; }
[[ -n "${WINEPATH:-}" ]] || { echo "error: WINEPATH must name Qt's DLL folder (run through scripts/windows.sh gui-smoke)" >&2; exit 1; }
if [[ ! -d "$HEARTH_TEST_DATA/models/stories260K-hf" ]]; then
  echo "*** FIXTURE MISSING: $HEARTH_TEST_DATA/models/stories260K-hf; the GUI smoke test cannot run" >&2
  exit 1
fi
for tool in Xvfb import identify; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (scripts/windows.sh packages, scripts/bootstrap.sh)" >&2; exit 1; }
done

work="$(mktemp -d)"
export WINEPREFIX="${HEARTH_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/hearth/wineprefix}"
export WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
xvfb_pid=""
cleanup() {
  [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

source "$root/scripts/private-xvfb.sh"
start_private_xvfb || { echo "error: Xvfb did not start" >&2; exit 1; }
xvfb_pid=$PRIVATE_XVFB_PID
export DISPLAY="$PRIVATE_XVFB_DISPLAY"

mkdir -p "$work/captures" "$work/tour"
(
  i=0
  while sleep 3; do
    import -display "$DISPLAY" -window root "$work/captures/$(printf %03d $i).png" 2>/dev/null || true
    i=$((i + 1))
  done
) &
capturer=$!

start=$SECONDS
rc=0
LANG=C.UTF-8 timeout 900 wine "$tour" --out "$(winepath -w "$work/tour" | tr -d '\r')" --language en || rc=$?
kill "$capturer" 2>/dev/null || true
wait "$capturer" 2>/dev/null || true
wineserver -w
echo "gui smoke: the tour exited with status $rc after $((SECONDS - start)) s"

# Non-blank: a screen with a window on it has hundreds of colours (text antialiasing, the
# theme's shades); an empty Xvfb screen has one.
best=0
best_file=""
for f in "$work"/captures/*.png; do
  [[ -f "$f" ]] || continue
  colours="$(identify -format '%k' "$f" 2>/dev/null || echo 0)"
  if ((colours > best)); then best=$colours; best_file=$f; fi
done
echo "gui smoke: $(ls "$work/captures" | wc -l) screen captures; the richest has $best colours"
if [[ -n "${HEARTH_SMOKE_KEEP:-}" && -n "$best_file" ]]; then
  cp "$best_file" "$HEARTH_SMOKE_KEEP"
  echo "gui smoke: kept it as $HEARTH_SMOKE_KEEP"
fi
failures=0
((rc == 0)) || { echo "FAIL the tour under wine failed $rc check(s) or did not quit cleanly"; failures=$((failures + 1)); }
((best >= 256)) || { echo "FAIL no screen capture shows the window (at most $best colours)"; failures=$((failures + 1)); }
((failures == 0)) && echo "gui smoke: ok"
exit $((failures > 0))

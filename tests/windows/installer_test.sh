#!/usr/bin/env bash
# The Windows installer under wine, in a wine prefix of its own (a clean registry and profile):
#   1. an "older version" (the same tree plus a file this version no longer has, version 0.0.1)
#      installs silently, per user, and the user then has data in %APPDATA%\Hearth;
#   2. this version installs over it silently: the older file is gone, the user's data is not;
#   3. the files, shortcuts, "Apps & features" entry and .gguf association are there, and the
#      installed hearth-cli.exe continues a prompt on stories260K, greedily, with exactly the
#      text of the Linux build;
#   4. the uninstaller removes every file it installed, the shortcuts and the registry entries,
#      and leaves the user's data.
# Run through `scripts/windows.sh installer-test` after `scripts/windows.sh installer` (and the
# Linux build, whose hearth-cli is the reference).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
data="${HEARTH_TEST_DATA:-$root/../shared}"
model="$data/models/stories260K-reference-gguf/stories260K-f32.gguf"
linux_cli="${HEARTH_LINUX_CLI:-$root/build/release/app/cli/hearth-cli}"
version="$(sed -n 's/^project(Hearth VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"
setup="${HEARTH_INSTALLER:-$root/build/windows-cross/Hearth-$version-win64-setup.exe}"
stage="${HEARTH_INSTALLER_STAGE:-$root/build/windows-cross/stage/bin}"  # the tree it was made from

[[ -f "$setup" && -d "$stage" ]] || { echo "error: no installer at $setup: scripts/windows.sh installer" >&2; exit 1; }
[[ -x "$linux_cli" ]] || { echo "error: the Linux build's hearth-cli is missing ($linux_cli)" >&2; exit 1; }
if [[ ! -f "$model" ]]; then
  echo "*** FIXTURE MISSING: $model (set HEARTH_TEST_DATA); the installer test cannot run" >&2
  exit 1
fi

work="$(mktemp -d)"
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# A private virtual X screen for the whole run (the installs are silent; the app is started at
# the end): wine's desktop process, started by wineboot, takes its display from there, and
# windows can only be created on a desktop that has one.
xvfb_pid=""
unset DISPLAY
source "$root/scripts/private-xvfb.sh"
if start_private_xvfb; then export DISPLAY="$PRIVATE_XVFB_DISPLAY"; fi
xvfb_pid="${PRIVATE_XVFB_PID:-}"
cleanup() {
  wineserver -k 2>/dev/null || true
  [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
wineboot -i </dev/null >/dev/null 2>&1
# wine links Desktop, Documents... to the Linux home; make them the prefix's own folders so
# shortcuts land (and are checked) inside the prefix, never in the real home.
for link in "$WINEPREFIX/drive_c/users/$(id -un)"/*; do
  [[ -L "$link" ]] && rm "$link" && mkdir "$link"
done
failures=0
check() {  # description command...
  if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}
win_env() { wine cmd /c echo "%$1%" 2>/dev/null | tr -d '\r'; }
unix_path() { winepath -u "$1" 2>/dev/null | tr -d '\r'; }
reg_has() {  # key value-name (empty: the default value) expected-text
  local name=(/v "$2")
  [[ -z "$2" ]] && name=(/ve)
  wine reg query "$1" "${name[@]}" 2>/dev/null | tr -d '\r' | grep -q -F -- "$3"
}
reg_missing() { ! wine reg query "$1" >/dev/null 2>&1; }

local_appdata="$(unix_path "$(win_env LOCALAPPDATA)")"
appdata="$(unix_path "$(win_env APPDATA)")"
instdir="$local_appdata/Programs/Hearth"
start_menu="$appdata/Microsoft/Windows/Start Menu/Programs/Hearth.lnk"
desktop="$(unix_path "$(win_env USERPROFILE)")/Desktop/Hearth.lnk"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Hearth'

# 1. The older version, then the user's data.
old_stage="$work/old-stage"
cp -r "$stage" "$old_stage"
echo "a file only the older version installed" >"$old_stage/old-only.txt"
installer/make_installer.sh "$old_stage" "$work/old-setup.exe" 0.0.1 >/dev/null
wine "$work/old-setup.exe" /S
wineserver -w
check "the older version installed per user into $instdir" test -f "$instdir/old-only.txt"
check "the older version is in Apps & features" reg_has "$uninstall_key" DisplayVersion 0.0.1
mkdir -p "$appdata/Hearth"
echo "library and settings" >"$appdata/Hearth/user-data.txt"

# 2. This version over it.
wine "$setup" /S
wineserver -w
check "the upgrade removed the file this version no longer has" test ! -e "$instdir/old-only.txt"
check "the upgrade kept the user's data" test -f "$appdata/Hearth/user-data.txt"

# 3. What is installed.
missing=0
while IFS= read -r f; do
  [[ -f "$instdir/$f" ]] || { echo "     not installed: $f"; missing=1; }
done < <(cd "$stage" && find . -type f | sed 's|^\./||')
check "every file of the deployed tree is installed" test "$missing" = 0
for f in hearth.exe hearth-cli.exe Qt6Core.dll Qt6Widgets.dll platforms/qwindows.dll styles/qwindowsvistastyle.dll \
         sqldrivers/qsqlite.dll libstdc++-6.dll translations/qtbase_zh_CN.qm "Uninstall Hearth.exe"; do
  check "installed: $f" test -f "$instdir/$f"
done
check "Start-menu shortcut" test -f "$start_menu"
check "desktop shortcut" test -f "$desktop"
check "Apps & features: name" reg_has "$uninstall_key" DisplayName Hearth
check "Apps & features: version $version" reg_has "$uninstall_key" DisplayVersion "$version"
check "Apps & features: uninstaller" reg_has "$uninstall_key" UninstallString "Uninstall Hearth.exe"
check ".gguf is associated with Hearth" reg_has 'HKCU\Software\Classes\.gguf' '' Hearth.gguf
check ".gguf opens in hearth.exe" reg_has 'HKCU\Software\Classes\Hearth.gguf\shell\open\command' '' 'hearth.exe" "%1"'

prompt="Once upon a time, there was a little"
args=(run -m "$model" -p "$prompt" -n 48 --temp 0 -t 2 --no-echo)
expected="$("$linux_cli" "${args[@]}" 2>/dev/null)"
got="$(wine "$instdir/hearth-cli.exe" run -m "$(winepath -w "$model" | tr -d '\r')" -p "$prompt" -n 48 --temp 0 -t 2 --no-echo 2>/dev/null | tr -d '\r')"
echo "     Linux:   ${expected:0:120}"
echo "     Windows: ${got:0:120}"
check "the installed hearth-cli.exe continues the prompt with the Linux build's text" test -n "$expected" -a "$got" = "$expected"

# The installed app starts from its own folder alone (no WINEPATH: every DLL and plugin it
# needs was installed) and its window reaches a virtual screen.
if [[ -n "${DISPLAY:-}" ]] && command -v import >/dev/null && command -v identify >/dev/null; then
  mkdir -p "$work/app-data"
  wine "$instdir/hearth.exe" --data-dir "$(winepath -w "$work/app-data" | tr -d '\r')" </dev/null >/dev/null 2>&1 &
  app_pid=$!
  colours=0
  for _ in $(seq 1 20); do
    sleep 2
    import -display "$DISPLAY" -window root "$work/screen.png" 2>/dev/null || continue
    colours="$(identify -format '%k' "$work/screen.png" 2>/dev/null || echo 0)"
    ((colours >= 256)) && break
  done
  check "the installed hearth.exe starts and shows its window ($colours colours on screen)" test "$colours" -ge 256
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
else
  echo "*** the installed hearth.exe is not started: Xvfb or ImageMagick is missing"
fi

# 4. Uninstall.
wine "$instdir/Uninstall Hearth.exe" /S
wineserver -w
left="$( [[ -d "$instdir" ]] && (cd "$instdir" && find . -mindepth 1) || true)"
check "the uninstaller removed every file it installed${left:+ (left: $left)}" test ! -e "$instdir"
check "the uninstaller removed the Start-menu shortcut" test ! -e "$start_menu"
check "the uninstaller removed the desktop shortcut" test ! -e "$desktop"
check "the uninstaller removed the Apps & features entry" reg_missing "$uninstall_key"
check "the uninstaller removed the .gguf association" reg_missing 'HKCU\Software\Classes\Hearth.gguf'
check "the uninstaller left the user's data" test -f "$appdata/Hearth/user-data.txt"

echo "installer test: $failures failure(s); installer $(du -k "$setup" | cut -f1) KiB"
exit $((failures > 0))

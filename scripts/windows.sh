#!/usr/bin/env bash
# Windows (x86-64) from this Linux machine: MinGW-w64 cross-build, tests under wine.
#
#   scripts/windows.sh packages   install MinGW-w64, wine, NSIS (apt; root or sudo)
#   scripts/windows.sh sysroot    libraries MinGW lacks, from Debian source packages (cached)
#   scripts/windows.sh qt-sysroot Qt 6.4.2 (qtbase) for MinGW, from Debian's source (about an
#                                 hour of 2 cores, under nice; resumes when interrupted)
#   scripts/windows.sh build      configure + build the windows-cross preset (the GUI too when
#                                 the Qt sysroot is there)
#   scripts/windows.sh test       build, then run the tests under wine (GUI tests offscreen)
#   scripts/windows.sh gui-smoke  the real window under wine on Xvfb: the screenshot tour (drop
#                                 of the stories260K HF folder, wizard, chat), screens captured
#   scripts/windows.sh installer  build, deploy, write build/windows-cross/Hearth-<v>-win64-setup.exe
#   scripts/windows.sh installer-test  install it silently under wine, run the installed
#                                 hearth-cli, upgrade over it, uninstall; check what is left
#   scripts/windows.sh pack       both sysroots as tarballs (build/toolchains/) for ../shared/toolchains
#   scripts/windows.sh status     say whether the sysroot is cached (exit 0) or not (exit 1)
#   scripts/windows.sh ci         .ci/run's Windows job: build + test when the tools and the
#                                 sysroot are there (cached or shared), and with the Qt sysroot
#                                 also gui-smoke, installer and installer-test; never installs
#                                 or builds a sysroot: it skips what it cannot do, loudly
#                                 (HEARTH_SKIP_WINDOWS=1: skip; HEARTH_WINDOWS_TESTS=<regex>: subset)
#
# The sysroot lives in ~/.cache/hearth/mingw-w64-<hash of its recipe>; when
# ../shared/toolchains/mingw-w64-<hash>.tar.xz exists it is unpacked instead of built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/private-xvfb.sh
step="${1:-}"

# Why each package: the cross compiler (POSIX threads for std::thread), wine to run the tests,
# NSIS for the installer, xz to pack/unpack shared sysroots, tcl to make the SQLite amalgamation
# (sqlite3.c) from Debian's sqlite3 source for the Qt step, the Vulkan headers and glslc (the
# backend is cross-built too; its loader is opened at run time), Xvfb for the GUI test under wine,
# Qt's own Chinese strings (qtbase_zh_CN.qm, the same file on every platform) for the installer.
packages=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix wine wine64 nsis xz-utils tcl
          libvulkan-dev glslc xvfb qt6-translations-l10n)

recipe_hash() {
  cat scripts/windows-sysroot.sh cmake/toolchains/mingw-w64-x86_64.cmake \
      <(x86_64-w64-mingw32-g++-posix -dumpfullversion 2>/dev/null || echo none) |
    sha256sum | cut -c1-12
}
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/hearth"
sysroot="$cache_root/mingw-w64-$(recipe_hash)"
shared_tarball="../shared/toolchains/$(basename "$sysroot").tar.xz"
export HEARTH_WINDOWS_SYSROOT="$sysroot"
export HEARTH_WINEPREFIX="${HEARTH_WINEPREFIX:-$cache_root/wineprefix}"

timed() {  # label command... : runs it and prints how long it took
  local label=$1 start=$SECONDS
  shift
  "$@"
  echo "windows.sh: $label took $((SECONDS - start)) s"
}

install_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
    install -y --no-install-recommends "${missing[@]}"
}

have_sysroot() { [[ -f "$sysroot/.complete" || -f "$shared_tarball" ]]; }

make_sysroot() {
  [[ -f "$sysroot/.complete" ]] && return 0
  rm -rf "$sysroot"
  mkdir -p "$sysroot"
  if [[ -f "$shared_tarball" ]]; then
    echo "windows.sh: unpacking the shared sysroot $shared_tarball"
    tar -xJf "$shared_tarball" -C "$sysroot"
  else
    local work="$cache_root/mingw-w64-work"
    rm -rf "$work"
    scripts/windows-sysroot.sh "$sysroot" "$work"
    rm -rf "$work"
  fi
  touch "$sysroot/.complete"
}

qt_sysroot="$cache_root/mingw-w64-qt-$(cat scripts/windows-qt-sysroot.sh cmake/toolchains/mingw-w64-x86_64.cmake | sha256sum | cut -c1-12)"

qt_shared_tarball="../shared/toolchains/$(basename "$qt_sysroot").tar.xz"

make_qt_sysroot() {
  [[ -f "$qt_sysroot/.complete" ]] && return 0
  if [[ -f "$qt_shared_tarball" ]]; then
    echo "windows.sh: unpacking the shared Qt sysroot $qt_shared_tarball"
    rm -rf "$qt_sysroot" && mkdir -p "$qt_sysroot" && tar -xJf "$qt_shared_tarball" -C "$qt_sysroot"
    touch "$qt_sysroot/.complete"
    return 0
  fi
  local work="$cache_root/mingw-w64-qt-work"  # kept until success: a rerun resumes the build
  rm -rf "$qt_sysroot"
  scripts/windows-qt-sysroot.sh "$qt_sysroot" "$work" "$sysroot"
  touch "$qt_sysroot/.complete"
  rm -rf "$work"
}

# The Qt sysroot is there, or can be unpacked from ../shared (then it is, here).
have_qt() {
  [[ -f "$qt_sysroot/.complete" ]] && return 0
  [[ -f "$qt_shared_tarball" ]] && make_qt_sysroot >&2
}

# Windows search paths (WINEPATH) for the DLLs the GUI programs load: Qt's and the MinGW runtime
# Qt was built against. wine maps Z: to the Linux root.
wine_dll_path() {
  local dirs=("$qt_sysroot/bin" "$(dirname "$(x86_64-w64-mingw32-g++-posix -print-file-name=libstdc++-6.dll)")"
              "$(dirname "$(x86_64-w64-mingw32-g++-posix -print-file-name=libwinpthread-1.dll)")")
  local out="" d
  for d in "${dirs[@]}"; do d="$(realpath "$d")"; out+="Z:${d//\//\\};"; done
  echo "${out%;}"
}

build() {
  local launcher=() gui=(-DHEARTH_GUI=OFF)
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  if have_qt; then
    gui=(-DHEARTH_GUI=ON -DHEARTH_WINDOWS_QT_SYSROOT="$qt_sysroot" -DQT_HOST_PATH=/usr
         -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake)
  else
    echo "*** windows.sh: no Qt sysroot at $qt_sysroot: the GUI is not cross-built"
    echo "*** (build it once with 'scripts/windows.sh qt-sysroot', about an hour)"
  fi
  cmake --preset windows-cross -DHEARTH_WINDOWS_SYSROOT="$sysroot" "${launcher[@]}" "${gui[@]}"
  cmake --build --preset windows-cross --parallel "$(nproc 2>/dev/null || echo 2)"
}

run_tests() {
  local rc=0 xvfb_pid=""
  have_qt && export WINEPATH="$(wine_dll_path)"
  # A private virtual X screen: wine's Vulkan needs its X11 driver (see wine-run.sh).
  if start_private_xvfb; then export HEARTH_WINE_DISPLAY="$PRIVATE_XVFB_DISPLAY"; fi
  xvfb_pid="${PRIVATE_XVFB_PID:-}"
  [[ -n "${HEARTH_WINE_DISPLAY:-}" ]] || echo "*** windows.sh: no Xvfb: the Vulkan tests skip under wine"
  # One wine prefix for all tests, created before CTest runs them in parallel, and one
  # wineserver for the whole run: by default it exits when its last program does, and a test
  # program starting just then can hang forever (seen here: a test stuck at 0 s of CPU).
  # wineboot also starts the prefix's desktop process: on the X screen (else wine's Vulkan finds
  # no X11 driver), and with its output away from CTest's pipes.
  WINEPREFIX="$HEARTH_WINEPREFIX" wineserver -k 2>/dev/null || true
  WINEPREFIX="$HEARTH_WINEPREFIX" wineserver -p
  env ${HEARTH_WINE_DISPLAY:+DISPLAY=$HEARTH_WINE_DISPLAY} WINEARCH=win64 WINEDEBUG=-all WINEPREFIX="$HEARTH_WINEPREFIX" \
    WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i </dev/null >/dev/null 2>&1 || true
  # --timeout: a hang under wine costs 5 minutes, not the preset's 15 (the slowest test takes ~80 s).
  if ! ctest --preset windows-cross --timeout 300 "$@"; then
    # GUI test programs now and then hang at exit under wine, after their last test passed
    # (seen: gui.chat_pane, 1 run in 9; not yet understood). What failed runs once more, and
    # says so: a test that fails twice fails the job.
    echo "*** windows.sh: running what failed under wine once more"
    ctest --preset windows-cross --timeout 300 --rerun-failed "$@" || rc=$?
  fi
  WINEPREFIX="$HEARTH_WINEPREFIX" wineserver -k || true
  [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null
  return "$rc"
}

version() { sed -n 's/^project(Hearth VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt; }
installer_path() { echo "$PWD/build/windows-cross/Hearth-$(version)-win64-setup.exe"; }

installer() {
  have_qt || { echo "windows.sh installer: needs the Qt sysroot ('scripts/windows.sh qt-sysroot')" >&2; exit 1; }
  build
  local stage="$PWD/build/windows-cross/stage"
  rm -rf "$stage"
  cmake --install build/windows-cross --prefix "$stage"
  installer/make_installer.sh "$stage/bin" "$(installer_path)" "$(version)"
  echo "windows.sh: $(installer_path): $(du -k "$(installer_path)" | cut -f1) KiB"
}

case "$step" in
  packages) install_packages ;;
  sysroot) install_packages; timed sysroot make_sysroot; echo "sysroot: $sysroot" ;;
  qt-sysroot) make_sysroot; timed qt-sysroot make_qt_sysroot; echo "Qt sysroot: $qt_sysroot" ;;
  build) make_sysroot; timed build build ;;
  test) make_sysroot; timed build build; shift; timed "tests under wine" run_tests "$@" ;;
  ci)
    # .ci/run's Windows job. It never installs packages nor builds the sysroot (both far too
    # slow for CI): whatever is missing makes it skip loudly and exit 0.
    skip() {
      echo "************************************************************************************"
      for line in "$@"; do echo "*** WINDOWS JOB SKIPPED: $line"; done
      echo "************************************************************************************"
      exit 0
    }
    [[ "${HEARTH_SKIP_WINDOWS:-0}" == 1 ]] && skip "HEARTH_SKIP_WINDOWS=1"
    missing=()
    for tool in x86_64-w64-mingw32-g++-posix wine wineboot; do
      command -v "$tool" >/dev/null || missing+=("$tool")
    done
    ((${#missing[@]} == 0)) || skip "missing ${missing[*]}; run 'scripts/windows.sh packages' once"
    if ! have_sysroot; then
      skip "no MinGW sysroot at $sysroot" "nor $shared_tarball." \
        "Build it once with 'scripts/windows.sh sysroot' (long), or pack one into that file."
    fi
    # HEARTH_WINDOWS_TESTS: a CTest -R pattern to run a subset (default: every test).
    ci_args=()
    [[ -n "${HEARTH_WINDOWS_TESTS:-}" ]] && ci_args=(-R "$HEARTH_WINDOWS_TESTS")
    ci_job() {
      local rc=0
      "$0" test "${ci_args[@]}" || rc=1
      if have_qt; then
        # The app itself: the real window under wine, then the installer end to end.
        "$0" gui-smoke || rc=1
        { "$0" installer && "$0" installer-test; } || rc=1
      else
        echo "*** WINDOWS GUI AND INSTALLER SKIPPED: no Qt sysroot at $qt_sysroot"
        echo "*** (build it once with 'scripts/windows.sh qt-sysroot', about an hour on 2 cores)"
      fi
      return "$rc"
    }
    timed "Windows job" ci_job ;;
  installer) timed installer installer ;;
  installer-test) timed "installer test" tests/windows/installer_test.sh ;;
  gui-smoke)
    have_qt || { echo "windows.sh gui-smoke: needs the Qt sysroot ('scripts/windows.sh qt-sysroot')" >&2; exit 1; }
    make_sysroot; timed build build
    WINEPATH="$(wine_dll_path)" timed "GUI smoke test" tests/windows/gui_smoke.sh ;;
  pack)
    # The two sysroots as tarballs for ../shared/toolchains/, so other machines unpack them.
    mkdir -p build/toolchains
    for dir in "$sysroot" "$qt_sysroot"; do
      [[ -f "$dir/.complete" ]] || { echo "windows.sh pack: $dir is not built" >&2; exit 1; }
      tar -cJf "build/toolchains/$(basename "$dir").tar.xz" -C "$dir" --exclude=.complete .
    done
    ls -la build/toolchains ;;
  status)
    if have_sysroot; then echo "$sysroot"; else echo "no sysroot at $sysroot or $shared_tarball"; exit 1; fi ;;
  *) sed -n "2,26p" "$0" >&2; exit 2 ;;
esac

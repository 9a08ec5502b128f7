#!/usr/bin/env bash
# Windows (x86-64) from this Linux machine: MinGW-w64 cross-build, tests under wine.
#
#   scripts/windows.sh packages   install MinGW-w64, wine, NSIS (apt; root or sudo)
#   scripts/windows.sh sysroot    libraries MinGW lacks, from Debian source packages (cached)
#   scripts/windows.sh qt-sysroot Qt 6.4.2 (qtbase) for MinGW, from Debian's source (~50 min,
#                                 runs under nice; NOT YET VERIFIED END TO END)
#   scripts/windows.sh build      configure + build the windows-cross preset (GUI off)
#   scripts/windows.sh test       build, then run the unit/integration tests under wine
#   scripts/windows.sh status     say whether the sysroot is cached (exit 0) or not (exit 1)
#   scripts/windows.sh ci         .ci/run's Windows job: build + test when the tools and the
#                                 sysroot are there (cached or shared); never installs or builds
#                                 the sysroot: otherwise it skips with a loud notice and exits 0
#                                 (HEARTH_SKIP_WINDOWS=1: skip; HEARTH_WINDOWS_TESTS=<regex>: subset)
#
# The sysroot lives in ~/.cache/hearth/mingw-w64-<hash of its recipe>; when
# ../shared/toolchains/mingw-w64-<hash>.tar.xz exists it is unpacked instead of built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
step="${1:-}"

# Why each package: the cross compiler (POSIX threads for std::thread), wine to run the tests,
# NSIS for the installer, xz to pack/unpack shared sysroots, tcl to make the SQLite amalgamation
# (sqlite3.c) from Debian's sqlite3 source for the Qt step.
packages=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix wine wine64 nsis xz-utils tcl)

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

make_qt_sysroot() {
  [[ -f "$qt_sysroot/.complete" ]] && return 0
  local work="$cache_root/mingw-w64-qt-work"
  rm -rf "$qt_sysroot" "$work"
  scripts/windows-qt-sysroot.sh "$qt_sysroot" "$work" "$sysroot"
  touch "$qt_sysroot/.complete"
}

build() {
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  cmake --preset windows-cross -DHEARTH_WINDOWS_SYSROOT="$sysroot" "${launcher[@]}"
  cmake --build --preset windows-cross --parallel "$(nproc 2>/dev/null || echo 2)"
}

run_tests() {
  # One wine prefix for all tests, created before CTest runs them in parallel.
  # One wineserver for the whole run: by default it exits when its last program does, and a
  # test program starting just then can hang forever (seen here: a test stuck at 0 s of CPU).
  WINEPREFIX="$HEARTH_WINEPREFIX" wineserver -k 2>/dev/null || true
  WINEPREFIX="$HEARTH_WINEPREFIX" wineserver -p
  WINEARCH=win64 WINEDEBUG=-all WINEPREFIX="$HEARTH_WINEPREFIX" WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i >/dev/null 2>&1 || true
  local rc=0
  # --timeout: a hang under wine costs 5 minutes, not the preset's 15 (the slowest test takes ~80 s).
  ctest --preset windows-cross --timeout 300 "$@" || rc=$?
  WINEPREFIX="$HEARTH_WINEPREFIX" wineserver -k || true
  return "$rc"
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
    timed "Windows job" "$0" test "${ci_args[@]}" ;;
  status)
    if have_sysroot; then echo "$sysroot"; else echo "no sysroot at $sysroot or $shared_tarball"; exit 1; fi ;;
  *) sed -n "2,14p" "$0" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The recipe of the Qt 6.4.2 part of the Windows sysroot: qtbase from Debian bookworm's qt6-base
# source package, cross-built with MinGW-w64 (Core, Gui, Widgets, Concurrent, Sql + SQLite,
# Network + Schannel, Test; the windows, offscreen and minimal platforms; the windowsvista
# style). Debian's tarball lacks src/3rdparty/sqlite and wintab; the host tools come from
# Debian's own Qt 6.4.2. Built end to end here: ~1,300 steps, about an hour of two cores.
# `scripts/windows.sh qt-sysroot` runs it as `windows-qt-sysroot.sh <prefix> <work dir> <base
# sysroot>`; the prefix is keyed by a hash of this file; an interrupted build resumes.
set -euo pipefail
prefix="$1"
work="$2"
base="$3"  # the sysroot of windows-sysroot.sh (Qt uses its bundled 16-bit PCRE2, not this one)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
toolchain="$here/../cmake/toolchains/mingw-w64-x86_64.cmake"
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$prefix" "$work/src"

apt_dir="$work/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
echo "deb-src http://deb.debian.org/debian bookworm main" >"$apt_dir/sources.list"
apt_opts=(-o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update
(cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only qt6-base=6.4.2+dfsg-10 sqlite3=3.40.1-2+deb12u2)
# A build interrupted half way resumes: the sources are unpacked once and ninja picks up
# where it stopped.
[[ -d "$work/src/qt6-base" ]] || (cd "$work/src" && rm -rf qt6-base.tmp &&
  dpkg-source --no-check -x qt6-base_6.4.2+dfsg-10.dsc qt6-base.tmp && mv qt6-base.tmp qt6-base)
[[ -d "$work/src/sqlite3" ]] || (cd "$work/src" &&
  dpkg-source --no-check -x sqlite3_3.40.1-2+deb12u2.dsc sqlite3)

# Qt 6.4.2's windows platform plugin calls dynamic-GL code in isSoftwareGl() when OpenGL is off
# (the dynamicgl feature stays on): guard it. Idempotent, so a resumed build can run it again.
sed -i '/^static inline bool isSoftwareGl/,/^}/ s/^#if QT_CONFIG(dynamicgl)$/#if QT_CONFIG(dynamicgl) \&\& QT_CONFIG(opengl)/' \
  "$work/src/qt6-base/src/plugins/platforms/windows/qwindowswindow.cpp"

# Debian's tarball drops Qt's bundled SQLite: put the amalgamation from Debian's sqlite3 source
# where Qt's SQLite driver looks for it.
qt="$work/src/qt6-base"
mkdir -p "$qt/src/3rdparty/sqlite"
(cd "$work/src/sqlite3" && { [[ -f sqlite3.c ]] || { ./configure --disable-tcl >/dev/null && make sqlite3.c >/dev/null; }; } &&
  cp sqlite3.c sqlite3.h "$qt/src/3rdparty/sqlite/")

cmake -S "$qt" -B "$work/build-qtbase" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
  -DHEARTH_WINDOWS_SYSROOT="$base" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
  -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF -DBUILD_SHARED_LIBS=ON \
  -DFEATURE_tabletevent=OFF -DFEATURE_system_sqlite=OFF -DFEATURE_sql_sqlite=ON \
  -DFEATURE_sql_odbc=OFF -DFEATURE_sql_psql=OFF -DFEATURE_sql_mysql=OFF \
  -DFEATURE_schannel=ON -DFEATURE_openssl=OFF \
  -DFEATURE_system_pcre2=OFF -DFEATURE_system_zlib=OFF -DFEATURE_system_png=OFF \
  -DFEATURE_system_jpeg=OFF -DFEATURE_system_freetype=OFF -DFEATURE_system_harfbuzz=OFF \
  -DFEATURE_system_doubleconversion=OFF -DFEATURE_zstd=OFF -DFEATURE_brotli=OFF \
  -DFEATURE_opengl=OFF -DFEATURE_dbus=OFF -DFEATURE_vulkan=OFF -DFEATURE_printsupport=OFF \
  -DFEATURE_xml=OFF -DFEATURE_accessibility=ON \
  -DFEATURE_style_windowsvista=ON
nice -n 19 cmake --build "$work/build-qtbase" --parallel "$jobs"
cmake --install "$work/build-qtbase"

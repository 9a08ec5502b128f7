#!/usr/bin/env bash
# The recipe of the Windows sysroot: libraries Hearth links that Debian does not package for
# MinGW, cross-built from Debian bookworm's own source packages. Called by `scripts/windows.sh
# sysroot` as `windows-sysroot.sh <prefix> <work dir>`; the cache key is a hash of this file and
# the toolchain file, so changing a line here rebuilds the sysroot.
#
#   PCRE2 10.42       8-bit, UTF, JIT (the tokenizer's pre-tokenizer regexes)
#   sentencepiece     0.1.97 with its bundled protobuf-lite (reading tokenizer.model on convert)
#   cpp-httplib       0.11.4 (hearth-cli serve): the source package's single header, used
#                     header-only without TLS/zlib/brotli (Debian's binary is a split .so)
#   googletest        from /usr/src/googletest (libgtest-dev ships sources, not MinGW binaries)
#   nlohmann-json, CLI11   header-only: copied from the build machine's /usr (same versions)
#   Vulkan headers         likewise (libvulkan-dev); the loader, vulkan-1.dll, is opened at run
#                          time and comes with the GPU driver, so nothing is linked
set -euo pipefail
prefix="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
toolchain="$here/../cmake/toolchains/mingw-w64-x86_64.cmake"
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$prefix" "$work"

# apt-get source through a private deb-src list and state folder: the machine's apt
# configuration is neither read for sources nor changed.
apt_dir="$work/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$work/src"
echo "deb-src http://deb.debian.org/debian bookworm main" >"$apt_dir/sources.list"
apt_opts=(-o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache"
          -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update
fetch_source() {  # package version [debian patch to undo]... -> patched source folder on stdout
  local pkg=$1 version=$2 undo
  shift 2
  (cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only "$pkg=$version" >&2)
  rm -rf "$work/src/$pkg"
  # apt already checked the files' hashes against the signed Sources index.
  (cd "$work/src" && dpkg-source --no-check -x "$pkg"_"$version".dsc "$pkg" >&2)
  for undo in "$@"; do patch -d "$work/src/$pkg" -R -p1 <"$work/src/$pkg/debian/patches/$undo" >&2; done
  echo "$work/src/$pkg"
}
cmake_install() {  # source-dir build-name extra-args...
  local src=$1 name=$2
  shift 2
  cmake -S "$src" -B "$work/build-$name" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_SHARED_LIBS=OFF "$@"
  cmake --build "$work/build-$name" --parallel "$jobs"
  cmake --install "$work/build-$name"
}

src=$(fetch_source pcre2 10.42-1)
cmake_install "$src" pcre2 -DPCRE2_BUILD_PCRE2_8=ON -DPCRE2_SUPPORT_UNICODE=ON -DPCRE2_SUPPORT_JIT=ON \
  -DBUILD_STATIC_LIBS=ON -DPCRE2_BUILD_PCRE2GREP=OFF -DPCRE2_BUILD_TESTS=OFF

# Debian's build turns the static library off (disable-static-library.patch); a Windows
# program that carries no extra DLL needs exactly that library, so the patch is undone.
src=$(fetch_source sentencepiece 0.1.97-3 disable-static-library.patch)
cmake_install "$src" sentencepiece -DSPM_ENABLE_SHARED=OFF -DSPM_PROTOBUF_PROVIDER=internal \
  -DSPM_BUILD_TEST=OFF -DSPM_ENABLE_TCMALLOC=OFF

src=$(fetch_source cpp-httplib 0.11.4+ds-1+deb12u1)
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
cp "$src/httplib.h" "$prefix/include/"
cat >"$prefix/lib/pkgconfig/cpp-httplib.pc" <<'PC'
prefix=${pcfiledir}/../..
includedir=${prefix}/include
Name: cpp-httplib
Description: A C++ HTTP server and client library (header-only, no TLS)
Version: 0.11.4
Libs: -lws2_32
Cflags: -I${includedir}
PC

cmake_install /usr/src/googletest googletest -DBUILD_GMOCK=ON -Dgtest_disable_pthreads=OFF

mkdir -p "$prefix/include" "$prefix/share/cmake"
cp -r /usr/include/nlohmann /usr/include/CLI /usr/include/vulkan /usr/include/vk_video "$prefix/include/"
cp -r /usr/share/cmake/nlohmann_json "$prefix/share/cmake/"
cp -r /usr/share/cmake/CLI11 "$prefix/share/cmake/" 2>/dev/null || true

# .pc files name the prefix relative to themselves, so the sysroot can be unpacked anywhere.
for pc in "$prefix"/lib/pkgconfig/*.pc; do
  sed -i "s|^prefix=.*|prefix=\${pcfiledir}/../..|; s|$prefix|\${prefix}|g" "$pc"
done

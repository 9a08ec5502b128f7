#!/usr/bin/env bash
# Sets up a fresh Debian 12 / Ubuntu machine, builds Hearth, and then either launches the app
# or runs every test. Idempotent: packages already installed are skipped, the build is
# incremental. Works as root or through sudo; waits for the apt lock instead of failing.
#
#   scripts/bootstrap.sh app    install dependencies, build, launch the desktop app
#   scripts/bootstrap.sh test   install dependencies, build, run the whole test suite
set -euo pipefail

mode="${1:-}"
if [[ "$mode" != "app" && "$mode" != "test" ]]; then
  echo "usage: $0 app|test" >&2
  exit 2
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Build tools and libraries (Debian bookworm / Ubuntu 22.04+ package names).
required=(
  build-essential cmake ninja-build pkg-config git
  nlohmann-json3-dev libpcre2-dev libsentencepiece-dev libcli11-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
  libqt6opengl6-dev libqt6sql6-sqlite qt6-translations-l10n libgl-dev
  libvulkan-dev glslc mesa-vulkan-drivers
  xvfb xauth imagemagick
  # Fonts the app relies on: DejaVu Sans Mono for code blocks (app/gui/common/code_font.cpp),
  # DejaVu Sans for text, Noto CJK for Chinese. A minimal Debian has none of them.
  fontconfig fonts-dejavu-core fonts-noto-cjk
)
# Nice to have: used when the distribution has them, the build works without.
# time: /usr/bin/time -v for the peak-memory figures of tests/bench/bench_convert_quantize.sh
# nodejs npm: the server test drives `hearth-cli serve` with the official `openai` npm client
# (optional because a machine may already have Node from elsewhere; the test skips loudly without it)
optional=(libkf6syntaxhighlighting-dev time nodejs npm)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for p in "${required[@]}"; do installed "$p" || missing+=("$p"); done
missing_optional=()
for p in "${optional[@]}"; do installed "$p" || missing_optional+=("$p"); done

if ((${#missing[@]} + ${#missing_optional[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]]; then
    sudo=()
  elif command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    echo "error: these packages are missing and neither root nor sudo is available: ${missing[*]}" >&2
    exit 1
  fi
  apt_get=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  "${apt_get[@]}" update
  if ((${#missing[@]} > 0)); then
    "${apt_get[@]}" install -y --no-install-recommends "${missing[@]}"
  fi
  for p in "${missing_optional[@]}"; do
    if apt-cache show "$p" >/dev/null 2>&1; then
      "${apt_get[@]}" install -y --no-install-recommends "$p" || echo "note: optional package $p not installed"
    fi
  done
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake --preset release
cmake --build --preset release --parallel "$jobs"

if [[ "$mode" == "app" ]]; then
  exec build/release/app/gui/hearth
fi
ctest --preset release --parallel "$jobs"

#!/usr/bin/env bash
# Saves screenshots of every pane of the real window, in English and in Chinese, into
# docs/screenshots/ (or the folder given). Runs the app inside a virtual X server (Xvfb) and
# captures the screen with ImageMagick, so what you see is what a user's screen would show.
#
#   tests/gui/screenshots.sh [OUT_DIR]        (after `cmake --build --preset release`)
#
# Needs: xvfb (xvfb-run), imagemagick, fonts-noto-cjk (all installed by scripts/bootstrap.sh),
# and the shared reference data in HEARTH_TEST_DATA (default ../shared beside the checkout).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/docs/screenshots}"
tour="${HEARTH_TOUR:-$root/build/release/tests/gui/hearth-screenshot-tour}"
export HEARTH_TEST_DATA="${HEARTH_TEST_DATA:-$root/../shared}"

for tool in xvfb-run import convert; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (scripts/bootstrap.sh installs it)" >&2; exit 1; }
done
[[ -x "$tour" ]] || { echo "error: $tour not built: cmake --build --preset release" >&2; exit 1; }
[[ -d "$HEARTH_TEST_DATA/models/stories260K-hf" ]] || { echo "error: shared data not found at $HEARTH_TEST_DATA" >&2; exit 1; }

mkdir -p "$out"
for lang in en zh_CN; do
  # A fresh X server per language; 1366×768 is the most common laptop screen among our users.
  QT_QPA_PLATFORM=xcb LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" \
    "$tour" --out "$out" --language "$lang"
done
# And the smallest screen every page is laid out for: 1024×640 (English; Models and Chat kept).
small="$(mktemp -d)"
QT_QPA_PLATFORM=xcb LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1024x640x24 -dpi 96" "$tour" --out "$small" --language en
for page in models chat; do cp "$small/en-$page.png" "$out/small-1024x640-$page.png"; done
rm -rf "$small"
# Keep the committed PNGs small: no metadata, a 256-colour palette (flat UI colours survive it).
for png in "$out"/en-*.png "$out"/zh_CN-*.png "$out"/small-*.png; do
  convert "$png" -strip -colors 256 "PNG8:$png.tmp" && mv "$png.tmp" "$png"
done
du -ch "$out"/*.png | tail -1
echo "screenshots in $out"

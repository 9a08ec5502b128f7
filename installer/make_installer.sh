#!/usr/bin/env bash
# installer/make_installer.sh STAGE OUTFILE VERSION
# Compiles hearth.nsi into OUTFILE for the deployed tree STAGE (what `cmake --install` put in
# bin/). The file lists are generated from the tree, so the installer writes exactly these files
# and the uninstaller removes exactly these files (and their folders, when empty).
set -euo pipefail
stage="$(realpath "$1")"
outfile="$(realpath -m "$2")"
ver="$3"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lists="$(mktemp -d)"
trap 'rm -rf "$lists"' EXIT

files="$(cd "$stage" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)"
dirs="$(cd "$stage" && find . -mindepth 1 -type d | sed 's|^\./||' | LC_ALL=C sort -r)"  # deepest first
win() { echo "${1//\//\\}"; }  # a/b -> a\b
while IFS= read -r f; do
  [[ -n "$f" ]] || continue
  dir="$(dirname "$f")"
  if [[ "$dir" == . ]]; then echo "SetOutPath \"\$INSTDIR\""; else echo "SetOutPath \"\$INSTDIR\\$(win "$dir")\""; fi
  echo "File \"$stage/$f\""
done <<<"$files" >"$lists/files.nsh"
{
  while IFS= read -r f; do [[ -n "$f" ]] && echo "Delete \"\$INSTDIR\\$(win "$f")\""; done <<<"$files"
  while IFS= read -r d; do [[ -n "$d" ]] && echo "RMDir \"\$INSTDIR\\$(win "$d")\""; done <<<"$dirs"
  true
} >"$lists/unfiles.nsh"

makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$ver" -DSOURCE_DIR="$PWD" -DFILES_NSH="$lists/files.nsh" \
  -DUNFILES_NSH="$lists/unfiles.nsh" -DOUTFILE="$outfile" installer/hearth.nsi

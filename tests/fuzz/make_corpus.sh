#!/usr/bin/env bash
# Builds seed corpora for the fuzz targets from the shared reference files (small ones only,
# headers cut to keep the fuzzer fast). Usage: tests/fuzz/make_corpus.sh [OUT_DIR]
set -euo pipefail
shared="${HEARTH_TEST_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}"
out="${1:-build/fuzz/corpus}"
mkdir -p "$out/gguf" "$out/safetensors"
for f in "$shared"/models/*/*.gguf "$shared"/tokenizers/llama.cpp-vocab/*.gguf; do
  [[ -f "$f" ]] || continue
  name=$(basename "$f" .gguf)
  head -c 65536 "$f" > "$out/gguf/$name.head"        # header and tensor table, data cut off
  size=$(stat -c %s "$f")
  if (( size < 400000 )); then cp "$f" "$out/gguf/$name.whole"; fi
done
for f in "$shared"/models/*/*.safetensors; do
  [[ -f "$f" ]] || continue
  name=$(basename "$(dirname "$f")")-$(basename "$f" .safetensors)
  cp "$f" "$out/safetensors/$name"
done
echo "seed corpus in $out: $(ls "$out/gguf" | wc -l) gguf, $(ls "$out/safetensors" | wc -l) safetensors"

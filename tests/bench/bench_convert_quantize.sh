#!/usr/bin/env bash
# End-to-end benchmark of `hearth-cli convert` and `hearth-cli quantize` on a synthetic model with
# a real model's shapes (random weights), with peak memory from /usr/bin/time -v, and quantize
# speed side by side with llama.cpp's llama-quantize on the same input when it is available.
#
#   tests/bench/bench_convert_quantize.sh [PRESET] [WORKDIR]
#     PRESET   tinyllama-1.1b (default), qwen2.5-0.5b, llama-3.2-1b, tiny
#     WORKDIR  scratch folder (default: /tmp/hearth-bench-$PRESET); needs ~4x the model's BF16 size
#   Environment:
#     HEARTH_CLI      hearth-cli to measure (default: build/release/app/cli/hearth-cli)
#     LLAMA_QUANTIZE  llama-quantize to compare with (default: /tmp/llama.cpp/build/bin/llama-quantize)
#     THREADS         quantize threads for both tools (default: nproc)
#     TYPES           quantization types to time (default: "Q8_0 Q4_K_M")
#     RUNS            timed runs per command (default 3)
#
# Figures to quote: the medians. Check `uptime` first; the machine is shared.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

preset="${1:-tinyllama-1.1b}"
work="${2:-/tmp/hearth-bench-$preset}"
cli="${HEARTH_CLI:-build/release/app/cli/hearth-cli}"
llama_quantize="${LLAMA_QUANTIZE:-/tmp/llama.cpp/build/bin/llama-quantize}"
threads="${THREADS:-$(nproc)}"
types="${TYPES:-Q8_0 Q4_K_M}"
runs="${RUNS:-3}"

[[ -x "$cli" ]] || { echo "error: $cli not found (build first: cmake --build --preset release)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
mkdir -p "$work"

# Runs a command under /usr/bin/time -v; prints wall seconds and peak RSS.
measure() {
  local label="$1"; shift
  local log="$work/time-$$.log"
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  printf '%-44s wall %10s   peak RSS %8.1f MiB\n' "$label" "$wall" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
}

echo "== $(date -u +%FT%TZ)  $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== preset $preset, work dir $work, $threads quantize threads"

hf="$work/hf"
if [[ ! -f "$hf/config.json" ]]; then
  measure "synth --hf --like $preset (bf16)" "$cli" synth --hf --like "$preset" -o "$hf" --dtype bf16
fi
echo "HF folder: $(du -sh "$hf" | cut -f1)"

for outtype in f16 f32; do
  rm -f "$work/model-$outtype.gguf"
  measure "convert --outtype $outtype" "$cli" convert "$hf" -o "$work/model-$outtype.gguf" --outtype "$outtype" -q
done
echo "F16 GGUF: $(du -h "$work/model-f16.gguf" | cut -f1)"

for type in $types; do
  ours="$work/hearth-$type.gguf"
  if ! "$cli" quantize --dry-run "$work/model-f16.gguf" "$ours" "$type" >/dev/null 2>&1; then
    echo "quantize $type: not possible on this model"; continue
  fi
  if ! "$cli" quantize "$work/model-f16.gguf" "$ours" "$type" -t "$threads" -q >/dev/null 2>"$work/err.log"; then
    echo "quantize $type: skipped ($(tail -1 "$work/err.log"))"; continue
  fi
  measure "hearth quantize $type -t $threads" "$cli" quantize "$work/model-f16.gguf" "$ours" "$type" -t "$threads" -q
  if [[ -x "$llama_quantize" ]]; then
    theirs="$work/llama-$type.gguf"
    measure "llama-quantize $type $threads" "$llama_quantize" "$work/model-f16.gguf" "$theirs" "$type" "$threads"
    if cmp -s "$ours" "$theirs"; then echo "  outputs byte-identical"; else echo "  OUTPUTS DIFFER"; fi
    if command -v farm-bench >/dev/null; then
      echo "  speed ratio hearth / llama-quantize (farm-bench, $runs runs, median is the figure):"
      farm-bench -n "$runs" --timeout 3600 --vs "$llama_quantize $work/model-f16.gguf $theirs $type $threads" \
        -- "$cli" quantize "$work/model-f16.gguf" "$ours" "$type" -t "$threads" -q | sed 's/^/    /'
    fi
  fi
done

#!/usr/bin/env bash
# The shipped en-newvoice prompt (issue 5): six voices the base never heard, trained on the 1-hour
# split. Generates the corpus, runs the grid rows that the shipped prompt is chosen from (zero-shot,
# a deep prefix of 8 positions, and the same prefix with a low-rank input adapter of rank 16), each
# scored on the test split into recipes/bench/results/en-newvoice-1h.jsonl, then copies the adapter
# row's prompt into models/prompts/en-newvoice. Rerun after a kill: finished rows are skipped and a
# paused row resumes from its checkpoint.
#   recipes/prompts/en-newvoice.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"   # the grid names models/base relative to the checkout
home="${PROMPTWAVE_DATA:-$HOME/.promptwave}"
pw="$root/promptwave"
export PROMPTWAVE_JAVA_OPTS="${PROMPTWAVE_JAVA_OPTS:--Xmx6g}"
"$pw" corpus synth --spec "$root/recipes/corpora/en-newvoice.json" --out "$home/corpora/en-newvoice-full" --scale full
rows=(--cell "zero-shot" --cell "deep 8" --cell "deep 8 + input adapter 16")
# a row paused by its time budget is continued by the next run of the grid
for _ in 1 2 3 4 5 6; do
  "$pw" grid --spec "$root/recipes/bench/grids/en-newvoice-1h.json" "${rows[@]}"
done
"$pw" grid --spec "$root/recipes/bench/grids/en-newvoice-1h.json" --table
cell="$home/grid/en-newvoice-1h/cells/deep_8___input_adapter_16_1"
[ -f "$cell/adapter_config.json" ] || { echo "en-newvoice.sh: the adapter row has not finished" >&2; exit 1; }
rm -rf "$root/models/prompts/en-newvoice"
mkdir -p "$root/models/prompts"
cp -r "$cell" "$root/models/prompts/en-newvoice"

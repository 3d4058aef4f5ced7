#!/usr/bin/env bash
# Trains a shipped prompt through the benchmark harness: generates the task's corpus, runs the given
# rows of its grid (each scored on the test split into recipes/bench/results/GRID.jsonl), prints the
# table, and copies the shipped row's prompt into models/prompts/NAME. Rerun after a kill: finished
# rows are skipped and a paused row resumes from its checkpoint.
#   recipes/prompts/grid-prompt.sh GRID CORPUS NAME SHIPPED_ROW [OTHER_ROW...]
# e.g. recipes/prompts/grid-prompt.sh en-newvoice-1h en-newvoice en-newvoice "deep 8 + input adapter 64" zero-shot
set -euo pipefail
[ $# -ge 4 ] || { sed -n 2,7p "$0" >&2; exit 2; }
grid=$1 corpus=$2 name=$3 shipped=$4
shift 4
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"   # the grids name models/base relative to the checkout
home="${PROMPTWAVE_DATA:-$HOME/.promptwave}"
pw="$root/promptwave"
spec="$root/recipes/bench/grids/$grid.json"
export PROMPTWAVE_JAVA_OPTS="${PROMPTWAVE_JAVA_OPTS:--Xmx6g}"
# text-line specs are drawn (corpus lines, which redraws every line: skipped when the corpus is there),
# the others spoken (corpus synth, which resumes)
if grep -q '"kind": *"text-lines"' "$root/recipes/corpora/$corpus.json"; then
  [ -f "$home/corpora/$corpus-full/corpus.json" ] \
      || "$pw" corpus lines --spec "$root/recipes/corpora/$corpus.json" --out "$home/corpora/$corpus-full" --scale full
else
  "$pw" corpus synth --spec "$root/recipes/corpora/$corpus.json" --out "$home/corpora/$corpus-full" --scale full
fi
rows=(--cell "$shipped")
for row in "$@"; do
  rows+=(--cell "$row")
done
# a row paused by its time budget is continued by the next run of the grid
for _ in 1 2 3 4 5 6; do
  "$pw" grid --spec "$spec" "${rows[@]}"
done
"$pw" grid --spec "$spec" --table
# the folder the row's first seed trained into, as the grid names it
cell=$("$pw" grid --spec "$spec" --cell "$shipped" --where | head -1)
[ -f "$cell/adapter_config.json" ] || { echo "grid-prompt.sh: row '$shipped' has not finished" >&2; exit 1; }
rm -rf "$root/models/prompts/$name"
mkdir -p "$root/models/prompts"
cp -r "$cell" "$root/models/prompts/$name"
# the row's prompt is named after its folder; the shipped one goes by the task's name
python3 - "$root/models/prompts/$name/adapter_config.json" "$name" <<'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
config = json.load(open(path))
config["name"] = name
json.dump(config, open(path, "w"), indent=2)
open(path, "a").write("\n")
PY
echo "grid-prompt.sh: models/prompts/$name from row '$shipped'" >&2

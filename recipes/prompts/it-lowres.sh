#!/usr/bin/env bash
# The shipped it-lowres prompt (issue 5): Italian, a language the English base was never taught, in ten
# voices, trained on the 1-hour split. The same recipe as en-newvoice: a deep prefix with a rank-64
# input adapter and a feature transform trained 24 epochs, chosen on dev against zero-shot and the same
# prompt without the transform (8 and 24 epochs) (BENCHMARKS.md). Then the prompt's own language model:
# a byte 6-gram of the Italian fortunes (the corpus's text pool, without the dev and test sentences and
# the quotations sharing six words with them), fused at the weight chosen on dev (0.6), recorded as the
# prompt's decoding and scored on test.
# The same model in a file decodes every row of the it-lowres-1h-lm grid.
#   recipes/prompts/it-lowres.sh [ROW...]   (rows beside the shipped one; default: those three)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
home="${PROMPTWAVE_DATA:-$HOME/.promptwave}"
export PROMPTWAVE_JAVA_OPTS="${PROMPTWAVE_JAVA_OPTS:--Xmx6g}"
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(zero-shot "deep 8 + input adapter 64" "deep 8 + input adapter 64, 24 epochs")
"$here/grid-prompt.sh" it-lowres-1h it-lowres it-lowres "deep 8 + input adapter 64 + feature transform, 24 epochs" \
    "${rows[@]}"
pw="$root/promptwave"
C="$home/corpora/it-lowres-full"
prompt="$root/models/prompts/it-lowres"
held=(--exclude "$C/dev.jsonl" --exclude "$C/test.jsonl" --exclude-overlap 6)
"$pw" lm --prompt "$prompt" --text "$C/text/sentences.txt" "${held[@]}"
"$pw" eval --prompt "$prompt" --manifest "$C/dev.jsonl" --beam 8 --ctc-weight 0.5 --length-norm 0 --lm-weight 0.6 \
    --save-decoding
"$pw" eval --prompt "$prompt" --manifest "$C/test.jsonl" --record-in-prompt test
mkdir -p "$home/lm"
"$pw" lm --out "$home/lm/it-fortunes.ngram" --language it --text "$C/text/sentences.txt" "${held[@]}"

#!/usr/bin/env bash
# The shipped ocr-lowres prompt (issue 8): reading 500 heavily degraded text lines in six fonts the base
# never read. A deep prefix of 16 (trained through an MLP of width 256) with a rank-64 input adapter on the
# patch vectors and a feature transform of the patch columns, 24 epochs, chosen on dev against the same
# prompt without the transform and the 8-vector prefix with a rank-16, 64 or 128 adapter; zero-shot and full
# fine-tuning beside it (BENCHMARKS.md, "ocr-lowres on base-mm6"). Then the prompt's own language model of
# printed text: a byte 5-gram (0.3 MB, so that the prompt stays under 1 MB) of the base's training lines
# and the prompt's (no dev or test line, nor one sharing six words with them), fused at the weight chosen
# on dev (0.3), recorded as the prompt's decoding and scored on test. The same model in a file decodes every row of the ocr-lowres-lm grid.
#   recipes/prompts/ocr-lowres.sh [ROW...]   (rows beside the shipped one; default: the six above)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
home="${PROMPTWAVE_DATA:-$HOME/.promptwave}"
export PROMPTWAVE_JAVA_OPTS="${PROMPTWAVE_JAVA_OPTS:--Xmx6g}"
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(zero-shot "deep 8 + input adapter 16" "deep 8 + input adapter 64, 24 epochs"
    "deep 8 + input adapter 128, 24 epochs" "deep 16, MLP 256 + input adapter 64, 24 epochs" "full fine-tune")
"$here/grid-prompt.sh" ocr-lowres ocr-lines ocr-lowres \
    "deep 16, MLP 256 + input adapter 64 + feature transform, 24 epochs" "${rows[@]}"
pw="$root/promptwave"
O="$home/corpora/ocr-lines-full"
prompt="$root/models/prompts/ocr-lowres"
lines=(--text "$O/train.jsonl" --text "$O/lowres-train.jsonl" --exclude "$O/lowres-dev.jsonl"
    --exclude "$O/lowres-test.jsonl" --exclude "$O/dev.jsonl" --exclude "$O/test.jsonl" --exclude-overlap 6 --order 5)
"$pw" lm --prompt "$prompt" "${lines[@]}"
"$pw" eval --prompt "$prompt" --manifest "$O/lowres-dev.jsonl" --beam 8 --ctc-weight 0.5 --length-norm 0 \
    --lm-weight 0.3 --save-decoding
"$pw" eval --prompt "$prompt" --manifest "$O/lowres-test.jsonl" --record-in-prompt test
mkdir -p "$home/lm"
"$pw" lm --out "$home/lm/ocr-lines-written.ngram" --form written "${lines[@]}"

#!/usr/bin/env bash
# Scores one model under several decoding settings on one manifest and prints a table row per
# setting: choose the setting on a dev set, then report it on test.
# Usage: recipes/bench/decoding_sweep.sh MODEL_DIR MANIFEST ["--beam 1" "--beam 4 --ctc-weight 0.5" ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model="$1"
manifest="$2"
shift 2
settings=("$@")
[ ${#settings[@]} -gt 0 ] || settings=("--beam 1" "--beam 4 --length-norm 1" "--beam 4 --ctc-weight 0.3 --length-norm 0"
    "--beam 4 --ctc-weight 0.5 --length-norm 0" "--beam 4 --ctc-weight 0.7 --length-norm 0")
echo "| decoding | WER | CER | S / D / I (words) | real-time factor (batched) |"
echo "|---|---:|---:|---|---:|"
for s in "${settings[@]}"; do
  # shellcheck disable=SC2086
  out=$("$root/promptwave" eval --model "$model" --manifest "$manifest" $s 2>/dev/null)
  wer=$(sed -n 's/^WER \([0-9.]*\) % (S \([0-9]*\), D \([0-9]*\), I \([0-9]*\).*/\1 % | \2 \/ \3 \/ \4/p' <<< "$out")
  cer=$(sed -n 's/^CER \([0-9.]*\) %.*/\1 %/p' <<< "$out")
  rtf=$(sed -n 's/.*real-time factor \([0-9.]*\)$/\1/p' <<< "$out")
  echo "| \`$s\` | ${wer%% |*} | $cer | ${wer#* | } | $rtf |"
done

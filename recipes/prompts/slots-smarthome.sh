#!/usr/bin/env bash
# Slot filling on the smart-home task: generates the slots-smarthome corpus, trains the slot prompt
# on the frozen base (2,000-utterance split) and the full fine-tuning baseline on the same split,
# and scores both on the held-out test split (unseen templates and values).
#   recipes/prompts/slots-smarthome.sh
# Corpora, runs and results live under ~/.promptwave (PROMPTWAVE_DATA). Each training pauses after
# --time-budget minutes with a checkpoint; run the script again to continue.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
home="${PROMPTWAVE_DATA:-$HOME/.promptwave}"
pw="$root/promptwave"
data="$home/corpora/slots-smarthome-full"
schema="$root/recipes/tasks/smart-home.json"
"$pw" corpus synth --spec "$root/recipes/corpora/slots-smarthome.json" --out "$data" --scale full --jobs 1

# the prompt: a deep prefix (encoder, decoder and cross-attention; 32 positions) plus an output bias
"$pw" adapt --base "$root/models/base" --task slots --schema "$schema" --method deep --length 32 --output-bias \
    --lr 2e-2 --train "$data/train.jsonl" --dev "$data/dev.jsonl" --dev-limit 100 --epochs 40 --patience 0 --seed 1 \
    --out "$home/prompts/slots-smarthome" --name slots-smarthome --run "$home/runs/adapt-slots-smarthome-2" \
    --time-budget 30
# the baseline: every weight fine-tuned on the same split
"$pw" adapt --base "$root/models/base" --task slots --schema "$schema" --method full --lr 5e-4 \
    --train "$data/train.jsonl" --dev "$data/dev.jsonl" --dev-limit 100 --epochs 20 --patience 0 --seed 1 \
    --out "$home/models/slots-smarthome-ft" --run "$home/runs/adapt-slots-smarthome-ft" --time-budget 25

# greedy: on held-out values the fine-tuned CTC head pulls beam search towards training sentences
"$pw" eval --task slots --prompt "$home/prompts/slots-smarthome" --manifest "$data/test.jsonl" --beam 1 --ctc-weight 0 \
    --details "$home/runs/slots-prompt-test.jsonl"
"$pw" eval --task slots --model "$home/models/slots-smarthome-ft" --schema "$schema" --manifest "$data/test.jsonl" \
    --beam 1 --ctc-weight 0 --details "$home/runs/slots-ft-test.jsonl"
"$pw" eval --task slots --model "$home/models/slots-smarthome-ft200" --schema "$schema" --manifest "$data/test.jsonl" \
    --beam 1 --ctc-weight 0

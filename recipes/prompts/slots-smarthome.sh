#!/usr/bin/env bash
# Slot filling on the smart-home task: generates the slots-smarthome corpus, trains the slot prompt
# on the frozen base (2,000-utterance split) and the full fine-tuning baselines on the 2,000- and
# 200-utterance splits, and scores all three on the held-out test split (unseen templates and values).
#   recipes/prompts/slots-smarthome.sh
# Corpora, runs and results live under ~/.promptwave (PROMPTWAVE_DATA). Each training pauses after
# --time-budget minutes with a checkpoint and goes on in a fresh JVM until its run is finished; after
# a kill, run the script again and each training continues from its checkpoint.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
home="${PROMPTWAVE_DATA:-$HOME/.promptwave}"
pw="$root/promptwave"
data="$home/corpora/slots-smarthome-full"
schema="$root/recipes/tasks/smart-home.json"
# runs an adapt command (its --run folder first) in pieces until the run's checkpoint says finished
until_finished() {
  local run=$1; shift
  until python3 -c 'import json,sys
try: sys.exit(0 if json.load(open(sys.argv[1])).get("finished") else 1)
except OSError: sys.exit(1)' "$run/checkpoint/state.json"; do
    "$pw" adapt --run "$run" "$@"
  done
}
"$pw" corpus synth --spec "$root/recipes/corpora/slots-smarthome.json" --out "$data" --scale full --jobs 1

# the prompt: a deep prefix of 16 positions trained through an MLP of width 256 (folded into plain
# prefixes when saved); the plain 32-prefix with an output bias collapsed the transcript (BENCHMARKS.md)
until_finished "$home/runs/adapt-slots-smarthome-3" --base "$root/models/base" --task slots --schema "$schema" \
    --method deep --length 16 --reparam 256 --lr 1e-2 --train "$data/train.jsonl" --dev "$data/dev.jsonl" \
    --dev-limit 100 --epochs 40 --patience 0 --seed 1 --out "$home/prompts/slots-smarthome" --name slots-smarthome \
    --time-budget 30
# the baselines: every weight fine-tuned on the 2,000- and on the 200-utterance split
until_finished "$home/runs/adapt-slots-smarthome-ft" --base "$root/models/base" --task slots --schema "$schema" \
    --method full --lr 5e-4 --train "$data/train.jsonl" --dev "$data/dev.jsonl" --dev-limit 100 --epochs 20 \
    --patience 0 --seed 1 --out "$home/models/slots-smarthome-ft" --time-budget 25
until_finished "$home/runs/adapt-slots-smarthome-ft200" --base "$root/models/base" --task slots --schema "$schema" \
    --method full --lr 5e-4 --train "$data/train-200.jsonl" --dev "$data/dev.jsonl" --dev-limit 100 --epochs 20 \
    --patience 0 --seed 1 --out "$home/models/slots-smarthome-ft200" --time-budget 25

# greedy: on held-out values the fine-tuned CTC head pulls beam search towards training sentences
"$pw" eval --task slots --prompt "$home/prompts/slots-smarthome" --manifest "$data/test.jsonl" --beam 1 --ctc-weight 0 \
    --details "$home/runs/slots-prompt-test.jsonl"
"$pw" eval --task slots --model "$home/models/slots-smarthome-ft" --schema "$schema" --manifest "$data/test.jsonl" \
    --beam 1 --ctc-weight 0 --details "$home/runs/slots-ft-test.jsonl"
"$pw" eval --task slots --model "$home/models/slots-smarthome-ft200" --schema "$schema" --manifest "$data/test.jsonl" \
    --beam 1 --ctc-weight 0

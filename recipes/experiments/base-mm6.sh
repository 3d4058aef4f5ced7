#!/usr/bin/env bash
# base-mm6: one more epoch for the shipped multimodal base (base-mm5), now with the <slots> task of
# another schema (the slots-pretrain corpus, recipes/tasks/assistant-pretrain.json: mail, lists, food,
# travel; no intent or slot value of smart-home) beside all of en-pretrain's speech and the training
# lines. Prompts on base-mm5 never wrote a slot tag (BENCHMARKS.md): its decoder had only ever written
# transcripts. Here the base learns the output format itself, so a slot prompt for a new schema only
# steers names. Each slot utterance is trained twice per epoch. Resumable: run it again after a stop.
set -u
init=${1:-$HOME/.promptwave/models/base-mm5}
pre=~/.promptwave/corpora/en-pretrain-full
ocr=~/.promptwave/corpora/ocr-lines-full
slots=~/.promptwave/corpora/slots-pretrain-full
jar=~/.promptwave/dist11/promptwave-cli.jar
run=~/.promptwave/runs/base-mm6
. "$(dirname "$0")/resume.sh"
pretrain_until_finished $run $jar \
    --init "$init" \
    --train $pre/train-main.jsonl --image-train $ocr/train.jsonl \
    --slots-train $slots/train.jsonl --slots-schema "$(dirname "$0")/../tasks/assistant-pretrain.json" --slots-repeat 2 \
    --dev $pre/dev-heldout.jsonl --image-dev $ocr/dev.jsonl --dev-limit 100 \
    --out ~/.promptwave/models/base-mm6 \
    --epochs 1 --lr 3e-4 --warmup 50 --ctc-weight 0.5 --no-spec-augment --patience 0 --batch-frames 12000 \
    --seed 6 --half

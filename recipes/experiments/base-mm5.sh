#!/usr/bin/env bash
# base-mm5: two more epochs for the shipped multimodal base (base-mm4, models/base). base-mm4's two
# epochs still lowered speech and line dev at each epoch (dev score 0.144 -> 0.122), so this stage
# trains two more epochs of all of en-pretrain's speech and the training lines once per epoch, on a
# fresh cosine schedule with a lower peak (4e-4), the best epoch chosen on speech and line dev together.
# Resumable: run it again after a stop.
set -u
init=${1:-$HOME/.promptwave/models/base-mm4}
pre=~/.promptwave/corpora/en-pretrain-full
ocr=~/.promptwave/corpora/ocr-lines-full
jar=~/.promptwave/dist10/promptwave-cli.jar
run=~/.promptwave/runs/base-mm5
. "$(dirname "$0")/resume.sh"
pretrain_until_finished $run $jar \
    --init "$init" \
    --train $pre/train-main.jsonl --image-train $ocr/train.jsonl \
    --dev $pre/dev-heldout.jsonl --image-dev $ocr/dev.jsonl --dev-limit 100 \
    --out ~/.promptwave/models/base-mm5 \
    --epochs 2 --lr 4e-4 --warmup 100 --ctc-weight 0.5 --no-spec-augment --patience 0 --batch-frames 12000 \
    --seed 5 --half

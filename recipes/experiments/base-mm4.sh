#!/usr/bin/env bash
# base-mm4: more of the same data for the shipped multimodal base (base-mm3, models/base). Every
# earlier stage left the speech and line dev scores still falling when it ended (BENCHMARKS.md), so
# this one trains two more epochs of all of en-pretrain's speech and the training lines once per
# epoch, on a fresh cosine schedule (peak 5e-4), the best epoch chosen on speech and line dev together.
# Resumable: run it again after a stop.
set -u
init=${1:-$HOME/.promptwave/models/base-mm3}
pre=~/.promptwave/corpora/en-pretrain-full
ocr=~/.promptwave/corpora/ocr-lines-full
jar=~/.promptwave/dist9/promptwave-cli.jar
run=~/.promptwave/runs/base-mm4
. "$(dirname "$0")/resume.sh"
pretrain_until_finished $run $jar \
    --init "$init" \
    --train $pre/train-main.jsonl --image-train $ocr/train.jsonl \
    --dev $pre/dev-heldout.jsonl --image-dev $ocr/dev.jsonl --dev-limit 100 \
    --out ~/.promptwave/models/base-mm4 \
    --epochs 2 --lr 5e-4 --warmup 100 --ctc-weight 0.5 --no-spec-augment --patience 0 --batch-frames 12000 \
    --seed 4 --half

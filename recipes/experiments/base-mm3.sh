#!/usr/bin/env bash
# base-mm3: consolidates base-mm2 (which reads, but whose speech decoder drifted while the lines were
# weighted up) with one epoch of all of en-pretrain's speech and the training lines once, at a lower
# peak rate; the best model is chosen each epoch on speech and line dev sets together (--image-dev).
# Resumable: run it again after a stop.
set -u
init=${1:-$HOME/.promptwave/models/base-mm2-last}
pre=~/.promptwave/corpora/en-pretrain-full
ocr=~/.promptwave/corpora/ocr-lines-full
jar=~/.promptwave/dist8/promptwave-cli.jar
run=~/.promptwave/runs/base-mm3
. "$(dirname "$0")/resume.sh"
pretrain_until_finished $run $jar \
    --init "$init" \
    --train $pre/train-main.jsonl --image-train $ocr/train.jsonl \
    --dev $pre/dev-heldout.jsonl --image-dev $ocr/dev.jsonl --dev-limit 100 \
    --out ~/.promptwave/models/base-mm3 \
    --epochs 1 --lr 3e-4 --warmup 50 --ctc-weight 0.5 --no-spec-augment --patience 0 --batch-frames 12000 \
    --seed 3 --half

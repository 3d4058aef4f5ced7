#!/usr/bin/env bash
# base-mm: the speech base ($1) gains an image front-end and trains <ocr> text lines beside <asr>:
# one epoch of en-pretrain's speech and ocr-lines' 12,000 training lines taken twice (image batches
# are smaller in frames; twice gives them about a third of the steps). Runs from a copied jar.
set -u
init=${1:?usage: base-mm.sh INIT_MODEL}
pre=~/.promptwave/corpora/en-pretrain-full
ocr=~/.promptwave/corpora/ocr-lines-full
jar=~/.promptwave/dist7/promptwave-cli.jar
run=~/.promptwave/runs/base-mm
. "$(dirname "$0")/resume.sh"
pretrain_until_finished $run $jar \
    --init "$init" \
    --train $pre/train-main.jsonl --image-train $ocr/train.jsonl --image-train $ocr/train.jsonl \
    --dev $pre/dev-heldout.jsonl --dev-limit 200 --out ~/.promptwave/models/base-mm \
    --epochs 1 --lr 5e-4 --warmup 100 --ctc-weight 0.5 --no-spec-augment --patience 0 --batch-frames 12000 \
    --seed 1 --half

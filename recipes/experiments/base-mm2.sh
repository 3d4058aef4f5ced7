#!/usr/bin/env bash
# base-mm2: continues base-mm to get the image path off CTC's plateau: lines weighted up (twice per
# epoch against the first 3,000 speech utterances, which keep speech from drifting), a higher peak
# rate, CTC weight 0.7; 3 epochs. Resumable: run it again after a stop.
set -u
pre=~/.promptwave/corpora/en-pretrain-full
ocr=~/.promptwave/corpora/ocr-lines-full
jar=~/.promptwave/dist7/promptwave-cli.jar
run=~/.promptwave/runs/base-mm2
. "$(dirname "$0")/resume.sh"
pretrain_until_finished $run $jar \
    --init ~/.promptwave/models/base-mm \
    --train $pre/train-main.jsonl --limit 3000 --image-train $ocr/train.jsonl --image-train $ocr/train.jsonl \
    --dev $pre/dev-heldout.jsonl --dev-limit 100 --out ~/.promptwave/models/base-mm2 \
    --epochs 3 --lr 1e-3 --warmup 100 --ctc-weight 0.7 --no-spec-augment --patience 0 --batch-frames 12000 \
    --seed 2 --half

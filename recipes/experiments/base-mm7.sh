#!/usr/bin/env bash
# base-mm7: the shipped base (base-mm6) with a decoder of four layers instead of two, trained two more
# epochs on everything base-mm6 saw: all of en-pretrain's speech, the training lines and the <slots>
# task of the pretraining schema, once each per epoch. Every earlier stage's report ends on the same
# finding: the two-layer decoder is the weaker half (greedy decoding at 35.7 % WER on en-test against
# 16.7 % for the joint beam with the language model), and slot prompts must name an intent through it.
# `--grow-decoder 4` adds two layers on top that start as the identity, so training starts from exactly
# base-mm6's outputs. A fresh cosine schedule at base-mm5's peak (4e-4), CTC weight 0.5, no SpecAugment,
# the best epoch chosen on speech and line dev together. Resumable: run it again after a stop.
set -u
init=${1:-$HOME/.promptwave/models/base-mm6}
pre=~/.promptwave/corpora/en-pretrain-full
ocr=~/.promptwave/corpora/ocr-lines-full
slots=~/.promptwave/corpora/slots-pretrain-full
jar=~/.promptwave/dist44/promptwave-cli.jar
run=~/.promptwave/runs/base-mm7
. "$(dirname "$0")/resume.sh"
pretrain_until_finished $run $jar \
    --init "$init" --grow-decoder 4 \
    --train $pre/train-main.jsonl --image-train $ocr/train.jsonl \
    --slots-train $slots/train.jsonl --slots-schema "$(dirname "$0")/../tasks/assistant-pretrain.json" \
    --dev $pre/dev-heldout.jsonl --image-dev $ocr/dev.jsonl --dev-limit 100 \
    --out ~/.promptwave/models/base-mm7 \
    --epochs 2 --lr 4e-4 --warmup 100 --ctc-weight 0.5 --no-spec-augment --patience 0 --batch-frames 12000 \
    --seed 7 --half

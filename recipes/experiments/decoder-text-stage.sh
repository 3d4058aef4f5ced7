#!/usr/bin/env bash
# What the decoder's text stage buys (issue 4): two from-scratch runs of the shipped architecture with
# the same audio budget (300 updates of at most 12,000 padded frames, a 1-epoch cosine schedule cut
# there), one from random weights and one whose decoder and token table first learnt en-pretrain's
# sentences as a language model (`pretrain --text-only`, 3 epochs). The encoders start identical (same
# seed; the text stage never touches them), so the decoder's start is the only difference. Each arm's
# last checkpoint is exported and scored on dev-last100 (greedy decoder, greedy CTC).
# Resumable: run it again after a stop.
set -u
pre=~/.promptwave/corpora/en-pretrain-full
jar=~/.promptwave/dist10/promptwave-cli.jar
work=~/.promptwave/text-stage
pw() { MALLOC_ARENA_MAX=2 java -Xmx8g -Dai.djl.offline=true -jar "$jar" "$@"; }
arch=(--d-model 256 --heads 4 --encoder-layers 6 --decoder-layers 2 --feed-forward 1024 --front-end-width 512
      --front-end-stride 3 --input-scale 1 --languages en,it --seed 1)
audio=(--train $pre/train-main.jsonl --epochs 1 --lr 2e-3 --warmup 100 --ctc-weight 0.7 --batch-frames 12000
       --patience 0 --pause-at-step 300)
mkdir -p $work
# the pool without the sentences of dev and en-test (as `lm --exclude` leaves them out)
python3 -c 'import json,sys
held = {json.loads(l)["text"].strip() for f in sys.argv[2:] for l in open(f) if l.strip()}
kept = [s for s in open(sys.argv[1]) if s.strip() and s.strip() not in held]
sys.stdout.writelines(kept)' $pre/text/sentences.txt $pre/dev-heldout.jsonl \
    ~/.promptwave/corpora/en-test-full/test.jsonl > $work/sentences-train.txt
# a finished run returns at once, so the stage goes on after a kill and is skipped once done
pw pretrain --text-only --text $work/sentences-train.txt --out $work/lm \
    --run $work/runs/lm --epochs 3 --lr 2e-3 --warmup 100 --batch-frames 12000 "${arch[@]}"
for arm in scratch text-stage; do
  init=(); [ $arm = text-stage ] && init=(--init $work/lm)
  pw pretrain "${audio[@]}" "${arch[@]}" "${init[@]}" --out $work/$arm --run $work/runs/$arm
  pw pretrain "${audio[@]}" "${arch[@]}" "${init[@]}" --out $work/$arm-300 --run $work/runs/$arm --export-checkpoint
  for d in "--beam 1 --ctc-weight 0" "--beam 1 --ctc-weight 1"; do
    echo "== $arm $d"; pw eval --model $work/$arm-300 --manifest $pre/dev-last100.jsonl $d
  done
done

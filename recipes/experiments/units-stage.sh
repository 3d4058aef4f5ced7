#!/usr/bin/env bash
# What the Wav2Seq pseudo-language stage buys (issue 4), at the budget of decoder-text-stage.sh: the
# same 300 audio -> text updates of the shipped architecture, once from random weights (that script's
# "scratch" arm, scored here again) and once after 300 updates of audio -> pseudo subwords
# (`pretrain --units-only`: k-means units of en-pretrain's fbank, repeats merged, BPE to 500 pseudo
# subwords). Same seed, same schedule, same batches of at most 12,000 padded frames. Each arm is scored
# on dev-last100 and on en-test (greedy decoder, greedy CTC), then fine-tuned on en-newvoice's and on
# it-lowres's 10-minute splits (12 epochs, lr 5e-4) and scored on their test splits.
# Needs the dist25 jar (cli/target/promptwave-cli.jar plus cli/target/lib; dist24's full fine-tuning left
# the unit model behind, and its fine-tuned model did not load). Resumable: run it again.
set -eu   # a failed or interrupted step (Ctrl-C: exit 130) stops the script
pre=~/.promptwave/corpora/en-pretrain-full
nv=~/.promptwave/corpora/en-newvoice-full
en_test=~/.promptwave/corpora/en-test-full/test.jsonl
jar=~/.promptwave/dist25/promptwave-cli.jar
work=~/.promptwave/units-stage
scratch=~/.promptwave/text-stage/scratch-300     # decoder-text-stage.sh's random-weights arm, 300 updates
threads=${THREADS:-1}
pw() { MALLOC_ARENA_MAX=2 java -Xmx8g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$threads \
    -Dai.djl.pytorch.num_interop_threads=1 -jar "$jar" "$@"; }
arch=(--d-model 256 --heads 4 --encoder-layers 6 --decoder-layers 2 --feed-forward 1024 --front-end-width 512
      --front-end-stride 3 --input-scale 1 --languages en,it --seed 1)
schedule=(--train $pre/train-main.jsonl --epochs 1 --lr 2e-3 --warmup 100 --batch-frames 12000 --patience 0
          --pause-at-step 300)
mkdir -p $work
[ -f $work/units/units.safetensors ] \
    || pw units fit --manifest $pre/train-main.jsonl --out $work/units --k 100 --vocab 500 --jobs $threads
[ -s $work/units.jsonl ] || pw units encode --model $work/units --manifest $pre/train-main.jsonl --out $work/units.jsonl
# stage 1: audio -> pseudo subwords only (no CTC: the CTC head spells text)
pw pretrain "${schedule[@]}" "${arch[@]}" --ctc-weight 0 --units-only --unit-model $work/units \
    --units $work/units.jsonl --out $work/pseudo --run $work/runs/pseudo
pw pretrain "${schedule[@]}" "${arch[@]}" --ctc-weight 0 --units-only --unit-model $work/units \
    --units $work/units.jsonl --out $work/pseudo-300 --run $work/runs/pseudo --export-checkpoint
# stage 2: the same 300 audio -> text updates as the scratch arm, from the pseudo-language model
pw pretrain "${schedule[@]}" "${arch[@]}" --ctc-weight 0.7 --init $work/pseudo-300 --out $work/units-asr \
    --run $work/runs/units-asr
pw pretrain "${schedule[@]}" "${arch[@]}" --ctc-weight 0.7 --init $work/pseudo-300 --out $work/units-asr-300 \
    --run $work/runs/units-asr --export-checkpoint
# each score is kept in $work/evals/, so that running the script again only adds what is missing
mkdir -p $work/evals
score() { # name, eval arguments...
  local out=$work/evals/$1.txt; shift
  if [ ! -s $out ]; then pw eval "$@" > $out.part && mv $out.part $out; fi
  echo "== $(basename $out .txt)"; cat $out
}
finetune() { # arm, model, corpus name, corpus dir (10-minute split, dev, test)
  local arm=$1 model=$2 name=$3 dir=$4
  local ft=$work/$name-ft-$arm
  # (a finished run returns at once, one stopped half-way resumes)
  pw adapt --base $model --method full --lr 5e-4 --epochs 12 --patience 0 --dev-limit 100 \
      --train $dir/train-10min.jsonl --dev $dir/dev.jsonl --out $ft --run $work/runs/$name-ft-$arm
  score "$arm-$name-ft-greedy-decoder" --model $ft --manifest $dir/test.jsonl --beam 1 --ctc-weight 0
  score "$arm-$name-ft-greedy-ctc" --model $ft --manifest $dir/test.jsonl --beam 1 --ctc-weight 1
}
it=~/.promptwave/corpora/it-lowres-full
for arm in scratch units; do
  model=$scratch; [ $arm = units ] && model=$work/units-asr-300
  for m in $pre/dev-last100.jsonl $en_test; do
    split=$(basename $(dirname $m))-$(basename $m .jsonl)
    score "$arm-$split-greedy-decoder" --model $model --manifest $m --beam 1 --ctc-weight 0
    score "$arm-$split-greedy-ctc" --model $model --manifest $m --beam 1 --ctc-weight 1
  done
  finetune $arm $model newvoice $nv     # its directory and run keep the first version's names
  finetune $arm $model itlowres $it
done

#!/usr/bin/env bash
# Rebuilds models/base from the corpora: generate en-pretrain and en-test, hold out 300 utterances
# of en-pretrain as dev, train the speech backbone in two phases, choose the decoding on dev, score it
# on en-test; then teach it to read text lines in three more runs (the multimodal base), train that
# two more epochs twice, then one more with the slot-filling format, then two with a decoder grown from
# two layers to four, copy it into models/ and train the shipped prompts (models/prompts) on it.
# Corpora, features and runs live under ~/.promptwave (PROMPTWAVE_DATA), never in the checkout. Every
# stage prints how long it took; run the script again after a kill and each stage resumes from its
# checkpoint (or is skipped when done).
#   recipes/build-models.sh
# Phase 1: a 5-epoch cosine schedule with SpecAugment and CTC weight 0.7, cut after epoch 3 (step
# 1602); phase 2: from there, 2 epochs without SpecAugment, CTC weight 0.5, peak rate 1e-3. Training
# pauses every 25 minutes and goes on in a fresh JVM, because PyTorch's native memory creeps up.
# Then a byte 6-gram language model of the training text, fused in beam search with the weight that
# scored best on dev (BENCHMARKS.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
home="${PROMPTWAVE_DATA:-$HOME/.promptwave}"
corpora="$home/corpora"
pw="$root/promptwave"
export PROMPTWAVE_JAVA_OPTS="${PROMPTWAVE_JAVA_OPTS:--Xmx6g}"
stage() { local name=$1; shift; local t0=$SECONDS; "$@"; echo "build-models: $name took $((SECONDS - t0)) s" >&2; }
# the run's state: "finished" or the step it is at
progress() { python3 -c 'import json,sys
try: s = json.load(open(sys.argv[1]))
except OSError: print(0); sys.exit()
print("finished" if s.get("finished") else s["step"])' "$1/checkpoint/state.json"; }
# runs a pretrain command in 25-minute pieces until its run folder is finished or at step $2
# (a piece that dies, e.g. of the kernel's out-of-memory killer, is resumed from the last checkpoint;
# three failures in a row stop the script. Ctrl-C or SIGTERM stops a piece cleanly after its step,
# with a checkpoint, and stops the script too)
train() {
  local run=$1 until=$2 failures=0; shift 2
  while :; do
    local p; p=$(progress "$run")
    [ "$p" = finished ] && return
    [ "$until" -gt 0 ] && [ "$p" -ge "$until" ] && return
    local rc=0
    "$pw" pretrain --run "$run" --time-budget 25 "$@" || rc=$?
    if [ "$rc" -eq 0 ]; then
      failures=0
    elif [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then # Ctrl-C or SIGTERM: checkpoint saved, stop here
      echo "build-models: stopped in $run; run the script again to continue" >&2
      exit "$rc"
    else
      failures=$((failures + 1))
      if [ "$failures" -ge 3 ]; then
        echo "build-models: pretrain failed $failures times in a row in $run; stopping" >&2
        return 1
      fi
      echo "build-models: pretrain failed in $run; resuming from its last checkpoint" >&2
    fi
  done
}

for spec in en-pretrain en-test; do
  stage "corpus $spec" "$pw" corpus synth --spec "$root/recipes/corpora/$spec.json" \
      --out "$corpora/$spec-full" --scale full
done
pre="$corpora/en-pretrain-full"
head -n -300 "$pre/train.jsonl" > "$pre/train-main.jsonl"
tail -n 300 "$pre/train.jsonl" > "$pre/dev-heldout.jsonl"
# the trainer picks the best epoch on the first 200 dev utterances; the decoding is chosen on the last 100
tail -n 100 "$pre/dev-heldout.jsonl" > "$pre/dev-last100.jsonl"

# --input-scale 1: the front-end's output is not scaled up before the positions are added (the
# Transformer habit, sqrt(256) = 16, drowned them); the decoder then keeps its place (BENCHMARKS.md)
arch=(--d-model 256 --heads 4 --encoder-layers 6 --decoder-layers 2 --feed-forward 1024 --front-end-width 512
      --front-end-stride 3 --batch-frames 12000 --seed 1 --input-scale 1)
phase1=(--train "$pre/train-main.jsonl" --dev "$pre/dev-heldout.jsonl" --dev-limit 200 --epochs 5 --lr 2e-3
        --warmup 300 --ctc-weight 0.7 --patience 0 "${arch[@]}")
stage "pretrain phase 1" train "$home/runs/base-phase1" 1602 "${phase1[@]}" --out "$home/models/base-phase1" \
    --pause-at-step 1602
stage "export phase 1" "$pw" pretrain "${phase1[@]}" --run "$home/runs/base-phase1" --out "$home/models/base-e3" \
    --export-checkpoint
stage "pretrain phase 2" train "$home/runs/base" 0 --train "$pre/train-main.jsonl" --dev "$pre/dev-heldout.jsonl" \
    --dev-limit 200 --init "$home/models/base-e3" --out "$home/models/base" --epochs 2 --lr 1e-3 --warmup 100 \
    --ctc-weight 0.5 --no-spec-augment --patience 0 --batch-frames 12000 --seed 1 --half
# a byte 6-gram language model of the en-pretrain text, without the sentences of en-test and dev
stage "language model" "$pw" lm --model "$home/models/base" --text "$pre/text/sentences.txt" --order 6 \
    --exclude "$corpora/en-test-full/test.jsonl" --exclude "$pre/dev-heldout.jsonl"
stage "choose decoding on dev" "$pw" eval --model "$home/models/base" --manifest "$pre/dev-last100.jsonl" \
    --beam 8 --ctc-weight 0.5 --length-norm 0 --lm-weight 0.4 --save-decoding
stage "eval base on en-test" "$pw" eval --model "$home/models/base" \
    --manifest "$corpora/en-test-full/test.jsonl" --details "$home/runs/base/en-test-details.jsonl"

# The multimodal base (issue 8): the speech base above learns to read rendered text lines (<ocr>) in
# three runs. mm1 adds the image front-end (the lines twice per epoch beside all the speech); mm2
# weights the lines up on a 3,000-utterance speech subset for 3 epochs, which gets the reader off its
# plateau but moves the speech decoder; mm3 consolidates from mm2's last epoch with all the speech and
# the lines once at a low rate, the best epoch chosen on speech and line dev together.
stage "corpus ocr-lines" "$pw" corpus lines --spec "$root/recipes/corpora/ocr-lines.json" \
    --out "$corpora/ocr-lines-full" --scale full
ocr="$corpora/ocr-lines-full"
mm=(--no-spec-augment --patience 0 --batch-frames 12000 --half --train "$pre/train-main.jsonl"
    --dev "$pre/dev-heldout.jsonl")
stage "multimodal 1" train "$home/runs/base-mm" 0 "${mm[@]}" --init "$home/models/base" \
    --image-train "$ocr/train.jsonl" --image-train "$ocr/train.jsonl" --dev-limit 200 \
    --out "$home/models/base-mm" --epochs 1 --lr 5e-4 --warmup 100 --ctc-weight 0.5 --seed 1
mm2=("${mm[@]}" --init "$home/models/base-mm" --limit 3000 --image-train "$ocr/train.jsonl"
     --image-train "$ocr/train.jsonl" --dev-limit 100 --epochs 3 --lr 1e-3 --warmup 100 --ctc-weight 0.7 --seed 2)
stage "multimodal 2" train "$home/runs/base-mm2" 0 "${mm2[@]}" --out "$home/models/base-mm2"
stage "export multimodal 2's last epoch" "$pw" pretrain "${mm2[@]}" --run "$home/runs/base-mm2" \
    --out "$home/models/base-mm2-last" --export-checkpoint
stage "multimodal 3" train "$home/runs/base-mm3" 0 "${mm[@]}" --init "$home/models/base-mm2-last" \
    --image-train "$ocr/train.jsonl" --image-dev "$ocr/dev.jsonl" --dev-limit 100 \
    --out "$home/models/base-mm3" --epochs 1 --lr 3e-4 --warmup 50 --ctc-weight 0.5 --seed 3
# mm4: two more epochs of the same speech and lines on a fresh cosine schedule (every earlier stage
# ended with its dev scores still falling), the best epoch chosen on both dev sets
stage "multimodal 4" train "$home/runs/base-mm4" 0 "${mm[@]}" --init "$home/models/base-mm3" \
    --image-train "$ocr/train.jsonl" --image-dev "$ocr/dev.jsonl" --dev-limit 100 \
    --out "$home/models/base-mm4" --epochs 2 --lr 5e-4 --warmup 100 --ctc-weight 0.5 --seed 4
# mm5: two more epochs again, at a lower peak rate (mm4 still improved in both of its epochs)
stage "multimodal 5" train "$home/runs/base-mm5" 0 "${mm[@]}" --init "$home/models/base-mm4" \
    --image-train "$ocr/train.jsonl" --image-dev "$ocr/dev.jsonl" --dev-limit 100 \
    --out "$home/models/base-mm5" --epochs 2 --lr 4e-4 --warmup 100 --ctc-weight 0.5 --seed 5
# mm6: one more epoch, with the slot-filling output format learnt on another schema's commands
# (slots-pretrain: mail, lists, food, travel; nothing of smart-home), each trained twice an epoch
stage "corpus slots-pretrain" "$pw" corpus synth --spec "$root/recipes/corpora/slots-pretrain.json" \
    --out "$corpora/slots-pretrain-full" --scale full
stage "multimodal 6 (slot format)" train "$home/runs/base-mm6" 0 "${mm[@]}" --init "$home/models/base-mm5" \
    --image-train "$ocr/train.jsonl" --image-dev "$ocr/dev.jsonl" --dev-limit 100 \
    --slots-train "$corpora/slots-pretrain-full/train.jsonl" --slots-schema "$root/recipes/tasks/assistant-pretrain.json" \
    --slots-repeat 2 --out "$home/models/base-mm6" --epochs 1 --lr 3e-4 --warmup 50 --ctc-weight 0.5 --seed 6
# mm7: the decoder grown from two layers to four (the new ones start as the identity, so training starts
# from mm6's outputs), two epochs of all the speech, the lines and the pretraining slots once each
stage "multimodal 7 (four decoder layers)" train "$home/runs/base-mm7" 0 "${mm[@]}" --init "$home/models/base-mm6" \
    --grow-decoder 4 --image-train "$ocr/train.jsonl" --image-dev "$ocr/dev.jsonl" --dev-limit 100 \
    --slots-train "$corpora/slots-pretrain-full/train.jsonl" --slots-schema "$root/recipes/tasks/assistant-pretrain.json" \
    --out "$home/models/base-mm7" --epochs 2 --lr 4e-4 --warmup 100 --ctc-weight 0.5 --seed 7
final="$home/models/base-mm7"
stage "language model (multimodal)" "$pw" lm --model "$final" --text "$pre/text/sentences.txt" \
    --order 6 --exclude "$corpora/en-test-full/test.jsonl" --exclude "$pre/dev-heldout.jsonl"
stage "choose decoding on dev (multimodal)" "$pw" eval --model "$final" \
    --manifest "$pre/dev-last100.jsonl" --beam 8 --ctc-weight 0.5 --length-norm 0 --lm-weight 0.4 --save-decoding
stage "eval multimodal base on en-test" "$pw" eval --model "$final" \
    --manifest "$corpora/en-test-full/test.jsonl" --details "$home/runs/base-mm7/en-test-details.jsonl"
stage "eval multimodal base on ocr-lines test" "$pw" eval --model "$final" \
    --manifest "$ocr/test.jsonl" --details "$home/runs/base-mm7/ocr-test-details.jsonl"
mkdir -p "$root/models/base"
cp "$final/config.json" "$final/model.safetensors" "$final/language_model.ngram" "$final/metrics.jsonl" \
    "$final/training-curve.html" "$root/models/base/"
echo "build-models: models/base updated from $final" >&2

# every shipped prompt is tied to the base's fingerprint: train them again on the new base
for recipe in en-newvoice it-lowres slots-smarthome ocr-lowres; do
  stage "prompt $recipe" "$root/recipes/prompts/$recipe.sh"
done

#!/usr/bin/env bash
# Rebuilds models/base from the corpora: generate en-pretrain and en-test, hold out 300 utterances
# of en-pretrain as dev, train the backbone (resumable: run again after a kill or a pause), score
# it on en-test, and copy it into models/. Corpora, features and runs live under ~/.promptwave
# (PROMPTWAVE_DATA), never in the checkout. Every stage prints how long it took.
#   recipes/build-models.sh            # the whole recipe
#   EPOCHS=3 recipes/build-models.sh   # fewer epochs (a new run folder: the settings are checked on resume)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
home="${PROMPTWAVE_DATA:-$HOME/.promptwave}"
corpora="$home/corpora"
epochs="${EPOCHS:-5}"
stage() { local name=$1; shift; local t0=$SECONDS; "$@"; echo "build-models: $name took $((SECONDS - t0)) s" >&2; }

for spec in en-pretrain en-test; do
  stage "corpus $spec" "$root/promptwave" corpus synth --spec "$root/recipes/corpora/$spec.json" \
      --out "$corpora/$spec-full" --scale full
done
pre="$corpora/en-pretrain-full"
head -n -300 "$pre/train.jsonl" > "$pre/train-main.jsonl"
tail -n 300 "$pre/train.jsonl" > "$pre/dev-heldout.jsonl"

PROMPTWAVE_JAVA_OPTS="${PROMPTWAVE_JAVA_OPTS:--Xmx8g}" stage "pretrain base" "$root/promptwave" pretrain \
    --train "$pre/train-main.jsonl" --dev "$pre/dev-heldout.jsonl" --dev-limit 200 \
    --out "$home/models/base" --run "$home/runs/base" --epochs "$epochs" --batch-frames 12000 --lr 2e-3 \
    --warmup 300 --ctc-weight 0.7 --d-model 256 --encoder-layers 6 --decoder-layers 2 --feed-forward 1024 \
    --front-end-width 512 --front-end-stride 3 --patience 0 --half "${@}"
stage "eval base on en-test" "$root/promptwave" eval --model "$home/models/base" \
    --manifest "$corpora/en-test-full/test.jsonl" --details "$home/runs/base/en-test-details.jsonl"
mkdir -p "$root/models/base"
cp "$home/models/base/config.json" "$home/models/base/model.safetensors" "$root/models/base/"
echo "build-models: models/base updated from $home/models/base" >&2

#!/usr/bin/env bash
# The classic offline peer: CMU PocketSphinx (Debian's pocketsphinx 0.8+5prealpha with the
# pocketsphinx-en-us acoustic model, language model and dictionary) on en-test, scored by
# `promptwave score` exactly as Promptwave's own models are.
# Usage: recipes/bench/pocketsphinx_en_test.sh [CORPUS_DIR] (default ~/.promptwave/corpora/en-test-full)
# Needs: apt-get install pocketsphinx pocketsphinx-en-us
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="${1:-$HOME/.promptwave/corpora/en-test-full}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# audio/<id>.wav holds utterance <id>: the control file lists the ids, cepdir is the audio folder
python3 -c 'import json,sys; [print(json.loads(l)["id"]) for l in open(sys.argv[1]) if l.strip()]' \
    "$corpus/test.jsonl" > "$work/test.ctl"
seconds=$(python3 -c 'import json,sys; print(sum(json.loads(l)["duration"] for l in open(sys.argv[1]) if l.strip()))' \
    "$corpus/test.jsonl")
model=/usr/share/pocketsphinx/model/en-us
start=$(date +%s.%N)
pocketsphinx_batch -hmm "$model/en-us" -lm "$model/en-us.lm.bin" -dict "$model/cmudict-en-us.dict" \
    -ctl "$work/test.ctl" -cepdir "$corpus/audio" -cepext .wav -adcin yes -adchdr 44 \
    -hyp "$work/test.hyp" -logfn "$work/pocketsphinx.log"
end=$(date +%s.%N)
python3 -c "import sys; w=float(sys.argv[2])-float(sys.argv[1]); a=float(sys.argv[3]); \
print(f'pocketsphinx: {w:.1f} s for {a:.1f} s of audio, real-time factor {w/a:.3f} (one process, one core)')" \
    "$start" "$end" "$seconds"
"$root/promptwave" score --manifest "$corpus/test.jsonl" --hyp "$work/test.hyp"

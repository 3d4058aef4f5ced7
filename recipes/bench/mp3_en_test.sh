#!/usr/bin/env bash
# What MP3 compression costs the base: en-test's WAVs encoded with LAME at the given bitrates (mono,
# constant bitrate, LAME's own low-pass for each), then `eval` on each copy with the model's recorded
# decoding, beside the WAVs themselves. The MP3 copies live in a scratch folder that is removed at the
# end.
# Usage: recipes/bench/mp3_en_test.sh [MODEL_DIR] [KBITS...]   (default models/base, 64 32 16)
# Needs Debian's lame.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model="${1:-$root/models/base}"
shift $(( $# > 0 ? 1 : 0 ))
rates=("$@")
[ $# -gt 0 ] || rates=(64 32 16)
corpus="${CORPUS:-$HOME/.promptwave/corpora/en-test-full}"
command -v lame > /dev/null || { echo "mp3_en_test.sh: needs lame (apt-get install lame)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
score() { "$root/promptwave" eval --model "$model" --manifest "$1" 2>&1 | grep -E "^(utterances|WER|CER|decoding)" ; }
echo "== wav"
score "$corpus/test.jsonl"
for kbits in "${rates[@]}"; do
  mkdir -p "$work/$kbits"
  python3 - "$corpus" "$work/$kbits" "$kbits" <<'PY'
import json, subprocess, sys
corpus, out, kbits = sys.argv[1:]
with open(out + "/test.jsonl", "w") as manifest:
    for line in open(corpus + "/test.jsonl"):
        if not line.strip():
            continue
        row = json.loads(line)
        mp3 = out + "/" + row["id"] + ".mp3"
        subprocess.run(["lame", "--quiet", "-m", "m", "--cbr", "-b", kbits, corpus + "/" + row["audio"], mp3],
                       check=True)
        row["audio"] = row["id"] + ".mp3"
        manifest.write(json.dumps(row) + "\n")
PY
  echo "== mp3 $kbits kbit/s ($(du -sh "$work/$kbits" | cut -f1) for $(ls "$work/$kbits" | grep -c '\.mp3$') files)"
  score "$work/$kbits/test.jsonl"
done

#!/usr/bin/env bash
# Real-time factor and peak memory of `promptwave transcribe` as a user runs it: one process, files
# one after another. The JVM start and model load are measured apart by a one-file run, and the
# real-time factor is (time for N files - time for 1 file) / (audio of N files - audio of 1 file).
# Usage: recipes/bench/transcribe_rtf.sh [MODEL_DIR] [N] [extra transcribe flags...]
#   (default models/base, 100 files of ~/.promptwave/corpora/en-test-full)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model="${1:-$root/models/base}"
n="${2:-100}"
shift $(( $# > 2 ? 2 : $# ))
corpus="${CORPUS:-$HOME/.promptwave/corpora/en-test-full}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$corpus/test.jsonl" "$n" "$work" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][: int(sys.argv[2])]
base = sys.argv[1].rsplit("/", 1)[0]
with open(sys.argv[3] + "/files", "w") as f:
    f.write("\n".join(base + "/" + r["audio"] for r in rows) + "\n")
with open(sys.argv[3] + "/seconds", "w") as f:
    f.write("%f %f\n" % (rows[0]["duration"], sum(r["duration"] for r in rows)))
PY
"$root/promptwave" info > /dev/null   # builds the command line first if it is stale
run() { /usr/bin/time -f "%e %M" -o "$work/time" "$root/promptwave" transcribe --model "$model" "$@" > "$work/out" 2> "$work/err"; cat "$work/time"; }
read -r one_s one_kb < <(run "$@" "$(head -1 "$work/files")")
mapfile -t files < "$work/files"
read -r all_s all_kb < <(run "$@" "${files[@]}")
read -r first_audio all_audio < "$work/seconds"
python3 - "$one_s" "$one_kb" "$all_s" "$all_kb" "$first_audio" "$all_audio" "${#files[@]}" <<'PY'
import sys
one_s, one_kb, all_s, all_kb, first_audio, all_audio, n = sys.argv[1:]
one_s, all_s, first_audio, all_audio = map(float, (one_s, all_s, first_audio, all_audio))
rtf = (all_s - one_s) / (all_audio - first_audio)
print(f"transcribe: {n} files, {all_audio:.1f} s of audio in {all_s:.1f} s; one file {one_s:.1f} s "
      f"(JVM start + model load + {first_audio:.1f} s of audio)")
print(f"real-time factor without start-up: {rtf:.4f}; peak resident memory {int(all_kb) / 1024:.0f} MB")
PY

#!/usr/bin/env bash
# Generates every corpus at full scale into $PROMPTWAVE_DATA (default ~/.promptwave/corpora),
# then checks them together (which includes the cross-corpus test-leakage check). Resumable:
# rerun after an interruption. Needs the Debian packages listed in recipes/corpora/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${PROMPTWAVE_DATA:-$HOME/.promptwave/corpora}"
scale="${1:-full}"
mkdir -p "$data"
for spec in en-pretrain en-test en-newvoice it-lowres slots-smarthome; do
  /usr/bin/time -f "$spec: %e s wall" "$root/promptwave" corpus synth --spec "$root/recipes/corpora/$spec.json" \
      --out "$data/$spec-$scale" --scale "$scale"
done
"$root/promptwave" corpus check "$data"/*-"$scale"

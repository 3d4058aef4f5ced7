#!/usr/bin/env bash
# The shipped ocr-lowres prompt (issue 8): reading 500 heavily degraded text lines in six fonts the base
# never read. A deep prefix of 16 (trained through an MLP of width 256) with a rank-64 input adapter on the
# patch vectors and a feature transform of the patch columns, 24 epochs, chosen on dev against the same
# prompt without the transform and the 8-vector prefix with a rank-16, 64 or 128 adapter; zero-shot and full
# fine-tuning beside it (BENCHMARKS.md, "ocr-lowres on base-mm6").
#   recipes/prompts/ocr-lowres.sh
exec "$(dirname "$0")/grid-prompt.sh" ocr-lowres ocr-lines ocr-lowres \
    "deep 16, MLP 256 + input adapter 64 + feature transform, 24 epochs" \
    zero-shot "deep 8 + input adapter 16" "deep 8 + input adapter 64, 24 epochs" "deep 8 + input adapter 128, 24 epochs" \
    "deep 16, MLP 256 + input adapter 64, 24 epochs" "full fine-tune"

#!/usr/bin/env bash
# The shipped ocr-lowres prompt (issue 8): reading 500 heavily degraded text lines in six fonts the base
# never read. A deep prefix with a rank-64 input adapter on the patch vectors, 24 epochs, chosen on dev
# against the same prefix with a rank-16 adapter and 12 epochs; zero-shot and full fine-tuning beside it
# (BENCHMARKS.md, "ocr-lowres on base-mm6").
#   recipes/prompts/ocr-lowres.sh
exec "$(dirname "$0")/grid-prompt.sh" ocr-lowres ocr-lines ocr-lowres "deep 8 + input adapter 64, 24 epochs" \
    zero-shot "deep 8 + input adapter 16" "full fine-tune"

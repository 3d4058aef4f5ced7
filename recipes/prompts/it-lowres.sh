#!/usr/bin/env bash
# The shipped it-lowres prompt (issue 5): Italian, a language the English base was never taught, in ten
# voices, trained on the 1-hour split. The same recipe as en-newvoice: a deep prefix with a rank-64
# input adapter trained 24 epochs, chosen on dev against zero-shot and the same prompt at 8 epochs
# (BENCHMARKS.md).
#   recipes/prompts/it-lowres.sh
exec "$(dirname "$0")/grid-prompt.sh" it-lowres-1h it-lowres it-lowres "deep 8 + input adapter 64, 24 epochs" \
    zero-shot "deep 8 + input adapter 64"

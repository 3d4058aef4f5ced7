#!/usr/bin/env bash
# The shipped it-lowres prompt (issue 5): Italian, a language the English base was never taught, in ten
# voices, trained on the 1-hour split. The same recipe as en-newvoice: a deep prefix with a rank-64
# input adapter, against zero-shot (BENCHMARKS.md).
#   recipes/prompts/it-lowres.sh
exec "$(dirname "$0")/grid-prompt.sh" it-lowres-1h it-lowres it-lowres "deep 8 + input adapter 64" zero-shot

#!/usr/bin/env bash
# The shipped en-newvoice prompt (issue 5): three voices the base never heard over a telephone line,
# trained on the 1-hour split. A deep prefix with a rank-16 input adapter, chosen against zero-shot
# and the same prefix without the adapter (BENCHMARKS.md, "Prompts on a new voice").
#   recipes/prompts/en-newvoice.sh
exec "$(dirname "$0")/grid-prompt.sh" en-newvoice-1h en-newvoice en-newvoice "deep 8 + input adapter 16" \
    zero-shot "deep 8"

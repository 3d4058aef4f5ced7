#!/usr/bin/env bash
# The shipped en-newvoice prompt (issue 5): three voices the base never heard over a telephone line,
# trained on the 1-hour split. A deep prefix with a rank-64 input adapter, chosen on dev against
# zero-shot, the same prefix alone and with a rank-16 adapter (BENCHMARKS.md, "Prompts on a new voice").
#   recipes/prompts/en-newvoice.sh
exec "$(dirname "$0")/grid-prompt.sh" en-newvoice-1h en-newvoice en-newvoice "deep 8 + input adapter 64" \
    zero-shot "deep 8" "deep 8 + input adapter 16"

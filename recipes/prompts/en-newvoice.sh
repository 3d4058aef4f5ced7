#!/usr/bin/env bash
# The shipped en-newvoice prompt (issue 5): three voices the base never heard over a telephone line,
# trained on the 1-hour split. A deep prefix with a rank-64 input adapter trained 24 epochs, chosen on
# dev against zero-shot, the same prefix alone, with a rank-16 adapter and with the rank-64 adapter
# for 8 epochs (BENCHMARKS.md, "Prompts on a new voice").
#   recipes/prompts/en-newvoice.sh
exec "$(dirname "$0")/grid-prompt.sh" en-newvoice-1h en-newvoice en-newvoice "deep 8 + input adapter 64, 24 epochs" \
    zero-shot "deep 8 + input adapter 64"

#!/usr/bin/env bash
# The shipped en-newvoice prompt (issue 5): three voices the base never heard over a telephone line,
# trained on the 1-hour split. A deep prefix with a rank-64 input adapter and a feature transform of the
# fbank frames, trained 24 epochs, chosen on dev against zero-shot and the same prefix with the rank-64
# adapter alone (8 and 24 epochs) (BENCHMARKS.md, "Prompts on a new voice").
#   recipes/prompts/en-newvoice.sh [ROW...]   (rows beside the shipped one; default: those three)
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(zero-shot "deep 8 + input adapter 64" "deep 8 + input adapter 64, 24 epochs")
exec "$(dirname "$0")/grid-prompt.sh" en-newvoice-1h en-newvoice en-newvoice \
    "deep 8 + input adapter 64 + feature transform, 24 epochs" "${rows[@]}"

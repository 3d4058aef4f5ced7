#!/usr/bin/env bash
# Serving figures of issue 5: base reload vs prompt switch, and memory of the base plus N prompts.
# Usage: recipes/bench/prompt_switch.sh [BASE_DIR] [N]   (defaults: models/base, 1000)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$root/promptwave" info > /dev/null   # builds the CLI if needed
MALLOC_ARENA_MAX=2 java -Dai.djl.offline=true -cp "$root/cli/target/promptwave-cli.jar:$root/cli/target/lib/*" \
    "$root/recipes/bench/PromptSwitch.java" "${1:-$root/models/base}" "${2:-1000}" 2>&1 | grep -v -e AutoNonVariableTypeMode -e WARN -e INFO

# Sourced by the experiment scripts. pretrain_until_finished RUN JAR ARGS... runs
# `pretrain --run RUN --time-budget 25 ARGS...` from the copied JAR in fresh JVMs (PyTorch's native
# memory creeps up in a long one) until the run's checkpoint says it is finished.
pretrain_until_finished() {
  local run=$1 jar=$2
  shift 2
  until python3 -c 'import json,sys
try: sys.exit(0 if json.load(open(sys.argv[1])).get("finished") else 1)
except OSError: sys.exit(1)' "$run/checkpoint/state.json"; do
    MALLOC_ARENA_MAX=2 java -Xmx10g -Dai.djl.offline=true -jar "$jar" pretrain --run "$run" --time-budget 25 "$@"
    echo "loop: piece ended $(date +%T)"
  done
}

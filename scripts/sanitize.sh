#!/usr/bin/env bash
# StuntSim under the sanitizers (clang; docs/robustness.md, "Sanitizers and fuzzing").
#
#   scripts/sanitize.sh asan           build-asan (ASan + UBSan): unit tests and a short regression slice
#   scripts/sanitize.sh tsan           build-tsan (ThreadSanitizer): the viewer's GUI tests under Xvfb
#   scripts/sanitize.sh fuzz [SECONDS] build-asan: each libFuzzer target for SECONDS (default 45)
#   scripts/sanitize.sh all [SECONDS]  the three above, in that order
#
# Any sanitizer report fails the step (non-zero exit). Builds are incremental; STUNTSIM_JOBS sets
# the parallel jobs (default: the number of cores). New fuzz corpus entries go to
# build-asan/fuzz/<target>/corpus (scratch), crashes to build-asan/fuzz/<target>/; the checked-in
# seeds in tests/fuzz/corpus/ are only read.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${STUNTSIM_JOBS:-$(nproc)}
what=${1:-all}
fuzz_seconds=${2:-45}

# The regression slice: short scenarios covering the three robots, the stand, MPC and
# whole-body controllers, a push and generated terrain.
regression_slice='^regression\.(humanoid_jab|humanoid_stand_hills|quadruped_hop_landing|quadruped_turn_in_place|wheel_legged_push_stand)$'

unit_targets=(controller_api_test scenario_unit_test dense_qp_test dense_qp_random_test humanoid_unit_test quadruped_unit_test mujoco_error_test)
fuzzers=(scenario_fuzzer robot_description_fuzzer motion_fuzzer)

# Reports end the program with a non-zero status; LeakSanitizer runs with ASan.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

log() { echo "stuntsim-sanitize: $*" >&2; }
now() { date +%s; }

# timed <label> <command...>: runs the command and logs its wall time.
timed() {
  local label=$1 start
  shift
  start=$(now)
  "$@"
  log "$label: $(($(now) - start)) s wall"
}

configure() {  # configure <preset>
  [ -f "build-$1/CMakeCache.txt" ] || cmake --preset "$1" >/dev/null
}

run_asan() {
  configure asan
  timed "asan build (unit tests, stuntsim-run)" cmake --build build-asan -j"$jobs" --target "${unit_targets[@]}" stuntsim-run
  (cd build-asan && timed "asan unit tests" ctest -L unit -j"$jobs" --output-on-failure --timeout 600)
  (cd build-asan && timed "asan regression slice" ctest -R "$regression_slice" -j"$jobs" --output-on-failure --timeout 600)
}

run_tsan() {
  configure tsan
  timed "tsan build (viewer, gui tests)" cmake --build build-tsan -j"$jobs" --target stuntsim-viewer viewer_gui_test
  local artifacts=build-tsan/tests/gui/artifacts
  rm -rf "$artifacts"
  # tests/gui/CMakeLists.txt gives each test TSAN_OPTIONS (suppressions, halt_on_error).
  (cd build-tsan && timed "tsan gui tests" ctest -L gui -j1 --output-on-failure --timeout 600)
  # halt_on_error already fails a test on a report; this also catches one in a child's log.
  if grep -l "WARNING: ThreadSanitizer" "$artifacts"/*.log 2>/dev/null; then
    log "ThreadSanitizer reports in the viewer logs above"
    return 1
  fi
}

run_fuzz() {
  configure asan
  timed "fuzz build" cmake --build build-asan -j"$jobs" --target "${fuzzers[@]}"
  local name out status
  for name in "${fuzzers[@]}"; do
    out=build-asan/fuzz/$name
    mkdir -p "$out/corpus"
    status=0
    # The scratch corpus comes first: libFuzzer writes new inputs there and only reads the seeds.
    build-asan/bin/"$name" "$out/corpus" "tests/fuzz/corpus/$name" -dict="tests/fuzz/$name.dict" \
      -max_total_time="$fuzz_seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$out/" -print_final_stats=1 >"$out/fuzz.log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
      tail -n 60 "$out/fuzz.log" >&2
      log "$name: FINDING (exit $status); input saved as $(ls -t "$out"/crash-* "$out"/leak-* "$out"/timeout-* \
        "$out"/oom-* 2>/dev/null | head -n 1); full log $out/fuzz.log"
      return 1
    fi
    log "$name: $fuzz_seconds s, $(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log") runs," \
        "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/fuzz.log") exec/s," \
        "corpus $(find "$out/corpus" -type f | wc -l) new + $(find "tests/fuzz/corpus/$name" -type f | wc -l) seeds, no finding"
  done
}

case "$what" in
  asan) run_asan ;;
  tsan) run_tsan ;;
  fuzz) run_fuzz ;;
  all) run_asan; run_tsan; run_fuzz ;;
  *) echo "usage: scripts/sanitize.sh [asan|tsan|fuzz|all] [fuzz seconds]" >&2; exit 2 ;;
esac

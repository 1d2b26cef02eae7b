#!/usr/bin/env bash
# StuntSim: install what is missing, build, and run every test (unit, sim, regression, gui).
# Extra arguments go to ctest (e.g. ./test.sh -L unit).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install_deps.sh
scripts/build.sh
cd build
ctest --output-on-failure -j"${STUNTSIM_JOBS:-$(nproc)}" --timeout 600 "$@"

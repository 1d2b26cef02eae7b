#!/usr/bin/env bash
# Configures (once) and builds StuntSim in build/ (Release). Incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${STUNTSIM_JOBS:-$(nproc)}
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@"
fi
cmake --build build -j"$jobs"

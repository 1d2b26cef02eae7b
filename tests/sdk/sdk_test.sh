#!/usr/bin/env bash
# Installs StuntSim into a temporary prefix, builds tests/sdk/hello_controller against it with
# find_package(stuntsim), and runs its plugin through the installed stuntsim-run.
# Usage: sdk_test.sh <build dir> <source dir>
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/tests/sdk/hello_controller" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" -j2 >/dev/null
# The installed tree finds its own assets; STUNTSIM_ASSETS must not be needed.
unset STUNTSIM_ASSETS
run="$work/prefix/bin/stuntsim-run"
"$run" --plugin "$work/build/libhello_controller.so" --list | grep -q "hello_sway"
# Exit 0 means the run passed its checks (the robot did not fall).
"$run" --plugin "$work/build/libhello_controller.so" --robot quadruped --controller hello_sway --seconds 3
"$work/build/hello_sim"
echo "sdk test: plugin and own program built against the installed tree and ran"

#!/usr/bin/env bash
# StuntSim: install what is missing, build, and run the demo viewer (or, without a display,
# the headless demo). Extra arguments go to the program that runs.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install_deps.sh
scripts/build.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/bin/stuntsim-viewer ]; then
  exec build/bin/stuntsim-viewer "$@"
fi
exec scripts/headless_demo.sh "$@"

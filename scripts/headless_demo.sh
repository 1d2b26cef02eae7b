#!/usr/bin/env bash
# Headless demo: no display, so each robot runs in stuntsim-run and prints what it did.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "No display found (DISPLAY is unset): running the headless demo instead of the viewer."
for robot in $(build/bin/stuntsim-run --list | awk '/^robots:/{on=1;next} /^[a-z]/{on=0} on{print $1}'); do
  build/bin/stuntsim-run --robot "$robot" --seconds 5 "$@"
done

#!/usr/bin/env bash
# Headless demo: no display, so each robot performs in stuntsim-run and the checks say what
# the physics measured (distances, speeds, falls). Extra arguments go to stuntsim-run
# (e.g. --video --out out for MP4s of each run).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "No display found (DISPLAY is unset): running the headless demo instead of the viewer."
files=()
for name in quadruped_trot_1ms quadruped_turn_in_place quadruped_recover_back \
            humanoid_walk_10m humanoid_combo wheel_legged_push_stand; do
  files+=("assets/scenarios/$name.toml")
done
exec build/bin/stuntsim-run "${files[@]}" --jobs 2 "$@"

#!/usr/bin/env bash
# Installs StuntSim's Debian 12 packages that are missing (apt-get; sudo when not root).
# Idempotent: does nothing when everything is present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libmujoco-dev libmujoco-samples libqhull-dev      # physics (find_package(mujoco) needs qhull)
  libeigen3-dev                                     # controllers
  libglfw3-dev libimgui-dev libstb-dev              # viewer
  libgl1-mesa-dev libegl1-mesa-dev libgl1-mesa-dri libosmesa6-dev  # GL, EGL (headless video)
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev        # tests, benchmarks
  ffmpeg xvfb xauth xdotool                         # video, GUI tests
  clang libclang-rt-14-dev libfuzzer-14-dev         # sanitizer and fuzzer builds (scripts/sanitize.sh)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "stuntsim: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

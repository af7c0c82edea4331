#!/usr/bin/env bash
# Installs weightlink (editable) with everything the tests, benchmarks and docs need.
# torch is pinned to the CPU build through constraints.txt; torchvision is installed as source only
# (--no-deps): the static tools read it, nothing imports it.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet -c constraints.txt -e '.[torch,dev]'
python -m pip install --quiet --no-deps torchvision==0.29.1

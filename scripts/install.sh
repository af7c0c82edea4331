#!/usr/bin/env bash
# Installs weightlink (editable) with everything the tests, benchmarks and docs need.
# torch is pinned to the CPU build through constraints.txt; torchvision is installed as source only
# (--no-deps): the static tools read it, nothing imports it.
set -euo pipefail
cd "$(dirname "$0")/.."
# compat mode puts the checkout on sys.path through a .pth file, which mypy and pyright follow
# (the default import-hook editable install is invisible to them).
python -m pip install --quiet -c constraints.txt --config-settings editable_mode=compat -e '.[torch,dev]'
python -m pip install --quiet --no-deps torchvision==0.29.1 torchgeo==0.8.1 timm==1.0.31 open_clip_torch==3.3.0 segmentation-models-pytorch==0.6.0
# The example library, the same way (its dependency, weightlink, is already installed above).
python -m pip install --quiet --no-deps --config-settings editable_mode=compat -e examples
# pyright fetches its npm package on first use: once here, not by two test workers at the same time.
python -m pyright --version > /dev/null

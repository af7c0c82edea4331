"""The project's own gates: its code passes mypy --strict, and the README's main job runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_project_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "weightlink", "mypy_plugin", "codemods", "examples", "bench", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_runs_and_shows_each_guard() -> None:
    result = subprocess.run(
        [sys.executable, "examples/demo.py"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    for expected in (
        '-> TypeError: expected "MedResNet18Weights", got "MedResNet34Weights.CHESTMNIST_V1"',
        '(did you mean "PATHMNIST_V2"?)',
        "num_classes=10 conflicts",
        'pretrained= of "med_resnet18" is deprecated; use weights=MedResNet18Weights.PATHMNIST_V1',
        # The mypy plugin section: one line per wrong call of examples/plugin_demo.
        "Found 24 errors in 2 files (checked 3 source files)",
        # The codemod section: the diff of examples/legacy_calls.py.
        "+        models.resnet50(weights=models.ResNet50_Weights.IMAGENET1K_V1),",
        "1 file scanned, 1 would change, 8 call sites to rewrite, 0 reported",
    ):
        assert expected in result.stdout

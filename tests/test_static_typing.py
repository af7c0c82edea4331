"""Plain mypy and pyright (no plugin) already catch a wrong Enum passed to a weightlink builder,
because `register_model` and `handle_legacy_interface` keep the builder's signature."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

USER_CODE = """\
from tinyzoo.models import (
    FrenchSpeechWeights,
    MedResNet18Weights,
    MedResNet34Weights,
    med_resnet18,
    speech_gru,
)
from weightlink import WeightEntry

med_resnet18(weights=MedResNet34Weights.CHESTMNIST_V1)  # line 10: wrong Enum
med_resnet18(weights=MedResNet18Weights.DEFAULT)
med_resnet18(weights=None, progress=False)
speech_gru(weights=FrenchSpeechWeights.FR_CA_V1)
speech_gru(weights=WeightEntry(url="/tmp/mine.pt"))
checked: MedResNet18Weights | None = MedResNet18Weights.check_type("DEFAULT")
"""


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "user_code.py"
    path.write_text(USER_CODE)
    return path


def test_plain_mypy_reports_only_the_wrong_enum(user_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", os.devnull, user_file.name],
        cwd=user_file.parent,
        env={**os.environ, "MYPYPATH": str(EXAMPLES)},
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert errors == [
        'user_code.py:10: error: Argument "weights" to "med_resnet18" has incompatible type '
        '"MedResNet34Weights"; expected "MedResNet18Weights | None"  [arg-type]'
    ], result.stdout


def test_pyright_reports_only_the_wrong_enum(user_file: Path) -> None:
    (user_file.parent / "pyrightconfig.json").write_text(json.dumps({"extraPaths": [str(EXAMPLES)]}))
    result = subprocess.run(
        ["pyright", "--outputjson", user_file.name],
        cwd=user_file.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert [(d["range"]["start"]["line"] + 1, d["rule"]) for d in errors] == [(10, "reportArgumentType")], errors
    assert "MedResNet18Weights | None" in errors[0]["message"]

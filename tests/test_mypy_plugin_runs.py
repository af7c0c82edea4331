"""The plugin in whole mypy runs: both config formats, a third-party dialect, incremental
edit-then-rerun, and parallel mode. Small self-contained libraries keep these runs fast."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

RFC_API = """
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable

@dataclass(frozen=True)
class Entry:
    url: str
    meta: dict[str, Any] = field(default_factory=dict)

class WeightsBase(Enum):
    pass

def zoo_register(fn: Callable[..., Any]) -> Callable[..., Any]:
    return fn

def legacy_weights(**mapping: Any) -> Callable[..., Any]:
    return lambda fn: fn
"""

RFC_ZOO = """
from typing import Any, Optional
from rfclib.api import Entry, WeightsBase, zoo_register, legacy_weights

class BertWeights(WeightsBase):
    SST2_V1 = Entry(url="https://rfc.invalid/bert_sst2_v1.pt")
    SST2_V2 = Entry(url="https://rfc.invalid/bert_sst2_v2.pt")
    DEFAULT = SST2_V2

class GptWeights(WeightsBase):
    WEB_V1 = Entry(url="https://rfc.invalid/gpt.pt")

@zoo_register
@legacy_weights(weights=("pretrained", BertWeights.SST2_V1))
def bert(*, weights: Optional[BertWeights] = None, **kwargs: Any) -> str:
    return "bert"
"""

RFC_USER = """
from rfclib.zoo import bert, BertWeights, GptWeights
bert(weights=GptWeights.WEB_V1)
bert(weights="SST2_V3")
bert(pretrained=True)
bert(weights=BertWeights.SST2_V1)
"""

RFC_ERRORS = [
    'user.py:3: error: "bert" takes "BertWeights" for "weights", got "GptWeights.WEB_V1" (e.g. "BertWeights.DEFAULT")  [weights-mismatch]',
    'user.py:4: error: Unknown weights "SST2_V3" for "bert" (did you mean "SST2_V2"?); valid names of "BertWeights": DEFAULT, SST2_V1, SST2_V2  [weights-unknown]',
    "user.py:5: error: pretrained= of \"bert\" is deprecated; use weights=BertWeights.SST2_V1 (the weights pretrained=True loaded; DEFAULT is now SST2_V2)  [weights-legacy]",
]

DIALECT_TOML = """
register_decorators = ["zoo_register"]
legacy_decorators = ["legacy_weights"]
weights_bases = ["rfclib.api.WeightsBase"]
entry_classes = ["Entry"]
paths = ["src"]
"""

DIALECT_INI = """
register_decorators = zoo_register
legacy_decorators = legacy_weights
weights_bases = rfclib.api.WeightsBase
entry_classes = Entry
paths = src
"""


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def mypy(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(root / ".cache"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    return sorted(line for line in result.stdout.splitlines() if ": error:" in line)


@pytest.fixture
def rfc_project(tmp_path: Path) -> Path:
    write(tmp_path, {"src/rfclib/__init__.py": "", "src/rfclib/api.py": RFC_API, "src/rfclib/zoo.py": RFC_ZOO, "user.py": RFC_USER})
    return tmp_path


def test_third_party_dialect_from_pyproject(rfc_project: Path) -> None:
    write(
        rfc_project,
        {"pyproject.toml": '[tool.mypy]\nplugins = ["mypy_plugin"]\nmypy_path = "src"\n\n[tool.weightlink]' + DIALECT_TOML},
    )
    result = mypy(rfc_project, "user.py")
    assert errors(result) == RFC_ERRORS, result.stdout + result.stderr


def test_third_party_dialect_from_mypy_ini(rfc_project: Path) -> None:
    write(rfc_project, {"mypy.ini": "[mypy]\nplugins = mypy_plugin\nmypy_path = src\n\n[weightlink]" + DIALECT_INI})
    result = mypy(rfc_project, "user.py")
    assert errors(result) == RFC_ERRORS, result.stdout + result.stderr


def test_without_the_dialect_the_library_is_unknown_and_nothing_is_reported(rfc_project: Path) -> None:
    write(rfc_project, {"mypy.ini": "[mypy]\nplugins = mypy_plugin\nmypy_path = src\n"})
    result = mypy(rfc_project, "user.py")
    assert ": error:" not in result.stdout.replace("Unexpected keyword", ""), result.stdout


@pytest.mark.parametrize(
    ("section", "named"),
    [
        ("register_decorator = x\n", "register_decorator"),
        ("precise_types = maybe\n", "precise_types"),
        ("timm = sometimes\n", "timm"),
    ],
)
def test_a_bad_setting_stops_mypy_with_one_line_naming_it(rfc_project: Path, section: str, named: str) -> None:
    write(rfc_project, {"mypy.ini": "[mypy]\nplugins = mypy_plugin\nmypy_path = src\n\n[weightlink]\n" + section})
    result = mypy(rfc_project, "user.py")
    assert "weightlink: cannot use the [weightlink] settings" in result.stderr
    assert named in result.stderr
    assert "INTERNAL ERROR" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr


def test_a_duplicate_key_in_mypy_ini_stops_mypy_itself(rfc_project: Path) -> None:
    # mypy parses its own config file first (the plugin reads the same file after it).
    write(rfc_project, {"mypy.ini": "[mypy]\nplugins = mypy_plugin\nmypy_path = src\n\n[weightlink]\nignore = a\nignore = b\n"})
    result = mypy(rfc_project, "user.py")
    assert "option 'ignore' in section 'weightlink' already exists" in result.stderr
    assert "Traceback" not in result.stderr and result.returncode != 0


def test_a_percent_sign_in_a_setting_is_a_character(rfc_project: Path) -> None:
    write(rfc_project, {"mypy.ini": "[mypy]\nplugins = mypy_plugin\nmypy_path = src\n\n[weightlink]" + DIALECT_INI + "exclude = 100%\n"})
    result = mypy(rfc_project, "user.py")
    assert errors(result) == RFC_ERRORS, result.stdout + result.stderr


WLIB_MODELS = """
from weightlink import WeightEntry, Weights, register_model

class NetWeights(Weights):
    V1 = WeightEntry(url="https://weights.invalid/v1.pt", latest=True)
    DEFAULT = V1

@register_model()
def net(*, weights: NetWeights | None = None) -> int:
    return 1
"""


@pytest.fixture
def wlib_project(tmp_path: Path) -> Path:
    write(
        tmp_path,
        {
            "lib/wlib/__init__.py": "from wlib.models import NetWeights, net\n",
            "lib/wlib/models.py": WLIB_MODELS,
            "mypy.ini": "[mypy]\nplugins = mypy_plugin\nmypy_path = lib\n",
            "user.py": 'from wlib import net\nnet(weights="V1")\n',
            "other.py": 'import wlib\nwlib.net(weights="V3")\nwlib.net(weights=wlib.NetWeights.DEFAULT)\n',
        },
    )
    return tmp_path


def edit(path: Path, text: str) -> None:
    """mypy compares whole-second mtimes and sizes; a same-size edit within the second would be
    invisible to it, so move the clock as a real edit would."""
    stat = path.stat()
    path.write_text(text)
    os.utime(path, (stat.st_atime + 2, stat.st_mtime + 2))


def test_renaming_a_member_reports_the_now_wrong_string_on_a_warm_rerun(wlib_project: Path) -> None:
    assert mypy(wlib_project, "user.py").returncode == 0
    models = wlib_project / "lib/wlib/models.py"
    edit(models, models.read_text().replace("V1 = ", "V2 = ").replace("DEFAULT = V1", "DEFAULT = V2"))
    warm = mypy(wlib_project, "user.py")
    assert errors(warm) == [
        'user.py:2: error: Unknown weights "V1" for "net"; valid names of "NetWeights": DEFAULT, V2  [weights-unknown]'
    ], warm.stdout
    # And back: the warm run forgets the error again.
    edit(models, textwrap.dedent(WLIB_MODELS))
    assert mypy(wlib_project, "user.py").returncode == 0


def test_parallel_mode_reports_what_a_serial_run_reports(wlib_project: Path) -> None:
    serial = mypy(wlib_project, "--cache-dir", str(wlib_project / ".serial"), "user.py", "other.py")
    parallel = mypy(wlib_project, "-n", "2", "--cache-dir", str(wlib_project / ".parallel"), "user.py", "other.py")
    assert errors(parallel) == errors(serial) == [
        'other.py:2: error: Unknown weights "V3" for "net"; valid names of "NetWeights": DEFAULT, V1  [weights-unknown]'
    ], parallel.stdout + parallel.stderr


ONE_LINE_USER = """
import torchvision
from torchvision.models import resnet50
resnet50(pretrained=True)
torchvision.models.vgg16(pretrained=False)
"""
ONE_LINE_ERRORS = [
    'user.py:4: error: pretrained= of "resnet50" is deprecated; use weights=ResNet50_Weights.IMAGENET1K_V1 '
    "(the weights pretrained=True loaded; DEFAULT is now IMAGENET1K_V2)  [weights-legacy]",
    'user.py:5: error: pretrained= of "vgg16" is deprecated (pretrained=False); use weights=None  [weights-legacy]',
]


@pytest.mark.parametrize(
    ("config_name", "config"),
    [("mypy.ini", "[mypy]\nplugins = mypy_plugin\n"), ("pyproject.toml", '[tool.mypy]\nplugins = ["mypy_plugin"]\n')],
)
def test_one_line_of_setup_is_enough_for_torchvision(tmp_path: Path, config_name: str, config: str) -> None:
    write(tmp_path, {config_name: config, "user.py": ONE_LINE_USER})
    result = mypy(tmp_path, "user.py")
    assert errors(result) == ONE_LINE_ERRORS, result.stdout + result.stderr


def test_a_users_own_follow_untyped_imports_setting_is_respected(tmp_path: Path) -> None:
    config = "[mypy]\nplugins = mypy_plugin\n\n[mypy-torchvision.*]\nfollow_untyped_imports = False\n"
    write(tmp_path, {"mypy.ini": config, "user.py": ONE_LINE_USER})
    result = mypy(tmp_path, "user.py")
    assert "[import-untyped]" in result.stdout and "[weights-legacy]" not in result.stdout, result.stdout


def test_the_mypy_daemon_stays_incremental_with_the_one_line_setup(tmp_path: Path) -> None:
    """Editors run mypy through its daemon. The options the one-line setup adds must not make the
    daemon's configuration check fail: a restart on every run would re-check everything each time."""
    write(tmp_path, {"mypy.ini": "[mypy]\nplugins = mypy_plugin\n", "user.py": ONE_LINE_USER})

    def dmypy(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(tmp_path / ".dmypy.json"), *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False, timeout=300)

    try:
        runs = [dmypy("run", "--", "user.py"), dmypy("run", "--", "user.py")]
        edit(tmp_path / "user.py", ONE_LINE_USER + 'resnet50(weights="NOPE")\n')
        runs.append(dmypy("run", "--", "user.py"))
    finally:
        dmypy("kill")
    outputs = [run.stdout + run.stderr for run in runs]
    assert not any("Restarting" in output for output in outputs), outputs
    assert errors(runs[0]) == errors(runs[1]) == ONE_LINE_ERRORS, outputs
    assert any('"NOPE"' in line and "[weights-unknown]" in line for line in errors(runs[2])), outputs[2]
    assert len(errors(runs[2])) == 3, outputs[2]

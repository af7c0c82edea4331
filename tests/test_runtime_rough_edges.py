"""Rough edges a new user meets: the version `weightlink catalog --path` reports for a source
tree, and torch's NumPy warning on a fresh install."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # a dependency of weightlink there
    import tomli as tomllib

from weightlink.catalog.source import Library
from weightlink.cli import main

ROOT = Path(__file__).resolve().parents[1]


def installed_torchvision() -> Path:
    spec = importlib.util.find_spec("torchvision")  # found, never imported
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)))


def test_catalog_of_a_source_tree_reports_that_trees_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A checkout of a newer torchvision: its sources, no .dist-info beside them, while 0.29.1 is
    # installed in site-packages.
    tree = tmp_path / "checkout"
    shutil.copytree(installed_torchvision(), tree / "torchvision", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    (tree / "torchvision" / "version.py").write_text("__version__ = '0.30.0a0'\ngit_version = 'abc123'\n")
    monkeypatch.setenv("WEIGHTLINK_CACHE_DIR", str(tmp_path / "cache"))

    assert main(["catalog", "torchvision", "--path", str(tree)]) == 0

    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary.startswith("torchvision 0.30.0a0 (torchvision dialect): ")
    assert Library("torchvision").version == "0.29.1"  # the installed copy still reads its dist-info


def make_package(root: Path, files: dict[str, str]) -> Library:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    return Library("sourcelib", [root])


@pytest.mark.parametrize(
    ("files", "version"),
    [
        ({"sourcelib/__init__.py": "", "sourcelib-2.0.dist-info/METADATA": ""}, "2.0"),
        ({"sourcelib/__init__.py": "", "sourcelib.egg-info/PKG-INFO": "Name: sourcelib\nVersion: 1.5\n"}, "1.5"),
        ({"sourcelib/__init__.py": "", "sourcelib/version.py": "__version__ = '1.2.3'\n"}, "1.2.3"),
        ({"sourcelib/__init__.py": "", "sourcelib/_version.py": '__version__ = "1.2.4"\n'}, "1.2.4"),
        ({"sourcelib/__init__.py": 'import os\n__version__ = "1.2.5"\n'}, "1.2.5"),
        # Computed versions cannot be read without running code: say so rather than guess.
        ({"sourcelib/__init__.py": "__version__ = get_version()\n"}, "unknown"),
        ({"sourcelib/__init__.py": "", "sourcelib/version.py": "def broken(:\n"}, "unknown"),
        ({"sourcelib/__init__.py": ""}, "unknown"),
    ],
    ids=["dist-info", "egg-info", "version.py", "_version.py", "__init__.py", "computed", "syntax-error", "none"],
)
def test_version_is_read_from_the_tree(tmp_path: Path, files: dict[str, str], version: str) -> None:
    assert make_package(tmp_path, files).version == version


def test_torch_extra_brings_numpy() -> None:
    # torch imports without numpy but warns "Failed to initialize NumPy" on every import.
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(requirement.startswith("numpy") for requirement in extras["torch"])


def test_loading_weights_prints_no_numpy_warning(tmp_path: Path) -> None:
    # What examples/demo.py does first, in a fresh interpreter: import torch, load a checkpoint.
    script = (
        "import torch\n"
        "from weightlink import WeightEntry\n"
        f"path = {str(tmp_path / 'w.pth')!r}\n"
        "torch.save(torch.nn.Linear(2, 2).state_dict(), path)\n"
        "print(sorted(WeightEntry(path).state_dict()))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout == "['bias', 'weight']\n"
    assert "NumPy" not in result.stderr, result.stderr

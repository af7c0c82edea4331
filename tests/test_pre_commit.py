"""The hooks of .pre-commit-hooks.yaml, installed by real pre-commit from a snapshot of this checkout
into a scratch git repository: a commit with a legacy call is refused, the migrated one goes in.

pre-commit builds each hook's environment with pip, as it does for a user (PyPI must be reachable).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GIT = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test", "-c", "commit.gpgsign=false"]


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True, check=False, env=env)


def snapshot_of_this_checkout(into: Path) -> str:
    """pre-commit installs hooks from a commit; commit the working tree as it is (uncommitted edits too)."""
    listed = git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=ROOT)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    git("init", "-q", cwd=into)
    git("add", "-A", cwd=into)
    assert git("commit", "-qm", "snapshot", cwd=into).returncode == 0
    return git("rev-parse", "HEAD", cwd=into).stdout.strip()


def test_hooks_refuse_a_legacy_call_and_accept_the_migrated_one(tmp_path: Path) -> None:
    hooks, project = tmp_path / "weightlink", tmp_path / "project"
    hooks.mkdir()
    project.mkdir()
    rev = snapshot_of_this_checkout(hooks)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    env.pop("PYTHONPATH", None)  # the hooks must work from their own environment, not this checkout
    git("init", "-q", cwd=project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: weightlink-check\n      - id: migrate-pretrained\n"
    )
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=project, env=env, check=True, capture_output=True)

    (project / "train.py").write_text("from torchvision import models\nmodel = models.resnet50(pretrained=True)\n")
    git("add", "-A", cwd=project)
    refused = git("commit", "-m", "legacy call", cwd=project, env=env)
    assert refused.returncode != 0, refused.stdout + refused.stderr
    output = refused.stdout + refused.stderr
    finding = "weights-legacy pretrained= of \"resnet50\" is deprecated; use weights=ResNet50_Weights.IMAGENET1K_V1"
    assert output.count(finding) == 1, output  # reported once, by the check hook
    assert "train.py: 1 call to migrate" in output and output.count("Failed") == 2, output
    assert "to fix: weightlink check --fix train.py" in output, output
    assert output.count("1 file checked") == 1, output  # one summary

    subprocess.run([sys.executable, "-m", "weightlink", "check", "--fix", "train.py"], cwd=project, check=True, capture_output=True)
    assert "weights=models.ResNet50_Weights.IMAGENET1K_V1" in (project / "train.py").read_text()
    git("add", "-A", cwd=project)
    accepted = git("commit", "-m", "migrated", cwd=project, env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert (accepted.stdout + accepted.stderr).count("Passed") == 2

    # exclude holds for the files pre-commit names explicitly (--force-exclude), in both hooks.
    (project / "pyproject.toml").write_text('[tool.weightlink]\nexclude = ["vendored"]\n')
    (project / "vendored").mkdir()
    (project / "vendored" / "old.py").write_text("from torchvision import models\nmodel = models.resnet50(pretrained=True)\n")
    git("add", "-A", cwd=project)
    vendored = git("commit", "-m", "vendored code", cwd=project, env=env)
    assert vendored.returncode == 0, vendored.stdout + vendored.stderr

    # Notebooks are staged files of the hooks too (types_or: [python, jupyter]).
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": ["import torchvision\n", "torchvision.models.vgg16(pretrained=True)"]}
    (project / "tour.ipynb").write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}))
    git("add", "-A", cwd=project)
    notebook = git("commit", "-m", "a notebook", cwd=project, env=env)
    assert notebook.returncode != 0, notebook.stdout + notebook.stderr
    assert 'tour.ipynb:cell 1:2:37: weights-legacy pretrained= of "vgg16" is deprecated' in notebook.stdout + notebook.stderr

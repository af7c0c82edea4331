"""Fixes keep the project's own rules: on files that ruff's isort and line-length rules
(``--select I,E501``) and ruff's formatter (black's style) accept before the rewrite, they still
accept them after it, under the settings projects use (line length, one name a line, sorting within
sections, order by type, the project's own packages as a section of their own).

ruff is the oracle: each file is made clean by ``ruff check --select I --fix`` and ``ruff format``
under the project's settings first, then migrated, then checked again.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codemods.migrate_pretrained.runner import RunSettings, migrate_file

# Shapes of real files (a training script, a model zoo module, a detection helper, a guarded import).
FILES = {
    "train.py": """
        import argparse
        import os

        import numpy as np
        import torch
        from torch import nn
        from torchvision import transforms
        from torchvision.models import resnet50, vgg16

        from myproject.data import loader


        def build(args):
            backbone = resnet50(pretrained=True)
            head = vgg16(pretrained=args.pretrained, progress=False)
            return backbone, head, np, torch, nn, transforms, os, argparse, loader
    """,
    "zoo.py": """
        import torchvision.models as models
        from torchvision.models.detection import fasterrcnn_resnet50_fpn, maskrcnn_resnet50_fpn
        from torchvision.models.detection.faster_rcnn import FastRCNNPredictor


        def detector(num_classes):
            model = fasterrcnn_resnet50_fpn(pretrained=True)
            model.roi_heads.box_predictor = FastRCNNPredictor(1024, num_classes)
            masks = maskrcnn_resnet50_fpn(pretrained_backbone=True, num_classes=num_classes)
            return model, masks, models.resnet18(pretrained=True)
    """,
    "segmentation.py": """
        from torchvision.models.segmentation import deeplabv3_resnet101
        from torchvision.models.segmentation import fcn_resnet50 as fcn


        def segmenters():
            return deeplabv3_resnet101(pretrained=True), fcn(pretrained=True)
    """,
    "optional.py": """
        try:
            from torchvision.models import efficientnet_b0, mobilenet_v3_large
        except ImportError:
            efficientnet_b0 = mobilenet_v3_large = None


        def small():
            return efficientnet_b0(pretrained=True), mobilenet_v3_large(pretrained=True)
    """,
    # Rewrites that pass the line length: wrapped as the formatter would.
    "long_lines.py": """
        import torchvision
        from torchvision import models

        from myproject.data import loader


        class Trainer:
            def build(self, args):
                detector = torchvision.models.detection.fasterrcnn_resnet50_fpn(pretrained=True)
                classifier = models.resnet50(pretrained=args.pretrained).to(args.device)
                backbone = torchvision.models.detection.maskrcnn_resnet50_fpn(pretrained=False, pretrained_backbone=True)
                return detector, classifier, backbone, loader
    """,
}

SETTINGS = {
    "defaults": "",
    "line-length 79": "[tool.ruff]\nline-length = 79\n",
    "line-length 120": "[tool.ruff]\nline-length = 120\n",
    "force-single-line": "[tool.ruff.lint.isort]\nforce-single-line = true\n",
    "force-sort-within-sections": "[tool.ruff.lint.isort]\nforce-sort-within-sections = true\n",
    "order-by-type off": "[tool.ruff.lint.isort]\norder-by-type = false\n",
}


def ruff(project: Path, *arguments: str, select: str = "I,E501") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ruff", "check", "--select", select, "--output-format", "concise", *arguments, "."]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)


def ruff_format(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ruff", "format", *arguments, "."]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("config", list(SETTINGS.values()), ids=list(SETTINGS))
def test_added_imports_keep_isort_clean_files_clean(config: str, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(config + '[project]\nname = "myproject"\n')
    (tmp_path / "myproject").mkdir()
    (tmp_path / "myproject" / "__init__.py").write_text("")
    for name, text in FILES.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip())
    ruff(tmp_path, "--fix", select="I")
    ruff_format(tmp_path)
    clean = ruff(tmp_path)
    assert clean.returncode == 0, "the files are clean before the rewrite: " + clean.stdout
    before = {name: (tmp_path / name).read_text() for name in FILES}
    for name in FILES:
        result = migrate_file(tmp_path / name, RunSettings())
        assert result.error is None and result.changed, name
    after = ruff(tmp_path)
    assert after.returncode == 0, after.stdout + "\n".join(f"--- {n}\n{(tmp_path / n).read_text()}" for n in FILES)
    formatted = ruff_format(tmp_path, "--check", "--diff")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    assert all("_Weights" in (tmp_path / name).read_text() and before[name] != (tmp_path / name).read_text() for name in FILES)

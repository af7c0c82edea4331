from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    # pytest-lsp's plugin is off (pyproject's addopts: its pytest_runtest_call wrapper does not
    # yield for items without funcargs, which fails every YAML test of pytest-mypy-plugins); its
    # fixtures, which tests/test_server.py uses, read this one option of it.
    parser.addoption("--lsp-devtools", dest="devtools", nargs="?", default=None, const="localhost:8765")


@pytest.fixture
def hub_dir(tmp_path: Path) -> Iterator[Path]:
    """torch.hub's cache pointed at a temporary directory holding every tinyzoo weights file."""
    import torch.hub

    from tinyzoo.publish import publish_weights

    previous = torch.hub.get_dir()
    publish_weights(tmp_path / "checkpoints")
    torch.hub.set_dir(str(tmp_path))
    yield tmp_path
    torch.hub.set_dir(previous)

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


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

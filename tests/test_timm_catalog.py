"""The static timm catalog reader, on the real timm 1.0.31 source (never imported) and on small trees."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from weightlink.catalog.timm import find_timm
from weightlink.catalog.timm_reader import TimmCatalog, read_timm_catalog


@pytest.fixture(scope="module")
def timm() -> TimmCatalog:
    # scripts/install.sh installs timm 1.0.31's source (--no-deps: never imported).
    package = find_timm()
    assert package is not None, "timm is not installed: run scripts/install.sh"
    catalog = read_timm_catalog(package.parent)
    assert "timm" not in sys.modules, "the reader must not import timm"
    return catalog


def test_version_and_sizes(timm: TimmCatalog) -> None:
    assert timm.version == "1.0.31"
    # Measured against timm 1.0.31's runtime registry: 1371 architectures, 209 deprecations.
    assert len(timm.architectures) == 1371
    assert len(timm.deprecations) == 209


def test_resnet50_tags(timm: TimmCatalog) -> None:
    tags = timm.architectures["resnet50"]
    assert "a1_in1k" in tags
    # 'resnet50.a1_in1k' is listed first in resnet.py and has weights, so timm makes it the default.
    assert timm.default_tag("resnet50") == "a1_in1k"
    assert "resnet50" in timm.pretrained and "resnet50.a1_in1k" in timm.pretrained


def test_deprecations(timm: TimmCatalog) -> None:
    assert (
        timm.deprecations["tf_efficientnet_b4_ns"] == "tf_efficientnet_b4.ns_jft_in1k"
    )
    assert (
        timm.deprecations["vit_base_patch16_224_in21k"]
        == "vit_base_patch16_224.augreg_in21k"
    )


def test_resolve(timm: TimmCatalog) -> None:
    assert timm.resolve("resnet50") == ("resnet50", None)
    assert timm.resolve("resnet50.a1_in1k") == ("resnet50", "a1_in1k")
    assert timm.resolve("resnet50.no_such_tag") is None
    assert timm.resolve("no_such_arch.a1_in1k") is None
    assert timm.default_tag("no_such_arch") is None


def test_dynamic_cfgs_are_reported_not_guessed(timm: TimmCatalog) -> None:
    # vision_transformer.py derives *_clip_quickgelu_* cfgs in a loop; deepseek/qwen3 use comprehensions.
    assert timm.architectures["vit_base_patch32_clip_quickgelu_224"] == ()
    assert any("vision_transformer.py" in p and "loop" in p for p in timm.problems)
    assert any("qwen3_vit.py" in p and "comprehension" in p for p in timm.problems)


def test_json_round_trip(timm: TimmCatalog) -> None:
    data = json.loads(json.dumps(timm.to_json()))
    assert TimmCatalog.from_json(data) == timm
    with pytest.raises(ValueError):
        TimmCatalog.from_json({"version": "x"})


def _tree(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    models = tmp_path / "timm" / "models"
    models.mkdir(parents=True)
    (tmp_path / "timm" / "version.py").write_text("__version__ = '9.9.9'\n")
    for name, text in files.items():
        target = models / name
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text)
    return tmp_path


GOOD = """
from ._registry import generate_default_cfgs, register_model, register_model_deprecations

def _cfg(url='', **kwargs):
    return {'url': url, **kwargs}

default_cfgs = generate_default_cfgs({
    'net.untrained': _cfg(),            # listed first but has no weights
    'net.trained': _cfg(hf_hub_id='timm/'),
    'other': _cfg(url='https://example/x.pth'),
    'star.a': _cfg(hf_hub_id='timm/'),
    'star.b*': _cfg(hf_hub_id='timm/'),
})

@register_model
def net(pretrained=False): ...

@_registry.register_model
def other(pretrained=False): ...

@register_model
def star(pretrained=False): ...

@register_model
def bare(pretrained=False): ...

register_model_deprecations(__name__, {'old_net': 'net.trained', 'gone': None, 'gone2': ''})
"""


def test_generate_default_cfgs_ordering(tmp_path: Path) -> None:
    catalog = read_timm_catalog(_tree(tmp_path, {"good.py": GOOD}))
    assert catalog.version == "9.9.9"
    assert catalog.problems == ()
    # The first *weighted* tag becomes the default; a trailing '*' forces the default.
    assert catalog.architectures["net"] == ("trained", "untrained")
    assert catalog.architectures["star"] == ("b", "a")
    assert catalog.architectures["other"] == ("",)
    assert catalog.default_tag("other") == ""
    assert catalog.architectures["bare"] == ()
    assert catalog.default_tag("bare") is None
    assert (
        "net.untrained" not in catalog.pretrained
        and "net.trained" in catalog.pretrained
    )
    assert catalog.deprecations == {
        "old_net": "net.trained",
        "gone": None,
        "gone2": None,
    }


BAD_KEYS = """
default_cfgs = generate_default_cfgs({
    KEY: _cfg(hf_hub_id='timm/'),
    'kept.a': _cfg(hf_hub_id='timm/'),
    **{f'x.{i}': {} for i in range(3)},
})

@register_model
def kept(pretrained=False): ...
"""


def test_bad_files_become_problems(tmp_path: Path) -> None:
    source = _tree(
        tmp_path,
        {
            "good.py": GOOD,
            "broken.py": "def f(:\n",
            "bad_key.py": BAD_KEYS,
            "latin1.py": b"x = '\xff'\n",
            "nul.py": b"x = 1\x00\n",
            "deep.py": "x = " + "(" * 100_000 + ")" * 100_000 + "\n",
        },
    )
    (source / "timm" / "models" / "dir.py").mkdir()
    if hasattr(os, "mkfifo"):
        # Opening a FIFO for reading would block forever.
        os.mkfifo(source / "timm" / "models" / "fifo.py")
    catalog = read_timm_catalog(source)
    assert catalog.architectures["net"] == (
        "trained",
        "untrained",
    )  # good.py still read
    assert catalog.architectures["kept"] == (
        "a",
    )  # bad_key.py: the literal key still read
    by_file = {p.split(":")[0] for p in catalog.problems}
    for name in ("broken.py", "bad_key.py", "latin1.py", "nul.py", "deep.py", "dir.py"):
        assert f"timm/models/{name}" in by_file, (name, catalog.problems)
    bad_key_problems = [p for p in catalog.problems if "bad_key.py" in p]
    assert len(bad_key_problems) == 2, bad_key_problems  # KEY and the ** comprehension
    if hasattr(os, "mkfifo"):
        assert "timm/models/fifo.py" in by_file


def test_not_a_timm_tree(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_timm_catalog(tmp_path)

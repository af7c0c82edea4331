"""The catalog on weightlink libraries (tinyzoo), third-party dialects, bad source, cache and CLI."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from weightlink.catalog import Catalog, build_catalog, dialect_from_config, load_catalog
from weightlink.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ZOO = "tinyzoo.models"


def write_package(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


@pytest.fixture(scope="module")
def zoo() -> Catalog:
    return build_catalog("tinyzoo", paths=[EXAMPLES])


def test_tinyzoo_builders_enums_and_families(zoo: Catalog) -> None:
    assert zoo.dialect == "weightlink"
    assert sorted(zoo.registry) == ["med_resnet18", "med_resnet34", "med_segnet", "speech_gru"]
    assert {e.name for e in zoo.enums.values()} == {
        "MedResNet18Weights",
        "MedResNet34Weights",
        "MedSegNetWeights",
        "SpeechWeights",
        "EnglishSpeechWeights",
        "FrenchSpeechWeights",
    }
    family = [e.name for e in zoo.family(f"{ZOO}.speech.SpeechWeights")]
    assert family == ["SpeechWeights", "EnglishSpeechWeights", "FrenchSpeechWeights"]
    assert zoo.enums[f"{ZOO}.speech.SpeechWeights"].members == {}
    speech = zoo.builder("tinyzoo.models.speech_gru")
    assert speech is not None
    weights = speech.weights_param("weights")
    assert weights is not None and weights.accepts_entry and weights.enums == [f"{ZOO}.speech.SpeechWeights"]
    assert zoo.problems == []


def test_tinyzoo_legacy_mappings(zoo: Catalog) -> None:
    resnet18 = zoo.builder("med_resnet18")
    assert resnet18 is not None
    assert resnet18.legacy[0].default.member == f"{ZOO}.med_resnet.MedResNet18Weights.PATHMNIST_V1"
    assert zoo.enums[f"{ZOO}.med_resnet.MedResNet18Weights"].default_member == "PATHMNIST_V2"
    assert resnet18.legacy_positional == ["pretrained", "progress"]
    assert zoo.builder("med_resnet34").legacy[0].default.kind == "none"  # type: ignore[union-attr]
    segnet = zoo.builder("med_segnet")
    assert segnet is not None
    assert segnet.legacy_positional == ["pretrained", "progress", "num_classes", "pretrained_backbone"]
    assert segnet.legacy_for("pretrained_backbone").default.member == f"{ZOO}.med_resnet.MedResNet18Weights.PATHMNIST_V1"  # type: ignore[union-attr]
    # A module-level function as the legacy default, read as a conditional.
    speech = zoo.builder("speech_gru").legacy[0].default  # type: ignore[union-attr]
    assert (speech.kind, speech.param, speech.test) == ("conditional", "streaming", "truthy")
    assert speech.then and speech.then.member == f"{ZOO}.speech.EnglishSpeechWeights.EN_US_STREAMING_V1"
    assert zoo.builder("speech_gru").legacy_positional == []  # type: ignore[union-attr]


def test_tinyzoo_meta_from_other_modules(zoo: Catalog) -> None:
    chest = zoo.enums[f"{ZOO}.med_resnet.MedResNet34Weights"].members["CHESTMNIST_V1"]
    assert chest.num_categories == 14  # the list lives in tinyzoo/models/_meta.py
    assert chest.meta["dataset"] == "ChestMNIST"
    overrides = {(o.param, o.meta_key) for o in zoo.builder("speech_gru").meta_overrides}  # type: ignore[union-attr]
    assert overrides == {("num_tokens", "tokens"), ("streaming", "streaming")}
    assert [o.param for o in zoo.builder("med_resnet18").meta_overrides] == ["num_classes"]  # type: ignore[union-attr]


RFC_LIBRARY = {
    "rfclib/__init__.py": "from rfclib.zoo import *\n",
    "rfclib/api.py": """
        from enum import Enum
        from dataclasses import dataclass

        @dataclass
        class Entry:
            url: str
            meta: dict

        class WeightsBase(Enum):
            pass

        def zoo_register(fn):
            return fn

        def legacy_weights(**mapping):
            return lambda fn: fn
        """,
    "rfclib/zoo.py": """
        from rfclib import api
        from rfclib.api import Entry, WeightsBase, zoo_register

        __all__ = ["BertWeights", "bert"]

        LABELS = ["neg", "pos"]

        class BertWeights(WeightsBase):
            SST2_V1 = Entry(url="https://rfc.invalid/bert_sst2.pt", meta={"categories": LABELS + ["neutral"]})
            DEFAULT = SST2_V1

        @zoo_register
        @api.legacy_weights(weights=("pretrained", BertWeights.SST2_V1))
        def bert(*, weights: "BertWeights | None" = None, num_classes: int = 2):
            pass
        """,
}


# rfclib described in a pyproject.toml beside its src/ folder (tests/test_stubs.py uses both too).
RFC_CONFIG = """
[tool.weightlink]
register_decorators = ["zoo_register"]
legacy_decorators = ["legacy_weights"]
weights_bases = ["rfclib.api.WeightsBase"]
entry_classes = ["Entry"]
paths = ["src"]
"""


def test_third_party_library_described_in_pyproject(tmp_path: Path) -> None:
    write_package(tmp_path / "src", RFC_LIBRARY)
    config = tmp_path / "pyproject.toml"
    config.write_text(RFC_CONFIG)
    catalog = build_catalog("rfclib", dialect=dialect_from_config(config))
    bert = catalog.builder("rfclib.bert")
    assert bert is not None and bert.registry_names == ["bert"]
    assert bert.weights_param("weights").enums == ["rfclib.zoo.BertWeights"]  # type: ignore[union-attr]
    assert bert.legacy[0].default.member == "rfclib.zoo.BertWeights.SST2_V1"
    enum = catalog.enum("rfclib.BertWeights")
    assert enum is not None and enum.members["SST2_V1"].num_categories == 3
    assert catalog.dialect == "rfclib"


def test_mypy_ini_section_and_unknown_settings(tmp_path: Path) -> None:
    ini = tmp_path / "mypy.ini"
    ini.write_text("[mypy]\nplugins = mypy_plugin\n\n[weightlink]\nregister_decorators = zoo_register, other\n")
    assert {"zoo_register", "other", "register_model"} <= dialect_from_config(ini).register_decorators
    ini.write_text("[weightlink]\nregister_decorator = typo\n")
    with pytest.raises(ValueError, match="unknown weightlink setting\\(s\\): register_decorator"):
        dialect_from_config(ini)


BROKEN_LIBRARY = {
    "brokenlib/__init__.py": "from brokenlib.good import *\nfrom brokenlib.bad import *\n",
    "brokenlib/good.py": """
        from weightlink import WeightEntry, Weights, handle_legacy_interface, register_model

        class GoodWeights(Weights):
            V1 = WeightEntry(url="https://x.invalid/v1.pt", meta={"categories": CATEGORIES_FROM_NOWHERE})
            DEFAULT = V1

        @register_model()
        @handle_legacy_interface(weights=("pretrained", pick_at_runtime()))
        def good(*, weights: GoodWeights | None = None) -> None:
            pass

        @register_model()
        @handle_legacy_interface(weights=("pretrained", GoodWeights.V1))
        def fine(*, weights: GoodWeights | None = None) -> None:
            pass
        """,
    "brokenlib/bad.py": """
        from weightlink import register_model

        @register_model()
        def bad(*, weights=None:
            pass
        """,
}


def test_bad_source_is_reported_with_file_and_line_and_marks_builders_partial(tmp_path: Path) -> None:
    write_package(tmp_path, BROKEN_LIBRARY)
    catalog = build_catalog("brokenlib", paths=[tmp_path])
    problems = [str(p) for p in catalog.problems]
    assert any(p.startswith("brokenlib/bad.py:5: syntax error") for p in problems), problems
    assert any(p.startswith("brokenlib/good.py:9: good: cannot resolve legacy default pick_at_runtime()") for p in problems)
    assert any(p.startswith("brokenlib/good.py:5: GoodWeights.V1: cannot evaluate meta['categories']") for p in problems)
    assert catalog.builders["brokenlib.bad.bad"].partial
    assert catalog.builders["brokenlib.good.good"].partial
    assert not catalog.builders["brokenlib.good.fine"].partial
    assert catalog.enums["brokenlib.good.GoodWeights"].partial


def test_cache_is_reused_and_invalidated_by_a_source_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEIGHTLINK_CACHE_DIR", str(tmp_path / "cache"))
    write_package(tmp_path / "lib", BROKEN_LIBRARY)
    first = load_catalog("brokenlib", paths=[tmp_path / "lib"])
    assert len(list((tmp_path / "cache").glob("brokenlib-*.json"))) == 1
    # A hit does not extract again.
    import weightlink.catalog as catalog_module

    monkeypatch.setattr(catalog_module, "extract_catalog", lambda *a: pytest.fail("extracted again"))
    assert load_catalog("brokenlib", paths=[tmp_path / "lib"]).to_json() == first.to_json()
    monkeypatch.undo()
    monkeypatch.setenv("WEIGHTLINK_CACHE_DIR", str(tmp_path / "cache"))
    good = tmp_path / "lib" / "brokenlib" / "good.py"
    good.write_text(good.read_text().replace("GoodWeights.V1))", "None))"))
    edited = load_catalog("brokenlib", paths=[tmp_path / "lib"])
    assert edited.builders["brokenlib.good.fine"].legacy[0].default.kind == "none"
    assert len(list((tmp_path / "cache").glob("brokenlib-*.json"))) == 2


def test_bundled_catalog_serves_when_the_library_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import weightlink.catalog.source as source

    monkeypatch.setattr(source.importlib.machinery.PathFinder, "find_spec", staticmethod(lambda *a: None))
    catalog = load_catalog("torchvision")
    assert catalog.version == "0.29.1" and len(catalog.registry) == 121


def test_cli_table_json_and_unknown_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "tinyzoo", "--path", str(EXAMPLES)]) == 0
    table = capsys.readouterr().out
    assert "med_resnet18  models.med_resnet.med_resnet18  MedResNet18Weights  PATHMNIST_V2      MedResNet18Weights.PATHMNIST_V1" in table
    assert "EnglishSpeechWeights.EN_US_STREAMING_V1 if streaming else EnglishSpeechWeights.EN_US_V1" in table
    assert main(["catalog", "tinyzoo", "--path", str(EXAMPLES), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["registry"]["speech_gru"] == f"{ZOO}.speech.speech_gru"
    assert main(["catalog", "no_such_library_xyz"]) == 2
    assert "cannot find package 'no_such_library_xyz'" in capsys.readouterr().err

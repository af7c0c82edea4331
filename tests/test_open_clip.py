"""open_clip as a named library: the static catalog reader on the real open_clip 3.3.0 source (never
imported), the bundled catalog, and `OPEN_CLIP.judge` on each form of call (front-end wiring is
tested with the front ends)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from weightlink.catalog import open_clip as loader
from weightlink.catalog.open_clip import (
    bundled_open_clip_catalog,
    find_open_clip,
    load_open_clip_catalog,
)
from weightlink.catalog.open_clip_reader import OpenClipCatalog, read_open_clip_catalog
from weightlink.named import NOT_LITERAL, NamedCall, Verdict
from weightlink.named.open_clip import OPEN_CLIP, OPEN_CLIP_FUNCTIONS
from weightlink.rules.codes import (
    MODEL_UNKNOWN,
    WEIGHTS_META_CONFLICT,
    WEIGHTS_MISMATCH,
    WEIGHTS_UNKNOWN,
)


@pytest.fixture(scope="module")
def package() -> Path:
    # open_clip_torch 3.3.0's source (pip install --no-deps open_clip_torch==3.3.0): read, never imported.
    found = find_open_clip()
    if found is None:
        pytest.skip("open_clip is not installed (pip install --no-deps open_clip_torch==3.3.0)")
    return found


@pytest.fixture(scope="module")
def source(package: Path) -> OpenClipCatalog:
    catalog = read_open_clip_catalog(package)
    assert "open_clip" not in sys.modules, "the reader must not import open_clip"
    return catalog


@pytest.fixture(scope="module")
def catalog() -> OpenClipCatalog:
    return bundled_open_clip_catalog()


# -- the reader ---------------------------------------------------------------------------------------


def test_counts(source: OpenClipCatalog) -> None:
    assert source.version == "3.3.0"
    assert source.problems == ()
    assert len(source.models) == 144
    literal = {m: tags for m, tags in source.pretrained.items() if m not in source.derived}
    assert len(literal) == 102
    assert sum(len(tags) for tags in literal.values()) == 169
    # The loop after _PRETRAINED: "<arch>-quickgelu" with arch's QuickGELU tags.
    assert len(source.derived) == 13
    assert sum(len(source.pretrained[m]) for m in source.derived) == 27
    for model in source.derived:
        base = model.removesuffix("-quickgelu")
        assert source.pretrained[model] == {t: True for t, q in source.pretrained[base].items() if q}
        assert source.models[model] is True
    assert len(source.pairs()) == 169 + 27
    assert set(source.pretrained) <= set(source.models)


def test_quick_gelu_disagreements(source: OpenClipCatalog) -> None:
    pairs = source.disagreements()
    assert len(pairs) == 28
    assert sum(tag == "openai" for _, tag in pairs) == 9
    # The one the other way round: the config says QuickGELU, the tag's cfg does not.
    assert [p for p in pairs if not source.pretrained[p[0]][p[1]]] == [("roberta-ViT-B-32", "laion2b_s12b_b32k")]
    assert source.weights_quick_gelu("ViT-B-32", "openai") is True
    assert source.models["ViT-B-32"] is False and source.models["ViT-B-32-quickgelu"] is True
    assert source.weights_quick_gelu("ViT-H-14", "metaclip_altogether") is False


def test_orders(source: OpenClipCatalog) -> None:
    models = list(source.models)
    assert models[:3] == ["coca_base", "coca_roberta-ViT-B-32", "coca_ViT-B-32"]  # open_clip's natural key
    assert source.tags("ViT-B-32")[:3] == ("openai", "laion400m_e31", "laion400m_e32")
    assert list(source.pretrained)[:2] == ["RN50", "RN101"]


def test_bundled_equals_source(source: OpenClipCatalog, catalog: OpenClipCatalog) -> None:
    assert catalog == source
    assert catalog.to_json() == source.to_json()
    assert list(catalog.models) == list(source.models) and list(catalog.pretrained) == list(source.pretrained)


def test_signatures(package: Path) -> None:
    """Each Function's params sit where open_clip's signature has them; quick_gelu goes past the end."""
    tree = ast.parse((package / "factory.py").read_bytes())
    defined = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    init = (package / "__init__.py").read_text()
    for qualified, function in OPEN_CLIP_FUNCTIONS.items():
        assert qualified in {f"open_clip.{function.operation}", f"open_clip.factory.{function.operation}"}
        assert "from .factory import create_model, create_model_and_transforms, create_model_from_pretrained" in init
        node = defined[function.operation]
        names = [a.arg for a in node.args.posonlyargs + node.args.args]
        assert node.args.kwarg is not None and node.args.vararg is None
        assert function.params[-1] == "quick_gelu" and len(function.params) == len(names) + 1
        for position, param in enumerate(function.params[:-1]):
            assert param in ("", names[position])
        assert {p for p in function.params if p} == {"model_name", "pretrained", "force_quick_gelu", "quick_gelu"}
    assert len(OPEN_CLIP_FUNCTIONS) == 6


def test_small_tree(tmp_path: Path) -> None:
    """What is not literal is recorded, not guessed; another suffix in the loop is followed."""
    package = tmp_path / "open_clip"
    (package / "model_configs").mkdir(parents=True)
    (package / "version.py").write_text("__version__ = '9.9'\n")
    config = '{"embed_dim": 1, "vision_cfg": {}, "text_cfg": {}%s}'
    (package / "model_configs" / "A.json").write_text(config % "")
    (package / "model_configs" / "A-qg.json").write_text(config % ', "quick_gelu": true')
    (package / "model_configs" / "notes.json").write_text("{}")
    (package / "model_configs" / "bad.json").write_text("{")
    (package / "pretrained.py").write_text(
        "def _pcfg(url='', **kw):\n    return {'url': url, **kw}\n"
        "_A = dict(x=_pcfg(quick_gelu=True), y=_pcfg(), z=_pcfg(quick_gelu=FLAG))\n"
        "_PRETRAINED = {'A': _A, 'B': dict(w={'quick_gelu': False}), SOME: {}}\n"
        "_OUT = {}\n"
        "for k, v in _PRETRAINED.items():\n"
        "    keep = {t: c for t, c in v.items() if c.get('quick_gelu', False)}\n"
        "    if keep:\n"
        "        _OUT[k + '-qg'] = keep\n"
        "_PRETRAINED.update(_OUT)\n"
    )
    catalog = read_open_clip_catalog(tmp_path)
    assert catalog.version == "9.9"
    assert catalog.models == {"A": False, "A-qg": True}
    assert catalog.pretrained == {"A": {"x": True, "y": False, "z": True}, "B": {"w": False}, "A-qg": {"x": True, "z": True}}
    assert catalog.derived == {"A-qg"}
    assert len(catalog.problems) == 4  # notes.json, bad.json, the FLAG value, the SOME key
    assert OpenClipCatalog.from_json(catalog.to_json()) == catalog


def test_load_catalog_cache_and_fallback(package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEIGHTLINK_CACHE_DIR", str(tmp_path / "cache"))
    first = load_open_clip_catalog([str(package.parent)])
    assert len(list((tmp_path / "cache").glob("open_clip-*.json"))) == 1
    assert load_open_clip_catalog([str(package.parent)]) == first
    monkeypatch.setattr(loader, "find_open_clip", lambda paths=(): None)
    assert OPEN_CLIP.load_catalog([]) == bundled_open_clip_catalog()


# -- judge ----------------------------------------------------------------------------------------------


def judge(catalog: OpenClipCatalog, operation: str = "create_model", splat: bool = False, **arguments: object) -> list[Verdict]:
    return OPEN_CLIP.judge(NamedCall(operation, arguments, splat=splat), catalog)


def one(verdicts: list[Verdict]) -> Verdict:
    assert len(verdicts) == 1, verdicts
    return verdicts[0]


def test_protocol() -> None:
    assert (OPEN_CLIP.name, OPEN_CLIP.setting) == ("open_clip", "open_clip")
    # The screen: every import form passes it, a mention in a comment does not.
    for text in ("import open_clip as oc", "from open_clip import create_model", "import open_clip.factory"):
        assert any(word in text for word in OPEN_CLIP.screen)
    assert not any(word in "# converts open_clip checkpoints" for word in OPEN_CLIP.screen)
    assert OPEN_CLIP.follow == ("open_clip.*",)
    assert OPEN_CLIP.functions["open_clip.create_model"].params[:2] == ("model_name", "pretrained")
    assert OPEN_CLIP.functions["open_clip.factory.create_model_from_pretrained"].params[5] == "force_quick_gelu"


@pytest.mark.parametrize(
    "arguments",
    [
        {"model_name": "ViT-B-32", "pretrained": "laion2b_s34b_b79k"},
        {"model_name": "ViT-B/32", "pretrained": "LAION2B-S34B-B79K"},  # "/" -> "-", the tag cleaned
        {"model_name": "ViT-B-32-quickgelu", "pretrained": "openai"},
        {"model_name": "ViT-B-32", "pretrained": "openai", "force_quick_gelu": True},
        {"model_name": "ViT-B-32", "pretrained": "openai", "quick_gelu": True},
        {"model_name": "ViT-B-32"},
        {"model_name": "ViT-B-32", "pretrained": None},
        {"model_name": "ViT-B-32", "pretrained": ""},
        {"model_name": "ViT-B-32", "pretrained": NOT_LITERAL},
        {"model_name": "ViT-B-32", "pretrained": "/ckpt/epoch_3.pt"},
        {"model_name": "ViT-B-32", "pretrained": "C:\\ckpt\\x"},
        {"model_name": "ViT-B-32", "pretrained": "epoch_3.PT"},
        {"model_name": "ViT-B-32", "pretrained": "model.safetensors"},
        {"model_name": "ViT-B-32", "pretrained": "model.bin"},
        {"model_name": "ViT-B-32", "pretrained": "model.pth"},
        {"model_name": "hf-hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K", "pretrained": "nonsense"},
        {"model_name": "local-dir:./my_model", "pretrained": "openai"},
        {"model_name": NOT_LITERAL, "pretrained": "nonsense"},
        {"model_name": None},
        {"pretrained": "openai"},
        {"model_name": "ViT-B-32", "pretrained": "openai", "force_quick_gelu": NOT_LITERAL},
        {"model_name": "ViT-B-32", "pretrained": "openai", "quick_gelu": NOT_LITERAL},
        # Config QuickGELU, tag cfg without the marker: the marker is missing, not judged.
        {"model_name": "roberta-ViT-B-32", "pretrained": "laion2b_s12b_b32k"},
    ],
)
def test_not_judged(catalog: OpenClipCatalog, arguments: dict[str, object]) -> None:
    assert OPEN_CLIP.judge(NamedCall("create_model", arguments), catalog) == []


def test_splat_may_hold_force_quick_gelu(catalog: OpenClipCatalog) -> None:
    assert judge(catalog, splat=True, model_name="ViT-B-32", pretrained="openai") == []
    assert judge(catalog, splat=True, model_name="ViT-B-32", pretrained="openai", force_quick_gelu=False) != []


def test_unknown_model(catalog: OpenClipCatalog) -> None:
    verdict = one(judge(catalog, model_name="ViT-B-33", pretrained="openai"))
    assert (verdict.diagnostic.code, verdict.param, verdict.replacement) == (MODEL_UNKNOWN, "model_name", None)
    assert verdict.diagnostic.message == (
        'Unknown model "ViT-B-33" in the open_clip 3.3.0 registry (open_clip raises RuntimeError); did you mean "ViT-B-32"?'
    )
    assert verdict.diagnostic.suggestion == ("ViT-B-33", "ViT-B-32")
    assert one(judge(catalog, model_name="vit-b-32")).diagnostic.suggestion == ("vit-b-32", "ViT-B-32")
    hub = one(judge(catalog, model_name="laion/CLIP-ViT-g-14-laion2B-s12B-b42K")).diagnostic
    assert '"hf-hub:laion/CLIP-ViT-g-14-laion2B-s12B-b42K"' in hub.message and hub.suggestion is None


@pytest.mark.parametrize(
    ("operation", "name", "example"),
    [
        ("create_model", "openai", "RN50-quickgelu"),
        ("create_model_from_pretrained", "laion2b_s34b_b79k", "ViT-B-32"),
        ("create_model_and_transforms", "LAION2B-s34b-b79k", "ViT-B-32"),
    ],
)
def test_tag_as_model_name(catalog: OpenClipCatalog, operation: str, name: str, example: str) -> None:
    verdict = one(judge(catalog, operation, model_name=name))
    assert (verdict.diagnostic.code, verdict.param) == (MODEL_UNKNOWN, "model_name")
    message = verdict.diagnostic.message
    assert message.startswith(f'"{name}" is an open_clip pretrained tag, not a model name')
    assert f'(e.g. {operation}("{example}", pretrained="{name}"))' in message


def test_openai_as_model_name_lists_its_models(catalog: OpenClipCatalog) -> None:
    message = one(judge(catalog, model_name="openai")).diagnostic.message
    assert message.endswith("the models with it: RN50, RN101, RN50x4, RN50x16, RN50x64, ViT-B-32, ViT-B-16, ViT-L-14, ... (18 in all)")


def test_unknown_tag(catalog: OpenClipCatalog) -> None:
    verdict = one(judge(catalog, model_name="ViT-B-32", pretrained="laion2b_s34b_b7k"))
    assert (verdict.diagnostic.code, verdict.param) == (WEIGHTS_UNKNOWN, "pretrained")
    assert verdict.diagnostic.message.startswith(
        'Unknown pretrained tag "laion2b_s34b_b7k" of open_clip model "ViT-B-32" (did you mean "laion2b_s34b_b79k"?); '
        "its tags: openai, laion400m_e31,"
    )
    assert verdict.diagnostic.message.endswith("... (22 in all)")
    assert verdict.diagnostic.suggestion == ("laion2b_s34b_b7k", "laion2b_s34b_b79k")
    bare = one(judge(catalog, model_name="ViT-L-14-worldwide-quickgelu", pretrained="metaclip")).diagnostic
    assert bare.code == WEIGHTS_UNKNOWN and "it has no pretrained tags" in bare.message


def test_tag_of_other_models(catalog: OpenClipCatalog) -> None:
    verdict = one(judge(catalog, model_name="ViT-B-32-256", pretrained="openai"))
    assert (verdict.diagnostic.code, verdict.param) == (WEIGHTS_MISMATCH, "pretrained")
    assert verdict.diagnostic.message == (
        'Pretrained tag "openai" is not one of open_clip model "ViT-B-32-256"\'s: the models with it are RN50, RN101, '
        "RN50x4, RN50x16, RN50x64, ViT-B-32, ViT-B-16, ViT-L-14, ... (18 in all); its own tags: datacomp_s34b_b86k"
    )
    twin = one(judge(catalog, model_name="ViT-B-32-quickgelu", pretrained="laion2b_s34b_b79k")).diagnostic
    assert twin.code == WEIGHTS_MISMATCH and "the models with it are ViT-B-32;" in twin.message


def test_quick_gelu_missing(catalog: OpenClipCatalog) -> None:
    verdict = one(judge(catalog, "create_model_and_transforms", model_name="ViT-B-32", pretrained="openai"))
    assert (verdict.diagnostic.code, verdict.param, verdict.replacement) == (WEIGHTS_META_CONFLICT, "model_name", "ViT-B-32-quickgelu")
    assert verdict.unsafe
    assert verdict.diagnostic.message == (
        'open_clip model "ViT-B-32" is built with GELU, but its pretrained weights "openai" were trained with QuickGELU: '
        "open_clip only warns, and the model's accuracy drops (open_clip#771); use the model name "
        '"ViT-B-32-quickgelu" or pass force_quick_gelu=True'
    )
    forced_off = one(judge(catalog, model_name="ViT-L-14", pretrained="dfn2b", force_quick_gelu=False))
    assert forced_off.replacement == "ViT-L-14-quickgelu" and "(force_quick_gelu=False)" in forced_off.diagnostic.message


def test_quick_gelu_without_twin(catalog: OpenClipCatalog) -> None:
    """No -quickgelu model with the weights: force_quick_gelu=True is the one way out, no rewrite."""
    trimmed = OpenClipCatalog(
        catalog.version,
        {m: q for m, q in catalog.models.items() if m != "ViT-B-32-quickgelu"},
        {m: t for m, t in catalog.pretrained.items() if m != "ViT-B-32-quickgelu"},
    )
    verdict = one(judge(trimmed, model_name="ViT-B-32", pretrained="openai"))
    assert verdict.replacement is None and verdict.unsafe is None
    assert verdict.diagnostic.message.endswith("; pass force_quick_gelu=True")


def test_quick_gelu_the_other_way_round(catalog: OpenClipCatalog) -> None:
    forced = one(judge(catalog, model_name="ViT-B-32", pretrained="laion2b_s34b_b79k", force_quick_gelu=True))
    assert (forced.diagnostic.code, forced.param, forced.replacement) == (WEIGHTS_META_CONFLICT, "force_quick_gelu", None)
    assert forced.diagnostic.message.endswith("; drop force_quick_gelu=True")
    keyword = one(judge(catalog, model_name="ViT-B-32-quickgelu", pretrained="openai", quick_gelu=False))
    assert (keyword.param, keyword.replacement) == ("quick_gelu", None)
    assert keyword.diagnostic.message.startswith('quick_gelu=False builds open_clip model "ViT-B-32-quickgelu" with GELU')
    assert keyword.diagnostic.message.endswith("; drop quick_gelu=False")
    plain = one(judge(catalog, model_name="ViT-B-32", pretrained="openai", quick_gelu=False)).diagnostic
    assert plain.message.endswith("; pass quick_gelu=True")
    # A -quickgelu model with weights trained with GELU (none in open_clip 3.3.0: add one).
    models = {**catalog.models, "ViT-X-quickgelu": True, "ViT-X": False}
    pretrained = {**catalog.pretrained, "ViT-X-quickgelu": {"gelu": False}, "ViT-X": {"gelu": False}}
    extended = OpenClipCatalog(catalog.version, models, pretrained)
    verdict = one(judge(extended, model_name="ViT-X-quickgelu", pretrained="gelu"))
    assert (verdict.param, verdict.replacement) == ("model_name", "ViT-X")
    assert verdict.diagnostic.message.endswith('; use the model name "ViT-X"')
    assert one(judge(extended, model_name="ViT-X-quickgelu", pretrained="gelu", force_quick_gelu=True)).replacement is None

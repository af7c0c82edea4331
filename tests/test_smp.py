"""segmentation_models_pytorch: the static catalog reader on the real smp 0.6.0 source (never
imported), the bundled catalog, and the rules (`weightlink.named.smp`) on calls as front ends hand
them over (`NamedCall`)."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from weightlink.catalog.smp import (
    BUNDLED_SMP,
    bundled_smp_catalog,
    find_smp,
    load_smp_catalog,
)
from weightlink.catalog.smp_reader import SmpCatalog, read_smp_catalog
from weightlink.catalog.timm import bundled_timm_catalog
from weightlink.catalog.timm_reader import TimmCatalog
from weightlink.named import NOT_LITERAL, NamedCall, Verdict
from weightlink.named.smp import SMP
from weightlink.rules.codes import MODEL_UNKNOWN, WEIGHTS_LEGACY, WEIGHTS_UNKNOWN

NO_IMAGENET = [
    "resnext101_32x4d",
    "resnext101_32x16d",
    "resnext101_32x32d",
    "resnext101_32x48d",
    "dpn68b",
    "dpn92",
    "dpn107",
    "timm-efficientnet-l2",
]
ARCHITECTURES = [
    "Unet", "UnetPlusPlus", "MAnet", "Linknet", "FPN", "PSPNet", "DeepLabV3", "DeepLabV3Plus", "PAN", "UPerNet", "Segformer", "DPT",
]  # fmt: skip


@pytest.fixture(scope="module")
def source() -> SmpCatalog:
    package = find_smp()
    if package is None:
        pytest.skip("segmentation_models_pytorch is not installed (pip install --no-deps segmentation-models-pytorch==0.6.0)")
    catalog = read_smp_catalog(package)
    assert "segmentation_models_pytorch" not in sys.modules, "the reader must not import smp"
    return catalog


@pytest.fixture(scope="module")
def catalog() -> SmpCatalog:
    """The bundled catalogs: the rules' answers do not depend on what is installed."""
    return replace(bundled_smp_catalog(), timm=bundled_timm_catalog())


def judge(catalog: SmpCatalog, operation: str, splat: bool = False, **arguments: object) -> list[Verdict]:
    return SMP.judge(NamedCall(operation, arguments, splat), catalog)


def one(catalog: SmpCatalog, operation: str, splat: bool = False, **arguments: object) -> Verdict:
    verdicts = judge(catalog, operation, splat, **arguments)
    assert len(verdicts) == 1, verdicts
    return verdicts[0]


# -- the reader ---------------------------------------------------------------------------------


def test_counts(source: SmpCatalog) -> None:
    assert source.version == "0.6.0"
    assert source.problems == ()
    # Measured against smp 0.6.0's run-time `encoders` dict: 76 encoders, 116 (encoder, weights) pairs.
    assert len(source.encoders) == 76
    assert sum(len(weights) for weights in source.encoders.values()) == 116
    assert [name for name, weights in source.encoders.items() if "imagenet" not in weights] == NO_IMAGENET
    assert source.encoders["resnet50"] == ("imagenet", "ssl", "swsl")
    assert source.encoders["resnext101_32x48d"] == ("instagram",)


def test_architectures(source: SmpCatalog) -> None:
    assert list(source.architectures) == ARCHITECTURES
    assert source.create_model_names == {name.lower(): name for name in ARCHITECTURES}
    unet = source.architectures["Unet"]
    assert unet.exports == (
        "segmentation_models_pytorch.Unet",
        "segmentation_models_pytorch.decoders.unet.Unet",
        "segmentation_models_pytorch.decoders.unet.model.Unet",
    )
    assert unet.params[:3] == ("encoder_name", "encoder_depth", "encoder_weights")
    assert unet.defaults["encoder_name"] == "resnet34" and unet.defaults["encoder_weights"] == "imagenet"
    assert source.architectures["PSPNet"].params[:3] == ("encoder_name", "encoder_weights", "encoder_depth")
    dpt = source.architectures["DPT"]
    assert dpt.timm_only and dpt.defaults["encoder_name"] == "tu-vit_base_patch16_224.augreg_in21k"
    assert [name for name, entry in source.architectures.items() if entry.timm_only] == ["DPT"]
    assert source.create_model is not None and source.create_model.params[:3] == ("arch", "encoder_name", "encoder_weights")
    assert source.get_encoder is not None and source.get_encoder.params[:4] == ("name", "in_channels", "depth", "weights")
    assert source.get_encoder.defaults["weights"] is None


def test_timm_renames(source: SmpCatalog) -> None:
    assert source.timm_prefixes == ("timm-regnet", "timm-res2", "timm-resnest", "timm-mobilenetv3", "timm-gernet")
    assert source.timm_rewrites == (("", "timm-", "tu-"), ("mobilenetv3", "tu-", "tu-tf_"))
    assert source.deprecated_prefix == "timm-"
    assert source.timm_universal("timm-regnetx_002") == "tu-regnetx_002"
    assert source.timm_universal("timm-mobilenetv3_large_100") == "tu-tf_mobilenetv3_large_100"
    assert source.timm_universal("timm-efficientnet-b0") is None  # still one of smp's own


def test_bundled_is_the_source(source: SmpCatalog) -> None:
    assert bundled_smp_catalog() == source
    assert SmpCatalog.from_json(json.loads(json.dumps(source.to_json()))) == source
    assert BUNDLED_SMP == f"segmentation_models_pytorch-{source.version}.json"


def test_load_is_cached(source: SmpCatalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEIGHTLINK_CACHE_DIR", str(tmp_path))
    assert load_smp_catalog() == source
    assert len(list(tmp_path.glob("smp-*.json"))) == 1
    assert load_smp_catalog() == source


def test_small_tree(tmp_path: Path) -> None:
    """A tree the reader cannot read all of: the rest is read, the skipped parts are problems."""
    package = tmp_path / "segmentation_models_pytorch"
    (package / "encoders").mkdir(parents=True)
    (package / "decoders" / "net").mkdir(parents=True)
    (package / "__version__.py").write_text('__version__ = "9.9"\n')
    (package / "__init__.py").write_text(
        "from .decoders.net import Net\n_MODEL_ARCHITECTURES = [Net]\n"
        "MODEL_ARCHITECTURES_MAPPING = {a.__name__.lower(): a for a in _MODEL_ARCHITECTURES}\n"
    )
    (package / "decoders" / "__init__.py").write_text("")
    (package / "decoders" / "net" / "__init__.py").write_text("from .model import Net\n")
    (package / "decoders" / "net" / "model.py").write_text(
        "class Net:\n    def __init__(self, encoder_weights=None, encoder_name='a'): ...\n"
    )
    (package / "encoders" / "__init__.py").write_text(
        "from .a import a_encoders, b_encoders\nencoders = {}\nencoders.update(a_encoders)\nencoders.update(b_encoders)\n"
        "encoders.update(make())\ndef get_encoder(name, weights=None): ...\n"
    )
    (package / "encoders" / "a.py").write_text(
        "a_encoders = {'a': {'pretrained_settings': {'imagenet': {}, 'x': {}}}, 'b': {'pretrained_settings': SETTINGS}}\n"
        "b_encoders = dict(c={})\n"
    )
    catalog = read_smp_catalog(tmp_path)
    assert catalog.version == "9.9"
    assert catalog.encoders == {"a": ("imagenet", "x")}
    assert catalog.architectures["Net"].params == ("encoder_weights", "encoder_name")
    assert catalog.create_model_names == {"net": "Net"}
    assert len(catalog.problems) == 3, catalog.problems  # 'b', b_encoders, make()
    with pytest.raises(FileNotFoundError):
        read_smp_catalog(tmp_path / "encoders")


# -- the library ----------------------------------------------------------------------------------


def test_library() -> None:
    assert (SMP.name, SMP.setting) == ("segmentation_models_pytorch", "smp")
    for text in ("import segmentation_models_pytorch as smp", "from segmentation_models_pytorch import Unet"):
        assert any(word in text for word in SMP.screen)
    assert not any(word in "x = smp.mean()  # an smp. that is not the library" for word in SMP.screen)
    functions = SMP.functions
    for name in ("segmentation_models_pytorch.Unet", "segmentation_models_pytorch.decoders.unet.Unet", "segmentation_models_pytorch.decoders.unet.model.Unet"):
        assert functions[name].operation == "Unet"
        assert functions[name].params == ("encoder_name", "", "encoder_weights")
    assert functions["segmentation_models_pytorch.PSPNet"].params == ("encoder_name", "encoder_weights")
    assert functions["segmentation_models_pytorch.decoders.deeplabv3.model.DeepLabV3Plus"].operation == "DeepLabV3Plus"
    assert functions["segmentation_models_pytorch.create_model"].params == ("arch", "encoder_name", "encoder_weights")
    assert functions["segmentation_models_pytorch.encoders.get_encoder"].params == ("name", "", "", "weights")
    assert len(functions) == 12 * 3 + 2


def test_load_catalog_attaches_timm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import weightlink.named.smp

    monkeypatch.setenv("WEIGHTLINK_CACHE_DIR", str(tmp_path))
    asked: list[object] = []
    timm = bundled_timm_catalog()  # reading timm's source cold takes seconds: not what is tested here

    def load_timm(paths: object) -> TimmCatalog:
        asked.append(paths)
        return timm

    monkeypatch.setattr(weightlink.named.smp, "load_timm_catalog", load_timm)
    loaded = SMP.load_catalog(["somewhere"])
    assert loaded is not None and loaded.timm is timm and asked == [["somewhere"]]
    assert loaded.version == "0.6.0"


# -- the rules ------------------------------------------------------------------------------------


def test_fine_calls(catalog: SmpCatalog) -> None:
    assert judge(catalog, "Unet") == []  # resnet34, imagenet
    assert judge(catalog, "Unet", encoder_name="resnet50", encoder_weights="swsl") == []
    assert judge(catalog, "PSPNet", encoder_name="resnext101_32x48d", encoder_weights="instagram") == []
    assert judge(catalog, "Unet", encoder_name="resnext101_32x48d", encoder_weights=None) == []
    assert judge(catalog, "Unet", encoder_name="tu-convnext_tiny.fb_in1k", encoder_weights=True) == []
    assert judge(catalog, "Unet", encoder_name="tu-resnet50", encoder_weights="imagenet") == []
    assert judge(catalog, "DPT") == []  # its default is a tu- encoder
    assert judge(catalog, "create_model", arch="DeepLabV3Plus", encoder_name="mit_b0") == []
    assert judge(catalog, "get_encoder", name="resnext101_32x16d") == []  # get_encoder's default is None


def test_unknown_weights(catalog: SmpCatalog) -> None:
    verdict = one(catalog, "Unet", encoder_name="resnet50", encoder_weights="sl")
    assert (verdict.param, verdict.diagnostic.code, verdict.replacement) == ("encoder_weights", WEIGHTS_UNKNOWN, None)
    assert verdict.diagnostic.suggestion == ("sl", "ssl")
    assert "imagenet, ssl, swsl" in verdict.diagnostic.message
    verdict = one(catalog, "Unet", encoder_weights="ssl")  # the default encoder, resnet34
    assert '"resnet34"' in verdict.diagnostic.message and verdict.param == "encoder_weights"
    verdict = one(catalog, "get_encoder", name="resnext101_32x16d", weights="imagenet")
    assert verdict.param == "weights" and "instagram, ssl, swsl" in verdict.diagnostic.message
    verdict = one(catalog, "Unet", encoder_name="resnet50", encoder_weights=True)
    assert '"tu-"' in verdict.diagnostic.message and verdict.diagnostic.suggestion is None


def test_default_imagenet_counts(catalog: SmpCatalog) -> None:
    """``smp.Unet("resnext101_32x48d")`` raises KeyError: the default is "imagenet"."""
    for encoder in NO_IMAGENET:
        verdict = judge(catalog, "Unet", encoder_name=encoder)[-1]  # after timm-efficientnet-l2's deprecation note
        assert verdict.param is None and verdict.diagnostic.code is WEIGHTS_UNKNOWN
        assert "encoder_weights=None" in verdict.diagnostic.message
    verdict = one(catalog, "create_model", arch="unet", encoder_name="resnext101_32x16d")
    assert verdict.param is None and '"create_model"' in verdict.diagnostic.message
    assert "instagram, ssl, swsl" in verdict.diagnostic.message


def test_none_string_and_false(catalog: SmpCatalog) -> None:
    verdict = one(catalog, "Unet", encoder_name="resnet34", encoder_weights="None")
    assert verdict.param == "encoder_weights" and verdict.replacement is None and verdict.diagnostic.suggestion is None
    assert "KeyError" in verdict.diagnostic.message and "encoder_weights=None" in verdict.diagnostic.message
    verdict = one(catalog, "Unet", encoder_name="tu-resnet50", encoder_weights="None")
    assert "loads the pretrained weights" in verdict.diagnostic.message
    verdict = one(catalog, "Unet", encoder_name=NOT_LITERAL, encoder_weights="None")  # wrong for every encoder
    assert verdict.param == "encoder_weights"
    verdict = one(catalog, "DPT", encoder_weights=False)
    assert "loads the pretrained weights" in verdict.diagnostic.message
    assert one(catalog, "Unet", encoder_weights=False).param == "encoder_weights"


def test_unknown_encoder(catalog: SmpCatalog) -> None:
    verdict = one(catalog, "Unet", encoder_name="resnt50", encoder_weights="ssl")
    assert (verdict.param, verdict.diagnostic.code) == ("encoder_name", MODEL_UNKNOWN)
    assert verdict.diagnostic.suggestion == ("resnt50", "resnet50")
    verdict = one(catalog, "FPN", encoder_name="convnext_tiny")  # a timm model: its tu- name
    assert verdict.diagnostic.suggestion == ("convnext_tiny", "tu-convnext_tiny")
    verdict = one(catalog, "create_model", arch="unet", encoder_name="resnt50")
    assert verdict.diagnostic.suggestion == ("resnt50", "resnet50")


def test_unknown_architecture(catalog: SmpCatalog) -> None:
    verdict = one(catalog, "create_model", arch="deeplabv3_plus", encoder_name="resnet34")
    assert (verdict.param, verdict.diagnostic.code) == ("arch", MODEL_UNKNOWN)
    assert verdict.diagnostic.suggestion == ("deeplabv3_plus", "deeplabv3plus")
    assert judge(catalog, "create_model", arch="UnetPlusPlus") == []  # any case


def test_timm_only_architecture(catalog: SmpCatalog) -> None:
    verdict = one(catalog, "DPT", encoder_name="vit_base_patch16_224")
    assert (verdict.param, verdict.diagnostic.code) == ("encoder_name", MODEL_UNKNOWN)
    assert verdict.diagnostic.suggestion == ("vit_base_patch16_224", "tu-vit_base_patch16_224")
    # create_model passes its own default encoder, resnet34, which DPT rejects.
    verdict = one(catalog, "create_model", arch="dpt")
    assert verdict.param is None and '"DPT"' in verdict.diagnostic.message and "ValueError" in verdict.diagnostic.message
    assert judge(catalog, "DPT", encoder_name="tu-vit_small_patch16_224", encoder_weights="imagenet") == []


def test_tu_encoders(catalog: SmpCatalog) -> None:
    verdict = one(catalog, "Unet", encoder_name="tu-convnext_tny")
    assert (verdict.param, verdict.diagnostic.code) == ("encoder_name", MODEL_UNKNOWN)
    assert verdict.diagnostic.suggestion == ("tu-convnext_tny", "tu-convnext_tiny")
    verdict = one(catalog, "Unet", encoder_name="tu-convnext_tiny.fb_in1")
    assert verdict.diagnostic.code is WEIGHTS_UNKNOWN
    assert verdict.diagnostic.suggestion == ("tu-convnext_tiny.fb_in1", "tu-convnext_tiny.fb_in1k")
    verdict = one(catalog, "Unet", encoder_name="tu-tf_efficientnet_b4_ns")  # deprecated in timm
    assert verdict.diagnostic.code is WEIGHTS_LEGACY and verdict.replacement == "tu-tf_efficientnet_b4.ns_jft_in1k"
    assert verdict.unsafe is None
    verdict = one(catalog, "Unet", encoder_name="tu-resnet50", encoder_weights="ssl")  # ignored: a note
    assert verdict.severity == "note" and verdict.param == "encoder_weights"
    # A timm model without weights: any encoder_weights but None starts from random initialisation.
    verdict = one(catalog, "Unet", encoder_name="tu-cspresnet50d", encoder_weights=True)
    assert verdict.param == "encoder_name" and verdict.severity == "error" and "random" in verdict.diagnostic.message
    assert one(catalog, "Unet", encoder_name="tu-cspresnet50d").severity == "note"  # the default "imagenet"
    assert judge(catalog, "Unet", encoder_name="tu-cspresnet50d", encoder_weights=None) == []
    assert judge(catalog, "Unet", encoder_name="tu-hf-hub:timm/resnet18.a1_in1k") == []


def test_timm_prefix_renamed(catalog: SmpCatalog) -> None:
    """smp 0.6 builds these old names as tu- encoders: the exact tu- name is a safe fix."""
    for old, new in [
        ("timm-regnetx_002", "tu-regnetx_002"),
        ("timm-res2net50_26w_4s", "tu-res2net50_26w_4s"),
        ("timm-resnest14d", "tu-resnest14d"),
        ("timm-gernet_s", "tu-gernet_s"),
        ("timm-mobilenetv3_large_100", "tu-tf_mobilenetv3_large_100"),
    ]:
        verdict = one(catalog, "Unet", encoder_name=old, encoder_weights="imagenet")
        assert (verdict.param, verdict.diagnostic.code, verdict.replacement, verdict.unsafe) == ("encoder_name", WEIGHTS_LEGACY, new, None)
        assert verdict.diagnostic.fix == f'"{new}"'
    verdict = one(catalog, "Unet", encoder_name="timm-regnetx_999")  # renamed to a name timm lacks
    assert verdict.diagnostic.code is MODEL_UNKNOWN and verdict.replacement is None
    assert '"tu-regnetx_999"' in verdict.diagnostic.message
    # DPT renames nothing: the old name raises there.
    verdict = one(catalog, "DPT", encoder_name="timm-regnetx_002")
    assert verdict.diagnostic.code is MODEL_UNKNOWN and verdict.diagnostic.suggestion == ("timm-regnetx_002", "tu-regnetx_002")


def test_timm_prefix_kept(catalog: SmpCatalog) -> None:
    """timm-efficientnet-* are still smp's own (deprecated, no tu- name): a note, no replacement."""
    verdict = one(catalog, "Unet", encoder_name="timm-efficientnet-b0", encoder_weights="advprop")
    assert (verdict.diagnostic.code, verdict.severity, verdict.replacement) == (WEIGHTS_LEGACY, "note", None)
    verdicts = judge(catalog, "Unet", encoder_name="timm-efficientnet-l2")  # no ImageNet weights either
    assert [v.diagnostic.code for v in verdicts] == [WEIGHTS_LEGACY, WEIGHTS_UNKNOWN]


def test_never_judged(catalog: SmpCatalog) -> None:
    assert judge(catalog, "Unet", encoder_name=NOT_LITERAL, encoder_weights="ssl") == []
    assert judge(catalog, "Unet", encoder_name="resnet50", encoder_weights=NOT_LITERAL) == []
    assert judge(catalog, "Unet", encoder_name=None) == []
    assert judge(catalog, "Unet", encoder_name=3) == []
    # A splat may hold what is left out: neither default counts.
    assert judge(catalog, "Unet", True, encoder_name="resnext101_32x48d") == []
    assert judge(catalog, "Unet", True, encoder_weights="ssl") == []
    assert judge(catalog, "create_model", True, arch="dpt") == []
    assert judge(catalog, "create_model", arch=NOT_LITERAL) == []  # resnet34 with imagenet: fine
    assert judge(catalog, "create_model") == []
    assert judge(catalog, "from_pretrained", encoder_name="nope") == []
    bare = replace(catalog, timm=None)  # without timm's catalog, tu- names are not judged
    assert judge(bare, "Unet", encoder_name="tu-convnext_tny") == []

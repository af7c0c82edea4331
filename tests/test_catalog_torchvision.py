"""The catalog of the real torchvision 0.29.1 source (installed with --no-deps, never imported)."""

from __future__ import annotations

import json
import sys

import pytest

from weightlink.catalog import Catalog, bundled_catalog, build_catalog

TV = "torchvision.models"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    built = build_catalog("torchvision")
    assert "torchvision" not in sys.modules, "the extractor must not import the library"
    return built


def member(catalog: Catalog, name: str, legacy_param: str = "pretrained") -> str | None:
    builder = catalog.builder(name)
    assert builder is not None, name
    entry = builder.legacy_for(legacy_param)
    assert entry is not None, (name, legacy_param)
    return entry.default.member


def test_every_registered_builder_and_enum(catalog: Catalog) -> None:
    assert catalog.version == "0.29.1"
    assert catalog.dialect == "torchvision"
    assert len(catalog.registry) == 121
    assert len(catalog.enums) == 121
    assert catalog.problems == []
    # Every area of the library is covered.
    for area in ("resnet", "detection", "segmentation", "video", "optical_flow", "quantization"):
        assert any(f".{area}" in qualname for qualname in catalog.builders), area


def test_unregistered_legacy_helpers_are_builders_too(catalog: Catalog) -> None:
    helpers = sorted(set(catalog.builders) - set(catalog.registry.values()))
    assert helpers == [
        f"{TV}.detection.backbone_utils.mobilenet_backbone",
        f"{TV}.detection.backbone_utils.resnet_fpn_backbone",
    ]
    fpn = catalog.builders[helpers[1]]
    default = fpn.legacy[0].default
    assert (default.kind, default.param, default.module, default.member_name) == (
        "enum_of_builder",
        "backbone_name",
        f"{TV}.resnet",
        "IMAGENET1K_V1",
    )
    assert fpn.weights_params[0].accepts_any_enum
    assert fpn.legacy_positional[:2] == ["backbone_name", "pretrained"]


def test_legacy_defaults_are_the_original_weights_not_default(catalog: Catalog) -> None:
    assert member(catalog, "resnet50") == f"{TV}.resnet.ResNet50_Weights.IMAGENET1K_V1"
    assert catalog.enums[f"{TV}.resnet.ResNet50_Weights"].default_member == "IMAGENET1K_V2"
    differ = []
    for builder in catalog.builders.values():
        legacy = builder.legacy_for("pretrained")
        if legacy and legacy.default.kind == "member" and legacy.default.member:
            enum_name, _, legacy_member = legacy.default.member.rpartition(".")
            if catalog.enums[enum_name].default_member != legacy_member:
                differ.append(builder.name)
    assert len(differ) == 24
    assert {"resnet50", "mobilenet_v2", "efficientnet_b1", "regnet_y_400mf", "wide_resnet101_2"} <= set(differ)


def test_builders_that_never_had_legacy_weights(catalog: Catalog) -> None:
    never = sorted(
        b.name for b in catalog.builders.values() for entry in b.legacy if entry.default.kind == "none"
    )
    assert never == ["regnet_y_128gf", "vit_h_14"]


def test_thirteen_conditional_legacy_defaults(catalog: Catalog) -> None:
    conditional = {
        name: b
        for name, qualname in catalog.registry.items()
        for b in [catalog.builders[qualname]]
        if any(entry.default.kind == "conditional" for entry in b.legacy)
    }
    assert len(conditional) == 13
    assert sum(name.startswith("quantized_") for name in conditional) == 12
    quantized = catalog.builder("quantized_resnet50")
    assert quantized is not None
    default = quantized.legacy[0].default
    assert (default.param, default.test, default.param_default) == ("quantize", "truthy", False)
    assert default.then and default.then.member == f"{TV}.quantization.resnet.ResNet50_QuantizedWeights.IMAGENET1K_FBGEMM_V1"
    assert default.otherwise and default.otherwise.member == f"{TV}.resnet.ResNet50_Weights.IMAGENET1K_V1"


def test_keypointrcnn_legacy_value_and_backbone(catalog: Catalog) -> None:
    default = catalog.builder("keypointrcnn_resnet50_fpn").legacy_for("pretrained").default  # type: ignore[union-attr]
    assert (default.param, default.test, default.value) == ("pretrained", "equals", "legacy")
    assert default.then and default.then.member and default.then.member.endswith("COCO_LEGACY")
    assert default.otherwise and default.otherwise.member and default.otherwise.member.endswith("COCO_V1")
    assert member(catalog, "keypointrcnn_resnet50_fpn", "pretrained_backbone") == f"{TV}.resnet.ResNet50_Weights.IMAGENET1K_V1"


def test_positional_order_keeps_progress_apart_from_pretrained_backbone(catalog: Catalog) -> None:
    faster = catalog.builder("fasterrcnn_resnet50_fpn")
    assert faster is not None
    assert faster.legacy_positional == [
        "pretrained",
        "progress",
        "num_classes",
        "pretrained_backbone",
        "trainable_backbone_layers",
    ]
    assert catalog.builder("resnet50").legacy_positional == ["pretrained", "progress"]  # type: ignore[union-attr]
    assert catalog.builder("quantized_resnet50").legacy_positional == ["pretrained", "progress", "quantize"]  # type: ignore[union-attr]


def test_weights_parameters_and_their_enums(catalog: Catalog) -> None:
    faster = catalog.builder("fasterrcnn_resnet50_fpn")
    assert faster is not None
    backbone = faster.weights_param("weights_backbone")
    assert backbone is not None
    assert backbone.enums == [f"{TV}.resnet.ResNet50_Weights"]
    assert backbone.default == f"{TV}.resnet.ResNet50_Weights.IMAGENET1K_V1"
    quantized = catalog.builder("quantized_resnet18").weights_param("weights")  # type: ignore[union-attr]
    assert quantized is not None and len(quantized.enums) == 2
    assert catalog.builder("raft_large").weights_param("weights").enums == [f"{TV}.optical_flow.raft.Raft_Large_Weights"]  # type: ignore[union-attr]


def test_every_name_users_call_a_builder_by(catalog: Catalog) -> None:
    resnet50 = f"{TV}.resnet.resnet50"
    assert catalog.builder("torchvision.models.resnet50").qualname == resnet50  # type: ignore[union-attr]
    assert catalog.builder("resnet50").qualname == resnet50  # type: ignore[union-attr]
    assert catalog.builder(resnet50).qualname == resnet50  # type: ignore[union-attr]
    assert catalog.names[f"{TV}.quantization.resnet50"] == f"{TV}.quantization.resnet.resnet50"
    assert catalog.registry["quantized_resnet50"] == f"{TV}.quantization.resnet.resnet50"
    assert catalog.names[f"{TV}.detection.fasterrcnn_resnet50_fpn"] == f"{TV}.detection.faster_rcnn.fasterrcnn_resnet50_fpn"
    assert catalog.names[f"{TV}.video.r3d_18"] == f"{TV}.video.resnet.r3d_18"
    assert catalog.enum_names[f"{TV}.ResNet50_Weights"] == f"{TV}.resnet.ResNet50_Weights"
    assert catalog.enum(f"{TV}.detection.FasterRCNN_ResNet50_FPN_Weights") is not None


def test_enum_members_defaults_and_categories(catalog: Catalog) -> None:
    resnet = catalog.enum("torchvision.models.ResNet50_Weights")
    assert resnet is not None
    assert list(resnet.members) == ["IMAGENET1K_V1", "IMAGENET1K_V2"]
    assert resnet.aliases == {"DEFAULT": "IMAGENET1K_V2"}
    assert resnet.members["IMAGENET1K_V1"].num_categories == 1000
    assert resnet.members["IMAGENET1K_V1"].url == "https://download.pytorch.org/models/resnet50-0676ba61.pth"
    coco = catalog.enum(f"{TV}.detection.FasterRCNN_ResNet50_FPN_Weights")
    assert coco is not None and coco.members["COCO_V1"].num_categories == 91
    kinetics = catalog.enum(f"{TV}.video.R3D_18_Weights")
    assert kinetics is not None and kinetics.members["KINETICS400_V1"].num_categories == 400
    vgg = catalog.enum(f"{TV}.vgg.VGG16_Weights")
    assert vgg is not None and vgg.members["IMAGENET1K_FEATURES"].meta["categories"] is None


def test_meta_driven_arguments(catalog: Catalog) -> None:
    overrides = {(o.param, o.meta_key, o.uses_len) for o in catalog.builder("resnet50").meta_overrides}  # type: ignore[union-attr]
    assert overrides == {("num_classes", "categories", True)}
    keypoint = {o.param for o in catalog.builder("keypointrcnn_resnet50_fpn").meta_overrides}  # type: ignore[union-attr]
    assert keypoint == {"num_classes", "num_keypoints"}
    quantized = {o.param for o in catalog.builder("quantized_resnet50").meta_overrides}  # type: ignore[union-attr]
    assert quantized == {"num_classes", "backend"}


def test_bundled_catalog_matches_the_installed_source(catalog: Catalog) -> None:
    """Regenerate: python -m weightlink catalog torchvision --json --no-cache > weightlink/catalog/data/torchvision-0.29.json"""
    bundled = bundled_catalog("torchvision")
    assert bundled is not None
    assert json.dumps(bundled.to_json(), sort_keys=True) == json.dumps(catalog.to_json(), sort_keys=True), (
        "weightlink/catalog/data/torchvision-0.29.json is stale: regenerate it (docs/catalog.md)"
    )


def test_the_catalog_does_not_depend_on_hash_randomisation() -> None:
    """Sets iterate in a different order under another PYTHONHASHSEED; the catalog must not."""
    import subprocess
    import sys

    outputs = {
        subprocess.run(
            [sys.executable, "-m", "weightlink", "catalog", "torchvision", "--json", "--no-cache"],
            capture_output=True,
            text=True,
            check=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1

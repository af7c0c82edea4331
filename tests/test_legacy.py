"""The legacy shim: old pretrained= calls map to the exact old weights and say how to migrate."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from tinyzoo.models import (
    EnglishSpeechWeights,
    MedResNet18Weights,
    MedSegNetWeights,
    med_resnet18,
    med_resnet34,
    med_segnet,
    speech_gru,
)
from weightlink import Weights, handle_legacy_interface




@pytest.fixture
def recorded() -> list[dict[str, Any]]:
    return []


def shimmed(recorded: list[dict[str, Any]], **legacy: Any) -> Any:
    """A builder that only records the keyword arguments the shim hands it."""

    @handle_legacy_interface(**legacy)
    def builder(**kwargs: Any) -> None:
        recorded.append(kwargs)

    return builder


def test_pretrained_true_maps_to_the_original_member_not_default(recorded: list[dict[str, Any]]) -> None:
    build = shimmed(recorded, weights=("pretrained", MedResNet18Weights.PATHMNIST_V1))
    with pytest.warns(FutureWarning) as caught:
        build(pretrained=True)
    assert recorded == [{"weights": MedResNet18Weights.PATHMNIST_V1}]
    assert MedResNet18Weights.DEFAULT is not MedResNet18Weights.PATHMNIST_V1
    assert str(caught[0].message) == (
        'pretrained= of "builder" is deprecated; use weights=MedResNet18Weights.PATHMNIST_V1 '
        "(the weights pretrained=True loaded; DEFAULT is now PATHMNIST_V2)"
    )


def test_warning_points_at_the_caller(recorded: list[dict[str, Any]]) -> None:
    build = shimmed(recorded, weights=("pretrained", MedResNet18Weights.PATHMNIST_V1))
    with pytest.warns(FutureWarning) as caught:
        build(pretrained=False)
    assert Path(caught[0].filename).name == Path(__file__).name
    assert recorded == [{"weights": None}]


def test_truthy_expressions_count_as_pretrained(recorded: list[dict[str, Any]]) -> None:
    build = shimmed(recorded, weights=("pretrained", MedResNet18Weights.PATHMNIST_V1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build(pretrained=1)
        build(pretrained="")
    assert [call["weights"] for call in recorded] == [MedResNet18Weights.PATHMNIST_V1, None]


def test_new_style_calls_pass_untouched_and_silently(recorded: list[dict[str, Any]]) -> None:
    build = shimmed(recorded, weights=("pretrained", MedResNet18Weights.PATHMNIST_V1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        build(weights="DEFAULT", progress=False)
        build()
    assert recorded == [{"weights": "DEFAULT", "progress": False}, {}]


def test_callable_default_sees_the_other_arguments(recorded: list[dict[str, Any]]) -> None:
    def by_quantize(arguments: Any) -> Weights:
        return MedResNet18Weights.PATHMNIST_V2 if arguments.get("quantize") else MedResNet18Weights.PATHMNIST_V1

    build = shimmed(recorded, weights=("pretrained", by_quantize))
    with pytest.warns(FutureWarning, match=r"use weights=MedResNet18Weights.PATHMNIST_V2$"):
        build(pretrained=True, quantize=True)
    with pytest.warns(FutureWarning):
        build(pretrained=True)
    assert [call["weights"] for call in recorded] == [MedResNet18Weights.PATHMNIST_V2, MedResNet18Weights.PATHMNIST_V1]


def test_callable_default_sees_the_legacy_value(recorded: list[dict[str, Any]]) -> None:
    # keypointrcnn style: pretrained="legacy" selects its own member.
    def by_value(arguments: Any) -> Weights:
        legacy = arguments["pretrained"] == "legacy"
        return MedResNet18Weights.PATHMNIST_V1 if legacy else MedResNet18Weights.PATHMNIST_V2

    build = shimmed(recorded, weights=("pretrained", by_value))
    with pytest.warns(FutureWarning):
        build(pretrained="legacy")
    assert recorded[0]["weights"] is MedResNet18Weights.PATHMNIST_V1


def test_builder_without_legacy_weights_refuses_pretrained_true() -> None:
    with pytest.raises(ValueError, match='"med_resnet34" never had legacy weights, so pretrained=True has no replacement; '
                       'choose a member of "MedResNet34Weights" for weights='):
        med_resnet34(pretrained=True)
    with pytest.warns(FutureWarning):
        assert med_resnet34(pretrained=False) is not None


@pytest.mark.parametrize("weights", [None, MedResNet18Weights.DEFAULT, "DEFAULT"])
def test_pretrained_with_weights_is_an_error_not_a_silent_pick(weights: object) -> None:
    with pytest.raises(TypeError, match="is given both pretrained= and weights="):
        med_resnet18(pretrained=True, weights=weights)


def test_old_positional_order_maps_progress_and_backbone_correctly(recorded: list[dict[str, Any]]) -> None:
    build = shimmed(
        recorded,
        weights=("pretrained", MedSegNetWeights.PATHMNIST_SEG_V1),
        weights_backbone=("pretrained_backbone", MedResNet18Weights.PATHMNIST_V1),
        positional=("pretrained", "progress", "num_classes", "pretrained_backbone"),
    )
    with pytest.warns(FutureWarning) as caught:
        build(False, False, 9, True)
    assert recorded == [
        {
            "weights": None,
            "progress": False,
            "num_classes": 9,
            "weights_backbone": MedResNet18Weights.PATHMNIST_V1,
        }
    ]
    assert [str(warning.message) for warning in caught] == [
        'The positional pretrained argument of "builder" is deprecated (pretrained=False); use weights=None',
        'The positional pretrained_backbone argument of "builder" is deprecated; '
        "use weights_backbone=MedResNet18Weights.PATHMNIST_V1 (the weights pretrained_backbone=True loaded; DEFAULT is now PATHMNIST_V2)",
        'positional arguments to "builder" are deprecated; pass them by keyword: progress=False, num_classes=9',
    ]


def test_positional_errors() -> None:
    with pytest.raises(TypeError, match="keyword arguments only \\(legacy positional order: pretrained, progress\\)"):
        med_resnet18(True, True, 3)
    with pytest.raises(TypeError, match="multiple values for argument 'pretrained'"):
        med_resnet18(True, pretrained=True)
    with pytest.raises(TypeError, match="med_resnet34\\(\\) takes keyword arguments only$"):
        med_resnet34(True)


def test_mapping_targets_must_be_weights_parameters() -> None:
    with pytest.raises(ValueError, match="must be weights parameters, got 'model'"):
        handle_legacy_interface(model=("pretrained", None))


def test_real_builders_load_the_old_weights(hub_dir: Path) -> None:
    with pytest.warns(FutureWarning, match='"speech_gru" is deprecated; use weights=EnglishSpeechWeights.EN_US_STREAMING_V1 '):
        model = speech_gru(pretrained=True, streaming=True)
    assert model.streaming
    expected = EnglishSpeechWeights.EN_US_STREAMING_V1.state_dict()
    assert all((model.state_dict()[k] == v).all() for k, v in expected.items())
    with pytest.warns(FutureWarning):
        segmenter = med_segnet(False, True, 9, True)
    backbone = MedResNet18Weights.PATHMNIST_V1.state_dict()
    assert (segmenter.backbone.fc.weight == backbone["fc.weight"]).all()

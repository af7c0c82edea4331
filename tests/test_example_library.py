"""tinyzoo end to end: real models, real weights files, the RFC's medical and per-language cases."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

import tinyzoo
from tinyzoo.models import (
    EnglishSpeechWeights,
    FrenchSpeechWeights,
    MedResNet18Weights,
    MedResNet34Weights,
    MedSegNetWeights,
    med_resnet18,
    med_resnet34,
    med_segnet,
    speech_gru,
)
from tinyzoo.publish import all_members
from weightlink import WeightEntry, Weights, set_from_meta


def same_weights(model: torch.nn.Module, member: Weights | WeightEntry) -> bool:
    expected = member.state_dict()
    actual = model.state_dict()
    return actual.keys() == expected.keys() and all(torch.equal(actual[k], v) for k, v in expected.items())


def test_every_member_loads_into_its_builder(hub_dir: Path) -> None:
    builders = {
        MedResNet18Weights: med_resnet18,
        MedResNet34Weights: med_resnet34,
        MedSegNetWeights: med_segnet,
        EnglishSpeechWeights: speech_gru,
        FrenchSpeechWeights: speech_gru,
    }
    for member in all_members():
        model = builders[type(member)](weights=member)
        assert same_weights(model, member), member


def test_names_and_get_model_load_the_same_weights(hub_dir: Path) -> None:
    by_name = tinyzoo.get_model("med_resnet18", weights="PATHMNIST_V1")
    assert same_weights(by_name, MedResNet18Weights.PATHMNIST_V1)
    assert same_weights(med_resnet18(weights="DEFAULT"), MedResNet18Weights.PATHMNIST_V2)


def test_medical_weights_set_num_classes_from_their_categories(hub_dir: Path) -> None:
    model = med_resnet34(weights=MedResNet34Weights.DEFAULT)
    assert model.fc.out_features == 14
    images = torch.rand(2, 3, 40, 40)
    preprocess = MedResNet34Weights.DEFAULT.transforms
    assert preprocess is not None
    assert model(preprocess()(images)).shape == (2, 14)


def test_conflicting_num_classes_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match='num_classes=10 conflicts with weights "MedResNet18Weights.PATHMNIST_V2", which set num_classes=9'):
        med_resnet18(weights=MedResNet18Weights.DEFAULT, num_classes=10)


def test_matching_num_classes_is_accepted(hub_dir: Path) -> None:
    assert med_resnet18(weights=MedResNet18Weights.DEFAULT, num_classes=9).fc.out_features == 9


def test_no_weights_builds_a_fresh_model_without_touching_files(tmp_path: Path) -> None:
    torch.hub.set_dir(str(tmp_path / "empty"))  # nothing published: any load would fail
    try:
        assert med_resnet18().fc.out_features == 2
        assert med_resnet18(weights=None, num_classes=10).fc.out_features == 10
        assert med_segnet(weights_backbone=None).head.out_channels == 2
    finally:
        torch.hub.set_dir(str(Path.home() / ".cache" / "torch" / "hub"))


def test_wrong_enum_is_refused_before_any_download() -> None:
    with pytest.raises(TypeError, match='expected "MedResNet18Weights", got "MedResNet34Weights.CHESTMNIST_V1"'):
        med_resnet18(weights=MedResNet34Weights.CHESTMNIST_V1)
    with pytest.raises(TypeError, match='expected "MedResNet18Weights", got "MedSegNetWeights'):
        med_segnet(weights_backbone=MedSegNetWeights.DEFAULT)


def test_full_weights_replace_the_backbone_weights(hub_dir: Path) -> None:
    model = med_segnet(weights=MedSegNetWeights.DEFAULT)
    assert same_weights(model, MedSegNetWeights.DEFAULT)
    assert model.head.out_channels == 9


def test_every_language_through_one_builder(hub_dir: Path) -> None:
    french = speech_gru(weights=FrenchSpeechWeights.FR_CA_V1)
    assert french.classifier.out_features == len(FrenchSpeechWeights.FR_CA_V1.meta["tokens"])
    streaming = speech_gru(weights="EN_US_STREAMING_V1")
    assert streaming.streaming and same_weights(streaming, EnglishSpeechWeights.EN_US_STREAMING_V1)
    preprocess = EnglishSpeechWeights.DEFAULT.transforms
    assert preprocess is not None
    frames = preprocess()(torch.randn(1, 4000))
    assert speech_gru(weights="EnglishSpeechWeights.DEFAULT")(frames).shape == (1, 100, 29)


def test_streaming_meta_overrides_and_conflicts(hub_dir: Path) -> None:
    with pytest.raises(ValueError, match='streaming=False conflicts with weights "EnglishSpeechWeights.EN_US_STREAMING_V1"'):
        speech_gru(weights=EnglishSpeechWeights.EN_US_STREAMING_V1, streaming=False)


def test_local_checkpoint_as_a_bare_entry(tmp_path: Path, hub_dir: Path) -> None:
    # The RFC's local-checkpoint case: fine-tuned weights saved by the user, loaded by path.
    finetuned = speech_gru(weights=FrenchSpeechWeights.FR_FR_V1)
    torch.nn.init.zeros_(finetuned.classifier.bias)
    path = tmp_path / "my_french.pt"
    torch.save(finetuned.state_dict(), path)
    local = WeightEntry(url=str(path), meta=FrenchSpeechWeights.FR_FR_V1.meta)
    reloaded = speech_gru(weights=local)
    assert same_weights(reloaded, local)
    assert torch.count_nonzero(reloaded.classifier.bias) == 0


def test_a_bare_entry_is_refused_where_the_builder_did_not_opt_in(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="does not accept a bare WeightEntry"):
        med_resnet18(weights=WeightEntry(url=str(tmp_path / "x.pt")))  # type: ignore[arg-type]


def test_set_from_meta_sets_missing_and_accepts_equal_values() -> None:
    kwargs: dict[str, object] = {}
    set_from_meta(kwargs, "num_classes", 9, weights=MedResNet18Weights.DEFAULT)
    assert kwargs == {"num_classes": 9}
    set_from_meta(kwargs, "num_classes", 9, weights=MedResNet18Weights.DEFAULT)
    with pytest.raises(ValueError, match="drop num_classes= or use weights=None"):
        set_from_meta({"num_classes": 3}, "num_classes", 9, weights=MedResNet18Weights.DEFAULT)

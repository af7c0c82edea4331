"""Registries: one per library, names and weights looked up with helpful errors."""

from __future__ import annotations

import inspect
from typing import Optional, Union

import pytest

import tinyzoo
from tinyzoo.models import FrenchSpeechWeights, MedResNet18Weights, SpeechWeights, med_resnet18
from weightlink import Registry, WeightEntry, Weights


class ToyWeights(Weights):
    V1 = WeightEntry(url="https://weights.invalid/toy_v1.pth", latest=True)
    DEFAULT = V1


def make_registry() -> Registry:
    registry = Registry("toylib")

    @registry.register_model()
    def toy_small(*, weights: Optional[ToyWeights] = None, progress: bool = True) -> str:
        return f"small {weights!r}"

    @registry.register_model(name="toy-large")
    def toy_large(*, weights: Union[ToyWeights, WeightEntry, None] = None) -> str:
        return "large"

    return registry


def test_list_models_with_globs_and_module() -> None:
    registry = make_registry()
    assert registry.list_models() == ["toy-large", "toy_small"]
    assert registry.list_models(include="toy_*") == ["toy_small"]
    assert registry.list_models(exclude=["*large"]) == ["toy_small"]
    assert registry.list_models(module=__name__) == ["toy-large", "toy_small"]
    assert registry.list_models(module="elsewhere") == []
    assert tinyzoo.list_models(module=tinyzoo.models) == ["med_resnet18", "med_resnet34", "med_segnet", "speech_gru"]
    assert tinyzoo.list_models(module="tinyzoo.models.speech") == ["speech_gru"]


def test_get_model_passes_config() -> None:
    assert make_registry().get_model("toy_small", weights=ToyWeights.V1) == "small ToyWeights.V1"


def test_unknown_model_suggests_the_closest() -> None:
    with pytest.raises(ValueError, match='Unknown model "toy_smal" in the toylib registry; did you mean "toy_small"?'):
        make_registry().get_model_builder("toy_smal")


def test_duplicate_names_raise_but_reimport_does_not() -> None:
    registry = make_registry()
    with pytest.raises(ValueError, match="'toy_small' is already registered by test_registry.make_registry.<locals>.toy_small"):

        @registry.register_model(name="toy_small")
        def other(*, weights: Optional[ToyWeights] = None) -> str:
            return ""

    # The same definition registering again (importlib.reload) is not a collision.
    builder = registry.get_model_builder("toy_small")
    registry.register_model()(builder)


def test_two_libraries_do_not_collide() -> None:
    first, second = make_registry(), make_registry()
    assert first.get_model_builder("toy_small") is not second.get_model_builder("toy_small")
    assert "toy_small" not in tinyzoo.list_models()


def test_get_model_weights_reads_the_annotation() -> None:
    registry = make_registry()
    assert registry.get_model_weights("toy_small") is ToyWeights
    assert registry.get_model_weights("toy-large") is ToyWeights  # Union with WeightEntry
    assert tinyzoo.get_model_weights(med_resnet18) is MedResNet18Weights
    assert tinyzoo.get_model_weights("speech_gru") is SpeechWeights


def test_get_model_weights_without_weights_parameter() -> None:
    registry = Registry("bare")

    @registry.register_model()
    def no_weights(progress: bool = True) -> None:
        return None

    with pytest.raises(ValueError, match="has no 'weights' parameter typed with a Weights Enum"):
        registry.get_model_weights("no_weights")


def test_get_weight_by_qualified_name_including_subclass_families() -> None:
    assert tinyzoo.get_weight("MedResNet18Weights.PATHMNIST_V1") is MedResNet18Weights.PATHMNIST_V1
    assert tinyzoo.get_weight("MedResNet18Weights.DEFAULT") is MedResNet18Weights.PATHMNIST_V2
    assert tinyzoo.get_weight("FrenchSpeechWeights.FR_CA_V1") is FrenchSpeechWeights.FR_CA_V1
    # weights_backbone's Enum is known too (med_segnet).
    assert tinyzoo.get_weight("MedSegNetWeights.DEFAULT").name == "PATHMNIST_SEG_V1"


def test_get_weight_errors() -> None:
    with pytest.raises(ValueError, match='expected "EnumName.MEMBER"'):
        tinyzoo.get_weight("PATHMNIST_V1")
    with pytest.raises(ValueError, match='did you mean "MedResNet18Weights"'):
        tinyzoo.get_weight("MedResNet18Weight.PATHMNIST_V1")
    with pytest.raises(ValueError, match='did you mean "MedResNet18Weights.PATHMNIST_V1"'):
        tinyzoo.get_weight("MedResNet18Weights.PATHMNST_V1")


def test_registration_keeps_the_signature() -> None:
    # The legacy shim and the registry both keep the builder's parameters visible.
    parameters = inspect.signature(med_resnet18).parameters
    assert list(parameters) == ["weights", "progress", "kwargs"]
    assert med_resnet18.__name__ == "med_resnet18"

"""Registries: one per library, names and weights looked up with helpful errors."""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from typing import Any, Optional, Union

import pytest

import tinyzoo
import weightlink
from tinyzoo.models import FrenchSpeechWeights, MedResNet18Weights, SpeechWeights, med_resnet18
from weightlink import Registry, WeightEntry, Weights, handle_legacy_interface


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


# Module level: the builders' string annotations (``from __future__ import annotations``) must resolve.
class LaterWeights(Weights):
    V1 = WeightEntry(url="https://weights.invalid/later_v1.pth")


class GrowingWeights(Weights):
    """A family base; its subclass is defined inside a test."""


def test_get_weight_finds_builders_registered_after_a_lookup() -> None:
    registry = make_registry()
    assert registry.get_weight("ToyWeights.V1") is ToyWeights.V1  # now cached

    with pytest.raises(ValueError, match="Unknown weights Enum"):
        registry.get_weight("LaterWeights.V1")

    @registry.register_model()
    def later(*, weights: Optional[LaterWeights] = None) -> None:
        return None

    assert registry.get_weight("LaterWeights.V1") is LaterWeights.V1
    assert registry.get_weight("ToyWeights.V1") is ToyWeights.V1


def test_get_weight_finds_a_family_member_defined_after_a_miss() -> None:
    registry = Registry("growing")

    @registry.register_model()
    def growing(*, weights: Optional[GrowingWeights] = None) -> None:
        return None

    with pytest.raises(ValueError, match="Unknown weights Enum"):
        registry.get_weight("DutchGrowingWeights.NL_V1")

    class DutchGrowingWeights(GrowingWeights):
        NL_V1 = WeightEntry(url="https://weights.invalid/nl_v1.pth")

    assert registry.get_weight("DutchGrowingWeights.NL_V1") is DutchGrowingWeights.NL_V1


def define_reloadable() -> Callable[..., None]:
    """What importlib.reload does to a module: a new Enum class bound to the same global name, and
    the builder defined again (the same module and qualified name)."""
    global ReloadableWeights

    class ReloadableWeights(Weights):  # type: ignore[no-redef]
        V1 = WeightEntry(url="https://weights.invalid/reloadable_v1.pth")

    def reloadable(*, weights: Optional[ReloadableWeights] = None) -> None:
        return None

    return reloadable


def test_get_weight_after_a_reload_returns_the_new_member() -> None:
    registry = Registry("reloading")
    registry.register_model()(define_reloadable())
    before = registry.get_weight("ReloadableWeights.V1")

    registry.register_model()(define_reloadable())
    after = registry.get_weight("ReloadableWeights.V1")

    assert after is ReloadableWeights.V1 and after is not before


# --------------------------------------------------------------------------- warnings name the caller's line


class LegacyToyWeights(Weights):
    V1 = WeightEntry(url="https://weights.invalid/legacy_toy_v1.pth")


@weightlink.register_model(name="test_registry.legacy_toy")  # the default registry, via the functions
@handle_legacy_interface(weights=("pretrained", LegacyToyWeights.V1))
def legacy_toy(*, weights: Optional[LegacyToyWeights] = None) -> Optional[LegacyToyWeights]:
    return weights


toy_registry = Registry("toy-legacy")
toy_registry.register_model(name="legacy_toy")(legacy_toy)


def warning_location(call: Callable[[], object]) -> tuple[str, int]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    assert [w.category for w in caught] == [FutureWarning]
    return caught[0].filename, caught[0].lineno


def line_of(marker: str) -> int:
    """The line of this file that ends with ``# <marker>``."""
    lines = inspect.getsource(inspect.getmodule(line_of)).splitlines()  # type: ignore[arg-type]
    return next(number for number, text in enumerate(lines, 1) if text.endswith(f"# {marker}"))


@pytest.mark.parametrize(
    ("marker", "call"),
    [
        ("direct", lambda: legacy_toy(pretrained=True)),  # direct
        ("registry method", lambda: toy_registry.get_model("legacy_toy", pretrained=True)),  # registry method
        ("default registry", lambda: weightlink.get_model("test_registry.legacy_toy", pretrained=True)),  # default registry
        ("library registry", lambda: tinyzoo.get_model("med_resnet18", pretrained=False)),  # library registry
    ],
    ids=["direct", "registry-method", "default-registry", "library-registry"],
)
def test_future_warning_points_at_the_callers_line(marker: str, call: Callable[[], Any]) -> None:
    assert warning_location(call) == (__file__, line_of(marker))

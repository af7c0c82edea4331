"""The run-time guard: what `Weights.check_type` accepts, resolves and refuses."""

from __future__ import annotations

import copy
import pickle

import pytest

from tinyzoo.models import (
    EnglishSpeechWeights,
    FrenchSpeechWeights,
    MedResNet18Weights,
    MedResNet34Weights,
    SpeechWeights,
)
from weightlink import WeightEntry, Weights


def test_none_and_own_members_pass_through() -> None:
    assert MedResNet18Weights.check_type(None) is None
    assert MedResNet18Weights.check_type(MedResNet18Weights.PATHMNIST_V1) is MedResNet18Weights.PATHMNIST_V1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("PATHMNIST_V1", MedResNet18Weights.PATHMNIST_V1),
        ("DEFAULT", MedResNet18Weights.PATHMNIST_V2),
        ("MedResNet18Weights.PATHMNIST_V2", MedResNet18Weights.PATHMNIST_V2),
        ("MedResNet18Weights.DEFAULT", MedResNet18Weights.PATHMNIST_V2),
        ("tinyzoo.models.MedResNet18Weights.PATHMNIST_V1", MedResNet18Weights.PATHMNIST_V1),
    ],
)
def test_names_resolve_to_members(name: str, expected: Weights) -> None:
    assert MedResNet18Weights.check_type(name) is expected


def test_default_is_an_alias_of_the_latest_member() -> None:
    assert MedResNet18Weights.DEFAULT is MedResNet18Weights.PATHMNIST_V2
    assert MedResNet18Weights.get_latest() is MedResNet18Weights.PATHMNIST_V2
    assert MedResNet18Weights.DEFAULT.latest
    # Aliases are not listed as separate members.
    assert [m.name for m in MedResNet18Weights] == ["PATHMNIST_V1", "PATHMNIST_V2"]


def test_member_of_another_enum_is_a_type_error_naming_both() -> None:
    with pytest.raises(TypeError) as error:
        MedResNet18Weights.check_type(MedResNet34Weights.CHESTMNIST_V1)
    message = str(error.value)
    assert message == 'expected "MedResNet18Weights", got "MedResNet34Weights.CHESTMNIST_V1" (e.g. "MedResNet18Weights.DEFAULT")'


@pytest.mark.parametrize("value", [1, 3.5, object(), b"PATHMNIST_V1"])
def test_other_types_are_type_errors_naming_the_received_type(value: object) -> None:
    with pytest.raises(TypeError, match=f'expected "MedResNet18Weights", a member name or None, got "{type(value).__name__}"'):
        MedResNet18Weights.check_type(value)


def test_the_enum_class_itself_is_not_a_member() -> None:
    with pytest.raises(TypeError, match='expected a member, not the Enum class "MedResNet18Weights" itself'):
        MedResNet18Weights.check_type(MedResNet18Weights)


def test_unknown_name_lists_valid_names_and_the_closest() -> None:
    with pytest.raises(ValueError) as error:
        MedResNet18Weights.check_type("PATHMNIST_V3")
    message = str(error.value)
    assert '(did you mean "PATHMNIST_V2"?)' in message
    assert 'valid names of "MedResNet18Weights": DEFAULT, PATHMNIST_V1, PATHMNIST_V2' in message


def test_closest_match_ignores_case() -> None:
    with pytest.raises(ValueError, match='did you mean "PATHMNIST_V1"'):
        MedResNet18Weights.check_type("pathmnist_v1")


def test_unrelated_name_still_lists_valid_names() -> None:
    with pytest.raises(ValueError, match=r'Unknown weights "zzz"; valid names of "MedResNet18Weights": '):
        MedResNet18Weights.check_type("zzz")


def test_qualified_name_of_another_enum_names_its_owner() -> None:
    with pytest.raises(ValueError, match=r'expected "MedResNet18Weights", got "MedResNet34Weights.CHESTMNIST_V1" \(a name of another weights Enum\)'):
        MedResNet18Weights.check_type("MedResNet34Weights.CHESTMNIST_V1")


def test_bare_entry_only_where_the_builder_opted_in() -> None:
    entry = WeightEntry(url="/tmp/local.pt")
    with pytest.raises(TypeError, match='does not accept a bare WeightEntry; it takes "MedResNet18Weights"'):
        MedResNet18Weights.check_type(entry)
    assert SpeechWeights.check_type(entry, allow_entry=True) is entry


def test_member_less_base_accepts_every_subclass_member() -> None:
    assert SpeechWeights.check_type(FrenchSpeechWeights.FR_CA_V1) is FrenchSpeechWeights.FR_CA_V1
    assert SpeechWeights.check_type("FR_CA_V1") is FrenchSpeechWeights.FR_CA_V1
    assert SpeechWeights.check_type("EnglishSpeechWeights.DEFAULT") is EnglishSpeechWeights.EN_US_V1


def test_a_subclass_does_not_accept_its_sibling() -> None:
    with pytest.raises(TypeError, match='expected "EnglishSpeechWeights", got "FrenchSpeechWeights.FR_FR_V1"'):
        EnglishSpeechWeights.check_type(FrenchSpeechWeights.FR_FR_V1)
    with pytest.raises(ValueError, match="a name of another weights Enum"):
        EnglishSpeechWeights.check_type("FrenchSpeechWeights.FR_FR_V1")


def test_a_name_shared_by_two_languages_is_ambiguous() -> None:
    with pytest.raises(ValueError, match='ambiguous.*"EnglishSpeechWeights.DEFAULT", "FrenchSpeechWeights.DEFAULT"'):
        SpeechWeights.check_type("DEFAULT")


def test_get_latest_on_a_member_less_base_points_at_the_subclasses() -> None:
    with pytest.raises(ValueError, match="ask a subclass: EnglishSpeechWeights, FrenchSpeechWeights"):
        SpeechWeights.get_latest()
    assert FrenchSpeechWeights.get_latest() is FrenchSpeechWeights.FR_FR_V1


def test_a_family_defined_later_is_found_by_name() -> None:
    class LocalSpeechWeights(Weights):  # a local family: tinyzoo's must stay as it is
        pass

    class EnglishLocal(LocalSpeechWeights):
        EN_V1 = WeightEntry(url="https://weights.invalid/en.pth", latest=True)

    assert LocalSpeechWeights.check_type("EN_V1") is EnglishLocal.EN_V1  # fills the name tables

    class GermanLocal(LocalSpeechWeights):
        DE_V1 = WeightEntry(url="https://weights.invalid/de.pth", latest=True)

    assert LocalSpeechWeights.check_type("DE_V1") is GermanLocal.DE_V1


def test_get_latest_without_default_uses_the_latest_flag() -> None:
    class Plain(Weights):
        OLD = WeightEntry(url="https://weights.invalid/old.pth")
        NEW = WeightEntry(url="https://weights.invalid/new.pth", latest=True)

    class Twice(Weights):
        A = WeightEntry(url="https://weights.invalid/a.pth", latest=True)
        B = WeightEntry(url="https://weights.invalid/b.pth", latest=True)

    assert Plain.get_latest() is Plain.NEW
    with pytest.raises(ValueError, match="several members latest \\(A, B\\); define DEFAULT"):
        Twice.get_latest()


def test_members_must_be_weight_entries() -> None:
    with pytest.raises(TypeError, match="Broken.X must be a WeightEntry, got str"):

        class Broken(Weights):
            X = "https://weights.invalid/x.pth"


def test_members_expose_their_entry_with_types() -> None:
    member = MedResNet18Weights.PATHMNIST_V1
    assert member.url.endswith("med_resnet18_pathmnist_v1.pth")
    assert len(member.meta["categories"]) == 9
    assert member.transforms is not None
    assert member.entry is member.value


@pytest.mark.parametrize("member", [MedResNet18Weights.DEFAULT, FrenchSpeechWeights.FR_CA_V1])
def test_members_pickle_and_copy_to_themselves(member: Weights) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(member, protocol)) is member
    assert copy.copy(member) is member
    assert copy.deepcopy(member) is member
    assert copy.deepcopy({"w": member})["w"] is member


def test_entries_compare_by_value_and_hash() -> None:
    a = WeightEntry(url="https://weights.invalid/a.pth", meta={"categories": ["x"]})
    b = WeightEntry(url="https://weights.invalid/a.pth", meta={"categories": ["x"]})
    assert a == b and hash(a) == hash(b)
    assert {a, b} == {a}
    with pytest.raises(AttributeError):
        a.url = "elsewhere"  # type: ignore[misc]


def test_an_accidental_alias_is_refused_at_class_creation() -> None:
    with pytest.raises(ValueError, match="Copied.V2 has the same WeightEntry as Copied.V1"):

        class Copied(Weights):
            V1 = WeightEntry(url="https://weights.invalid/same.pth")
            V2 = WeightEntry(url="https://weights.invalid/same.pth")


def test_a_family_base_qualifier_suggests_the_real_owner() -> None:
    with pytest.raises(ValueError, match='did you mean "EnglishSpeechWeights.EN_GB_V1"'):
        SpeechWeights.check_type("SpeechWeights.EN_GB_V1")

"""What is wrong with a builder's ``weights*`` argument, decided once for every front end.

A front end describes the parameter as a `WeightsParamView` (the Enums it accepts, with their
subclass Enums and their member names) and the argument as what it could tell: another Enum's
member, a string, the Enum class, a bare entry, a value of another type. The mypy plugin builds
the view from mypy's TypeInfos, ``weightlink check`` from the catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from weightlink.rules import messages
from weightlink.rules.codes import Diagnostic
from weightlink.rules.names import closest, parse_weights_name


@dataclass(frozen=True)
class EnumView:
    name: str  # the class name: ResNet50_Weights
    members: tuple[str, ...]  # member and alias names, in declaration order (DEFAULT included)
    public: str = ""  # its public qualified name (torchvision.models.ResNet50_Weights): its identity


@dataclass(frozen=True)
class WeightsParamView:
    name: str  # "weights", "weights_backbone", "obj" (a guard's parameter)
    family: tuple[EnumView, ...]  # the accepted Enums, each followed by its subclass Enums
    accepted: str  # how messages name what it takes: '"ResNet50_Weights"' (with a condition)
    accepts_any_enum: bool = False  # typed with the base class itself (resnet_fpn_backbone)
    accepted_qualified: str = ""  # ``accepted`` with public qualified names (two Enums, one short name)

    def valid_names(self) -> dict[str, list[EnumView]]:
        """Every string the parameter accepts (``MEMBER`` and ``Enum.MEMBER``) with the Enums it names."""
        names: dict[str, list[EnumView]] = {}
        for enum in self.family:
            for member in enum.members:
                names.setdefault(member, []).append(enum)
                names.setdefault(f"{enum.name}.{member}", []).append(enum)
        return names


def other_members_diagnostic(
    callee: str,
    param: WeightsParamView,
    given: str,
    member: str | None,
    *,
    given_as_name: bool,
    given_public: str | None = None,
    alias_of: str | None = None,
) -> Diagnostic:
    """A member (or the name of a member) of another builder's Enum: suggest ours with the same
    member name, else our DEFAULT. When the other Enum has the short name of one the parameter
    accepts (torchvision's and torchgeo's ``ResNet50_Weights``), both are named in full."""
    given_enum = given.partition(".")[0]
    qualify = given_public is not None and any(e.name == given_enum for e in param.family)

    def name(enum: EnumView) -> str:
        return enum.public if qualify and enum.public else enum.name

    same_name = next((f"{name(e)}.{member}" for e in param.family if member and member in e.members), None)
    default = next((f"{name(e)}.DEFAULT" for e in param.family if "DEFAULT" in e.members), None)
    return messages.weights_mismatch(
        param.accepted_qualified if qualify and param.accepted_qualified else param.accepted,
        given_public if qualify and given_public else given,
        callee=callee,
        param=param.name,
        given_as_name=given_as_name,
        did_you_mean=same_name,
        example=default,
        alias_of=alias_of,
    )


def name_diagnostic(
    callee: str, param: WeightsParamView, value: str, is_other_enum: Callable[[str], bool]
) -> Diagnostic | None:
    """A string passed for the weights: None when it names exactly one member it accepts.
    ``is_other_enum(short_name)`` says whether the library has another weights Enum of that name."""
    if param.accepts_any_enum and not param.family:
        return None  # any Enum: the name is not checkable from the parameter
    names = param.valid_names()
    parsed = parse_weights_name(value)
    owners = names.get(parsed.qualified)
    if owners is not None:
        if len({enum.name for enum in owners}) > 1:
            options = [f"{enum.name}.{parsed.qualified}" for enum in owners]
            return messages.ambiguous_weights(value, options, callee=callee)
        return None
    ours = {enum.name for enum in param.family}
    if parsed.enum is not None and parsed.enum not in ours and is_other_enum(parsed.enum):
        return other_members_diagnostic(callee, param, value, parsed.member, given_as_name=True)
    plain = [name for name in names if "." not in name]
    return messages.unknown_weights(value, plain, param.accepted, suggestion=closest(parsed.member, plain), callee=callee)


def enum_views(enums: Sequence[tuple[str, Sequence[str], str]]) -> tuple[EnumView, ...]:
    """``(name, member names, public qualified name)`` of each Enum."""
    return tuple(EnumView(name, tuple(members), public) for name, members, public in enums)

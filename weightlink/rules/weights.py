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


@dataclass(frozen=True)
class WeightsParamView:
    name: str  # "weights", "weights_backbone", "obj" (a guard's parameter)
    family: tuple[EnumView, ...]  # the accepted Enums, each followed by its subclass Enums
    accepted: str  # how messages name what it takes: '"ResNet50_Weights"' (with a condition)
    accepts_any_enum: bool = False  # typed with the base class itself (resnet_fpn_backbone)

    def valid_names(self) -> dict[str, list[EnumView]]:
        """Every string the parameter accepts (``MEMBER`` and ``Enum.MEMBER``) with the Enums it names."""
        names: dict[str, list[EnumView]] = {}
        for enum in self.family:
            for member in enum.members:
                names.setdefault(member, []).append(enum)
                names.setdefault(f"{enum.name}.{member}", []).append(enum)
        return names


def other_members_diagnostic(
    callee: str, param: WeightsParamView, given: str, member: str | None, *, given_as_name: bool
) -> Diagnostic:
    """A member (or the name of a member) of another builder's Enum: suggest ours with the same
    member name, else our DEFAULT."""
    same_name = next((f"{e.name}.{member}" for e in param.family if member and member in e.members), None)
    default = next((f"{e.name}.DEFAULT" for e in param.family if "DEFAULT" in e.members), None)
    return messages.weights_mismatch(
        param.accepted,
        given,
        callee=callee,
        param=param.name,
        given_as_name=given_as_name,
        did_you_mean=same_name,
        example=default,
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


def enum_views(names_and_members: Sequence[tuple[str, Sequence[str]]]) -> tuple[EnumView, ...]:
    return tuple(EnumView(name, tuple(members)) for name, members in names_and_members)

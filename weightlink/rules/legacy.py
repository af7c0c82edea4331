"""What an old ``pretrained=`` call loaded, decided once for every front end.

A front end describes the call's arguments as `ArgumentView`s (the value when it is a literal, the
source text when it is simple enough to repeat, and its own node) and gets an `Outcome` back; it
renders that as a message (`replacement_text`), a rewrite (the codemod) or a warning.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal, Union

from weightlink.catalog.model import BuilderInfo, Catalog, LegacyDefault, LegacyParam
from weightlink.rules import messages
from weightlink.rules.arguments import NOT_LITERAL, ArgumentView
from weightlink.rules.codes import Diagnostic


@dataclass(frozen=True)
class NoWeights:
    """``pretrained=False``: nothing was loaded, whatever the builder."""


@dataclass(frozen=True)
class NeverHadWeights:
    """The builder never had legacy weights: ``pretrained=True`` raised."""


@dataclass(frozen=True)
class Member:
    enum: str  # qualified name of the Enum
    name: str  # the member (or DEFAULT, under prefer_default)

    @property
    def short(self) -> str:
        return f"{self.enum.rpartition('.')[2]}.{self.name}"


@dataclass(frozen=True)
class MemberName:
    """The member is fixed but its Enum is chosen at run time (``resnet_fpn_backbone(name, ...)``):
    ``name`` is valid for every Enum the call can reach, and builders accept it as a string."""

    name: str
    enums: tuple[str, ...]


@dataclass(frozen=True)
class ByArgument:
    """The member depends on another argument that is not a literal (``quantize=q``)."""

    param: str
    selector: ArgumentView
    test: Literal["truthy", "equals"]
    value: object
    then: Outcome
    otherwise: Outcome


@dataclass(frozen=True)
class WhenTrue:
    """A legacy value that is not a literal (``pretrained=flag``): ``chosen if flag else None``."""

    legacy: ArgumentView
    chosen: Outcome


@dataclass(frozen=True)
class Unknown:
    reason: str


Outcome = Union[NoWeights, NeverHadWeights, Member, MemberName, ByArgument, WhenTrue, Unknown]


def legacy_outcome(
    default: LegacyDefault,
    legacy_param: str,
    legacy: ArgumentView,
    arguments: Mapping[str, ArgumentView],
    catalog: Catalog | None,
) -> Outcome:
    """What ``legacy_param=<legacy>`` loaded, given the call's other ``arguments`` by parameter name."""
    if legacy.is_literal and not legacy.value:
        return NoWeights()
    chosen = _Call(legacy_param, legacy, arguments, catalog).chosen(default)
    if legacy.is_literal or isinstance(chosen, (NeverHadWeights, Unknown)):
        return chosen
    return WhenTrue(legacy, chosen)


@dataclass(frozen=True)
class _Call:
    legacy_param: str
    legacy: ArgumentView
    arguments: Mapping[str, ArgumentView]
    catalog: Catalog | None

    def chosen(self, default: LegacyDefault) -> Outcome:
        """The member a truthy legacy argument selects."""
        if default.kind == "member" and default.member:
            enum, _, name = default.member.rpartition(".")
            return Member(enum, name)
        if default.kind == "none":
            return NeverHadWeights()
        if default.kind == "conditional" and default.param and default.then and default.otherwise:
            return self._conditional(default, default.param, default.then, default.otherwise)
        if default.kind == "enum_of_builder" and default.param and self.catalog is not None:
            return self._enum_of_builder(default, default.param, self.catalog)
        return Unknown(messages.legacy_default_unreadable())

    def _conditional(self, default: LegacyDefault, param: str, then: LegacyDefault, otherwise: LegacyDefault) -> Outcome:
        selector = self.legacy if param == self.legacy_param else self.arguments.get(param)
        value = default.param_default if selector is None else selector.value
        if value is not NOT_LITERAL:
            return self.chosen(then if default.holds(value) else otherwise)
        assert selector is not None and default.test is not None
        branches = (self.chosen(then), self.chosen(otherwise))
        if not selector.repeatable or any(isinstance(b, (NeverHadWeights, Unknown)) for b in branches):
            return Unknown(messages.depends_on_complex_argument(param))
        return ByArgument(param, selector, default.test, default.value, *branches)

    def _enum_of_builder(self, default: LegacyDefault, param: str, catalog: Catalog) -> Outcome:
        named_by = self.arguments.get(param)
        member = catalog.member_of_named_builder(default, named_by.value if named_by else None)
        if member is not None:
            enum, _, name = member.rpartition(".")
            return Member(enum, name)
        enums = catalog.enums_of_builders_in(default.module or "")
        if named_by is not None and not named_by.is_literal and default.member_name and enums:
            if all(catalog.enums[enum].resolve(default.member_name) for enum in enums):
                return MemberName(default.member_name, tuple(enums))
        return Unknown(messages.depends_on_unknown_builder_name(param))


def replacement_text(outcome: Outcome) -> str | None:
    """The outcome as source text (``ResNet50_Weights.IMAGENET1K_V1 if pretrained else None``), or
    None when there is no replacement to show."""
    if isinstance(outcome, NoWeights):
        return "None"
    if isinstance(outcome, Member):
        return outcome.short
    if isinstance(outcome, MemberName):
        return f'"{outcome.name}"'
    if isinstance(outcome, ByArgument):
        then, otherwise = replacement_text(outcome.then), replacement_text(outcome.otherwise)
        text = outcome.selector.text or outcome.param
        test = text if outcome.test == "truthy" else f"{text} == {outcome.value!r}"
        return f"{_branch(outcome.then, then)} if {test} else {otherwise}" if then and otherwise else None
    if isinstance(outcome, WhenTrue):
        chosen = replacement_text(outcome.chosen)
        condition = outcome.legacy.text or "<value>"
        return f"{_branch(outcome.chosen, chosen)} if {condition} else None" if chosen else None
    return None


def _branch(outcome: Outcome, text: str | None) -> str | None:
    """A conditional inside the body of another conditional needs parentheses."""
    return f"({text})" if text and isinstance(outcome, ByArgument) else text


def default_now(outcome: Outcome, catalog: Catalog | None) -> str | None:
    """The member DEFAULT names now, when a fixed outcome is not it (switching would change results)."""
    member = outcome.chosen if isinstance(outcome, WhenTrue) else outcome
    if not isinstance(member, Member) or catalog is None:
        return None
    enum = catalog.enums.get(member.enum)
    current = enum.default_member if enum else None
    return current if current and current != member.name else None


def prefer_default(outcome: Outcome, catalog: Catalog) -> tuple[Outcome, list[str]]:
    """Each fixed member replaced by DEFAULT of its Enum; also the changes that makes, as messages."""
    if isinstance(outcome, Member):
        enum = catalog.enums.get(outcome.enum)
        current = enum.default_member if enum else None
        if current is None:
            return outcome, []
        changes = [messages.prefer_default_changes(outcome.short, current)] if current != outcome.name else []
        return Member(outcome.enum, "DEFAULT"), changes
    if isinstance(outcome, ByArgument):
        then, then_changes = prefer_default(outcome.then, catalog)
        otherwise, otherwise_changes = prefer_default(outcome.otherwise, catalog)
        return (
            ByArgument(outcome.param, outcome.selector, outcome.test, outcome.value, then, otherwise),
            then_changes + otherwise_changes,
        )
    if isinstance(outcome, WhenTrue):
        chosen, changes = prefer_default(outcome.chosen, catalog)
        return WhenTrue(outcome.legacy, chosen), changes
    return outcome, []


def describe_default(default: LegacyDefault, legacy_param: str, catalog: Catalog | None) -> str:
    """What ``legacy_param=True`` loaded, for any call: ``ResNet50_Weights.IMAGENET1K_V1``,
    ``A if quantize else B``, ``"IMAGENET1K_V1"`` (any backbone), ``never had weights``."""
    views = {param: ArgumentView(text=param, repeatable=True) for param in _params_read_by(default)}
    outcome = legacy_outcome(default, legacy_param, views.get(legacy_param, ArgumentView(True)), views, catalog)
    if isinstance(outcome, WhenTrue):
        outcome = outcome.chosen
    if isinstance(outcome, NeverHadWeights):
        return "never had weights"
    return replacement_text(outcome) or "unknown"


def beside_splat(entry: LegacyParam, outcome: Outcome, given: Collection[str], splat: str | None) -> Outcome:
    """The outcome of a call that also splats (``**kwargs``): when the member depends on an argument
    not passed by name (``quantize=``, ``backbone_name=``), the splat may hold it, so it is unknown."""
    if splat is None:
        return outcome
    unread = sorted(_params_read_by(entry.default) - {entry.legacy_param} - set(given))
    return Unknown(messages.depends_on_splat(unread[0], splat)) if unread else outcome


def _params_read_by(default: LegacyDefault | None) -> set[str]:
    if default is None:
        return set()
    own = {default.param} if default.param else set()
    return own | _params_read_by(default.then) | _params_read_by(default.otherwise)


def diagnose(
    builder: str,
    legacy_param: str,
    weights_param: str,
    outcome: Outcome,
    *,
    accepted: str,
    legacy_text: str,
    positional: bool,
    catalog: Catalog | None,
) -> Diagnostic:
    """The ``weights-legacy`` diagnostic for one legacy argument; ``legacy_text`` is its source text."""
    if isinstance(outcome, NoWeights):
        return messages.legacy_false(builder, legacy_param, weights_param, legacy_text, positional=positional)
    if isinstance(outcome, NeverHadWeights):
        return messages.legacy_never_had_weights(builder, legacy_param, weights_param, accepted)
    replacement = replacement_text(outcome)
    if isinstance(outcome, Unknown) or replacement is None:
        reason = outcome.reason if isinstance(outcome, Unknown) else None
        return messages.legacy_unresolved(
            builder, legacy_param, weights_param, accepted, positional=positional, reason=reason
        )
    return messages.legacy_replaced(
        builder,
        legacy_param,
        weights_param,
        replacement,
        positional=positional,
        default_now=default_now(outcome, catalog),
        legacy_value="True" if isinstance(outcome, WhenTrue) else legacy_text,
    )


def accepted_for(builder: BuilderInfo, weights_param: str, catalog: Catalog) -> str:
    """``"ResNet50_Weights"`` (or several, or ``"WeightEntry"``): what ``weights_param`` takes."""
    param = builder.weights_param(weights_param)
    if param is None:
        return messages.accepted_text([])
    names = [catalog.enums[q].name if q in catalog.enums else q.rpartition(".")[2] for q in param.enums]
    return messages.accepted_text(names, accepts_entry=param.accepts_entry)


def diagnose_entry(
    builder: BuilderInfo,
    catalog: Catalog,
    entry: LegacyParam,
    arguments: Mapping[str, ArgumentView],
    *,
    legacy_text: str,
    positional: bool,
) -> Diagnostic:
    """`legacy_outcome` then `diagnose`, for a front end that has the catalog's record of the builder."""
    outcome = legacy_outcome(entry.default, entry.legacy_param, arguments[entry.legacy_param], arguments, catalog)
    return diagnose_outcome(builder, catalog, entry, outcome, legacy_text=legacy_text, positional=positional)


def diagnose_outcome(
    builder: BuilderInfo, catalog: Catalog, entry: LegacyParam, outcome: Outcome, *, legacy_text: str, positional: bool
) -> Diagnostic:
    """`diagnose` for a legacy argument of a builder the catalog knows, its outcome already decided."""
    return diagnose(
        builder.name, entry.legacy_param, entry.weights_param, outcome,
        accepted=accepted_for(builder, entry.weights_param, catalog),
        legacy_text=legacy_text, positional=positional, catalog=catalog,
    )

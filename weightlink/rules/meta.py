"""Arguments that conflict with the chosen weights' meta (``num_classes=10`` with 1000-class weights)."""

from __future__ import annotations

from collections.abc import Mapping

from weightlink.catalog.model import BuilderInfo, Catalog, LegacyParam, MemberInfo, MetaOverride
from weightlink.rules import messages
from weightlink.rules.arguments import NOT_LITERAL, ArgumentView
from weightlink.rules.codes import Diagnostic
from weightlink.rules.legacy import Member, WhenTrue, legacy_outcome


def expected_value(override: MetaOverride, member: MemberInfo | None) -> object:
    """What the builder sets ``override.param`` to with weights ``member`` (None: no weights known);
    None when that is not known statically."""
    if override.meta_key is None:
        return override.value
    if member is None:
        return None
    if override.uses_len and override.meta_key == "categories":
        return member.num_categories
    value = member.meta.get(override.meta_key)
    if override.uses_len:
        return len(value) if isinstance(value, (list, tuple, dict)) else None
    if override.index is not None:
        if isinstance(value, (list, tuple)) and -len(value) <= override.index < len(value):
            return value[override.index]
        return None
    return value


def meta_conflict(override: MetaOverride, value: object, member_name: str, member: MemberInfo) -> Diagnostic | None:
    """The diagnostic for ``override.param=value`` beside weights ``member_name`` (``"Enum.MEMBER"``),
    or None when they agree or the meta is not known."""
    expected = expected_value(override, member)
    if expected is None or expected == value:
        return None
    return messages.meta_conflict(override.param, value, member_name, expected, override.weights_param)


def fixed_conflict(builder: str, override: MetaOverride, value: object) -> Diagnostic | None:
    """For an override the builder always applies: ``value`` against the constant it sets."""
    if not override.always or override.meta_key is not None or override.value == value:
        return None
    return messages.fixed_argument_conflict(builder, override.param, value, override.value)


def legacy_meta_conflicts(
    builder: BuilderInfo, catalog: Catalog, entry: LegacyParam, arguments: Mapping[str, ArgumentView]
) -> list[tuple[str, Diagnostic]]:
    """(argument, diagnostic) for each literal argument of a legacy call that conflicts with the
    weights the legacy argument loads (``resnet50(pretrained=True, num_classes=10)``)."""
    legacy = arguments.get(entry.legacy_param)
    if legacy is None:
        return []
    outcome = legacy_outcome(entry.default, entry.legacy_param, legacy, arguments, catalog)
    member = outcome.chosen if isinstance(outcome, WhenTrue) else outcome
    if not isinstance(member, Member):
        return []
    enum = catalog.enums.get(member.enum)
    canonical = enum.resolve(member.name) if enum else None
    if enum is None or canonical is None:
        return []
    loads = f"{entry.legacy_param}={legacy.text or '...'}" + (" (when true)" if isinstance(outcome, WhenTrue) else "")
    found = []
    for override in builder.meta_overrides:
        passed = arguments.get(override.param)
        if override.always or override.weights_param != entry.weights_param or passed is None:
            continue
        if passed.value is NOT_LITERAL or passed.value is None:
            continue
        expected = expected_value(override, enum.members[canonical])
        if expected is None or expected == passed.value:
            continue
        found.append((override.param, messages.legacy_meta_conflict(
            override.param, passed.value, member.short, expected, legacy=loads, weights_param=entry.weights_param,
            after_loading=override.after_loading if not passed.value else None,
        )))
    return found

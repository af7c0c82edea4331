"""Arguments that conflict with the chosen weights' meta (``num_classes=10`` with 1000-class weights)."""

from __future__ import annotations

from weightlink.catalog.model import MemberInfo, MetaOverride
from weightlink.rules import messages
from weightlink.rules.codes import Diagnostic


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

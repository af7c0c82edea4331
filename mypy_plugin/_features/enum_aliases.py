"""``ResNet50_Weights.DEFAULT`` is an alias of a member, not a member of its own: give it the
member's literal type, so ``--strict-equality`` and narrowing see them as the same value."""

from __future__ import annotations

from mypy.plugin import AttributeContext
from mypy.types import Instance, LiteralType, Type, get_proper_type

from mypy_plugin._knowledge import Knowledge


def alias_type(ctx: AttributeContext, enum_fullname: str, alias: str, knowledge: Knowledge) -> Type:
    enum = knowledge.enum_info(enum_fullname)
    canonical = enum.aliases.get(alias) if enum else None
    default = get_proper_type(ctx.default_attr_type)
    if canonical is None or not isinstance(default, Instance) or default.type.fullname != enum_fullname:
        return ctx.default_attr_type
    plain = Instance(default.type, [])
    return default.copy_modified(last_known_value=LiteralType(canonical, fallback=plain))

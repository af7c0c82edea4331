"""Arguments that conflict with the chosen weights' meta: ``resnet50(weights=..DEFAULT, num_classes=10)``."""

from __future__ import annotations

from mypy.nodes import StrExpr
from mypy.plugin import CheckerPluginInterface
from mypy.types import Instance, LiteralType

from mypy_plugin._arguments import NOT_LITERAL, Argument, Arguments, literal_value
from mypy_plugin._errors import WEIGHTS_META_CONFLICT
from mypy_plugin._knowledge import BuilderSpec, Knowledge, union_items
from weightlink.catalog import MemberInfo, MetaOverride


def check_meta(api: CheckerPluginInterface, knowledge: Knowledge, spec: BuilderSpec, arguments: Arguments) -> None:
    if spec.info is None:
        return
    for override in spec.info.meta_overrides:
        passed = arguments.get(override.param)
        weights = arguments.get(override.weights_param)
        if not passed or not weights:
            continue
        value = literal_value(passed[0])
        if value is NOT_LITERAL or value is None:
            continue
        chosen = chosen_member(knowledge, spec, override.weights_param, weights[0])
        if chosen is None:
            continue
        name, member = chosen
        expected = _expected(override, member)
        if expected is not None and expected != value:
            api.fail(
                f'{override.param}={value!r} conflicts with weights "{name}", which set '
                f"{override.param}={expected!r} (raises at run time); drop {override.param}= or use "
                f"{override.weights_param}=None",
                passed[0].expr,
                code=WEIGHTS_META_CONFLICT,
            )


def _expected(override: MetaOverride, member: MemberInfo) -> object:
    if override.uses_len and override.meta_key == "categories":
        return member.num_categories
    value = member.meta.get(override.meta_key)
    if override.uses_len:
        return len(value) if isinstance(value, (list, tuple, dict)) else None
    return value


def chosen_member(
    knowledge: Knowledge, spec: BuilderSpec, weights_param: str, argument: Argument
) -> tuple[str, MemberInfo] | None:
    """(``"Enum.MEMBER"``, its catalog record) for a literal member or member name, else None."""
    param = spec.weights.get(weights_param)
    if param is None:
        return None
    candidates: list[tuple[str, str]] = []  # (enum fullname, member or alias name)
    if isinstance(argument.expr, StrExpr):
        name = argument.expr.value
        enum_name, _, member = name.rpartition(".")
        for enum in param.enums:
            for info in knowledge.family(enum):
                if not enum_name or enum_name.rpartition(".")[2] == info.name:
                    candidates.append((info.fullname, member))
    else:
        for item in union_items(argument.type):
            literal = item.last_known_value if isinstance(item, Instance) else item
            if isinstance(literal, LiteralType) and literal.is_enum_literal() and isinstance(literal.value, str):
                candidates.append((literal.fallback.type.fullname, literal.value))
    found = []
    for enum_fullname, name in candidates:
        record = knowledge.enum_info(enum_fullname)
        canonical = record.resolve(name) if record else None
        if record is not None and canonical is not None:
            found.append((f"{record.name}.{canonical}", record.members[canonical]))
    return found[0] if len(found) == 1 else None

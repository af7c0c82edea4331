"""Arguments that conflict with the chosen weights' meta: ``resnet50(weights=..DEFAULT, num_classes=10)``."""

from __future__ import annotations

from mypy.nodes import StrExpr
from mypy.plugin import CheckerPluginInterface
from mypy.types import Instance, LiteralType

from mypy_plugin._arguments import Argument, Arguments, literal_value
from mypy_plugin._errors import report
from mypy_plugin._knowledge import BuilderSpec, Knowledge, union_items
from weightlink.catalog import MemberInfo
from weightlink.rules.arguments import NOT_LITERAL
from weightlink.rules.meta import fixed_conflict, meta_conflict
from weightlink.rules.names import parse_weights_name


def check_meta(api: CheckerPluginInterface, knowledge: Knowledge, spec: BuilderSpec, arguments: Arguments) -> None:
    if spec.info is None:
        return
    for override in spec.info.meta_overrides:
        passed = arguments.get(override.param)
        value = literal_value(passed[0]) if passed else NOT_LITERAL
        if not passed or value is NOT_LITERAL or value is None:
            continue
        if override.always:
            diagnostic = fixed_conflict(spec.name, override, value)
        else:
            weights = arguments.get(override.weights_param)
            chosen = chosen_member(knowledge, spec, override.weights_param, weights[0]) if weights else None
            diagnostic = meta_conflict(override, value, chosen[0], chosen[1]) if chosen else None
        if diagnostic is not None:
            report(api, diagnostic, passed[0].expr)


def chosen_member(
    knowledge: Knowledge, spec: BuilderSpec, weights_param: str, argument: Argument
) -> tuple[str, MemberInfo] | None:
    """(``"Enum.MEMBER"``, its catalog record) for a literal member or member name, else None."""
    param = spec.weights.get(weights_param)
    if param is None:
        return None
    candidates: list[tuple[str, str]] = []  # (enum fullname, member or alias name)
    if isinstance(argument.expr, StrExpr):
        parsed = parse_weights_name(argument.expr.value)
        for enum in param.enums:
            for info in knowledge.family(enum):
                if parsed.enum is None or parsed.enum == info.name:
                    candidates.append((info.fullname, parsed.member))
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

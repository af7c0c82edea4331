"""Check what is passed as a builder's ``weights*`` argument: the right Enum, a valid name, or None."""

from __future__ import annotations

from mypy.nodes import Context, StrExpr, TypeInfo
from mypy.plugin import CheckerPluginInterface
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    LiteralType,
    NoneType,
    ProperType,
    TypeType,
    UninhabitedType,
    get_proper_type,
)

from mypy_plugin._arguments import Argument
from mypy_plugin._errors import WEIGHTS_MISMATCH, WEIGHTS_UNKNOWN
from mypy_plugin._knowledge import Knowledge, WeightsParamSpec, union_items
from mypy_plugin._names import WEIGHT_ENTRY
from weightlink._suggest import closest

_SILENT_TYPES = frozenset({"builtins.object", "builtins.str"})


def check_weights_argument(
    api: CheckerPluginInterface, knowledge: Knowledge, callee: str, param: WeightsParamSpec, argument: Argument
) -> None:
    if isinstance(argument.expr, StrExpr):
        check_weights_name(api, knowledge, callee, param, argument.expr.value, argument.expr)
        return
    for item in union_items(argument.type):
        if isinstance(item, (AnyType, NoneType, UninhabitedType)):
            continue
        if isinstance(item, LiteralType) and isinstance(item.value, str) and not item.is_enum_literal():
            check_weights_name(api, knowledge, callee, param, item.value, argument.expr)
        elif isinstance(item, Instance):
            _check_instance(api, knowledge, callee, param, item, argument.expr)
        else:
            enum_class = _enum_class(knowledge, item)
            if enum_class is not None:
                api.fail(
                    f'"{callee}" takes a member for "{param.name}", not the Enum class "{enum_class.name}" itself '
                    f'(e.g. "{enum_class.name}.DEFAULT")',
                    argument.expr,
                    code=WEIGHTS_MISMATCH,
                )


def _enum_class(knowledge: Knowledge, item: ProperType) -> TypeInfo | None:
    """The weights Enum when ``item`` is the class object itself (``weights=ResNet50_Weights``)."""
    if isinstance(item, CallableType) and item.is_type_obj():
        target = get_proper_type(item.ret_type)
    elif isinstance(item, TypeType):
        target = get_proper_type(item.item)
    else:
        return None
    return target.type if isinstance(target, Instance) and knowledge.is_weights_enum(target.type) else None


def accepts(knowledge: Knowledge, param: WeightsParamSpec, info: TypeInfo) -> bool:
    if any(info is enum or info.has_base(enum.fullname) for enum in param.enums):
        return True
    return param.accepts_any_enum and knowledge.is_weights_enum(info)


def _check_instance(
    api: CheckerPluginInterface,
    knowledge: Knowledge,
    callee: str,
    param: WeightsParamSpec,
    item: Instance,
    context: Context,
) -> None:
    info = item.type
    if accepts(knowledge, param, info) or info.fullname in knowledge.weights_bases:
        return  # the base class itself (WeightsEnum): any member, possibly the right one
    if info.fullname == WEIGHT_ENTRY:
        if not param.accepts_entry:
            api.fail(
                f'"{callee}" does not accept a bare WeightEntry for "{param.name}"; it takes {param.display()}',
                context,
                code=WEIGHTS_MISMATCH,
            )
        return
    if knowledge.is_weights_enum(info):
        member = _enum_member_name(item)
        given = f"{info.name}.{member}" if member else info.name
        hint = _same_member_hint(knowledge, param, member)
        api.fail(
            f'"{callee}" takes {param.display()} for "{param.name}", got "{given}"{hint}',
            context,
            code=WEIGHTS_MISMATCH,
        )
        return
    if info.fullname in _SILENT_TYPES:
        if item.last_known_value is not None and isinstance(item.last_known_value.value, str):
            check_weights_name(api, knowledge, callee, param, item.last_known_value.value, context)
        return
    api.fail(
        f'"{callee}" takes {param.display()}, a member name or None for "{param.name}", got "{info.name}"',
        context,
        code=WEIGHTS_MISMATCH,
    )


def _enum_member_name(item: Instance) -> str | None:
    value = item.last_known_value
    return value.value if value is not None and isinstance(value.value, str) else None


def _same_member_hint(knowledge: Knowledge, param: WeightsParamSpec, member: str | None) -> str:
    for enum in param.enums:
        for info in knowledge.family(enum):
            if member and member in info.enum_members:
                return f'; did you mean "{info.name}.{member}"?'
    defaults = [f"{info.name}.DEFAULT" for enum in param.enums for info in knowledge.family(enum) if "DEFAULT" in info.enum_members]
    return f' (e.g. "{defaults[0]}")' if defaults else ""


def valid_names(knowledge: Knowledge, param: WeightsParamSpec) -> dict[str, list[TypeInfo]]:
    """Every string the builder accepts: ``MEMBER`` and ``Enum.MEMBER``, with the Enums each names."""
    names: dict[str, list[TypeInfo]] = {}
    for enum in param.enums:
        for info in knowledge.family(enum):
            for member in info.enum_members:
                names.setdefault(member, []).append(info)
                names.setdefault(f"{info.name}.{member}", []).append(info)
    return names


def check_weights_name(
    api: CheckerPluginInterface,
    knowledge: Knowledge,
    callee: str,
    param: WeightsParamSpec,
    value: str,
    context: Context,
) -> None:
    if param.accepts_any_enum and not param.enums:
        return  # resnet_fpn_backbone-style: any Enum; its name is not checkable here
    names = valid_names(knowledge, param)
    key = value if value in names or value.count(".") < 2 else ".".join(value.rsplit(".", 2)[-2:])
    owners = names.get(key)
    if owners is not None:
        if len({info.fullname for info in owners}) > 1:
            options = ", ".join(f'"{info.name}.{key}"' for info in owners)
            api.fail(f'"{value}" is ambiguous for "{callee}": use one of {options}', context, code=WEIGHTS_UNKNOWN)
        return
    if "." in key:
        enum_name, _, member = key.partition(".")
        if not _is_other_weights_enum(knowledge, param, enum_name):
            _unknown(api, callee, param, value, member, [n for n in names if "." not in n], context)
            return
        api.fail(
            f'"{callee}" takes {param.display()} for "{param.name}", got "{value}" (a name of another weights Enum)'
            + _same_member_hint(knowledge, param, member),
            context,
            code=WEIGHTS_MISMATCH,
        )
        return
    _unknown(api, callee, param, value, value, [n for n in names if "." not in n], context)


def _is_other_weights_enum(knowledge: Knowledge, param: WeightsParamSpec, enum_name: str) -> bool:
    ours = {info.name for enum in param.enums for info in knowledge.family(enum)}
    if enum_name in ours:
        return False
    catalogs = [knowledge.catalog_for(enum.fullname) for enum in param.enums]
    return any(catalog is not None and catalog.enum_by_short_name(enum_name) for catalog in catalogs)


def _unknown(
    api: CheckerPluginInterface,
    callee: str,
    param: WeightsParamSpec,
    value: str,
    member: str,
    plain_names: list[str],
    context: Context,
) -> None:
    suggestion = closest(member, plain_names)
    hint = f' (did you mean "{suggestion}"?)' if suggestion else ""
    valid = ", ".join(sorted(plain_names))
    api.fail(
        f'Unknown weights "{value}" for "{callee}"{hint}; valid names of {param.display()}: {valid}',
        context,
        code=WEIGHTS_UNKNOWN,
    )

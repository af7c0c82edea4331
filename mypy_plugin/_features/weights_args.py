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
from mypy_plugin._errors import report
from mypy_plugin._knowledge import Knowledge, WeightsParamSpec, union_items
from weightlink.rules import messages
from weightlink.rules.codes import Diagnostic
from weightlink.rules.names import closest, parse_weights_name

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
                report(api, messages.enum_class_given(enum_class.name, callee=callee, param=param.name), argument.expr)


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
    if knowledge.dialect.accepts_entry(info.fullname):
        if not param.accepts_entry:
            report(api, messages.entry_not_accepted(param.display(), callee=callee, param=param.name), context)
        return
    if knowledge.is_weights_enum(info):
        member = _enum_member_name(item)
        given = f"{info.name}.{member}" if member else info.name
        report(api, _mismatch(knowledge, callee, param, given, member, given_as_name=False), context)
        return
    if info.fullname in _SILENT_TYPES:
        if item.last_known_value is not None and isinstance(item.last_known_value.value, str):
            check_weights_name(api, knowledge, callee, param, item.last_known_value.value, context)
        return
    report(api, messages.wrong_weights_type(param.display(), info.name, callee=callee, param=param.name), context)


def _enum_member_name(item: Instance) -> str | None:
    value = item.last_known_value
    return value.value if value is not None and isinstance(value.value, str) else None


def _mismatch(
    knowledge: Knowledge, callee: str, param: WeightsParamSpec, given: str, member: str | None, *, given_as_name: bool
) -> Diagnostic:
    """Another Enum's member: suggest ours with the same member name, else our DEFAULT."""
    family = [info for enum in param.enums for info in knowledge.family(enum)]
    same_name = next((f"{info.name}.{member}" for info in family if member and member in info.enum_members), None)
    default = next((f"{info.name}.DEFAULT" for info in family if "DEFAULT" in info.enum_members), None)
    return messages.weights_mismatch(
        param.display(),
        given,
        callee=callee,
        param=param.name,
        given_as_name=given_as_name,
        did_you_mean=same_name,
        example=default,
    )


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
    parsed = parse_weights_name(value)
    owners = names.get(parsed.qualified)
    plain = [n for n in names if "." not in n]
    if owners is not None:
        if len({info.fullname for info in owners}) > 1:
            options = [f"{info.name}.{parsed.qualified}" for info in owners]
            report(api, messages.ambiguous_weights(value, options, callee=callee), context)
        return
    if parsed.enum is not None and _is_other_weights_enum(knowledge, param, parsed.enum):
        report(api, _mismatch(knowledge, callee, param, value, parsed.member, given_as_name=True), context)
        return
    diagnostic = messages.unknown_weights(
        value, plain, param.display(), suggestion=closest(parsed.member, plain), callee=callee
    )
    report(api, diagnostic, context)


def _is_other_weights_enum(knowledge: Knowledge, param: WeightsParamSpec, enum_name: str) -> bool:
    ours = {info.name for enum in param.enums for info in knowledge.family(enum)}
    if enum_name in ours:
        return False
    catalogs = [knowledge.catalog_for(enum.fullname) for enum in param.enums]
    return any(catalog is not None and catalog.enum_by_short_name(enum_name) for catalog in catalogs)

"""Check what is passed as a builder's ``weights*`` argument: the right Enum, a valid name, or None."""

from __future__ import annotations

from mypy.nodes import Context, MemberExpr, StrExpr, TypeInfo
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
from mypy_plugin._features.members import referenced_enum
from weightlink.rules import messages
from weightlink.rules.codes import Diagnostic
from weightlink.rules.weights import WeightsParamView, enum_views, name_diagnostic, other_members_diagnostic

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
                report(api, enum_class_diagnostic(knowledge, callee, param, enum_class), argument.expr)


def enum_class_diagnostic(knowledge: Knowledge, callee: str, param: WeightsParamSpec, enum: TypeInfo) -> Diagnostic:
    """``weights=ResNet50_Weights``: what the parameter takes is named when the class is not one of
    them, and the example is always a member of the parameter's own Enum."""
    view = param_view(knowledge, param)
    example = next((f"{e.name}.DEFAULT" for e in view.family if "DEFAULT" in e.members), None)
    accepted = None if accepts(knowledge, param, enum) else view.accepted
    return messages.enum_class_given(enum.name, callee=callee, param=param.name, accepted=accepted, example=example)


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
        canonical = _enum_member_name(item)
        # As the user wrote it (``ResNet101_Weights.DEFAULT``), with the member an alias stands for.
        written = context.name if isinstance(context, MemberExpr) and referenced_enum(context.expr, knowledge) is info else None
        member = written or canonical
        alias_of = f"{info.name}.{canonical}" if canonical and member != canonical else None
        given = f"{info.name}.{member}" if member else info.name
        public = knowledge.public_name(info.fullname)
        given_public = f"{public}.{member}" if member else public
        view = param_view(knowledge, param)
        diagnostic = other_members_diagnostic(
            callee, view, given, member, given_as_name=False, given_public=given_public, alias_of=alias_of
        )
        report(api, diagnostic, context)
        return
    if info.fullname in _SILENT_TYPES:
        if item.last_known_value is not None and isinstance(item.last_known_value.value, str):
            check_weights_name(api, knowledge, callee, param, item.last_known_value.value, context)
        return
    report(api, messages.wrong_weights_type(param.display(), info.name, callee=callee, param=param.name), context)


def _enum_member_name(item: Instance) -> str | None:
    value = item.last_known_value
    return value.value if value is not None and isinstance(value.value, str) else None


def param_view(knowledge: Knowledge, param: WeightsParamSpec) -> WeightsParamView:
    """The parameter as the shared rules see it: its Enums and their subclass Enums, with members."""
    family = [info for enum in param.enums for info in knowledge.family(enum)]
    return WeightsParamView(
        param.name,
        enum_views([(info.name, knowledge.member_names(info), knowledge.public_name(info.fullname)) for info in family]),
        param.display(),
        param.accepts_any_enum,
        accepted_qualified=param.display(qualified=knowledge.public_name),
    )


def check_weights_name(
    api: CheckerPluginInterface,
    knowledge: Knowledge,
    callee: str,
    param: WeightsParamSpec,
    value: str,
    context: Context,
) -> None:
    catalogs = [knowledge.catalog_for(enum.fullname) for enum in param.enums]

    def is_other_enum(short_name: str) -> bool:
        return any(catalog is not None and catalog.enum_by_short_name(short_name) for catalog in catalogs)

    diagnostic = name_diagnostic(callee, param_view(knowledge, param), value, is_other_enum)
    if diagnostic is not None:
        report(api, diagnostic, context)

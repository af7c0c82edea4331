"""Registry lookups by string: ``get_model("resnet50")`` is a ``ResNet``, ``get_model_weights("resnet50")``
is ``type[ResNet50_Weights]``, ``get_weight("ResNet50_Weights.DEFAULT")`` a ``ResNet50_Weights``; unknown
names are reported, and ``get_model``'s keyword arguments are checked like a direct builder call."""

from __future__ import annotations

from mypy.nodes import CallExpr, Context, MemberExpr, RefExpr, StrExpr
from mypy.plugin import FunctionContext, MethodContext
from mypy.types import Instance, Type, TypeType

from mypy_plugin._arguments import bind
from mypy_plugin._errors import MODEL_UNKNOWN, WEIGHTS_UNKNOWN
from mypy_plugin._features.builder_calls import check_builder_arguments
from mypy_plugin._knowledge import BuilderSpec, Knowledge
from weightlink._suggest import closest

Context_ = FunctionContext | MethodContext


def registry_call(ctx: Context_, operation: str, package: str | None, knowledge: Knowledge) -> Type:
    if package is None:
        return ctx.default_return_type
    arguments = bind(ctx.callee_arg_names, ctx.args, ctx.arg_types, ctx.arg_kinds, ctx.arg_names)
    first = next(iter(arguments.values()), [])
    if not first or not isinstance(first[0].expr, StrExpr):
        if operation == "get_model_weights" and first and isinstance(first[0].expr, RefExpr):
            spec = knowledge.builder(first[0].expr.fullname)
            return _weights_type(spec) or ctx.default_return_type
        return ctx.default_return_type
    name_argument = first[0]
    assert isinstance(name_argument.expr, StrExpr)
    text = name_argument.expr.value
    if operation == "get_weight":
        return _get_weight(ctx, knowledge, package, text, name_argument.expr) or ctx.default_return_type
    spec = _builder(ctx, knowledge, package, text, name_argument.expr)
    if spec is None:
        return ctx.default_return_type
    if operation == "get_model":
        config = {key: group for key, group in arguments.items() if group is not first}
        check_builder_arguments(ctx, spec, knowledge, config)
        return spec.signature.ret_type
    if operation == "get_model_builder":
        return spec.signature
    return _weights_type(spec) or ctx.default_return_type


def _builder(ctx: Context_, knowledge: Knowledge, package: str, name: str, context: Context) -> BuilderSpec | None:
    catalog = knowledge.catalog(package)
    if catalog is None:
        return None
    if name not in catalog.registry:
        suggestion = closest(name, catalog.registry)
        hint = f'; did you mean "{suggestion}"?' if suggestion else ""
        ctx.api.fail(f'Unknown model "{name}" in the {package} registry{hint}', context, code=MODEL_UNKNOWN)
        return None
    return knowledge.builder(catalog.registry[name])


def _weights_type(spec: BuilderSpec | None) -> Type | None:
    weights = spec.weights.get("weights") if spec else None
    if weights is None or not weights.enums:
        return None
    return TypeType(Instance(weights.enums[0], []))


def _get_weight(ctx: Context_, knowledge: Knowledge, package: str, name: str, context: Context) -> Type | None:
    catalog = knowledge.catalog(package)
    if catalog is None:
        return None
    enum_name, dot, member = name.rpartition(".")
    enum_name = enum_name.rpartition(".")[2]
    enums = {info.name: info for info in catalog.enums.values()}
    enum = enums.get(enum_name)
    if not dot or enum is None:
        suggestion = closest(enum_name or name, enums)
        hint = f'; did you mean "{suggestion}"?' if suggestion else ""
        ctx.api.fail(
            f'Unknown weights Enum in "{name}" (expected "EnumName.MEMBER"){hint}', context, code=WEIGHTS_UNKNOWN
        )
        return None
    if enum.resolve(member) is None:
        suggestion = closest(member, enum.all_names())
        hint = f'; did you mean "{enum_name}.{suggestion}"?' if suggestion else ""
        ctx.api.fail(f'"{enum_name}" has no member "{member}"{hint}', context, code=WEIGHTS_UNKNOWN)
        return None
    info = knowledge.type_info(enum.qualname)
    return Instance(info, []) if info is not None else None


def receiver_package(ctx: MethodContext) -> str | None:
    """The library owning ``registry`` in ``registry.get_model(...)``: its module's top-level package."""
    call = ctx.context
    if isinstance(call, CallExpr) and isinstance(call.callee, MemberExpr):
        receiver = call.callee.expr
        if isinstance(receiver, RefExpr) and receiver.fullname:
            return receiver.fullname.partition(".")[0]
    return None

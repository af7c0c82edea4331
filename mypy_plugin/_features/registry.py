"""Registry lookups by string: unknown names are reported, and ``get_model``'s keyword arguments are
checked like a direct builder call. With ``precise_types``, ``get_model("resnet50")`` is a ``ResNet``,
``get_model_weights("resnet50")`` is ``type[ResNet50_Weights]`` and ``get_weight("ResNet50_Weights.DEFAULT")``
a ``ResNet50_Weights``; otherwise they keep the types mypy gives them without the plugin."""

from __future__ import annotations

from mypy.nodes import ARG_NAMED, ARG_NAMED_OPT, ARG_OPT, ARG_POS, ARG_STAR, CallExpr, Context, MemberExpr, RefExpr, StrExpr
from mypy.plugin import FunctionContext, FunctionSigContext, MethodContext, MethodSigContext
from mypy.types import CallableType, FunctionLike, Instance, Type, TypeType

from mypy_plugin._arguments import Argument, Arguments, bind
from mypy_plugin._errors import report
from mypy_plugin._features.builder_calls import has_splat, builder_parameters, check_builder_arguments, with_params
from mypy_plugin._features.members import with_member_types
from mypy_plugin._knowledge import BuilderSpec, Knowledge
from weightlink.rules import messages
from weightlink.rules.names import closest, parse_weights_name

Context_ = FunctionContext | MethodContext
SignatureContext = FunctionSigContext | MethodSigContext


def registry_call(ctx: Context_, operation: str, package: str | None, knowledge: Knowledge) -> Type:
    if package is None:
        return ctx.default_return_type
    arguments = with_member_types(bind(ctx.callee_arg_names, ctx.args, ctx.arg_types, ctx.arg_kinds, ctx.arg_names), knowledge)
    first = next(iter(arguments.values()), [])
    precise = _precise_return(ctx, operation, package, knowledge, arguments, first)
    return knowledge.call_return(package, precise or ctx.default_return_type, ctx.default_return_type)


def _precise_return(
    ctx: Context_, operation: str, package: str, knowledge: Knowledge, arguments: Arguments, first: list[Argument]
) -> Type | None:
    """Checks the call; returns the precise type of its result when the name is a literal."""
    if not first or not isinstance(first[0].expr, StrExpr):
        if operation == "get_model_weights" and first and isinstance(first[0].expr, RefExpr):
            return _weights_type(knowledge.builder(first[0].expr.fullname))
        return None
    name_argument = first[0]
    assert isinstance(name_argument.expr, StrExpr)
    text = name_argument.expr.value
    if operation == "get_weight":
        return _get_weight(ctx, knowledge, package, text, name_argument.expr)
    spec = _builder(ctx, knowledge, package, text, name_argument.expr)
    if spec is None:
        return None
    if operation == "get_model":
        config = {key: group for key, group in arguments.items() if group is not first}
        check_builder_arguments(ctx.api, spec, knowledge, config, ctx.context)
        return spec.signature.ret_type
    if operation == "get_model_builder":
        return spec.signature
    return _weights_type(spec)


def registry_signature(ctx: SignatureContext, package: str | None, knowledge: Knowledge) -> FunctionLike:
    """``get_model("resnet50", **config)``: config is checked like the builder's keywords (names,
    with "did you mean", and types), through the signature mypy checks the call against."""
    default = ctx.default_signature
    catalog = knowledge.catalog(package) if package else None
    name = ctx.args[0][0] if ctx.args and ctx.args[0] else None
    qualname = catalog.registry.get(name.value) if catalog is not None and isinstance(name, StrExpr) else None
    spec = knowledge.builder(qualname) if qualname else None
    if spec is None or not isinstance(default, CallableType) or not default.arg_kinds:
        return default
    anything = ctx.api.named_generic_type("builtins.object", [])
    keywords = [
        (name, _KEYWORD_KIND.get(kind, kind), typ)
        for name, kind, typ in builder_parameters(spec, knowledge, anything, expand_kwargs=not has_splat(ctx.context))
        if kind != ARG_STAR and name is not None
    ]
    head = (default.arg_names[0], default.arg_kinds[0], default.arg_types[0])
    return with_params(default, [head, *keywords])


_KEYWORD_KIND = {ARG_POS: ARG_NAMED, ARG_OPT: ARG_NAMED_OPT}


def _builder(ctx: Context_, knowledge: Knowledge, package: str, name: str, context: Context) -> BuilderSpec | None:
    catalog = knowledge.catalog(package)
    if catalog is None or not catalog.registry:
        return None  # no registry the catalog can read: its names are not judged
    if name not in catalog.registry:
        report(ctx.api, messages.unknown_model(name, package, suggestion=closest(name, catalog.registry)), context)
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
    parsed = parse_weights_name(name)
    enums = {info.name: info for info in catalog.enums.values()}
    enum = enums.get(parsed.enum or "")
    if enum is None:
        report(ctx.api, messages.unknown_weights_enum(name, suggestion=closest(parsed.enum or name, enums)), context)
        return None
    if enum.resolve(parsed.member) is None:
        suggestion = closest(parsed.member, enum.all_names())
        report(ctx.api, messages.no_such_member(enum.name, parsed.member, suggestion=suggestion), context)
        return None
    info = knowledge.type_info(enum.qualname)
    return Instance(info, []) if info is not None else None


def receiver_package(ctx: MethodContext | MethodSigContext) -> str | None:
    """The library owning ``registry`` in ``registry.get_model(...)``: its module's top-level package."""
    call = ctx.context
    if isinstance(call, CallExpr) and isinstance(call.callee, MemberExpr):
        receiver = call.callee.expr
        if isinstance(receiver, RefExpr) and receiver.fullname:
            return receiver.fullname.partition(".")[0]
    return None

"""Calls of a builder: the signature mypy checks the call against, then the weights checks.

The call signature is the builder's own (from the undecorated definition), with four changes:

- ``weights*`` parameters are widened to ``object``: valid member names are strings, which the
  declared Enum type would reject; this plugin checks them precisely instead.
- The legacy parameters are added in their old positional order, so ``resnet50(True)`` is reported
  as the deprecated form with its replacement rather than as "too many positional arguments".
- ``**kwargs`` becomes the keywords it passes on (catalog: ``resnet50`` -> ``ResNet.__init__``),
  typed as declared there, so mypy reports ``num_class=`` (with "did you mean") and
  ``num_classes="10"``. When the catalog cannot see where ``**kwargs`` ends, it stays.
- The return type is what mypy infers without the plugin, unless ``precise_types`` is on.
"""

from __future__ import annotations

from mypy.nodes import ARG_NAMED, ARG_NAMED_OPT, ARG_OPT, ARG_POS, ARG_STAR, ARG_STAR2, ArgKind, CallExpr, Context
from mypy.plugin import CheckerPluginInterface, FunctionContext, FunctionSigContext, MethodContext
from mypy.types import AnyType, CallableType, FunctionLike, Type, TypeOfAny

from mypy_plugin._arguments import Arguments, bind, bind_in_order, literal_value
from mypy_plugin._features.legacy import check_legacy
from mypy_plugin._features.members import with_member_types
from mypy_plugin._features.meta import check_meta
from mypy_plugin._features.weights_args import check_weights_argument
from mypy_plugin._knowledge import BuilderSpec, Knowledge, WeightsParamSpec
from weightlink.rules.arguments import NOT_LITERAL

# One parameter of the signature mypy checks a call against: (name, kind, type).
SignatureParam = tuple[str | None, ArgKind, Type]


def call_signature(ctx: FunctionSigContext, spec: BuilderSpec, knowledge: Knowledge) -> FunctionLike:
    if has_splat(ctx.context) and not knowledge.precise_types:
        # ``resnet50(**options)``: mypy would check the dict's value type against every parameter
        # (``progress: bool`` against a dict of weights), an error it never gives without the
        # plugin. What the splat holds is unknown, so the call keeps the type it has without it.
        return ctx.default_signature
    anything = ctx.api.named_generic_type("builtins.object", [])
    params = builder_parameters(spec, knowledge, anything, expand_kwargs=not has_splat(ctx.context))
    package = spec.fullname.partition(".")[0]
    ret = knowledge.call_return(package, spec.signature.ret_type, ctx.default_signature.ret_type)
    return with_params(spec.signature, params).copy_modified(ret_type=ret)


def has_splat(call: Context) -> bool:
    """``f(**options)``: mypy would check the dict's value type against every keyword parameter, so
    a call with a splat keeps ``**kwargs`` as the builder declares it."""
    return isinstance(call, CallExpr) and any(kind in (ARG_STAR, ARG_STAR2) for kind in call.arg_kinds)


def builder_parameters(
    spec: BuilderSpec, knowledge: Knowledge, anything: Type, *, expand_kwargs: bool = True
) -> list[SignatureParam]:
    signature = spec.signature
    # Legacy parameters are checked by the plugin, whatever they are declared as (a generated stub
    # declares ``pretrained: None`` so that plugin-less checkers reject it).
    legacy_names = {entry.legacy_param for entry in spec.info.legacy} if spec.info else set()
    params: list[SignatureParam] = [
        (name, kind, anything if name in spec.weights or name in legacy_names else typ)
        for name, kind, typ in zip(signature.arg_names, signature.arg_kinds, signature.arg_types)
    ]
    if spec.info is None:
        return params
    if expand_kwargs:
        params = _with_forwarded_keywords(params, spec, knowledge)
    # A weights parameter with a legacy twin is supplied by the shim when the legacy one is given
    # (resnet_fpn_backbone's required ``weights``).
    mapped = {entry.weights_param for entry in spec.info.legacy}
    params = [(name, _optional(kind) if name in mapped else kind, typ) for name, kind, typ in params]
    by_name = {name: (name, kind, typ) for name, kind, typ in params if name}
    has_kwargs = any(kind == ARG_STAR2 for _, kind, _ in params)
    order = spec.info.legacy_positional
    in_order: list[SignatureParam] = []
    for name in order:
        if name in by_name:
            _, kind, typ = by_name[name]
            in_order.append((name, ARG_POS if kind in (ARG_POS, ARG_NAMED) else ARG_OPT, typ))
        elif name in legacy_names or has_kwargs:
            in_order.append((name, ARG_OPT, anything if name in legacy_names else AnyType(TypeOfAny.explicit)))
    rest = [p for p in params if p[0] not in order]
    extra_keywords: list[SignatureParam] = [
        (name, ARG_NAMED_OPT, anything) for name in sorted(legacy_names) if name not in by_name and name not in order
    ]
    return (
        in_order
        + [p for p in rest if p[1] in (ARG_POS, ARG_OPT)]
        + [p for p in rest if p[1] == ARG_STAR]
        + [p for p in rest if p[1] in (ARG_NAMED, ARG_NAMED_OPT)]
        + extra_keywords
        + [p for p in rest if p[1] == ARG_STAR2]
    )


def _with_forwarded_keywords(params: list[SignatureParam], spec: BuilderSpec, knowledge: Knowledge) -> list[SignatureParam]:
    """``**kwargs`` replaced by the keywords it passes on (kept when it also reaches the unknown)."""
    assert spec.info is not None
    if not any(kind == ARG_STAR2 for _, kind, _ in params) or (not spec.info.forwarded and spec.info.forwards_unknown):
        return params
    own = {name for name, _, _ in params}
    forwarded: list[SignatureParam] = []
    for keyword in spec.info.forwarded:
        if keyword.name in own:
            continue
        declared = knowledge.declared_type(keyword.declared_in, keyword.name) if keyword.declared_in else None
        forwarded.append((keyword.name, ARG_NAMED_OPT, declared or AnyType(TypeOfAny.special_form)))
    keep_kwargs = spec.info.forwards_unknown
    before = [p for p in params if p[1] != ARG_STAR2]
    return before + forwarded + ([p for p in params if p[1] == ARG_STAR2] if keep_kwargs else [])


def _optional(kind: ArgKind) -> ArgKind:
    return {ARG_POS: ARG_OPT, ARG_NAMED: ARG_NAMED_OPT}.get(kind, kind)


def with_params(signature: CallableType, params: list[SignatureParam]) -> CallableType:
    return signature.copy_modified(
        arg_names=[p[0] for p in params], arg_kinds=[p[1] for p in params], arg_types=[p[2] for p in params]
    )


def check_builder_call(ctx: FunctionContext | MethodContext, spec: BuilderSpec, knowledge: Knowledge) -> Type:
    if has_splat(ctx.context) and not knowledge.precise_types:
        # The call kept the signature it has without the plugin (see call_signature): bind it here.
        assert isinstance(ctx.context, CallExpr)
        anything = AnyType(TypeOfAny.special_form)
        params = builder_parameters(spec, knowledge, anything, expand_kwargs=False)
        positional = [name for name, kind, _ in params if kind in (ARG_POS, ARG_OPT)]
        bound = bind_in_order(ctx.context, positional, ctx.args, ctx.arg_types)
    else:
        bound = bind(ctx.callee_arg_names, ctx.args, ctx.arg_types, ctx.arg_kinds, ctx.arg_names)
    arguments = with_member_types(bound, knowledge)
    check_builder_arguments(ctx.api, spec, knowledge, arguments, ctx.context)
    return ctx.default_return_type


def check_builder_arguments(
    api: CheckerPluginInterface, spec: BuilderSpec, knowledge: Knowledge, arguments: Arguments, context: Context
) -> None:
    keyword_only = {
        name for name, kind in zip(spec.signature.arg_names, spec.signature.arg_kinds) if kind.is_named()
    }
    for name, param in spec.weights.items():
        selected = _selected_by_another_argument(spec, knowledge, name, arguments) or param
        for argument in arguments.get(name, []):
            # A positional value landing on a keyword-only parameter is mypy's "too many positional
            # arguments" (or the legacy form, reported separately), not a weights mismatch.
            if not (argument.positional and name in keyword_only):
                check_weights_argument(api, knowledge, spec.name, selected, argument)
    check_legacy(api, knowledge, spec, arguments, context)
    check_meta(api, knowledge, spec, arguments)


def _selected_by_another_argument(
    spec: BuilderSpec, knowledge: Knowledge, weights_param: str, arguments: Arguments
) -> WeightsParamSpec | None:
    """The Enum a literal (or missing) ``quantize=`` selects: quantized builders accept only it."""
    selectors = [s for s in (spec.info.weights_selectors if spec.info else []) if s.weights_param == weights_param]
    if len(selectors) != 1:
        return None
    selector = selectors[0]
    given = arguments.get(selector.param)
    value = literal_value(given[0]) if given else selector.param_default
    if value is NOT_LITERAL:
        return None
    info = knowledge.type_info(selector.when_true if value else selector.when_false)
    if info is None:
        return None
    return WeightsParamSpec(weights_param, [info], condition=f"{selector.param}={value!r}")

"""Calls of a builder: the signature mypy checks the call against, then the weights checks.

The call signature widens ``weights*`` parameters to ``object`` (valid member names are strings, which
the declared Enum type would reject; this plugin checks them precisely instead) and adds the legacy
parameters in their old positional order, so ``resnet50(True)`` is reported as the deprecated form
with its replacement rather than as "too many positional arguments".
"""

from __future__ import annotations

from mypy.nodes import ARG_NAMED, ARG_NAMED_OPT, ARG_OPT, ARG_POS, ARG_STAR, ARG_STAR2, ArgKind
from mypy.plugin import FunctionContext, FunctionSigContext, MethodContext
from mypy.types import AnyType, CallableType, FunctionLike, Type, TypeOfAny

from mypy_plugin._arguments import Arguments, bind
from mypy_plugin._features.legacy import check_legacy
from mypy_plugin._features.meta import check_meta
from mypy_plugin._features.weights_args import check_weights_argument
from mypy_plugin._knowledge import BuilderSpec, Knowledge

Param = tuple[str | None, ArgKind, Type]


def call_signature(ctx: FunctionSigContext, spec: BuilderSpec) -> FunctionLike:
    signature = ctx.default_signature
    anything = ctx.api.named_generic_type("builtins.object", [])
    params: list[Param] = [
        (name, kind, anything if name in spec.weights else typ)
        for name, kind, typ in zip(signature.arg_names, signature.arg_kinds, signature.arg_types)
    ]
    if spec.info is None:
        return _with_params(signature, params)
    # A weights parameter with a legacy twin is supplied by the shim when the legacy one is given
    # (resnet_fpn_backbone's required ``weights``).
    mapped = {entry.weights_param for entry in spec.info.legacy}
    params = [(name, _optional(kind) if name in mapped else kind, typ) for name, kind, typ in params]
    legacy_names = {entry.legacy_param for entry in spec.info.legacy}
    by_name = {name: (name, kind, typ) for name, kind, typ in params if name}
    has_kwargs = any(kind == ARG_STAR2 for _, kind, _ in params)
    order = spec.info.legacy_positional
    in_order: list[Param] = []
    for name in order:
        if name in by_name:
            _, kind, typ = by_name[name]
            in_order.append((name, ARG_POS if kind in (ARG_POS, ARG_NAMED) else ARG_OPT, typ))
        elif name in legacy_names or has_kwargs:
            in_order.append((name, ARG_OPT, anything if name in legacy_names else AnyType(TypeOfAny.explicit)))
    rest = [p for p in params if p[0] not in order]
    extra_keywords: list[Param] = [
        (name, ARG_NAMED_OPT, anything) for name in sorted(legacy_names) if name not in by_name and name not in order
    ]
    ordered = (
        in_order
        + [p for p in rest if p[1] in (ARG_POS, ARG_OPT)]
        + [p for p in rest if p[1] == ARG_STAR]
        + [p for p in rest if p[1] in (ARG_NAMED, ARG_NAMED_OPT)]
        + extra_keywords
        + [p for p in rest if p[1] == ARG_STAR2]
    )
    return _with_params(signature, ordered)


def _optional(kind: ArgKind) -> ArgKind:
    return {ARG_POS: ARG_OPT, ARG_NAMED: ARG_NAMED_OPT}.get(kind, kind)


def _with_params(signature: CallableType, params: list[Param]) -> CallableType:
    return signature.copy_modified(
        arg_names=[p[0] for p in params], arg_kinds=[p[1] for p in params], arg_types=[p[2] for p in params]
    )


def check_builder_call(ctx: FunctionContext | MethodContext, spec: BuilderSpec, knowledge: Knowledge) -> Type:
    arguments = bind(ctx.callee_arg_names, ctx.args, ctx.arg_types, ctx.arg_kinds, ctx.arg_names)
    check_builder_arguments(ctx, spec, knowledge, arguments)
    return ctx.default_return_type


def check_builder_arguments(
    ctx: FunctionContext | MethodContext, spec: BuilderSpec, knowledge: Knowledge, arguments: Arguments
) -> None:
    keyword_only = {
        name for name, kind in zip(spec.signature.arg_names, spec.signature.arg_kinds) if kind.is_named()
    }
    for name, param in spec.weights.items():
        for argument in arguments.get(name, []):
            # A positional value landing on a keyword-only parameter is mypy's "too many positional
            # arguments" (or the legacy form, reported separately), not a weights mismatch.
            if not (argument.positional and name in keyword_only):
                check_weights_argument(ctx.api, knowledge, spec.name, param, argument)
    check_legacy(ctx.api, knowledge, spec, arguments, ctx.context)
    check_meta(ctx.api, knowledge, spec, arguments)

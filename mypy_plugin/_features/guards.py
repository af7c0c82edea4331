"""``ResNet50_Weights.verify(x)`` and ``XWeights.check_type(x)``: the guard's own class is the Enum
``x`` must belong to, so a member of another Enum (or an unknown name) is reported statically."""

from __future__ import annotations

from mypy.plugin import MethodContext, MethodSigContext
from mypy.types import CallableType, FunctionLike, Instance, NoneType, Type, TypeType, get_proper_type

from mypy_plugin._arguments import bind, literal_value
from mypy_plugin._features.members import with_member_types
from mypy_plugin._features.weights_args import check_weights_argument
from mypy_plugin._knowledge import Knowledge, WeightsParamSpec


def guard_signature(ctx: MethodSigContext) -> FunctionLike:
    """The guard takes anything but None as ``obj`` (in stubs: ``obj: Self | str``), so that a wrong
    argument reaches `guard_call`, which says which member was meant, instead of failing the overload."""
    signature = ctx.default_signature
    if "obj" not in signature.arg_names:
        return signature
    index = signature.arg_names.index("obj")
    if isinstance(get_proper_type(signature.arg_types[index]), NoneType):
        return signature  # the ``verify(None) -> None`` variant stays as it is
    arg_types = list(signature.arg_types)
    arg_types[index] = ctx.api.named_generic_type("builtins.object", [])
    return signature.copy_modified(arg_types=arg_types)


def guard_call(ctx: MethodContext, knowledge: Knowledge, method: str) -> Type:
    receiver = get_proper_type(ctx.type)
    if isinstance(receiver, CallableType) and receiver.is_type_obj():
        enum_type = get_proper_type(receiver.ret_type)
    elif isinstance(receiver, TypeType):
        enum_type = get_proper_type(receiver.item)
    else:
        return ctx.default_return_type
    if not isinstance(enum_type, Instance) or not knowledge.is_weights_enum(enum_type.type):
        return ctx.default_return_type
    arguments = with_member_types(bind(ctx.callee_arg_names, ctx.args, ctx.arg_types, ctx.arg_kinds, ctx.arg_names), knowledge)
    allow_entry = any(literal_value(a) is True for a in arguments.get("allow_entry", []))
    param = WeightsParamSpec("obj", [enum_type.type], accepts_entry=allow_entry)
    for argument in arguments.get("obj", []):
        check_weights_argument(ctx.api, knowledge, f"{enum_type.type.name}.{method}", param, argument)
    return ctx.default_return_type

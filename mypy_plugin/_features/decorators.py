"""Registration decorators that erase signatures (torchvision's ``register_model`` returns
``Callable[..., M]``; ``handle_legacy_interface`` is unannotated) are typed as the identity, so every
builder keeps its real parameters: ``reveal_type(resnet50)`` shows them, and mypy checks calls."""

from __future__ import annotations

from mypy.nodes import ARG_POS
from mypy.plugin import FunctionContext
from mypy.types import AnyType, CallableType, Type, TypeOfAny, TypeVarId, TypeVarType, get_proper_type


def identity_decorator(ctx: FunctionContext) -> Type:
    """``@register_model()`` returns the identity; a bare ``@register`` is the identity applied."""
    positional = [t for kinds, types in zip(ctx.arg_kinds, ctx.arg_types) for k, t in zip(kinds, types) if k == ARG_POS]
    if len(positional) == 1 and isinstance(get_proper_type(positional[0]), CallableType):
        return positional[0]
    api = ctx.api
    decorated = TypeVarType(
        "F",
        "weightlink.F",
        TypeVarId(-1, namespace="weightlink.identity"),
        [],
        api.named_generic_type("builtins.object", []),
        AnyType(TypeOfAny.from_omitted_generics),
    )
    return CallableType(
        [decorated],
        [ARG_POS],
        [None],
        decorated,
        api.named_generic_type("builtins.function", []),
        variables=[decorated],
        name="weightlink_registration",
    )

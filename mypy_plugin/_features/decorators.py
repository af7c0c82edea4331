"""Registration decorators that hide a builder's signature (torchvision's ``register_model`` returns
``Callable[..., M]``; ``handle_legacy_interface`` is unannotated, so a builder it decorates is Any).

- With ``precise_types``: they are typed as the identity, so every builder keeps its real
  parameters and return type (``reveal_type(resnet50)`` shows them).
- By default: a builder keeps the type mypy gives it, except that where it would be ``Any`` it
  becomes ``def (*Any, **Any) -> Any``, the same thing for every use but a callable, so the plugin
  can check its calls (an ``Any`` callee gets no hooks).
"""

from __future__ import annotations

from mypy.nodes import ARG_POS, ARG_STAR, ARG_STAR2
from mypy.plugin import FunctionContext
from mypy.types import (
    AnyType,
    CallableType,
    Overloaded,
    Type,
    TypeOfAny,
    TypeVarId,
    TypeVarType,
    get_proper_type,
)


def identity_decorator(ctx: FunctionContext) -> Type:
    """``@register_model()`` returns the identity; a bare ``@register`` is the identity applied."""
    applied = _decorated_function(ctx)
    if applied is not None:
        return applied
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


def callable_not_any_decorator(ctx: FunctionContext) -> Type:
    default = get_proper_type(ctx.default_return_type)
    if isinstance(default, Overloaded) or (isinstance(default, CallableType) and _callable(default.ret_type)):
        return ctx.default_return_type  # a typed decorator: its result is already callable
    erased = CallableType(
        [AnyType(TypeOfAny.special_form)] * 2,
        [ARG_STAR, ARG_STAR2],
        [None, None],
        AnyType(TypeOfAny.special_form),
        ctx.api.named_generic_type("builtins.function", []),
    )
    if _decorated_function(ctx) is not None or isinstance(default, CallableType):
        return erased  # the decorator applied to the builder (``@legacy`` without a call)
    return erased.copy_modified(arg_types=[AnyType(TypeOfAny.special_form)], arg_kinds=[ARG_POS], arg_names=[None], ret_type=erased)


def _decorated_function(ctx: FunctionContext) -> Type | None:
    positional = [t for kinds, types in zip(ctx.arg_kinds, ctx.arg_types) for k, t in zip(kinds, types) if k == ARG_POS]
    if len(positional) == 1 and isinstance(get_proper_type(positional[0]), CallableType):
        return positional[0]
    return None


def _callable(typ: Type) -> bool:
    return isinstance(get_proper_type(typ), (CallableType, Overloaded, TypeVarType))

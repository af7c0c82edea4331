"""Legacy shim: keep old ``pretrained=True`` calls working while pointing at the exact replacement."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ParamSpec, TypeVar, Union, cast

from weightlink._weights import Weights

P = ParamSpec("P")
R = TypeVar("R")

# The member an old ``pretrained=True`` call loaded: fixed, a function of the call's other
# arguments (quantized builders), or None for builders that never had legacy weights.
LegacyDefault = Union[Weights, Callable[[Mapping[str, Any]], Union[Weights, None]], None]


def handle_legacy_interface(
    *, positional: Sequence[str] = (), **weights: tuple[str, LegacyDefault]
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Map ``pretrained=`` style arguments to ``weights=`` ones, warning with the exact fix.

    ``weights=("pretrained", ResNet50Weights.IMAGENET1K_V1)`` maps ``pretrained=True`` to that member
    and ``pretrained=False`` to None; the default may instead be a callable that receives the call's
    keyword arguments (the legacy one included) and returns the member. ``positional`` is the old
    positional parameter order (``("pretrained", "progress")``), so ``builder(True)`` still works.
    Passing both the old and the new argument raises `TypeError`.
    """
    for weights_param in weights:
        if not weights_param.startswith("weights"):
            raise ValueError(f"legacy mapping targets must be weights parameters, got {weights_param!r}")

    def decorate(builder: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(builder)
        def call_with_new_interface(*args: P.args, **kwargs: P.kwargs) -> R:
            name = builder.__name__
            arguments = _positional_to_keywords(name, positional, args, dict(kwargs))
            legacy_used = bool(args)
            for weights_param, (legacy_param, default) in weights.items():
                if legacy_param in arguments:
                    _replace_legacy_argument(name, arguments, weights_param, legacy_param, default)
                    legacy_used = True
            if legacy_used:
                warnings.warn(
                    f"{_call(name, args, kwargs)} uses the deprecated legacy interface; "
                    f"use {_call(name, (), arguments)}",
                    FutureWarning,
                    stacklevel=2,
                )
            return cast(Callable[..., R], builder)(**arguments)

        return call_with_new_interface

    return decorate


def _call(name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
    """Source text of a call; members print as ``Enum.MEMBER`` (their repr)."""
    parts = [repr(value) for value in args] + [f"{key}={value!r}" for key, value in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _positional_to_keywords(
    builder_name: str, positional: Sequence[str], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    if len(args) > len(positional):
        raise TypeError(
            f"{builder_name}() takes keyword arguments only"
            + (f" (legacy positional order: {', '.join(positional)})" if positional else "")
        )
    for name, value in zip(positional, args):
        if name in kwargs:
            raise TypeError(f"{builder_name}() got multiple values for argument {name!r}")
        kwargs[name] = value
    return kwargs


def _replace_legacy_argument(
    builder_name: str,
    kwargs: dict[str, Any],
    weights_param: str,
    legacy_param: str,
    default: LegacyDefault,
) -> None:
    if weights_param in kwargs:
        raise TypeError(
            f"{builder_name}() got both {legacy_param}= and {weights_param}=; "
            f"{legacy_param} is deprecated, pass only {weights_param}="
        )
    legacy_value = kwargs[legacy_param]
    chosen = (default(kwargs) if callable(default) else default) if legacy_value else None
    if legacy_value and chosen is None:
        raise ValueError(
            f"{builder_name}() never had legacy pretrained weights for {legacy_param}={legacy_value!r}; "
            f"choose a member of the Enum that types {weights_param}="
        )
    # Keep the argument order of the call: the new parameter takes the legacy one's place.
    items = [(weights_param if key == legacy_param else key, value) for key, value in kwargs.items()]
    kwargs.clear()
    kwargs.update(items)
    kwargs[weights_param] = chosen

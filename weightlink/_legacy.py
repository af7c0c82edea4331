"""Legacy shim: keep old ``pretrained=True`` calls working while pointing at the exact replacement.

The warning says what the mypy plugin, the checker and the codemod say about the same call: the
sentences come from `weightlink.rules.messages`.
"""

from __future__ import annotations

import functools
import os
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ParamSpec, TypeVar, Union, cast

from weightlink._weights import Weights
from weightlink.dialect import DEFAULT_DIALECT
from weightlink.rules import messages
from weightlink.rules.codes import Diagnostic

P = ParamSpec("P")
R = TypeVar("R")
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep

# What an old ``pretrained=True`` call loaded: a fixed member, a function of the call's other
# arguments (quantized builders), or None for builders that never had legacy weights.
LegacyWeights = Union[Weights, Callable[[Mapping[str, Any]], Union[Weights, None]], None]


def handle_legacy_interface(
    *, positional: Sequence[str] = (), **weights: tuple[str, LegacyWeights]
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Map ``pretrained=`` style arguments to ``weights=`` ones, warning with the exact fix.

    ``weights=("pretrained", ResNet50Weights.IMAGENET1K_V1)`` maps ``pretrained=True`` to that member
    and ``pretrained=False`` to None; the default may instead be a callable that receives the call's
    keyword arguments (the legacy one included) and returns the member. ``positional`` is the old
    positional parameter order (``("pretrained", "progress")``), so ``builder(True)`` still works.
    Passing both the old and the new argument raises `TypeError`.
    """
    for weights_param in weights:
        if not DEFAULT_DIALECT.is_weights_param(weights_param):
            raise ValueError(f"legacy mapping targets must be weights parameters, got {weights_param!r}")

    def decorate(builder: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(builder)
        def call_with_new_interface(*args: P.args, **kwargs: P.kwargs) -> R:
            name = builder.__name__
            arguments = _positional_to_keywords(name, positional, args, dict(kwargs))
            given_positionally = set(positional[: len(args)])
            diagnostics = [
                _replace_legacy_argument(builder, arguments, weights_param, legacy_param, default, given_positionally)
                for weights_param, (legacy_param, default) in weights.items()
                if legacy_param in arguments
            ]
            legacy_names = {legacy_param for legacy_param, _ in weights.values()}
            others = [n for n in positional[: len(args)] if n not in legacy_names]
            if others:
                keywords = ", ".join(f"{n}={arguments[n]!r}" for n in others)
                diagnostics.append(messages.legacy_positional(name, keywords))
            level = _stacklevel_of_caller()
            for diagnostic in diagnostics:  # one warning per deprecated argument, as the plugin reports them
                warnings.warn(diagnostic.message, FutureWarning, stacklevel=level)
            return cast(Callable[..., R], builder)(**arguments)

        return call_with_new_interface

    return decorate


def _stacklevel_of_caller() -> int:
    """``warnings.warn``'s stacklevel, for a warn in the caller of this function, that names the
    first frame outside weightlink: the user's line, also when `Registry.get_model` (one or two
    frames in weightlink) called the builder. Python 3.12's ``skip_file_prefixes`` does this too."""
    level, frame = 1, sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        level, frame = level + 1, frame.f_back
    return level


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
    builder: Callable[..., Any],
    kwargs: dict[str, Any],
    weights_param: str,
    legacy_param: str,
    default: LegacyWeights,
    given_positionally: set[str],
) -> Diagnostic:
    name = builder.__name__
    if weights_param in kwargs:
        raise TypeError(messages.legacy_and_weights(name, legacy_param, weights_param).message)
    legacy_value = kwargs[legacy_param]
    chosen = (default(kwargs) if callable(default) else default) if legacy_value else None
    positional = legacy_param in given_positionally
    if legacy_value and chosen is None:
        accepted = messages.accepted_text(enum.__name__ for enum in _weights_enums(builder, weights_param))
        raise ValueError(messages.legacy_never_had_weights(name, legacy_param, weights_param, accepted).message)
    # Keep the argument order of the call: the new parameter takes the legacy one's place.
    items = [(weights_param if key == legacy_param else key, value) for key, value in kwargs.items()]
    kwargs.clear()
    kwargs.update(items)
    kwargs[weights_param] = chosen
    if chosen is None:
        return messages.legacy_false(name, legacy_param, weights_param, repr(legacy_value), positional=positional)
    current = type(chosen).__members__.get("DEFAULT")
    default_now = current._name_ if current is not None and current is not chosen else None
    return messages.legacy_replaced(
        name,
        legacy_param,
        weights_param,
        repr(chosen),
        positional=positional,
        default_now=default_now,
        legacy_value=repr(legacy_value),
    )


def _weights_enums(builder: Callable[..., Any], weights_param: str) -> list[type[Weights]]:
    from weightlink._registry import weights_enums_of

    return weights_enums_of(builder, weights_param)

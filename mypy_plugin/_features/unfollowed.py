"""Keep the one-line setup free of noise: where mypy reads a library only because the plugin asked
it to (torchvision has no ``py.typed``), everything from that library still looks to user code as
it did before, ``Any``, except what the plugin is about: builder and registry calls (checked) and
the weights Enums (typed, so wrong members are caught).

Without this, following torchvision would type its model classes in user code (an annotation
``model: ResNet``, ``FasterRCNN(...)``) and surface errors that have nothing to do with weights.
Inside the library nothing changes. A user who configures ``follow_untyped_imports`` for the
library gets its real types, as without the plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import ARG_STAR, ARG_STAR2
from mypy.plugin import AnalyzeTypeContext, AttributeContext, FunctionContext, FunctionSigContext
from mypy.types import AnyType, CallableType, FunctionLike, Type, TypeOfAny

InLibrary = Callable[[str], bool]  # whether a module (or a file path) belongs to a hidden library


def _unimported() -> AnyType:
    # The kind of Any mypy itself gives names from a module it does not follow.
    return AnyType(TypeOfAny.from_unimported_type)


def any_annotation(fullname: str, in_library: InLibrary) -> Callable[[AnalyzeTypeContext], Type]:
    """For an annotation naming the plain class ``fullname``: Any outside the library, the class
    inside it (rebuilt here: analysing the same annotation again would call this hook again)."""

    def hook(ctx: AnalyzeTypeContext) -> Type:
        # The module being analysed: the type analyser's semantic analyser knows it.
        module = getattr(getattr(ctx.api, "api", None), "cur_mod_id", None)
        if isinstance(module, str) and not in_library(module):
            return _unimported()
        return ctx.api.named_type(fullname, [ctx.api.analyze_type(arg) for arg in ctx.type.args])

    return hook


def any_result(in_library: InLibrary) -> Callable[[FunctionContext], Type]:
    def hook(ctx: FunctionContext) -> Type:
        return ctx.default_return_type if in_library(ctx.api.path) else _unimported()

    return hook


def any_signature(in_library: InLibrary) -> Callable[[FunctionSigContext], FunctionLike]:
    def hook(ctx: FunctionSigContext) -> FunctionLike:
        if in_library(ctx.api.path):
            return ctx.default_signature
        function = ctx.api.named_generic_type("builtins.function", [])
        return CallableType([_unimported(), _unimported()], [ARG_STAR, ARG_STAR2], [None, None], _unimported(), function)

    return hook


def any_attribute(in_library: InLibrary) -> Callable[[AttributeContext], Type]:
    """An attribute of an instance of a library class (``model.features`` after ``isinstance``)."""

    def hook(ctx: AttributeContext) -> Type:
        return ctx.default_attr_type if in_library(ctx.api.path) else _unimported()

    return hook

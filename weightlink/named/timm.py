"""timm as a `NamedLibrary`: ``timm.create_model("resnet50.a1_in1k", pretrained=True)`` and
``timm.is_model("...")``, judged by `weightlink.rules.timm` against timm's catalog
(`weightlink.catalog.timm`). timm ships ``py.typed``: mypy reads it without being told (no
``follow``). A file's own ``@register_model`` architectures (its `file_context`) are never judged."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence

from weightlink.catalog.timm import load_timm_catalog
from weightlink.catalog.timm_reader import TimmCatalog
from weightlink.named import Function, NamedCall, Verdict
from weightlink.rules import messages
from weightlink.rules.codes import WEIGHTS_LEGACY
from weightlink.rules.timm import (
    FUNCTION_NAMES,
    NAME_PARAM,
    PRETRAINED_PARAM,
    TIMM_FUNCTIONS,
    TimmFunction,
    deprecated_replacement,
    diagnose_name,
    registered_in,
)

__all__ = ["TIMM", "TIMM_NAMED_FUNCTIONS", "Timm"]

_FUNCTIONS = {
    "create": Function("create", (NAME_PARAM, PRETRAINED_PARAM)),  # create_model(model_name, pretrained=False, ...)
    "is_model": Function("is_model", (NAME_PARAM,)),
}
TIMM_NAMED_FUNCTIONS: dict[str, Function] = {name: _FUNCTIONS[operation] for name, operation in TIMM_FUNCTIONS.items()}


class Timm:
    name = "timm"
    setting = "timm"
    functions: Mapping[str, Function] = TIMM_NAMED_FUNCTIONS
    # A file that never mentions these cannot call them (an alias is imported by name); timm's own
    # 300 modules all say "timm", few say create_model.
    screen: tuple[str, ...] = FUNCTION_NAMES
    follow: tuple[str, ...] = ()

    def load_catalog(self, paths: Sequence[str]) -> TimmCatalog:
        return load_timm_catalog(paths)

    def file_context(self, tree: ast.Module) -> frozenset[str]:
        """The architectures the file registers itself: timm knows them at run time."""
        return registered_in(tree)

    def judge(self, call: NamedCall, catalog: TimmCatalog) -> list[Verdict]:
        name = call.literal(NAME_PARAM)
        if not isinstance(name, str):
            return []
        pretrained = call.literal(PRETRAINED_PARAM) if call.given(PRETRAINED_PARAM) else False
        registered = call.context if isinstance(call.context, frozenset) else frozenset()
        function: TimmFunction = "create" if call.operation == "create" else "is_model"
        diagnostic = diagnose_name(function, name, catalog, pretrained=pretrained, registered=registered)
        if diagnostic is None:
            return []
        replacement = deprecated_replacement(name, catalog) if diagnostic.code is WEIGHTS_LEGACY else None
        if replacement is None:
            return [Verdict(diagnostic, NAME_PARAM)]
        return [Verdict(diagnostic, NAME_PARAM, replacement, unfixed_in_constant=_in_constant(name, replacement))]


def _in_constant(name: str, replacement: str) -> Callable[[str], str]:
    return lambda constant: messages.timm_name_in_constant(name, constant, replacement)


TIMM = Timm()

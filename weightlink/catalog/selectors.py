"""Builders whose weights Enum depends on another argument: torchvision's quantized builders check
``weights = (ResNet50_QuantizedWeights if quantize else ResNet50_Weights).verify(weights)``, so with
``quantize=True`` only the quantized Enum's members are accepted."""

from __future__ import annotations

import ast

from weightlink.catalog.model import Param, WeightsSelector
from weightlink.catalog.source import Library, ModuleSource
from weightlink.dialect import Dialect


def weights_selectors(
    library: Library, dialect: Dialect, module: ModuleSource, function: ast.FunctionDef, params: list[Param]
) -> list[WeightsSelector]:
    defaults = {param.name: param.default for param in params}
    found = []
    for node in ast.walk(function):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
            continue
        chooser, checked = node.func.value, node.args[0]
        if not (
            node.func.attr in dialect.guard_methods
            and isinstance(chooser, ast.IfExp)
            and isinstance(chooser.test, ast.Name)
            and chooser.test.id in defaults
            and isinstance(checked, ast.Name)
            and checked.id in defaults
            and dialect.is_weights_param(checked.id)
        ):
            continue
        when_true = library.resolve_expr(module.name, chooser.body)
        when_false = library.resolve_expr(module.name, chooser.orelse)
        if when_true and when_false:
            default = _literal(defaults[chooser.test.id])
            found.append(WeightsSelector(checked.id, chooser.test.id, when_true, when_false, default))
    return found


def _literal(source: str | None) -> object:
    try:
        return ast.literal_eval(source) if source is not None else None
    except (ValueError, SyntaxError):
        return None

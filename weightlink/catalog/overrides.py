"""Builder arguments a builder sets itself: from the weights' meta or to a constant.

``_ovewrite_named_param(kwargs, "num_classes", len(weights.meta["categories"]))``,
``_ovewrite_named_param(kwargs, "image_size", weights.meta["min_size"][0])``,
``num_classes = _ovewrite_value_param("num_classes", num_classes, len(weights.meta["categories"]))``,
``_ovewrite_named_param(kwargs, "groups", 32)``. The setter raises when the caller passed a
different value, so each one is a rule the call's literal arguments must follow. Followed into the
library's helper functions that receive the weights (``_resnet``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from weightlink.catalog.evaluate import UNKNOWN, Evaluator
from weightlink.catalog.model import MetaOverride
from weightlink.catalog.source import Library, ModuleSource
from weightlink.dialect import Dialect

_MAX_DEPTH = 3


class OverrideReader:
    def __init__(self, library: Library, dialect: Dialect, evaluator: Evaluator) -> None:
        self.library = library
        self.dialect = dialect
        self.evaluator = evaluator

    def read(self, module: ModuleSource, function: ast.FunctionDef, weights_names: set[str]) -> list[MetaOverride]:
        found = self._overrides(module, function, weights_names, 0)
        # One record per (argument, weights parameter): a helper called twice sets the same thing.
        overrides = list({(o.param, o.weights_param, o.meta_key): o for o in found}.values())
        kept = _kept_originals(function)
        for override in overrides:
            override.after_loading = kept.get(override.param)
        return overrides

    def _overrides(
        self, module: ModuleSource, function: ast.FunctionDef, weights_names: set[str], depth: int
    ) -> Iterator[MetaOverride]:
        aliases = _weights_aliases(function, weights_names)
        parents = {child: node for node in ast.walk(function) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            if self._short_name(module, node.func) in self.dialect.meta_setters:
                when = _condition(node, parents, function, aliases)
                override = self._override(module, node, aliases, *when) if when is not None else None
                if override is not None:
                    yield override
            elif depth < _MAX_DEPTH and isinstance(node.func, ast.Name):
                yield from self._in_callee(module, node, aliases, depth)

    def _override(
        self, module: ModuleSource, call: ast.Call, aliases: dict[str, str], always: bool, tested: str | None
    ) -> MetaOverride | None:
        """``setter(kwargs, "param", value)`` or ``setter("param", current, value)``."""
        strings = [a.value for a in call.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if not strings or len(call.args) < 2:
            return None
        param = strings[0]
        value = call.args[-1]
        from_meta = _meta_reference(value, aliases)
        if from_meta is not None:
            weights_param, meta_key, uses_len, index = from_meta
            return MetaOverride(param, meta_key, uses_len, weights_param, index=index, always=always)
        constant = self.evaluator.evaluate(module.name, value)
        if constant is UNKNOWN or not isinstance(constant, (bool, int, float, str)):
            return None
        return MetaOverride(param, None, weights_param=tested or "weights", value=constant, always=always)

    def _in_callee(
        self, module: ModuleSource, call: ast.Call, aliases: dict[str, str], depth: int
    ) -> Iterator[MetaOverride]:
        assert isinstance(call.func, ast.Name)
        target = self.library.resolve(module.name, call.func.id)
        callee_module_name, _, callee_name = target.rpartition(".")
        callee_module = self.library.module(callee_module_name) if self.library.owns(callee_module_name) else None
        callee = callee_module.functions.get(callee_name) if callee_module else None
        # Another builder (a backbone) sets its own arguments, not ours: follow helpers only.
        if callee is None or callee_module is None or callee.decorator_list:
            return
        positional = [a.arg for a in [*callee.args.posonlyargs, *callee.args.args]]
        passed: dict[str, str] = {}
        # An argument counts when it is, or wraps, the weights: ``XWeights.check_type(weights)``.
        for index, argument in enumerate(call.args[: len(positional)]):
            source = _first_alias(argument, aliases)
            if source is not None:
                passed[positional[index]] = source
        for keyword in call.keywords:
            source = _first_alias(keyword.value, aliases) if keyword.arg else None
            if keyword.arg and source is not None:
                passed[keyword.arg] = source
        for param_name, weights_param in passed.items():
            for override in self._overrides(callee_module, callee, {param_name}, depth + 1):
                override.weights_param = weights_param
                yield override
        if not passed:  # a helper without the weights still sets constants (resnext's groups=32)
            yield from (o for o in self._overrides(callee_module, callee, set(), depth + 1) if o.always)

    def _short_name(self, module: ModuleSource, node: ast.expr) -> str | None:
        qualname = self.library.resolve_expr(module.name, node)
        return qualname.rpartition(".")[2] if qualname else None


def _kept_originals(function: ast.FunctionDef) -> dict[str, str]:
    """``original = kwargs.get("aux_logits", True)`` ... ``if not original: model.aux_logits = False``:
    param -> the statements the builder runs when the caller's value was false, as source text."""
    originals: dict[str, str] = {}  # local name -> the keyword it keeps
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr == "get"
            and node.value.args
            and isinstance(node.value.args[0], ast.Constant)
            and isinstance(node.value.args[0].value, str)
        ):
            originals[node.targets[0].id] = node.value.args[0].value
    found: dict[str, str] = {}
    for node in ast.walk(function):
        if not (isinstance(node, ast.If) and isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not)):
            continue
        tested = node.test.operand
        if isinstance(tested, ast.Name) and tested.id in originals and node.body:
            found[originals[tested.id]] = "; ".join(ast.unparse(statement) for statement in node.body)
    return found


def _weights_aliases(function: ast.FunctionDef, weights_names: set[str]) -> dict[str, str]:
    """Local names that hold the weights (``w = XWeights.verify(weights)``) -> the parameter."""
    aliases = {name: name for name in weights_names}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            source = _first_alias(node.value, aliases)
            if source is not None:
                aliases[node.targets[0].id] = source
    return aliases


def _condition(
    call: ast.Call, parents: dict[ast.AST, ast.AST], function: ast.FunctionDef, aliases: dict[str, str]
) -> tuple[bool, str | None] | None:
    """(True, None) for a setter the builder always runs; (False, the weights parameter tested) for
    one under conditions on the weights only (``if weights is not None:``, ``if "backend" in
    weights.meta:``); None for one that depends on anything else (``if "transform_input" not in
    kwargs:``): not a rule then."""
    tested: str | None = None
    node: ast.AST = call
    while node is not function:
        parent = parents.get(node)
        if parent is None:
            return None
        if isinstance(parent, (ast.If, ast.IfExp)) and node is not parent.test:
            in_else = node in parent.orelse if isinstance(parent, ast.If) else node is parent.orelse
            weights_param = _first_alias(parent.test, aliases)
            if in_else or weights_param is None:
                return None
            tested = tested or weights_param  # the innermost test names it
        elif isinstance(parent, (ast.For, ast.While, ast.Try, ast.With, ast.FunctionDef, ast.Lambda)) and parent is not function:
            return None
        node = parent
    return (tested is None, tested)


def _meta_reference(value: ast.expr, aliases: dict[str, str]) -> tuple[str, str, bool, int | None] | None:
    """(weights param, meta key, uses len, index) for ``weights.meta["k"]``, ``len(weights.meta["k"])``
    and ``weights.meta["k"][0]``."""
    uses_len = isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "len"
    if uses_len:
        assert isinstance(value, ast.Call)
        if len(value.args) != 1:
            return None
        value = value.args[0]
    index = None
    if (
        isinstance(value, ast.Subscript)
        and isinstance(value.slice, ast.Constant)
        and isinstance(value.slice.value, int)
        and isinstance(value.value, ast.Subscript)
    ):
        index, value = value.slice.value, value.value
    if not (
        isinstance(value, ast.Subscript)
        and isinstance(value.value, ast.Attribute)
        and value.value.attr == "meta"
        and isinstance(value.slice, ast.Constant)
        and isinstance(value.slice.value, str)
    ):
        return None
    weights_param = _first_alias(value.value.value, aliases)
    return (weights_param, value.slice.value, uses_len, index) if weights_param is not None else None


def _first_alias(node: ast.expr, aliases: dict[str, str]) -> str | None:
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and child.id in aliases:
            return aliases[child.id]
    return None

"""Static evaluation of the constant expressions weights metadata is written with.

Handles literals, names defined in other modules (category lists in ``_meta.py``), ``{**_COMMON_META,
...}`` merges, ``+`` on lists and strings, ``*`` on numbers, f-strings and ``len``. Anything else is
`UNKNOWN`.
"""

from __future__ import annotations

import ast
from typing import Any

from weightlink.catalog.source import Library


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


class Evaluator:
    def __init__(self, library: Library) -> None:
        self.library = library
        self._names: dict[str, Any] = {}

    def evaluate(self, module_name: str, node: ast.expr) -> Any:
        try:
            return self._eval(module_name, node, depth=0)
        except RecursionError:
            return UNKNOWN

    def _eval(self, module: str, node: ast.expr, depth: int) -> Any:
        if depth > 40:
            return UNKNOWN
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = [self._eval(module, e, depth + 1) for e in node.elts if not isinstance(e, ast.Starred)]
            if any(isinstance(e, ast.Starred) for e in node.elts) or any(i is UNKNOWN for i in items):
                return UNKNOWN
            return items if not isinstance(node, ast.Tuple) else tuple(items)
        if isinstance(node, ast.Dict):
            return self._dict(module, node, depth)
        if isinstance(node, (ast.Name, ast.Attribute)):
            return self._name(module, node, depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self._eval(module, node.left, depth + 1), self._eval(module, node.right, depth + 1)
            if type(left) is type(right) and isinstance(left, (list, str, int, float)):
                return left + right
            return UNKNOWN
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            left, right = self._eval(module, node.left, depth + 1), self._eval(module, node.right, depth + 1)
            numbers = all(type(v) in (int, float) for v in (left, right))
            return left * right if numbers else UNKNOWN
        if isinstance(node, ast.JoinedStr):
            parts = [self._eval(module, v, depth + 1) for v in node.values]
            return "".join(str(p) for p in parts) if UNKNOWN not in parts else UNKNOWN
        if isinstance(node, ast.FormattedValue) and node.format_spec is None and node.conversion == -1:
            return self._eval(module, node.value, depth + 1)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
            value = self._eval(module, node.args[0], depth + 1) if len(node.args) == 1 else UNKNOWN
            return len(value) if isinstance(value, (list, tuple, dict, str)) else UNKNOWN
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            value = self._eval(module, node.operand, depth + 1)
            return -value if isinstance(value, (int, float)) else UNKNOWN
        return UNKNOWN

    def _dict(self, module: str, node: ast.Dict, depth: int) -> Any:
        result: dict[Any, Any] = {}
        for key_node, value_node in zip(node.keys, node.values):
            value = self._eval(module, value_node, depth + 1)
            if key_node is None:  # {**spread}: keep what is known of it
                if isinstance(value, dict):
                    result.update(value)
                continue
            key = self._eval(module, key_node, depth + 1)
            if key is not UNKNOWN and value is not UNKNOWN:
                result[key] = value
        return result

    def _name(self, module: str, node: ast.expr, depth: int) -> Any:
        qualname = self.library.resolve_expr(module, node)
        if qualname is None:
            return UNKNOWN
        if qualname in self._names:
            return self._names[qualname]
        self._names[qualname] = UNKNOWN  # guards against cycles
        defining_module, _, attribute = qualname.rpartition(".")
        source = self.library.module(defining_module) if self.library.owns(defining_module) else None
        value = UNKNOWN
        if source is not None and attribute in source.assignments:
            value = self._eval(defining_module, source.assignments[attribute], depth + 1)
        self._names[qualname] = value
        return value

"""A call's arguments as the shared rules see them, from ``ast`` nodes. The text of an argument is
rendered as the mypy plugin renders it (names, attributes, literals, subscripts, comparisons and
calls of those, at most 60 characters), so both front ends print the same messages."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from weightlink.rules.arguments import NOT_LITERAL, ArgumentView

_LIMIT = 60


def literal(node: ast.expr, finals: Mapping[str, object] = {}) -> object:
    """The value of a literal, or of a name declared ``Final`` with one (as mypy sees it)."""
    if isinstance(node, ast.Name) and node.id in finals:
        return finals[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, (bool, int, float, str, type(None))):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        value = node.operand.value
        if isinstance(value, int) and not isinstance(value, bool):
            return -value
    return NOT_LITERAL


def view(node: ast.expr, finals: Mapping[str, object] = {}) -> ArgumentView:
    return ArgumentView(value=literal(node, finals), text=source_text(node), repeatable=_repeatable(node), node=node)


def source_text(node: ast.expr) -> str | None:
    text = _text(node)
    return text if text is not None and len(text) <= _LIMIT else None


def _repeatable(node: ast.expr) -> bool:
    if isinstance(node, ast.Name) or literal(node) is not NOT_LITERAL:
        return True
    return isinstance(node, ast.Attribute) and _repeatable(node.value)


def _text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _text(node.value)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Constant):
        # As the plugin sees them: True/False/None are names, ints and strings their repr.
        if node.value is None or isinstance(node.value, bool):
            return str(node.value)
        return repr(node.value) if isinstance(node.value, (str, int)) else None
    if isinstance(node, ast.UnaryOp):
        inner = _text(node.operand)
        op = _UNARY.get(type(node.op))
        if inner is None or op is None:
            return None
        return f"{op} {inner}" if op == "not" else f"{op}{inner}"
    if isinstance(node, ast.BinOp):
        left, right = _text(node.left), _text(node.right)
        op = _BINARY.get(type(node.op))
        return f"{left} {op} {right}" if left and right and op else None
    if isinstance(node, ast.Subscript):
        base, index = _text(node.value), _text(node.slice)
        return f"{base}[{index}]" if base and index else None
    if isinstance(node, ast.Call):
        callee = _text(node.func)
        parts = [_text(arg) if not isinstance(arg, ast.Starred) else None for arg in node.args]
        parts += [f"{kw.arg}={_text(kw.value)}" if kw.arg and _text(kw.value) else None for kw in node.keywords]
        return f"{callee}({', '.join(p for p in parts if p)})" if callee and all(parts) else None
    if isinstance(node, ast.BoolOp) and len(node.values) == 2:
        left, right = _text(node.values[0]), _text(node.values[1])
        op = "and" if isinstance(node.op, ast.And) else "or"
        return f"{left} {op} {right}" if left and right else None
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, right = _text(node.left), _text(node.comparators[0])
        op = _COMPARE.get(type(node.ops[0]))
        return f"{left} {op} {right}" if left and right and op else None
    return None


_COMPARE: dict[type[ast.cmpop], str] = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}
_UNARY: dict[type[ast.unaryop], str] = {ast.Not: "not", ast.USub: "-", ast.UAdd: "+", ast.Invert: "~"}
_BINARY: dict[type[ast.operator], str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**",
    ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.MatMult: "@",
}

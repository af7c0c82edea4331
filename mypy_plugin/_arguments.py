"""A call's arguments by the parameter they bind to, read from mypy's per-formal groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    ArgKind,
    CallExpr,
    Expression,
    IntExpr,
    MemberExpr,
    NameExpr,
    OpExpr,
    StrExpr,
    UnaryExpr,
)
from mypy.types import Instance, LiteralType, Type, get_proper_type


@dataclass
class Argument:
    name: str  # the parameter it binds to (the keyword, for arguments absorbed by **kwargs)
    expr: Expression
    type: Type
    positional: bool


Arguments = dict[str, list[Argument]]


def bind(
    callee_arg_names: Sequence[str | None],
    args: Sequence[Sequence[Expression]],
    arg_types: Sequence[Sequence[Type]],
    arg_kinds: Sequence[Sequence[ArgKind]],
    arg_names: Sequence[Sequence[str | None]],
) -> Arguments:
    """Splats (``*a``, ``**kw``) are left out: what they hold is unknown, so it is never reported."""
    bound: Arguments = {}
    for formal, formal_name in enumerate(callee_arg_names):
        for expr, typ, kind, actual_name in zip(args[formal], arg_types[formal], arg_kinds[formal], arg_names[formal]):
            if kind not in (ARG_POS, ARG_NAMED):
                continue
            name = actual_name if kind == ARG_NAMED and actual_name else formal_name
            if name is None:
                continue
            bound.setdefault(name, []).append(Argument(name, expr, typ, kind == ARG_POS))
    return bound


def literal_value(argument: Argument) -> object:
    """The argument's value when it is a literal (True, 3, "x", an Enum member name), else NOT_LITERAL."""
    expr = argument.expr
    if isinstance(expr, NameExpr) and expr.fullname in {"builtins.True", "builtins.False", "builtins.None"}:
        return {"builtins.True": True, "builtins.False": False, "builtins.None": None}[expr.fullname]
    if isinstance(expr, (IntExpr, StrExpr)):
        return expr.value
    if isinstance(expr, UnaryExpr) and expr.op == "-" and isinstance(expr.expr, IntExpr):
        return -expr.expr.value
    proper = get_proper_type(argument.type)
    if isinstance(proper, LiteralType) and not proper.is_enum_literal():
        return proper.value
    if isinstance(proper, Instance) and proper.last_known_value is not None and not proper.last_known_value.is_enum_literal():
        return proper.last_known_value.value
    return NOT_LITERAL


class _NotLiteral:
    def __repr__(self) -> str:
        return "NOT_LITERAL"


NOT_LITERAL = _NotLiteral()


def source_text(expr: Expression) -> str | None:
    """Source text of simple expressions (names, attributes, literals, calls of those), else None."""
    if isinstance(expr, NameExpr):
        return expr.name
    if isinstance(expr, MemberExpr):
        base = source_text(expr.expr)
        return f"{base}.{expr.name}" if base else None
    if isinstance(expr, StrExpr):
        return repr(expr.value)
    if isinstance(expr, IntExpr):
        return str(expr.value)
    if isinstance(expr, UnaryExpr):
        inner = source_text(expr.expr)
        return f"{expr.op} {inner}" if expr.op == "not" and inner else (f"{expr.op}{inner}" if inner else None)
    if isinstance(expr, CallExpr) and not expr.args:
        callee = source_text(expr.callee)
        return f"{callee}()" if callee else None
    if isinstance(expr, OpExpr):
        left, right = source_text(expr.left), source_text(expr.right)
        return f"{left} {expr.op} {right}" if left and right else None
    return None

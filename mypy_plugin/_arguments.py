"""A call's arguments by the parameter they bind to, read from mypy's per-formal groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    ArgKind,
    CallExpr,
    ComparisonExpr,
    Expression,
    IndexExpr,
    IntExpr,
    MemberExpr,
    NameExpr,
    OpExpr,
    StrExpr,
    UnaryExpr,
)
from mypy.types import Instance, LiteralType, Type, get_proper_type

from weightlink.rules.arguments import NOT_LITERAL, ArgumentView


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


def bind_in_order(
    call: CallExpr,
    positional_names: Sequence[str | None],
    args: Sequence[Sequence[Expression]],
    arg_types: Sequence[Sequence[Type]],
) -> Arguments:
    """A call with a ``**`` splat, checked against the signature it has without the plugin
    (``(*Any, **Any)``): its positional arguments still bind in order, to ``positional_names`` (a
    splat of keywords cannot move them), and its keywords by name. After a ``*`` splat no position is
    known, so positional arguments are then left out (as `bind` leaves splats out)."""
    types = {id(expr): typ for group, typs in zip(args, arg_types) for expr, typ in zip(group, typs)}
    bound: Arguments = {}
    star = ArgKind.ARG_STAR in call.arg_kinds
    position = 0
    for expr, kind, name in zip(call.args, call.arg_kinds, call.arg_names):
        typ = types.get(id(expr))
        if typ is None:
            continue
        if kind == ARG_POS and not star:
            target = positional_names[position] if position < len(positional_names) else None
            position += 1
            if target is not None:
                bound.setdefault(target, []).append(Argument(target, expr, typ, True))
        elif kind == ARG_NAMED and name:
            bound.setdefault(name, []).append(Argument(name, expr, typ, False))
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


def view(argument: Argument) -> ArgumentView:
    """The argument as the shared rules see it (`weightlink.rules.legacy`)."""
    return ArgumentView(
        value=literal_value(argument),
        text=source_text(argument.expr),
        repeatable=_is_repeatable(argument.expr),
        node=argument,
    )


def _is_repeatable(expr: Expression) -> bool:
    """A name, an attribute of one, or a literal: what the codemod would also repeat."""
    if isinstance(expr, (NameExpr, IntExpr, StrExpr)):
        return True
    if isinstance(expr, UnaryExpr) and expr.op == "-":
        return isinstance(expr.expr, IntExpr)
    return isinstance(expr, MemberExpr) and _is_repeatable(expr.expr)


def source_text(expr: Expression, limit: int = 60) -> str | None:
    """Source text of simple expressions (names, attributes, literals, subscripts, comparisons and
    calls of those), for messages; None when it would be long or not plain."""
    text = _text(expr)
    return text if text is not None and len(text) <= limit else None


def _text(expr: Expression) -> str | None:
    if isinstance(expr, NameExpr):
        return expr.name
    if isinstance(expr, MemberExpr):
        base = _text(expr.expr)
        return f"{base}.{expr.name}" if base else None
    if isinstance(expr, (StrExpr, IntExpr)):
        return repr(expr.value)
    if isinstance(expr, UnaryExpr):
        inner = _text(expr.expr)
        return f"{expr.op} {inner}" if expr.op == "not" and inner else (f"{expr.op}{inner}" if inner else None)
    if isinstance(expr, IndexExpr):
        base, index = _text(expr.base), _text(expr.index)
        return f"{base}[{index}]" if base and index else None
    if isinstance(expr, CallExpr):
        callee = _text(expr.callee)
        parts = [_argument_text(arg, kind, name) for arg, kind, name in zip(expr.args, expr.arg_kinds, expr.arg_names)]
        return f"{callee}({', '.join(p for p in parts if p)})" if callee and all(parts) else None
    if isinstance(expr, OpExpr):
        left, right = _text(expr.left), _text(expr.right)
        return f"{left} {expr.op} {right}" if left and right else None
    if isinstance(expr, ComparisonExpr) and len(expr.operators) == 1:
        left, right = _text(expr.operands[0]), _text(expr.operands[1])
        return f"{left} {expr.operators[0]} {right}" if left and right else None
    return None


def _argument_text(arg: Expression, kind: ArgKind, name: str | None) -> str | None:
    text = _text(arg)
    if text is None or kind not in (ARG_POS, ARG_NAMED):
        return None
    return f"{name}={text}" if kind == ARG_NAMED else text

"""LibCST side of a legacy rewrite: a call's arguments as the rules see them (`view`), and the
`Outcome` the rules decide rendered back as the new ``weights=`` expression (`weights_expression`).

Pure functions over LibCST expressions; the command (``command.py``) finds the calls and applies them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

import libcst as cst

from weightlink.rules.arguments import NOT_LITERAL, ArgumentView
from weightlink.rules.legacy import (
    ByArgument,
    Member,
    MemberName,
    NoWeights,
    Outcome,
    WhenTrue,
)

# Builds the source expression for "<Enum>.<MEMBER>" in the file's own style (and adds the import).
MemberReference = Callable[[str, str], cst.BaseExpression]

_EMPTY = cst.Module([])


def code(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


def literal(expression: cst.BaseExpression) -> object:
    """The value of a literal argument (True, 0, "legacy", None), else NOT_LITERAL."""
    if isinstance(expression, cst.Name) and expression.value in {"True", "False", "None"}:
        return {"True": True, "False": False, "None": None}[expression.value]
    if isinstance(expression, (cst.Integer, cst.SimpleString, cst.Float)) or (
        isinstance(expression, cst.UnaryOperation) and isinstance(expression.expression, (cst.Integer, cst.Float))
    ):
        try:
            return ast.literal_eval(code(expression))
        except (ValueError, SyntaxError):
            return NOT_LITERAL
    return NOT_LITERAL


def is_repeatable(expression: cst.BaseExpression) -> bool:
    """Safe to repeat in a generated conditional: no calls, no side effects."""
    if literal(expression) is not NOT_LITERAL or isinstance(expression, cst.Name):
        return True
    return isinstance(expression, cst.Attribute) and is_repeatable(expression.value)


def view(expression: cst.BaseExpression) -> ArgumentView:
    text = code(expression)
    return ArgumentView(
        value=literal(expression),
        text=text if "\n" not in text else None,
        repeatable=is_repeatable(expression),
        node=expression,
    )


def weights_expression(outcome: Outcome, reference: MemberReference) -> cst.BaseExpression | None:
    """``Enum.MEMBER``, ``"MEMBER"``, ``None`` or a conditional of those; None for an outcome with
    no replacement (never had weights, unknown)."""
    if isinstance(outcome, NoWeights):
        return cst.Name("None")
    if isinstance(outcome, Member):
        return reference(outcome.enum, outcome.name)
    if isinstance(outcome, MemberName):
        return cst.SimpleString(f'"{outcome.name}"')
    if isinstance(outcome, ByArgument):
        then, otherwise = weights_expression(outcome.then, reference), weights_expression(outcome.otherwise, reference)
        selector = outcome.selector.node
        if then is None or otherwise is None or not isinstance(selector, cst.BaseExpression):
            return None
        test = selector if outcome.test == "truthy" else _equals(selector, outcome.value)
        return cst.IfExp(test=parenthesize_test(test), body=_as_branch(then), orelse=otherwise)
    if isinstance(outcome, WhenTrue):
        chosen = weights_expression(outcome.chosen, reference)
        legacy = outcome.legacy.node
        if chosen is None or not isinstance(legacy, cst.BaseExpression):
            return None
        return cst.IfExp(test=parenthesize_test(legacy), body=_as_branch(chosen), orelse=cst.Name("None"))
    return None


def _equals(selector: cst.BaseExpression, value: object) -> cst.BaseExpression:
    return cst.Comparison(
        left=selector,
        comparisons=[cst.ComparisonTarget(operator=cst.Equal(), comparator=cst.parse_expression(repr(value)))],
    )


def _as_branch(expression: cst.BaseExpression) -> cst.BaseExpression:
    """A conditional inside the body of another conditional needs parentheses."""
    return _parenthesized(expression) if isinstance(expression, cst.IfExp) else expression


_LOW_PRECEDENCE = (cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Yield, cst.Await, cst.StarredElement)


def parenthesize_test(expression: cst.BaseExpression) -> cst.BaseExpression:
    """``a if <test> else b`` binds looser than or/and/not/comparisons; anything lower needs parens."""
    if isinstance(expression, _LOW_PRECEDENCE) and not expression.lpar:
        return _parenthesized(expression)
    return expression


def _parenthesized(expression: cst.BaseExpression) -> cst.BaseExpression:
    return expression.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])

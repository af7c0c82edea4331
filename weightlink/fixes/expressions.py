"""The `Outcome` the rules decided for a legacy argument, written as the new ``weights=`` value:
``Enum.MEMBER``, ``"MEMBER"``, ``None``, or a conditional of those on the call's own arguments."""

from __future__ import annotations

import ast
from collections.abc import Callable

from weightlink.rules.arguments import ArgumentView
from weightlink.rules.legacy import ByArgument, Member, MemberName, NoWeights, Outcome, WhenTrue

# "<Enum>.<MEMBER>" in the file's own style (``models.ResNet50_Weights.IMAGENET1K_V1``).
MemberReference = Callable[[str, str], str]
# An argument's source text with the parentheses it stands in, and whether it has any.
SourceOf = Callable[[ast.expr], tuple[str, bool]]

# A conditional's test binds looser than or/and/not/comparisons; anything lower needs parentheses.
_LOW_PRECEDENCE = (ast.IfExp, ast.Lambda, ast.NamedExpr, ast.Yield, ast.YieldFrom, ast.Await, ast.Starred)


def weights_text(outcome: Outcome, reference: MemberReference, source: SourceOf) -> str | None:
    """The value to write, or None for an outcome with no replacement (never had weights, unknown)."""
    if isinstance(outcome, NoWeights):
        return "None"
    if isinstance(outcome, Member):
        return reference(outcome.enum, outcome.name)
    if isinstance(outcome, MemberName):
        return f'"{outcome.name}"'
    if isinstance(outcome, ByArgument):
        then, otherwise = weights_text(outcome.then, reference, source), weights_text(outcome.otherwise, reference, source)
        selector = _test(outcome.selector, source)
        if then is None or otherwise is None or selector is None:
            return None
        test = selector if outcome.test == "truthy" else f"{selector} == {outcome.value!r}"
        return f"{_branch(outcome.then, then)} if {test} else {otherwise}"
    if isinstance(outcome, WhenTrue):
        chosen = weights_text(outcome.chosen, reference, source)
        condition = _test(outcome.legacy, source)
        if chosen is None or condition is None:
            return None
        return f"{_branch(outcome.chosen, chosen)} if {condition} else None"
    return None


def _test(argument: ArgumentView, source: SourceOf) -> str | None:
    node = argument.node
    if not isinstance(node, ast.expr):
        return None
    text, parenthesized = source(node)
    if not parenthesized and (isinstance(node, _LOW_PRECEDENCE) or "\n" in text or "\r" in text):
        return f"({text})"  # a test over several lines stays inside parentheses, comments and all
    return text


def _branch(outcome: Outcome, text: str) -> str:
    """A conditional inside the body of another conditional needs parentheses."""
    return f"({text})" if isinstance(outcome, ByArgument) else text

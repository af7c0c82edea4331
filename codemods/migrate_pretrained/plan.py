"""What a legacy argument becomes: the member the old call loaded, read from the catalog.

Pure functions over LibCST expressions; the command (``command.py``) finds the calls and applies them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import libcst as cst

from weightlink.catalog import Catalog, LegacyDefault

_NOT_LITERAL = object()

# Builds the source expression for "<Enum>.<MEMBER>" in the file's own style (and adds the import).
MemberReference = Callable[[str, str], cst.BaseExpression]


class CannotMigrate(Exception):
    """The call is reported, not rewritten; the message says why and what to write instead."""


@dataclass(frozen=True)
class Member:
    enum: str  # Enum qualname
    name: str  # canonical member (or DEFAULT under --prefer-default)


@dataclass(frozen=True)
class Conditional:
    test: cst.BaseExpression
    then: Choice
    otherwise: Choice


Choice = Member | Conditional


def literal(expression: cst.BaseExpression) -> object:
    """The value of a literal argument (True, 0, "legacy", None), else a sentinel."""
    if isinstance(expression, cst.Name) and expression.value in {"True", "False", "None"}:
        return {"True": True, "False": False, "None": None}[expression.value]
    if isinstance(expression, (cst.Integer, cst.SimpleString, cst.Float)) or (
        isinstance(expression, cst.UnaryOperation) and isinstance(expression.expression, (cst.Integer, cst.Float))
    ):
        try:
            return ast.literal_eval(cst.Module([]).code_for_node(expression))
        except (ValueError, SyntaxError):
            return _NOT_LITERAL
    return _NOT_LITERAL


def is_literal(expression: cst.BaseExpression) -> bool:
    return literal(expression) is not _NOT_LITERAL


def is_simple(expression: cst.BaseExpression) -> bool:
    """Safe to repeat in a generated conditional: no calls, no side effects."""
    if is_literal(expression) or isinstance(expression, cst.Name):
        return True
    return isinstance(expression, cst.Attribute) and is_simple(expression.value)


def choose(
    default: LegacyDefault,
    legacy_value: cst.BaseExpression,
    legacy_param: str,
    arguments: Mapping[str, cst.BaseExpression],
    catalog: Catalog,
) -> Choice:
    """The member ``legacy_param=<truthy>`` selects; a `Conditional` when it depends on a non-literal."""
    if default.kind == "member" and default.member:
        enum, _, name = default.member.rpartition(".")
        return Member(enum, name)
    if default.kind == "none":
        raise CannotMigrate("never had legacy weights: pretrained=True raised; choose weights= yourself")
    if default.kind == "conditional" and default.param and default.then and default.otherwise:
        then = choose(default.then, legacy_value, legacy_param, arguments, catalog)
        otherwise = choose(default.otherwise, legacy_value, legacy_param, arguments, catalog)
        selector = legacy_value if default.param == legacy_param else arguments.get(default.param)
        value = default.param_default if selector is None else literal(selector)
        if value is not _NOT_LITERAL:
            return then if default.holds(value) else otherwise
        assert selector is not None
        if not is_simple(selector):
            raise CannotMigrate(f"the weights depend on {default.param}=, which is not a simple expression")
        test = selector if default.test == "truthy" else _equals(selector, default.value)
        return Conditional(test, then, otherwise)
    if default.kind == "enum_of_builder" and default.param:
        named_by = arguments.get(default.param)
        member = catalog.member_of_named_builder(default, literal(named_by) if named_by is not None else None)
        if member is None:
            raise CannotMigrate(f"the weights depend on {default.param}=, which is not a known builder name")
        enum, _, name = member.rpartition(".")
        return Member(enum, name)
    raise CannotMigrate("the legacy default could not be read statically")


def _equals(selector: cst.BaseExpression, value: object) -> cst.BaseExpression:
    return cst.Comparison(
        left=selector,
        comparisons=[cst.ComparisonTarget(operator=cst.Equal(), comparator=cst.parse_expression(repr(value)))],
    )


def weights_value(
    choice: Choice, legacy_value: cst.BaseExpression, reference: MemberReference
) -> cst.BaseExpression:
    """``pretrained=True`` -> the member; ``False`` -> None; ``e`` -> ``<member> if e else None``."""
    value = literal(legacy_value)
    if value is not _NOT_LITERAL and not value:
        return cst.Name("None")
    chosen = _expression(choice, reference)
    if value is not _NOT_LITERAL:
        return chosen
    return cst.IfExp(test=parenthesize_test(legacy_value), body=_as_branch(chosen), orelse=cst.Name("None"))


def _expression(choice: Choice, reference: MemberReference) -> cst.BaseExpression:
    if isinstance(choice, Member):
        return reference(choice.enum, choice.name)
    return cst.IfExp(
        test=parenthesize_test(choice.test),
        body=_expression(choice.then, reference),
        orelse=_expression(choice.otherwise, reference),
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


def members_of(choice: Choice) -> list[Member]:
    if isinstance(choice, Member):
        return [choice]
    return [*members_of(choice.then), *members_of(choice.otherwise)]


def prefer_default(choice: Choice, catalog: Catalog) -> tuple[Choice, list[str]]:
    """``--prefer-default``: DEFAULT of the same Enum; also the members that this changes."""
    if isinstance(choice, Member):
        enum = catalog.enums.get(choice.enum)
        current = enum.default_member if enum else None
        if current is None:
            return choice, []
        changed = [f"{choice.enum.rpartition('.')[2]}.{choice.name} -> DEFAULT ({current})"] if current != choice.name else []
        return Member(choice.enum, "DEFAULT"), changed
    then, then_changed = prefer_default(choice.then, catalog)
    otherwise, otherwise_changed = prefer_default(choice.otherwise, catalog)
    return Conditional(choice.test, then, otherwise), then_changed + otherwise_changed

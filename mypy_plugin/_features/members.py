"""Weights Enum members in user code: typed where they are written, untyped where they are stored.

Under the one-line setup, user code sees ``ResNet50_Weights.IMAGENET1K_V1`` as ``Any``, as it does
without the plugin (`member_attribute`): a variable assigned members of two Enums in two branches
(``weights = A.DEFAULT`` / ``weights = B.DEFAULT``) must not become an ``[assignment]`` error or a
false mismatch at the call it feeds. The plugin still knows a member written directly as an
argument (`with_member_types`): the expression itself names it, exactly as ``weightlink check``
reads it. Inside the library, and with ``precise_types``, members keep their real types.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import ConditionalExpr, Expression, MemberExpr, RefExpr, TypeInfo
from mypy.plugin import AttributeContext
from mypy.types import AnyType, Instance, LiteralType, Type, TypeOfAny

from mypy_plugin._arguments import Argument, Arguments
from mypy_plugin._features.enum_aliases import alias_type
from mypy_plugin._knowledge import Knowledge


def member_attribute(
    enum_fullname: str, attribute: str, knowledge: Knowledge, hidden_in: Callable[[str], bool] | None
) -> Callable[[AttributeContext], Type]:
    """``hidden_in(path)``: whether code in that file sees the library untyped (None: never)."""

    def hook(ctx: AttributeContext) -> Type:
        if hidden_in is not None and hidden_in(ctx.api.path):
            return AnyType(TypeOfAny.from_unimported_type)
        return alias_type(ctx, enum_fullname, attribute, knowledge)

    return hook


def referenced_member(expr: Expression, knowledge: Knowledge) -> Instance | None:
    """The member ``X_Weights.M`` (or ``module.X_Weights.M``) names, typed as mypy types the member
    itself: an instance of the Enum with the canonical member as its literal value."""
    if not isinstance(expr, MemberExpr) or not isinstance(expr.expr, RefExpr):
        return None
    info = expr.expr.node
    if not isinstance(info, TypeInfo) or not knowledge.is_weights_enum(info):
        return None
    record = knowledge.enum_info(info.fullname)
    canonical = record.resolve(expr.name) if record is not None else (expr.name if expr.name in info.enum_members else None)
    if canonical is None:
        return None
    plain = Instance(info, [])
    return plain.copy_modified(last_known_value=LiteralType(canonical, fallback=plain))


def with_member_types(arguments: Arguments, knowledge: Knowledge) -> Arguments:
    """Each argument written as a member gets the member's type; ``A if c else B`` becomes one
    argument per branch (each judged as mypy would judge it alone)."""
    result: Arguments = {}
    for name, group in arguments.items():
        result[name] = [item for argument in group for item in _expanded(argument, knowledge)]
    return result


def _expanded(argument: Argument, knowledge: Knowledge) -> list[Argument]:
    if isinstance(argument.expr, ConditionalExpr):
        branches = [argument.expr.if_expr, argument.expr.else_expr]
        return [
            item
            for branch in branches
            for item in _expanded(Argument(argument.name, branch, AnyType(TypeOfAny.special_form), argument.positional), knowledge)
        ]
    member = referenced_member(argument.expr, knowledge)
    if member is None:
        return [argument]
    return [Argument(argument.name, argument.expr, member, argument.positional)]

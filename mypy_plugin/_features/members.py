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

from mypy.nodes import ConditionalExpr, Expression, MemberExpr, RefExpr, TypeInfo, Var
from mypy.plugin import AttributeContext, MethodContext
from mypy.types import AnyType, Instance, LiteralType, Type, TypeOfAny, TypeType, get_proper_type

from mypy_plugin._arguments import Argument, Arguments
from mypy_plugin._errors import report_as_mypy
from mypy_plugin._features.enum_aliases import alias_type
from mypy_plugin._knowledge import Knowledge
from weightlink.rules import messages


def member_attribute(
    enum_fullname: str, attribute: str, knowledge: Knowledge, hidden_in: Callable[[str], bool] | None
) -> Callable[[AttributeContext], Type]:
    """``hidden_in(path)``: whether code in that file sees the library untyped (None: never)."""

    def hook(ctx: AttributeContext) -> Type:
        if hidden_in is not None and hidden_in(ctx.api.path):
            if not ctx.is_lvalue and _missing(enum_fullname, attribute, knowledge):
                # The Enum falls back to Any under the one-line setup (see _plugin._mro_hook), so mypy
                # no longer says this itself.
                enum = enum_fullname.rpartition(".")[2]
                report_as_mypy(ctx.api, messages.no_such_attribute(enum, attribute), ctx.context)
            return AnyType(TypeOfAny.from_unimported_type)
        return alias_type(ctx, enum_fullname, attribute, knowledge)

    return hook


def _missing(enum_fullname: str, attribute: str, knowledge: Knowledge) -> bool:
    info = knowledge.type_info(enum_fullname)
    if info is None or info.get(attribute) is not None:
        return False
    record = knowledge.enum_info(enum_fullname)
    return record is None or record.resolve(attribute) is None


def untyped_lookup(in_library: Callable[[str], bool]) -> Callable[[MethodContext], Type]:
    """``ResNet50_Weights[name]`` and ``for w in ResNet50_Weights`` in user code: members, untyped
    there like ``ResNet50_Weights.DEFAULT`` (a variable that also holds None or another Enum's
    member is no ``[assignment]`` error)."""

    def hook(ctx: MethodContext) -> Type:
        if in_library(ctx.api.path):
            return ctx.default_return_type
        result = get_proper_type(ctx.default_return_type)
        anything = AnyType(TypeOfAny.from_unimported_type)
        if isinstance(result, Instance) and result.args:  # Iterator[ResNet50_Weights]
            return result.copy_modified(args=[anything] * len(result.args))
        return anything

    return hook


def referenced_enum(expr: Expression, knowledge: Knowledge) -> TypeInfo | None:
    """The weights Enum class a name (or ``module.Name``) refers to, also when the plugin declared
    the name Any because user code rebinds it (``ResNet18_Weights = None``, `_features/fallbacks.py`)."""
    if not isinstance(expr, RefExpr):
        return None
    node = expr.node
    if isinstance(node, Var):
        enum = knowledge.declared.enum_of(node)
        node = knowledge.type_info(enum) if enum is not None else None
    return node if isinstance(node, TypeInfo) and knowledge.is_weights_enum(node) else None


def referenced_member(expr: Expression, knowledge: Knowledge) -> Instance | None:
    """The member ``X_Weights.M`` (or ``module.X_Weights.M``) names, typed as mypy types the member
    itself: an instance of the Enum with the canonical member as its literal value."""
    if not isinstance(expr, MemberExpr):
        return None
    info = referenced_enum(expr.expr, knowledge)
    if info is None:
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
    if member is not None:
        return [Argument(argument.name, argument.expr, member, argument.positional)]
    enum = referenced_enum(argument.expr, knowledge)
    if enum is not None:  # the class itself, where a member goes (``weights=ResNet50_Weights if p else None``)
        return [Argument(argument.name, argument.expr, TypeType(Instance(enum, [])), argument.positional)]
    return [argument]

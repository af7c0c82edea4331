"""Names of weights Enums that user code rebinds (``ResNet18_Weights = None`` after a failed import).

Without the plugin, mypy does not read torchvision and every name imported from it is ``Any``, so

    try:
        from torchvision.models import ResNet18_Weights
    except ImportError:
        ResNet18_Weights = None

is fine, and so are ``if ResNet18_Weights is None:`` and ``X.DEFAULT if ResNet18_Weights else None``.
Once the plugin makes mypy read torchvision, the name is a class: the assignment is "Cannot assign
to a type" [misc] and [assignment], and the test is "could always be true" [truthy-function].

Under the one-line setup the plugin therefore declares such a name ``Any`` just before its first
binding, in the parsed module, before mypy analyses it: exactly what a user of a typed torchvision
writes (``ResNet18_Weights: Any`` above the ``try``). The import then binds the Any-typed name, the
fallback assignment is fine, and the name is what it is without the plugin. When the only other
value is None, the plugin still knows which Enum the name stands for (`Declared`), so
``weights=ResNet18_Weights.IMAGENET1K_V1`` is checked as before.

Only names that are rebound in the same scope are declared; an Enum imported once stays a class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from mypy.nodes import (
    AssignmentStmt,
    Block,
    ClassDef,
    Decorator,
    ForStmt,
    FuncDef,
    IfStmt,
    Import,
    ImportFrom,
    Lvalue,
    MatchStmt,
    MypyFile,
    NameExpr,
    OperatorAssignmentStmt,
    OverloadedFuncDef,
    Statement,
    StarExpr,
    TempNode,
    TryStmt,
    TupleExpr,
    ListExpr,
    Var,
    WhileStmt,
    WithStmt,
)
from mypy.types import AnyType, TypeOfAny

# enum_of(module, name): the qualname of the weights Enum ``from <module> import <name>`` binds, if any.
EnumOf = Callable[[str, str], "str | None"]

_IMPORT = "import"
_ANNOTATED = "annotated"
_NONE = "none"  # ``X = None``: the fallback
_OTHER = "other"


class Declared:
    """The declarations made, and which Enum each declared name stands for."""

    def __init__(self) -> None:
        self._pending: list[tuple[NameExpr, str]] = []
        self._by_var: dict[Var, str] = {}

    def add(self, lvalue: NameExpr, enum: str) -> None:
        self._pending.append((lvalue, enum))

    def enum_of(self, var: Var) -> str | None:
        """The Enum a declared name stands for (its Var exists once mypy has analysed the module)."""
        if self._pending:
            waiting = []
            for lvalue, enum in self._pending:
                if isinstance(lvalue.node, Var):
                    self._by_var[lvalue.node] = enum
                else:
                    waiting.append((lvalue, enum))
            self._pending = waiting
        return self._by_var.get(var)


def declare_rebound_enums(file: MypyFile, enum_of: EnumOf, declared: Declared) -> None:
    _scope(file.defs, enum_of, declared)


def imports_from(file: MypyFile, packages: frozenset[str]) -> bool:
    """Whether the module has a ``from <package...> import`` of one of ``packages`` (cheap: mypy
    lists a module's imports when it parses it)."""
    return any(
        isinstance(node, ImportFrom) and not node.relative and node.id.partition(".")[0] in packages
        for node in file.imports
    )


def _scope(body: list[Statement], enum_of: EnumOf, declared: Declared) -> None:
    """One scope's statements (a module's or a function's): declare its rebound Enum names."""
    first: dict[str, tuple[int, str]] = {}  # name -> (its first binding's top statement, how)
    rebound: set[str] = set()
    imported: dict[str, str | None] = {}  # name -> its Enum (None once it could be another value)
    nested: list[list[Statement]] = []
    for index, statement in enumerate(body):
        for name, kind, enum in _bindings(statement, enum_of, nested):
            first.setdefault(name, (index, kind))
            if kind == _IMPORT and enum is not None:
                if imported.setdefault(name, enum) != enum:
                    imported[name] = None  # two Enums: declared, but no longer read as either
                    rebound.add(name)
            else:
                rebound.add(name)
                if kind != _NONE and name in imported:
                    imported[name] = None  # rebound to something else than None
    insertions: list[tuple[int, str, str | None]] = []
    for name in sorted(rebound):
        if name not in imported or first[name][1] == _ANNOTATED:
            continue  # not an Enum, or already declared by the user
        insertions.append((first[name][0], name, imported[name]))
    for index, name, enum in sorted(insertions, key=lambda item: (item[0], item[1]), reverse=True):
        body.insert(index, _declaration(name, enum, body[index], declared))
    for inner in nested:
        _scope(inner, enum_of, declared)


def _declaration(name: str, enum: str | None, at: Statement, declared: Declared) -> AssignmentStmt:
    lvalue = NameExpr(name)
    rvalue = TempNode(AnyType(TypeOfAny.special_form), no_rhs=True)
    statement = AssignmentStmt([lvalue], rvalue, type=AnyType(TypeOfAny.special_form), new_syntax=True)
    for node in (lvalue, rvalue, statement):
        node.set_line(at.line, at.column)
    if enum is not None:
        declared.add(lvalue, enum)
    return statement


def _bindings(
    statement: Statement, enum_of: EnumOf, nested: list[list[Statement]]
) -> Iterator[tuple[str, str, str | None]]:
    """The names ``statement`` binds in its own scope, with how; nested scopes go to ``nested``."""
    if isinstance(statement, ImportFrom):
        for name, alias in statement.names:
            enum = enum_of(statement.id, name) if not statement.relative else None
            yield alias or name, _IMPORT, enum
    elif isinstance(statement, Import):
        for module, alias in statement.ids:
            yield alias or module.partition(".")[0], _OTHER, None
    elif isinstance(statement, AssignmentStmt):
        none = isinstance(statement.rvalue, NameExpr) and statement.rvalue.name == "None"
        kind = _ANNOTATED if statement.unanalyzed_type is not None else (_NONE if none else _OTHER)
        for lvalue in statement.lvalues:
            for name in _targets(lvalue):
                yield name, kind, None
    elif isinstance(statement, OperatorAssignmentStmt):
        for name in _targets(statement.lvalue):
            yield name, _OTHER, None
    elif isinstance(statement, (FuncDef, Decorator, OverloadedFuncDef)):
        function = statement.func if isinstance(statement, Decorator) else statement
        if isinstance(function, FuncDef):
            nested.append(function.body.body)
        yield statement.name, _OTHER, None
    elif isinstance(statement, ClassDef):
        nested.append(statement.defs.body)  # its methods' scopes (the class body is one too)
        yield statement.name, _OTHER, None
    else:
        if isinstance(statement, ForStmt):
            yield from ((name, _OTHER, None) for name in _targets(statement.index))
        elif isinstance(statement, WithStmt):
            for target in statement.target:
                if target is not None:
                    yield from ((name, _OTHER, None) for name in _targets(target))
        elif isinstance(statement, TryStmt):
            for var in statement.vars:
                if var is not None:
                    yield var.name, _OTHER, None
        for block in _blocks(statement):
            for inner in block.body:
                yield from _bindings(inner, enum_of, nested)


def _blocks(statement: Statement) -> list[Block]:
    if isinstance(statement, Block):
        return [statement]
    if isinstance(statement, IfStmt):
        return [*statement.body, *([statement.else_body] if statement.else_body else [])]
    if isinstance(statement, TryStmt):
        optional = [statement.else_body, statement.finally_body]
        return [statement.body, *statement.handlers, *(b for b in optional if b is not None)]
    if isinstance(statement, (ForStmt, WhileStmt)):
        return [statement.body, *([statement.else_body] if statement.else_body else [])]
    if isinstance(statement, WithStmt):
        return [statement.body]
    if isinstance(statement, MatchStmt):
        return list(statement.bodies)
    return []


def _targets(lvalue: Lvalue) -> Iterator[str]:
    if isinstance(lvalue, NameExpr):
        yield lvalue.name
    elif isinstance(lvalue, (TupleExpr, ListExpr)):
        for item in lvalue.items:
            yield from _targets(item)
    elif isinstance(lvalue, StarExpr):
        yield from _targets(lvalue.expr)

"""Which builders a variable that is called can hold.

mypy types ``selected = ZOO[name]`` (a dict of builders), ``pick = resnet18 if c else mobilenet_v2``
and ``for build in BUILDERS`` as the join of the builders' types, which keeps the definition of one
of them: the variable looks like that one builder. So the plugin reads the variable's bindings in the
module being checked (assignments, tuple unpacking, ``for`` targets and comprehensions, walrus) and
follows them through literal dicts, lists and tuples, subscripts, ``.get()``, ``.values()``,
``.items()`` and conditionals, to the set of builders. Anything else (a call, a parameter, an
attribute) makes the set unknown, and then the call is not judged.

Only the module's own tree is read: a variable bound in another module keeps the builder its type
names, so that the answer never depends on which modules mypy took from its cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Union

from mypy.nodes import (
    AssignmentExpr,
    AssignmentStmt,
    AwaitExpr,
    Block,
    CallExpr,
    ClassDef,
    ConditionalExpr,
    Decorator,
    DictExpr,
    DictionaryComprehension,
    Expression,
    ExpressionStmt,
    ForStmt,
    FuncDef,
    GeneratorExpr,
    IfStmt,
    Import,
    ImportFrom,
    IndexExpr,
    IntExpr,
    LambdaExpr,
    ListComprehension,
    ListExpr,
    MatchStmt,
    MemberExpr,
    MypyFile,
    NameExpr,
    OperatorAssignmentStmt,
    OpExpr,
    OverloadedFuncDef,
    RefExpr,
    ReturnStmt,
    SetComprehension,
    SetExpr,
    StarExpr,
    Statement,
    StrExpr,
    TempNode,
    TryStmt,
    TupleExpr,
    UnaryExpr,
    Var,
    WhileStmt,
    WithStmt,
)

Step = Union[int, str, None]  # a position in a tuple or list, a key of a dict, or any element
Path = tuple[Step, ...]
Builders = Union[frozenset[str], None]  # builder fullnames; None: not known
IsBuilder = Callable[[str], bool]

_MAX_DEPTH = 12


class Bindings:
    """Every binding of every variable in one module: the expression and where in its value."""

    def __init__(self, tree: MypyFile) -> None:
        self.tree = tree
        self.of: dict[Var, list[tuple[Expression, Path]]] = {}
        self.unknown: set[Var] = set()
        self._resolved: dict[Var, Builders] = {}
        for statement in tree.defs:
            self._statement(statement)

    def has(self, var: Var) -> bool:
        return var in self.of or var in self.unknown

    # -- collecting (mypy's traverser is compiled and cannot be subclassed here) ------------------

    def _bind(self, target: Expression, value: Expression, path: Path) -> None:
        if isinstance(target, NameExpr) and isinstance(target.node, Var):
            self.of.setdefault(target.node, []).append((value, path))
        elif isinstance(target, (TupleExpr, ListExpr)):
            starred = any(isinstance(item, StarExpr) for item in target.items)
            for index, item in enumerate(target.items):
                if starred:
                    self._unknown(item)
                else:
                    self._bind(item, value, (*path, index))
        else:
            self._unknown(target)

    def _unknown(self, target: Expression) -> None:
        if isinstance(target, StarExpr):
            target = target.expr
        if isinstance(target, (TupleExpr, ListExpr)):
            for item in target.items:
                self._unknown(item)
        elif isinstance(target, RefExpr) and isinstance(target.node, Var):
            self.unknown.add(target.node)

    def _block(self, block: Block | None) -> None:
        if block is not None:
            for statement in block.body:
                self._statement(statement)

    def _statement(self, s: Statement) -> None:
        if isinstance(s, AssignmentStmt):
            self._expression(s.rvalue)
            if not (isinstance(s.rvalue, TempNode) and s.rvalue.no_rhs):  # ``x: T`` binds nothing
                for lvalue in s.lvalues:
                    self._bind(lvalue, s.rvalue, ())
        elif isinstance(s, OperatorAssignmentStmt):
            self._unknown(s.lvalue)
            self._expression(s.rvalue)
        elif isinstance(s, (ExpressionStmt, ReturnStmt)):
            self._expression(s.expr)
        elif isinstance(s, ForStmt):
            self._expression(s.expr)
            self._bind(s.index, s.expr, (None,))
            self._block(s.body)
            self._block(s.else_body)
        elif isinstance(s, WhileStmt):
            self._expression(s.expr)
            self._block(s.body)
            self._block(s.else_body)
        elif isinstance(s, IfStmt):
            for test in s.expr:
                self._expression(test)
            for body in s.body:
                self._block(body)
            self._block(s.else_body)
        elif isinstance(s, TryStmt):
            for var in s.vars:
                if var is not None:
                    self._unknown(var)
            for block in (s.body, *s.handlers, s.else_body, s.finally_body):
                self._block(block)
        elif isinstance(s, WithStmt):
            for expr, target in zip(s.expr, s.target):
                self._expression(expr)
                if target is not None:
                    self._unknown(target)
            self._block(s.body)
        elif isinstance(s, MatchStmt):
            for body in s.bodies:
                self._block(body)
        elif isinstance(s, (ImportFrom, Import)):
            for assignment in s.assignments:  # an import over a name the module binds otherwise
                for lvalue in assignment.lvalues:
                    self._unknown(lvalue)
        elif isinstance(s, Decorator):
            self._block(s.func.body)
        elif isinstance(s, FuncDef):
            self._block(s.body)
        elif isinstance(s, OverloadedFuncDef):
            for item in s.items:
                self._statement(item)
        elif isinstance(s, ClassDef):
            self._block(s.defs)
        elif isinstance(s, Block):
            self._block(s)

    def _expression(self, e: Expression | None) -> None:
        """Comprehensions, walrus targets and lambdas inside the common kinds of expression."""
        if e is None:
            return
        if isinstance(e, (ListComprehension, SetComprehension)):
            e = e.generator
        if isinstance(e, (GeneratorExpr, DictionaryComprehension)):
            for index, sequence in zip(e.indices, e.sequences):
                self._expression(sequence)
                self._bind(index, sequence, (None,))
            parts = [e.left_expr] if isinstance(e, GeneratorExpr) else [e.key, e.value]
            for part in [*parts, *(c for conditions in e.condlists for c in conditions)]:
                self._expression(part)
        elif isinstance(e, AssignmentExpr):
            self._expression(e.value)
            self._bind(e.target, e.value, ())
        elif isinstance(e, CallExpr):
            for part in (e.callee, *e.args):
                self._expression(part)
        elif isinstance(e, LambdaExpr):
            self._block(e.body)
        elif isinstance(e, ConditionalExpr):
            for part in (e.cond, e.if_expr, e.else_expr):
                self._expression(part)
        elif isinstance(e, (ListExpr, TupleExpr, SetExpr)):
            for item in e.items:
                self._expression(item)
        elif isinstance(e, DictExpr):
            for key, value in e.items:
                self._expression(key)
                self._expression(value)
        elif isinstance(e, (OpExpr, IndexExpr)):
            self._expression(e.left if isinstance(e, OpExpr) else e.base)
            self._expression(e.right if isinstance(e, OpExpr) else e.index)
        elif isinstance(e, (UnaryExpr, StarExpr, AwaitExpr, MemberExpr)):
            self._expression(e.expr)

    # -- resolving -------------------------------------------------------------------------------

    def builders_of(self, var: Var, is_builder: IsBuilder) -> Builders:
        if var not in self._resolved:
            self._resolved[var] = None  # while resolving: a cycle is unknown
            self._resolved[var] = self._var(var, (), is_builder, 0, set())
        return self._resolved[var]

    def _var(self, var: Var, path: Path, is_builder: IsBuilder, depth: int, active: set[Var]) -> Builders:
        if var in self.unknown or var not in self.of or var in active:
            return None
        active = active | {var}
        return _union(self._resolve(value, (*bound, *path), is_builder, depth + 1, active) for value, bound in self.of[var])

    def _resolve(self, expr: Expression, path: Path, is_builder: IsBuilder, depth: int, active: set[Var]) -> Builders:
        if depth > _MAX_DEPTH:
            return None

        def again(inner: Expression, inner_path: Path) -> Builders:
            return self._resolve(inner, inner_path, is_builder, depth + 1, active)

        if isinstance(expr, ConditionalExpr):
            return _union([again(expr.if_expr, path), again(expr.else_expr, path)])
        if isinstance(expr, RefExpr):
            node = expr.node
            if isinstance(node, (FuncDef, Decorator, OverloadedFuncDef)):
                return frozenset({node.fullname}) if not path and is_builder(node.fullname) else None
            if isinstance(node, Var):
                return self._var(node, path, is_builder, depth, active)
            return None
        if isinstance(expr, IndexExpr):
            return again(expr.base, (_literal(expr.index), *path))
        if isinstance(expr, (TupleExpr, ListExpr, SetExpr)):
            if not path or any(isinstance(item, StarExpr) for item in expr.items):
                return None
            step, rest = path[0], path[1:]
            if isinstance(step, int) and not isinstance(expr, SetExpr):
                return again(expr.items[step], rest) if -len(expr.items) <= step < len(expr.items) else None
            return _union(again(item, rest) for item in expr.items)
        if isinstance(expr, DictExpr):
            if not path or any(key is None for key, _ in expr.items):
                return None
            step, rest = path[0], path[1:]
            chosen = [value for key, value in expr.items if isinstance(key, StrExpr) and key.value == step]
            return _union(again(value, rest) for value in (chosen or [value for _, value in expr.items]))
        if isinstance(expr, CallExpr) and isinstance(expr.callee, MemberExpr):
            return self._container_call(expr, expr.callee, path, again)
        return None

    def _container_call(
        self, call: CallExpr, callee: MemberExpr, path: Path, again: Callable[[Expression, Path], Builders]
    ) -> Builders:
        """``ZOO.get(name)``, ``ZOO.values()``, ``ZOO.items()`` of a literal container."""
        method, args = callee.name, call.args
        if method == "get" and 1 <= len(args) <= 2:
            found = again(callee.expr, (_literal(args[0]), *path))
            if len(args) == 2 and not (isinstance(args[1], NameExpr) and args[1].fullname == "builtins.None"):
                return _union([found, again(args[1], path)])
            return found
        if method == "values" and not args and path and path[0] is None:
            return again(callee.expr, path)
        if method == "items" and not args and len(path) >= 2 and path[0] is None and path[1] == 1:
            return again(callee.expr, (None, *path[2:]))
        return None


def _literal(index: Expression) -> Step:
    if isinstance(index, StrExpr):
        return index.value
    if isinstance(index, IntExpr):
        return index.value
    return None


def _union(results: object) -> Builders:
    found: set[str] = set()
    for result in results:  # type: ignore[attr-defined]
        if result is None:
            return None
        found |= result
    return frozenset(found)

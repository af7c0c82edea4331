"""One walk over a file's ``ast``: its scopes and bindings, the calls and member references in each
scope, and what the rules need besides (version branches, ``Final`` constants). Then, for a name or a
dotted chain at a place in the file: what it refers to.

Decisions follow Python's own scoping: a name bound anywhere in a function is local to all of it;
class bodies are not seen from the functions inside them; at module level (and in a class body) only
bindings above a use count, except for code that runs later (a function body), which sees them all.
A name bound several ways in one scope is known only when every way agrees: two imports of the same
builder, an import in ``try`` and ``None`` in its ``except ImportError``. Star imports count in order:
the last one that brings a name binds it; one that may bring it (a module that computes its names)
leaves the name undecided, and the resolution says which import is to blame.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from weightlink.resolve.exports import ModuleExports
from weightlink.resolve.scopes import Binding, Position, Scope, ScopeKind
from weightlink.sources import source_lines


@dataclass(frozen=True)
class Resolution:
    """The qualified names an expression may refer to (one when it is known; ``.utils.f`` for a
    relative import), and the star import that leaves it undecided, if that is why there are none."""

    names: tuple[str, ...] = ()
    shadowed_by: Binding | None = None

    @property
    def name(self) -> str | None:
        return self.names[0] if len(self.names) == 1 else None


# Enum members are written in capitals (IMAGENET1K_V1, DEFAULT); an Enum's other attributes are not.
_MEMBER_LIKE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_TRY_TYPES: tuple[type[ast.stmt], ...] = (ast.Try, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))


class FileModel:
    def __init__(self, tree: ast.Module, text: str = "", exports: ModuleExports | None = None) -> None:
        self.tree = tree
        self.text = text
        self.lines = source_lines(text)
        self.exports = exports if exports is not None else ModuleExports(None)
        self.module = Scope("module", None)
        self.scopes: list[Scope] = [self.module]
        self.calls: list[tuple[ast.Call, Scope]] = []
        # ``X.UPPER_CASE`` loads: possibly an Enum member (``ResNet50_Weights.IMAGENET1K_V9``).
        self.member_attributes: list[tuple[ast.Attribute, Scope]] = []
        self.branches: list[ast.If | ast.IfExp | ast.Try] = []  # where version branches may be
        self.blocks: list[list[ast.stmt]] = []  # statement lists (early-return version checks)
        self.assignments: dict[str, ast.expr] = {}  # dotted target -> first value assigned
        self.finals: dict[str, object] = {}  # ``CHOICE: Final = "IMAGENET1K_V1"``
        self.memo: dict[str, object] = {}  # what a front end derives from this file once
        self._resolving: set[int] = set()
        self._walk()

    # -- queries --------------------------------------------------------------------------------

    def resolve(self, node: ast.expr, scope: Scope, at: Position | None = None) -> Resolution:
        """What a ``Name`` or dotted ``Attribute`` chain refers to where it stands."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return Resolution()
        base = self.lookup(node.id, scope, at if at is not None else (node.lineno, node.col_offset))
        suffix = "".join(f".{part}" for part in reversed(parts))
        return Resolution(tuple(name + suffix for name in base.names), base.shadowed_by)

    def qualify(self, node: ast.expr, scope: Scope) -> list[str]:
        return list(self.resolve(node, scope).names)

    def lookup(self, name: str, scope: Scope, at: Position | None) -> Resolution:
        current: Scope | None = scope
        position = at
        while current is not None:
            if current.kind == "module":
                return self._at_module(name, current, position)
            if name in current.declared_global:
                current, position = current.module(), None
                continue
            found = current.bindings.get(name, [])
            if current.kind == "class" and position is not None:
                found = [b for b in found if b.position < position]  # a class body runs in order
            if found:
                return self._from_bindings(found)
            if current.runs_later:
                position = None  # its enclosing scopes are complete by the time it runs
            current = current.enclosing()
        return Resolution()

    def scope_chain(self, scope: Scope) -> Iterator[Scope]:
        """The scope and those its names are looked up in after it, innermost first."""
        current: Scope | None = scope
        while current is not None:
            yield current
            current = current.enclosing()

    def char_position(self, node: ast.expr | ast.stmt) -> Position:
        """(line, column) with the column in characters, as LibCST counts it (the ast counts bytes)."""
        return self._in_characters(node.lineno, node.col_offset)

    def char_range(self, node: ast.expr | ast.stmt) -> tuple[int, int, int, int]:
        """Start and end, in characters: ``f(x)(y)`` and ``f(x)`` start at the same place."""
        start = self._in_characters(node.lineno, node.col_offset)
        end = self._in_characters(node.end_lineno or node.lineno, node.end_col_offset or 0)
        return (*start, *end)

    def _in_characters(self, line: int, column: int) -> Position:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return line, column
        return line, len(text.encode("utf-8")[:column].decode("utf-8", errors="replace"))

    # -- deciding from bindings ------------------------------------------------------------------

    def _from_bindings(self, bindings: list[Binding]) -> Resolution:
        names: set[str] = set()
        for binding in bindings:
            if binding.kind == "import" and binding.target is not None:
                names.add(binding.target)
            elif binding.kind == "alias" and binding.value is not None:
                resolved = self._alias(binding)
                if resolved.name is None:
                    return Resolution(shadowed_by=resolved.shadowed_by)
                names.add(resolved.name)
            else:
                return Resolution()  # bound to something the resolver does not follow
        return Resolution(tuple(sorted(names)))

    def _alias(self, binding: Binding) -> Resolution:
        key = id(binding)
        if key in self._resolving or binding.value is None:
            return Resolution()
        self._resolving.add(key)
        try:
            return self.resolve(binding.value, binding.scope, at=binding.position)
        finally:
            self._resolving.discard(key)

    def _at_module(self, name: str, module: Scope, position: Position | None) -> Resolution:
        def before(binding: Binding) -> bool:
            return position is None or binding.position < position

        found = [b for b in module.bindings.get(name, []) if before(b)]
        result = self._from_bindings(found) if found else Resolution()
        last = max((b.position for b in found), default=None)
        undecided: Binding | None = None
        for star in module.stars:
            if not before(star) or (last is not None and star.position < last) or star.target is None:
                continue
            verdict = self.exports.defines(star.target, name)
            if verdict is True:
                result, undecided = Resolution((f"{star.target}.{name}",)), None
            elif verdict is None:
                undecided = star
        if undecided is not None:
            return Resolution(shadowed_by=undecided)
        return result

    # -- the walk ---------------------------------------------------------------------------------

    def _walk(self) -> None:
        stack: list[tuple[ast.AST, Scope]] = [(self.tree, self.module)]
        self._blocks_of(self.tree)
        pop, handlers, name_type, load = stack.pop, _HANDLERS, ast.Name, ast.Load
        while stack:
            node, scope = pop()
            kind = type(node)
            if kind is name_type:  # the most common node: a name binds only outside a load
                if type(node.ctx) is not load:  # type: ignore[attr-defined]
                    self._bind_other(node.id, node, scope)  # type: ignore[attr-defined]
                continue
            handler = handlers.get(kind)
            if handler is not None:
                handler(self, node, scope, stack)
            else:
                _push_children(node, scope, stack)
        self._apply_declarations()

    def _blocks_of(self, node: ast.AST) -> None:
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                self.blocks.append(block)

    def _new_scope(self, kind: ScopeKind, parent: Scope) -> Scope:
        scope = Scope(kind, parent)
        self.scopes.append(scope)
        return scope

    def _bind_other(self, name: str, node: ast.AST, scope: Scope) -> None:
        scope.bind(Binding(name, "other", _position(node), scope))

    def _bind_target(self, target: ast.expr, scope: Scope, stack: list[tuple[ast.AST, Scope]]) -> None:
        """Names an assignment target binds (``a``, ``a, b``, ``*rest``); attributes and subscripts
        bind nothing but are walked (``models.vgg.model_urls[k] = url`` uses ``models``)."""
        if isinstance(target, ast.Name):
            self._bind_other(target.id, target, scope)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind_target(element, scope, stack)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, scope, stack)
        else:
            stack.append((target, scope))

    def _apply_declarations(self) -> None:
        """``global x`` / ``nonlocal x`` in a function: its bindings of x belong to the outer scope.
        And star imports in source order (the walk meets statements last to first)."""
        self.module.stars.sort(key=lambda star: star.position)
        for scope in self.scopes:
            for names, owner in ((scope.declared_global, scope.module()), (scope.declared_nonlocal, scope.enclosing())):
                for name in names:
                    moved = scope.bindings.pop(name, [])
                    if owner is not None and owner is not scope:
                        for binding in moved:
                            owner.bind(binding)


# Per node type, the fields that can hold nodes worth visiting: not ``ctx`` (Load/Store), operators
# (``op``/``ops``) or plain values. ast.iter_child_nodes checks every field of every node; this is the
# walk's inner loop.
_SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_ignores", "name", "id", "attr", "arg", "asname", "module",
                             "level", "value_kind", "kind", "type_comment", "is_async", "conversion", "lineno"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _push_children(node: ast.AST, scope: Scope, stack: list[tuple[ast.AST, Scope]]) -> None:
    kind = type(node)
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = _CHILD_FIELDS[kind] = tuple(f for f in kind._fields if f not in _SKIPPED_FIELDS)
    for name in fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            stack.extend((item, scope) for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            stack.append((value, scope))


def _position(node: ast.AST) -> Position:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


# -- handlers, by node type ------------------------------------------------------------------------

Stack = list[tuple[ast.AST, Scope]]


def _function(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    model._bind_other(node.name, node, scope)
    arguments = node.args
    outer: list[ast.AST] = [*node.decorator_list, *arguments.defaults, *(d for d in arguments.kw_defaults if d)]
    outer += [a.annotation for a in _all_args(arguments) if a.annotation is not None]
    if node.returns is not None:
        outer.append(node.returns)
    stack.extend((child, scope) for child in outer)
    model._blocks_of(node)
    inner = model._new_scope("function", scope)
    for argument in _all_args(arguments):
        model._bind_other(argument.arg, argument, inner)
    stack.extend((statement, inner) for statement in node.body)


def _lambda(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.Lambda)
    stack.extend((child, scope) for child in [*node.args.defaults, *(d for d in node.args.kw_defaults if d)])
    inner = model._new_scope("lambda", scope)
    for argument in _all_args(node.args):
        model._bind_other(argument.arg, argument, inner)
    stack.append((node.body, inner))


def _class(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.ClassDef)
    model._bind_other(node.name, node, scope)
    stack.extend((child, scope) for child in [*node.bases, *node.keywords, *node.decorator_list])
    model._blocks_of(node)
    inner = model._new_scope("class", scope)
    stack.extend((statement, inner) for statement in node.body)


def _comprehension(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, _COMPREHENSIONS)
    generators = node.generators
    stack.append((generators[0].iter, scope))  # the first iterable is evaluated outside
    inner = model._new_scope("comprehension", scope)
    for index, generator in enumerate(generators):
        model._bind_target(generator.target, inner, stack)
        if index:
            stack.append((generator.iter, inner))
        stack.extend((condition, inner) for condition in generator.ifs)
    if isinstance(node, ast.DictComp):
        stack.extend([(node.key, inner), (node.value, inner)])
    else:
        stack.append((node.elt, inner))


def _import(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.Import)
    for alias in node.names:
        if alias.asname:
            name, target = alias.asname, alias.name
        else:
            name = target = alias.name.partition(".")[0]
        scope.bind(Binding(name, "import", _position(node), scope, target=target, statement=node))


def _import_from(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.ImportFrom)
    module = "." * node.level + (node.module or "")
    for alias in node.names:
        if alias.name == "*":
            scope.stars.append(Binding("*", "star", _position(node), scope, target=module, statement=node))
            continue
        target = f"{module}.{alias.name}" if node.module else f"{module}{alias.name}"
        scope.bind(Binding(alias.asname or alias.name, "import", _position(node), scope, target=target, statement=node))


def _assign(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.Assign)
    stack.append((node.value, scope))
    if len(node.targets) == 1:
        dotted = dotted_name(node.targets[0])
        if dotted is not None:
            model.assignments.setdefault(dotted, node.value)
        target = node.targets[0]
        if isinstance(target, ast.Name) and isinstance(node.value, (ast.Name, ast.Attribute)):
            scope.bind(Binding(target.id, "alias", _position(node), scope, value=node.value))
            return
    for target in node.targets:
        if isinstance(target, ast.Name) and _is_none(node.value):
            continue  # ``resnet50 = vgg16 = None`` after a failed optional import: never a builder
        model._bind_target(target, scope, stack)


def _ann_assign(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.AnnAssign)
    stack.append((node.annotation, scope))
    if node.value is not None:
        stack.append((node.value, scope))
    target = node.target
    if not isinstance(target, ast.Name):
        stack.append((target, scope))
        return
    if _is_final(node.annotation) and isinstance(node.value, ast.Constant):
        model.finals[target.id] = node.value.value
    elif node.value is not None and _is_none(node.value):
        return
    elif isinstance(node.value, (ast.Name, ast.Attribute)) and not _is_final(node.annotation):
        scope.bind(Binding(target.id, "alias", _position(node), scope, value=node.value))
        return
    model._bind_other(target.id, node, scope)


def _named_expr(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.NamedExpr)
    owner = scope
    while owner.kind == "comprehension" and owner.parent is not None:
        owner = owner.parent  # ``(y := f(x)) for x in ...`` binds y outside the comprehension
    model._bind_other(node.target.id, node.target, owner)
    stack.append((node.value, scope))


def _declaration(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, (ast.Global, ast.Nonlocal))
    (scope.declared_global if isinstance(node, ast.Global) else scope.declared_nonlocal).update(node.names)


def _if(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.If)
    model.branches.append(node)
    model._blocks_of(node)
    stack.append((node.test, scope))
    stack.extend((statement, scope) for statement in node.body)
    if not _is_type_checking(node.test):
        # The ``else`` of ``if TYPE_CHECKING:`` is skipped, as type checkers skip it; it usually
        # binds the same names another way at run time (MONAI's ``optional_import``).
        stack.extend((statement, scope) for statement in node.orelse)


def _branch(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, (ast.IfExp, *_TRY_TYPES))
    model.branches.append(node)  # type: ignore[arg-type]
    if not isinstance(node, ast.IfExp):
        model._blocks_of(node)
    _push_children(node, scope, stack)


def _except(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.ExceptHandler)
    model._blocks_of(node)
    if node.name:
        model._bind_other(node.name, node, scope)
    _push_children(node, scope, stack)


def _loop_or_with(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    model._blocks_of(node)
    _push_children(node, scope, stack)


def _call(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.Call)
    model.calls.append((node, scope))
    _push_children(node, scope, stack)


def _attribute(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    assert isinstance(node, ast.Attribute)
    if node.attr[:1].isupper() and isinstance(node.ctx, ast.Load) and _MEMBER_LIKE.match(node.attr):
        model.member_attributes.append((node, scope))
    stack.append((node.value, scope))


def _match_name(model: FileModel, node: ast.AST, scope: Scope, stack: Stack) -> None:
    name = getattr(node, "name", None) or getattr(node, "rest", None)
    if isinstance(name, str):
        model._bind_other(name, node, scope)
    _push_children(node, scope, stack)


_HANDLERS = {
    ast.FunctionDef: _function,
    ast.AsyncFunctionDef: _function,
    ast.Lambda: _lambda,
    ast.ClassDef: _class,
    ast.ListComp: _comprehension,
    ast.SetComp: _comprehension,
    ast.GeneratorExp: _comprehension,
    ast.DictComp: _comprehension,
    ast.Import: _import,
    ast.ImportFrom: _import_from,
    ast.Assign: _assign,
    ast.AnnAssign: _ann_assign,
    ast.NamedExpr: _named_expr,
    ast.Global: _declaration,
    ast.Nonlocal: _declaration,
    ast.If: _if,
    ast.IfExp: _branch,
    ast.Try: _branch,
    ast.ExceptHandler: _except,
    ast.Call: _call,
    ast.For: _loop_or_with,
    ast.AsyncFor: _loop_or_with,
    ast.While: _loop_or_with,
    ast.With: _loop_or_with,
    ast.AsyncWith: _loop_or_with,
    ast.Attribute: _attribute,
    ast.MatchAs: _match_name,
    ast.MatchStar: _match_name,
    ast.MatchMapping: _match_name,
}
if hasattr(ast, "TryStar"):
    _HANDLERS[ast.TryStar] = _branch


def _all_args(arguments: ast.arguments) -> list[ast.arg]:
    found = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    found += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return found


def dotted_name(node: ast.expr) -> str | None:
    """``a.b.c`` for a Name or an Attribute chain of one, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _is_final(annotation: ast.expr) -> bool:
    """``Final``, ``typing.Final``, ``Final[str]``."""
    if isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    name = annotation.attr if isinstance(annotation, ast.Attribute) else annotation.id if isinstance(annotation, ast.Name) else ""
    return name == "Final"

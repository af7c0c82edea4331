"""Scopes and the bindings in them, as Python itself scopes names.

A module, each function, lambda, class body and comprehension is a `Scope`. A binding records how a
statement binds a name there: an import (of a qualified name), a star import (of a module), a simple
alias (``build = torchvision.models.resnet50``), or anything else (a ``def``, a parameter, an
assignment of a computed value), which the resolver cannot follow.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Literal

ScopeKind = Literal["module", "function", "lambda", "class", "comprehension"]
BindingKind = Literal["import", "alias", "star", "other"]
Position = tuple[int, int]  # (line, column) as the ast gives them: 1-based line, byte column


@dataclass(eq=False)
class Binding:
    name: str
    kind: BindingKind
    position: Position
    scope: Scope
    # import: the qualified name bound (``torchvision.models`` for ``from torchvision import models``);
    # star: the module; a relative import's target starts with dots (``.utils``).
    target: str | None = None
    statement: ast.stmt | None = None  # the import statement (where the codemod adds its own)
    value: ast.expr | None = None  # alias: the expression the name is bound to

    @property
    def from_import(self) -> bool:
        return isinstance(self.statement, ast.ImportFrom)


@dataclass(eq=False)
class Scope:
    kind: ScopeKind
    parent: Scope | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    stars: list[Binding] = field(default_factory=list)
    declared_global: set[str] = field(default_factory=set)
    declared_nonlocal: set[str] = field(default_factory=set)

    def bind(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.name, []).append(binding)

    @property
    def runs_later(self) -> bool:
        """Code in a function or lambda runs after its enclosing scope is complete, so every binding
        there counts; a class body or a comprehension runs where it stands."""
        return self.kind in ("function", "lambda")

    def enclosing(self) -> Scope | None:
        """Where a name not bound here is looked up next: class bodies are skipped, as in Python."""
        scope = self.parent
        while scope is not None and scope.kind == "class":
            scope = scope.parent
        return scope

    def module(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

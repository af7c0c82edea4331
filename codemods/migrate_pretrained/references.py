"""How a file names a weights Enum member: ``<Enum>.<MEMBER>`` in the file's own style, and the
imports that takes (placed by ``imports.py``).

In order of preference: through the module prefix the call already uses (``models.ResNet50_Weights``),
through a name the file already imports the Enum under, a bare name imported beside the builder's
own import, a module alias the file has, or the full module path. A local name that would shadow
the reference rules a choice out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import libcst as cst
from libcst.metadata import GlobalScope, PositionProvider, QualifiedName, Scope, ScopeProvider

from codemods.migrate_pretrained.imports import NeededImport
from weightlink.catalog import BuilderInfo, Catalog
from weightlink.rules import messages

Metadata = Callable[..., Any]  # the command's get_metadata(provider, node, default)


class CannotMigrate(Exception):
    """The call is reported, not rewritten; the message says why and what to write instead."""


class EnumReferences:
    def __init__(self, metadata: Metadata) -> None:
        self.metadata = metadata
        self.needed: list[NeededImport] = []
        self.star_modules: list[str] = []  # ``from <module> import *`` at the file's top level

    def reference(
        self,
        call: cst.Call,
        builder: BuilderInfo,
        catalog: Catalog,
        enum: str,
        member: str,
        *,
        module_prefix: cst.BaseExpression | None,
        module_qualname: str | None,
        imported_from: str | None,
    ) -> cst.BaseExpression:
        enum_name = enum.rpartition(".")[2]
        if module_prefix is not None and module_qualname is not None:
            if catalog.enum(f"{module_qualname}.{enum_name}") is not None:
                return cst.Attribute(cst.Attribute(module_prefix, cst.Name(enum_name)), cst.Name(member))
        existing = self._existing_import(call, enum, catalog)
        if existing is not None:
            return cst.Attribute(cst.Name(existing), cst.Name(member))
        starred = any(catalog.enum(f"{module}.{enum_name}") is not None for module in self.star_modules)
        if starred and self._name_is_free(call, enum_name, "", catalog):
            return cst.Attribute(cst.Name(enum_name), cst.Name(member))  # a star import brings it already
        module = _public_module(catalog, enum, imported_from)
        anchor = self._anchor(call)
        if self._name_is_free(call, enum_name, f"{module}.{enum_name}", catalog):
            self.needed.append(NeededImport(module, enum_name, anchor))
            return cst.Attribute(cst.Name(enum_name), cst.Name(member))
        alias = self._existing_module_alias(call, module, catalog)
        if alias is not None:
            return cst.Attribute(cst.Attribute(alias, cst.Name(enum_name)), cst.Name(member))
        top = module.partition(".")[0]
        if self._name_is_free(call, top, top, catalog):
            self.needed.append(NeededImport(module, None, anchor))
            return cst.parse_expression(f"{module}.{enum_name}.{member}")
        raise CannotMigrate(f"{builder.name}(): {messages.names_taken(enum_name, top)}")

    def _anchor(self, call: cst.Call) -> tuple[int, int] | None:
        """Where the import that brings the builder's name (or its module's) into scope stands: a new
        import goes beside it, inside the same ``try``/``if`` guard."""
        base: cst.BaseExpression = call.func
        while isinstance(base, cst.Attribute):
            base = base.value
        if not isinstance(base, cst.Name):
            return None
        scope = self.metadata(ScopeProvider, call, None)
        if not isinstance(scope, Scope):
            return None
        for assignment in scope[base.value]:
            node = getattr(assignment, "node", None)
            if isinstance(node, (cst.Import, cst.ImportFrom)):
                start = self.metadata(PositionProvider, node).start
                return (start.line, start.column)
        return None

    def _existing_import(self, call: cst.Call, enum: str, catalog: Catalog) -> str | None:
        """A name the file already imports the Enum under (``from ... import ResNet50_Weights as RW``)."""
        scope = self._global_scope(call)
        if scope is None:
            return None
        target = catalog.enums.get(enum)
        for assignment in scope.assignments:
            if not isinstance(getattr(assignment, "node", None), cst.ImportFrom):
                continue
            if any(catalog.enum(q.name) is target for q in _import_names(assignment)):
                name = getattr(assignment, "name", None)
                if isinstance(name, str) and self._name_is_free(call, name, "", catalog, allow=target):
                    return name
        return None

    def _existing_module_alias(self, call: cst.Call, module: str, catalog: Catalog) -> cst.BaseExpression | None:
        """``tvm`` for ``import torchvision.models as tvm``, ``models`` for ``from torchvision import models``."""
        for name, qualified in self._global_imports(call):
            if qualified == module and self._name_is_free(call, name, module, catalog):
                return cst.Name(name)
        return None

    def _global_scope(self, node: cst.CSTNode) -> GlobalScope | None:
        scope = self.metadata(ScopeProvider, node, None)
        while isinstance(scope, Scope) and not isinstance(scope, GlobalScope) and scope.parent is not scope:
            scope = scope.parent
        return scope if isinstance(scope, GlobalScope) else None

    def _global_imports(self, call: cst.Call) -> list[tuple[str, str]]:
        scope = self._global_scope(call)
        if scope is None:
            return []
        found: list[tuple[str, str]] = []
        for assignment in scope.assignments:
            name = getattr(assignment, "name", None)
            if isinstance(getattr(assignment, "node", None), (cst.Import, cst.ImportFrom)) and isinstance(name, str):
                found.extend((name, q.name) for q in _import_names(assignment))
        return found

    def _name_is_free(self, call: cst.Call, name: str, meaning: str, catalog: Catalog, allow: object = None) -> bool:
        """True when ``name`` at the call is unbound, or bound only by imports of ``meaning`` (a
        module or Enum) or of the Enum ``allow``: then a reference to it cannot be shadowed."""
        wanted = allow if allow is not None else catalog.enum(meaning)
        scope = self.metadata(ScopeProvider, call, None)
        while isinstance(scope, Scope):
            for assignment in scope.assignments[name]:
                if not isinstance(getattr(assignment, "node", None), (cst.Import, cst.ImportFrom)):
                    return False
                names = {q.name for q in _import_names(assignment)}
                same_module = any(n == meaning or n.startswith(meaning + ".") for n in names) if meaning else False
                same_enum = wanted is not None and any(catalog.enum(n) is wanted for n in names)
                if not (same_module or same_enum):
                    return False
            scope = scope.parent if scope.parent is not scope else None
        return True


def _public_module(catalog: Catalog, enum: str, preferred: str | None) -> str:
    short = enum.rpartition(".")[2]
    if preferred and catalog.enum(f"{preferred}.{short}") is not None:
        return preferred
    public = sorted((name for name, qualname in catalog.enum_names.items() if qualname == enum), key=len)
    return (public[0] if public else enum).rpartition(".")[0]


def _import_names(assignment: object) -> set[QualifiedName]:
    getter = getattr(assignment, "get_qualified_names_for", None)
    name = getattr(assignment, "name", None)
    return set(getter(name)) if getter is not None and name is not None else set()

"""What a call in user code calls, in terms of the catalogs: a builder, a registry function, an
Enum's guard, ``torch.hub.load``, or a builder looked up at run time in a library module. Decided
once here for ``weightlink check`` and the codemod (and its pre-filter), from the resolver's
qualified names: identity is always the qualified name, never the short one.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from weightlink.catalog.model import BuilderInfo, Catalog, EnumInfo
from weightlink.named import Function, Loaded
from weightlink.dialect import REGISTRY_OPERATIONS, Dialect
from weightlink.resolve.exports import ModuleExports
from weightlink.resolve.model import FileModel
from weightlink.resolve.scopes import Binding, Scope
from weightlink.rules.hub import HUB_LOAD

TargetKind = Literal["builder", "registry", "guard", "hub", "named", "dynamic", "undecided"]


@dataclass(frozen=True)
class CallTarget:
    kind: TargetKind
    name: str  # the callee's qualified name ("" for a lookup at run time)
    catalog: Catalog | None = None
    builder: BuilderInfo | None = None
    operation: str | None = None  # the registry operation, the guard method or the named function's operation
    enum: EnumInfo | None = None  # the guard's Enum
    # "undecided": the builder the callee would be, and the star import that may rebind its name.
    shadowed_by: Binding | None = None
    # "named": a function of a string-named library (weightlink.named), and the library.
    function: Function | None = None
    named: Loaded | None = None


@dataclass(frozen=True)
class EnumReference:
    """``ResNet50_Weights`` (member None) or ``ResNet50_Weights.IMAGENET1K_V1`` in user code."""

    catalog: Catalog
    enum: EnumInfo
    member: str | None  # as written (an alias such as DEFAULT included)


class Libraries:
    """The catalogs of the model libraries a front end checks, asked by qualified name."""

    def __init__(self, catalogs: Sequence[Catalog], dialect: Dialect, named: Sequence[Loaded] = ()) -> None:
        # Longest library name first: a library nested in another's namespace wins for its names.
        self.catalogs = sorted(catalogs, key=lambda catalog: -len(catalog.library))
        self.dialect = dialect
        self.named = tuple(named)  # the string-named libraries checked (timm, open_clip, ...)
        self._answers = lru_cache(maxsize=4096)(self._defines)

    def catalog_of(self, qualified: str | None) -> Catalog | None:
        if not qualified:
            return None
        return next((c for c in self.catalogs if qualified == c.library or qualified.startswith(c.library + ".")), None)

    def model(self, tree: ast.Module, text: str = "", path: str | Path | None = None) -> FileModel:
        """The resolver's model of one file; star imports of the libraries are answered by their catalogs."""
        return FileModel(tree, text, ModuleExports(path, self._answers))

    def _defines(self, module: str, name: str) -> bool | None:
        """Whether ``from <module> import *`` binds ``name``, for a module of a checked library: the
        names a front end could act on (builders, Enums, registry functions, submodules)."""
        catalog = self.catalog_of(module)
        if catalog is None:
            return None
        qualified = f"{module}.{name}"
        if catalog.builder(qualified) or catalog.enum(qualified) or qualified in catalog.registry_functions:
            return True
        if name in REGISTRY_OPERATIONS and self.dialect.registry_operation(qualified):
            return True
        prefix = qualified + "."
        return any(known.startswith(prefix) for known in (*catalog.names, *catalog.enum_names))

    # -- calls -------------------------------------------------------------------------------------

    def call_target(self, model: FileModel, call: ast.Call, scope: Scope) -> CallTarget | None:
        base = call.func
        while isinstance(base, ast.Attribute):
            base = base.value
        if isinstance(base, ast.Name) and not self._may_name_a_library(model, base.id):
            return None  # most calls of a file: names the libraries never bound (print, self.f, np.x)
        resolution = model.resolve(call.func, scope)
        name = resolution.name
        if name is None:
            if resolution.shadowed_by is not None:
                return self._undecided(model, call, scope, resolution.shadowed_by)
            return self._dynamic(model, call.func, scope)
        if name == HUB_LOAD:
            return CallTarget("hub", name)
        for loaded in self.named:
            function = loaded.library.functions.get(name)
            if function is not None:
                return CallTarget("named", name, operation=function.operation, function=function, named=loaded)
        return self.target_of(name)

    def _may_name_a_library(self, model: FileModel, name: str) -> bool:
        """Whether any binding of ``name`` in the file could lead to a library (or torch.hub): an
        import of one, an alias, or a star import (which may bring any name)."""
        interesting = model.memo.get("library names", False)
        if interesting is False:
            interesting = model.memo["library names"] = self._names_worth_resolving(model)
        return interesting is None or name in interesting  # type: ignore[operator]

    def _names_worth_resolving(self, model: FileModel) -> set[str] | None:
        if model.module.stars:
            return None
        prefixes = tuple(f"{c.library}" for c in self.catalogs) + ("torch",)
        prefixes += tuple(loaded.library.name for loaded in self.named)
        names: set[str] = set()
        for scope in model.scopes:
            for name, bindings in scope.bindings.items():
                for binding in bindings:
                    target = binding.target or ""
                    if binding.kind == "alias" or target.startswith(prefixes):
                        names.add(name)
        return names

    def target_of(self, name: str) -> CallTarget | None:
        catalog = self.catalog_of(name)
        if catalog is None:
            return None
        builder = catalog.builder(name)
        if builder is not None:
            return CallTarget("builder", name, catalog, builder)
        operation = catalog.registry_functions.get(name) or self.dialect.registry_operation(name)
        if operation is not None:
            return CallTarget("registry", name, catalog, operation=operation)
        owner, _, method = name.rpartition(".")
        enum = catalog.enum(owner)
        if enum is not None and method in self.dialect.guard_methods:
            return CallTarget("guard", name, catalog, operation=method, enum=enum)
        return None

    def _undecided(self, model: FileModel, call: ast.Call, scope: Scope, star: Binding) -> CallTarget | None:
        """A name a later star import may rebind: what it would be without that import, if a builder."""
        if not isinstance(call.func, ast.Name) or star.target is None:
            return None
        for earlier in model.module.stars:
            if earlier is star or earlier.target is None or earlier.position > star.position:
                continue
            target = self.target_of(f"{earlier.target}.{call.func.id}")
            if target is not None and target.kind == "builder":
                return CallTarget("undecided", target.name, target.catalog, target.builder, shadowed_by=star)
        explicit = self._without_stars(model, call.func.id, scope)
        if explicit is not None and explicit.kind == "builder":
            return CallTarget("undecided", explicit.name, explicit.catalog, explicit.builder, shadowed_by=star)
        return None

    def _without_stars(self, model: FileModel, name: str, scope: Scope) -> CallTarget | None:
        bindings = [b for s in model.scope_chain(scope) for b in s.bindings.get(name, []) if b.kind == "import"]
        targets = {b.target for b in bindings if b.target}
        return self.target_of(targets.pop()) if len(targets) == 1 else None

    def _dynamic(self, model: FileModel, func: ast.expr, scope: Scope) -> CallTarget | None:
        """``getattr(<library module>, name)`` or ``<library module>.__dict__[name]``."""
        owner: ast.expr | None = None
        if isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and func.func.id == "getattr" and func.args:
            owner = func.args[0]
        elif isinstance(func, ast.Subscript) and isinstance(func.value, ast.Attribute) and func.value.attr == "__dict__":
            owner = func.value.value
        module = model.resolve(owner, scope).name if owner is not None else None
        catalog = self.catalog_of(module)
        return CallTarget("dynamic", "", catalog) if catalog is not None else None

    # -- references to Enums ---------------------------------------------------------------------

    def enum_reference(self, model: FileModel, node: ast.expr, scope: Scope) -> EnumReference | None:
        qualified = model.resolve(node, scope).name
        catalog = self.catalog_of(qualified)
        if catalog is None or qualified is None:
            return None
        enum = catalog.enum(qualified)
        if enum is not None:
            return EnumReference(catalog, enum, None)
        owner, _, member = qualified.rpartition(".")
        enum = catalog.enum(owner)
        return EnumReference(catalog, enum, member) if enum is not None else None

    def entry_class(self, model: FileModel, node: ast.expr, scope: Scope) -> bool:
        """``WeightEntry(...)`` (or the library's entry class) called where weights go."""
        qualified = model.resolve(node, scope).name
        return qualified is not None and self.dialect.accepts_entry(qualified)

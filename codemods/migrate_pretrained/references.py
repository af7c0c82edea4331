"""How a file names a weights Enum member: ``<Enum>.<MEMBER>`` in the file's own style, and the
imports that takes (placed by ``imports.py``).

In order of preference: through the module prefix the call already uses (``models.ResNet50_Weights``),
through a name the file already imports the Enum under, a bare name imported beside the builder's
own import, a module alias the file has, or the full module path. A local name that would shadow
the reference rules a choice out.
"""

from __future__ import annotations

import libcst as cst

from codemods.migrate_pretrained.imports import NeededImport
from weightlink.catalog import BuilderInfo, Catalog
from weightlink.resolve.model import FileModel
from weightlink.resolve.scopes import Binding, Scope
from weightlink.rules import messages


class CannotMigrate(Exception):
    """The call is reported, not rewritten; the message says why and what to write instead."""


class EnumReferences:
    """Names an Enum member at a call, asking the shared resolver (``weightlink.resolve``) what the
    file's names mean in the call's scope."""

    def __init__(self, model: FileModel) -> None:
        self.model = model
        self.needed: list[NeededImport] = []
        # Enums an earlier rewrite of this file already imports: (Enum qualname, anchor, module level).
        self._imported: list[tuple[str, tuple[int, int] | None, bool]] = []
        # The module's imports, listed once: scanning every module-level name per call made files
        # with many names and many calls quadratic.
        self._module_imports = [
            (name, binding)
            for name, bindings in model.module.bindings.items()
            for binding in bindings
            if binding.kind == "import" and binding.target
        ]

    def reference(
        self,
        call: cst.Call,
        scope: Scope,
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
        existing = self._existing_import(scope, enum, catalog)
        if existing is not None:
            return cst.Attribute(cst.Name(existing), cst.Name(member))
        stars = [star.target for star in self.model.module.stars if star.target]
        starred = any(catalog.enum(f"{module}.{enum_name}") is not None for module in stars)
        if starred and self._name_is_free(scope, enum_name, "", catalog):
            return cst.Attribute(cst.Name(enum_name), cst.Name(member))  # a star import brings it already
        module = _public_module(catalog, enum, imported_from)
        anchor, module_level = self._anchor(call, scope)
        if self._name_is_free(scope, enum_name, f"{module}.{enum_name}", catalog):
            # One import per Enum: another call's rewrite may have added it where this call sees it.
            if not any(e == enum and (top or a == anchor) for e, a, top in self._imported):
                self.needed.append(NeededImport(module, enum_name, anchor))
                self._imported.append((enum, anchor, module_level))
            return cst.Attribute(cst.Name(enum_name), cst.Name(member))
        alias = self._existing_module_alias(scope, module, catalog)
        if alias is not None:
            return cst.Attribute(cst.Attribute(alias, cst.Name(enum_name)), cst.Name(member))
        top = module.partition(".")[0]
        if self._name_is_free(scope, top, top, catalog):
            self.needed.append(NeededImport(module, None, anchor))
            return cst.parse_expression(f"{module}.{enum_name}.{member}")
        raise CannotMigrate(f"{builder.name}(): {messages.names_taken(enum_name, top)}")

    def _anchor(self, call: cst.Call, scope: Scope) -> tuple[tuple[int, int] | None, bool]:
        """Where the import that brings the builder's name (or its module's) into scope stands: a new
        import goes beside it, inside the same ``try``/``if`` guard. And whether that is at module
        level (no anchor: the import joins the file's top-level imports)."""
        base: cst.BaseExpression = call.func
        while isinstance(base, cst.Attribute):
            base = base.value
        if not isinstance(base, cst.Name):
            return None, True
        for binding in self._bindings(base.value, scope):
            if binding.kind == "import" and binding.statement is not None:
                return self.model.char_position(binding.statement), binding.scope.kind == "module"
        return None, True

    def _bindings(self, name: str, scope: Scope) -> list[Binding]:
        """The bindings of ``name`` in the innermost scope (seen from ``scope``) that binds it."""
        for current in self.model.scope_chain(scope):
            if name in current.bindings:
                return current.bindings[name]
        return []

    def _existing_import(self, scope: Scope, enum: str, catalog: Catalog) -> str | None:
        """A name the file already imports the Enum under (``from ... import ResNet50_Weights as RW``)."""
        target = catalog.enums.get(enum)
        for name, binding in self._module_imports:
            if binding.from_import and catalog.enum(binding.target or "") is target:
                if self._name_is_free(scope, name, "", catalog, allow=target):
                    return name
        return None

    def _existing_module_alias(self, scope: Scope, module: str, catalog: Catalog) -> cst.BaseExpression | None:
        """``tvm`` for ``import torchvision.models as tvm``, ``models`` for ``from torchvision import models``."""
        for name, binding in self._module_imports:
            if binding.target == module and self._name_is_free(scope, name, module, catalog):
                return cst.Name(name)
        return None

    def _name_is_free(self, scope: Scope, name: str, meaning: str, catalog: Catalog, allow: object = None) -> bool:
        """True when ``name`` at the call is unbound, or bound only by imports of ``meaning`` (a
        module or Enum) or of the Enum ``allow``: then a reference to it cannot be shadowed."""
        wanted = allow if allow is not None else catalog.enum(meaning)
        for current in self.model.scope_chain(scope):
            for binding in current.bindings.get(name, []):
                if binding.kind != "import" or binding.target is None:
                    return False
                target = binding.target
                same_module = bool(meaning) and (target == meaning or target.startswith(meaning + "."))
                same_enum = wanted is not None and catalog.enum(target) is wanted
                if not (same_module or same_enum):
                    return False
        return True


def _public_module(catalog: Catalog, enum: str, preferred: str | None) -> str:
    short = enum.rpartition(".")[2]
    if preferred and catalog.enum(f"{preferred}.{short}") is not None:
        return preferred
    public = sorted((name for name, qualname in catalog.enum_names.items() if qualname == enum), key=len)
    return (public[0] if public else enum).rpartition(".")[0]

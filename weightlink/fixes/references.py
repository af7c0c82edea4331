"""How a file names a weights Enum member at a call: ``<Enum>.<MEMBER>`` in the file's own style,
and the import that takes (placed by `weightlink.fixes.imports`).

In order of preference: through the module prefix the call already uses (``models.ResNet50_Weights``),
through a name the file already imports the Enum under, a name a star import brings, a bare name
imported beside the builder's own import, a module alias the file has, or the full module path. A
local name that would shadow the reference rules a choice out.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from weightlink.catalog import Catalog
from weightlink.findings import NeededImport
from weightlink.resolve.model import FileModel
from weightlink.resolve.scopes import Binding, Scope
from weightlink.rules import messages


class CannotFix(Exception):
    """No fix: the message says why and what to write instead."""


@dataclass(frozen=True)
class CallSite:
    """Where a fix names an Enum: the call, its scope, and how the callee is written."""

    call: ast.Call
    scope: Scope
    # How the file names the callee's module (``models`` in ``models.resnet50``): its source text and
    # its qualified name; None for a bare name (``resnet50``).
    module_prefix: str | None = None
    module_qualname: str | None = None
    imported_from: str | None = None  # "torchvision.models" for ``from torchvision.models import resnet50``


class EnumNames:
    """Names Enum members at calls of one file, asking the shared resolver what its names mean."""

    def __init__(self, model: FileModel) -> None:
        self.model = model
        # The module's imports, listed once: scanning every module-level name per call made files
        # with many names and many calls quadratic.
        self._module_imports = [
            (name, binding)
            for name, bindings in model.module.bindings.items()
            for binding in bindings
            if binding.kind == "import" and binding.target
        ]

    def reference(self, site: CallSite, catalog: Catalog, enum: str, member: str, what: str) -> tuple[str, NeededImport | None]:
        """The text naming ``enum.member`` at the call, and the import it needs. ``what`` names the
        call in the message of `CannotFix`."""
        scope = site.scope
        enum_name = enum.rpartition(".")[2]
        if site.module_prefix is not None and site.module_qualname is not None:
            if catalog.enum(f"{site.module_qualname}.{enum_name}") is not None:
                return f"{site.module_prefix}.{enum_name}.{member}", None
        existing = self._existing_import(scope, enum, catalog)
        if existing is not None:
            return f"{existing}.{member}", None
        stars = [star.target for star in self.model.module.stars if star.target]
        starred = any(catalog.enum(f"{module}.{enum_name}") is not None for module in stars)
        if starred and self._name_is_free(scope, enum_name, "", catalog):
            return f"{enum_name}.{member}", None  # a star import brings it already
        module = _public_module(catalog, enum, site.imported_from)
        anchor, before = self._anchor(site.call, scope)
        if self._name_is_free(scope, enum_name, f"{module}.{enum_name}", catalog):
            return f"{enum_name}.{member}", NeededImport(module, enum_name, anchor, before)
        alias = self._existing_module_alias(scope, module, catalog)
        if alias is not None:
            return f"{alias}.{enum_name}.{member}", None
        top = module.partition(".")[0]
        if self._name_is_free(scope, top, top, catalog):
            return f"{module}.{enum_name}.{member}", NeededImport(module, None, anchor, before)
        raise CannotFix(f"{what}: {messages.names_taken(enum_name, top)}")

    def _anchor(self, call: ast.Call, scope: Scope) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """Where the import that brings the callee's name (or its module's) into scope stands: a new
        import goes beside it, inside the same ``try``/``if`` guard (None: the builder is reached
        some other way, and the import joins the file's top-level imports). And the call's own
        position when it runs as the anchor's block runs: the new import must stand above it."""
        base: ast.expr = call.func
        while isinstance(base, ast.Attribute):
            base = base.value
        runs_with_module = self._runs_with(scope, self.model.module)
        call_position = self.model.char_position(call)
        if not isinstance(base, ast.Name):
            return None, call_position if runs_with_module else None
        for binding in self._bindings(base.id, scope):
            if binding.kind == "import" and binding.statement is not None:
                anchor = self.model.char_position(binding.statement)
                return anchor, call_position if self._runs_with(scope, binding.scope) else None
        return None, call_position if runs_with_module else None

    @staticmethod
    def _runs_with(scope: Scope, owner: Scope) -> bool:
        """Whether code in ``scope`` runs as ``owner``'s statements run (not later, in a function)."""
        current: Scope | None = scope
        while current is not None and current is not owner:
            if current.runs_later:
                return False
            current = current.parent
        return current is owner

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

    def _existing_module_alias(self, scope: Scope, module: str, catalog: Catalog) -> str | None:
        """``tvm`` for ``import torchvision.models as tvm``, ``models`` for ``from torchvision import models``."""
        for name, binding in self._module_imports:
            if binding.target == module and self._name_is_free(scope, name, module, catalog):
                return name
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

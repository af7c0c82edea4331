"""What the generator knows about one library: its catalog, its source and the dialect, with the
questions the renderers ask of them (is this name a type, is this class a torch module)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from weightlink.catalog.model import Catalog, EnumInfo
from weightlink.catalog.source import Library
from weightlink.catalog.surface import ClassSurface, ModuleSurface, module_surface
from weightlink.dialect import Dialect
from weightlink.stubs.runtime import bound_by_imports

# Bases whose subclasses get attributes from ``__init__`` assignments that a stub cannot list.
_TORCH_MODULE_PREFIX = "torch.nn."
_ENUM_BASES = frozenset({"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag"})

_BaseTest = Callable[[str], bool]


@dataclass
class StubContext:
    catalog: Catalog
    library: Library
    dialect: Dialect
    _surfaces: dict[str, ModuleSurface | None] = field(default_factory=dict)

    def bound_by_imports(self, module: str) -> dict[str, str]:
        """What ``module`` binds at run time by importing, a package's submodules included
        (`weightlink.stubs.runtime`)."""
        source = self.library.module(module)
        if source is None:
            return {}
        computed = self.catalog.computed_exports
        return bound_by_imports(self.library, source, lambda m: computed.get(m) or self.library.exports(m))

    def surface(self, module: str) -> ModuleSurface | None:
        if module not in self._surfaces:
            self._surfaces[module] = module_surface(self.library, module)
        return self._surfaces[module]

    def class_surface(self, qualname: str) -> ClassSurface | None:
        module, _, name = qualname.rpartition(".")
        surface = self.surface(module) if self.library.owns(module) and module in self.library.files else None
        return surface.classes.get(name) if surface else None

    def is_type(self, qualname: str) -> bool:
        """Whether a name of this library can stand in an annotation: a class or a TypeVar.
        Names outside the library are taken on trust."""
        module, _, name = qualname.rpartition(".")
        if not self.library.owns(qualname) or module not in self.library.files:
            return not self.library.owns(qualname)
        surface = self.surface(module)
        if surface is None:
            return False
        variable = surface.variables.get(name)
        return name in surface.classes or (variable is not None and variable.is_typevar)

    def is_torch_module(self, qualname: str) -> bool:
        """A subclass of ``torch.nn.Module`` (directly or through classes of this library)."""
        return self._has_base(qualname, lambda base: base.startswith(_TORCH_MODULE_PREFIX), set())

    def is_enum(self, qualname: str) -> bool:
        return self._has_base(qualname, lambda base: base in _ENUM_BASES, set())

    def _has_base(self, qualname: str, matches: _BaseTest, seen: set[str]) -> bool:
        if qualname in seen:
            return False
        seen.add(qualname)
        surface = self.class_surface(qualname)
        if surface is None:
            return False
        for base in surface.bases:
            if base is not None and (matches(base) or self._has_base(base, matches, seen)):
                return True
        return False

    def registry_operation(self, qualname: str) -> str | None:
        """``get_model`` for a registry function or an alias of one (``get_model = registry.get_model``)."""
        return self.catalog.registry_functions.get(qualname) or self.dialect.registry_operation(qualname)

    def weights_root(self) -> str | None:
        """The Enum base this library's weights Enums derive from (``...WeightsEnum``, ``weightlink.Weights``)."""
        for info in self.catalog.enums.values():
            root = self._root_of(info, set())
            if root is not None:
                return root
        return None

    def _root_of(self, info: EnumInfo, seen: set[str]) -> str | None:
        for base in info.bases:
            if self.dialect.is_weights_base(base):
                return base
            parent = self.catalog.enums.get(base)
            if parent is not None and base not in seen:
                seen.add(base)
                found = self._root_of(parent, seen)
                if found:
                    return found
        return None

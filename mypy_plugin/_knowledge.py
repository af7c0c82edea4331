"""What the plugin knows beyond types: catalogs (loaded lazily, per library) and builder specs
(read from mypy's own symbols: the undecorated signature survives on the Decorator node)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mypy.nodes import Decorator, FuncDef, SymbolTableNode, TypeInfo
from mypy.types import CallableType, Instance, LiteralType, ProperType, Type, UnionType, get_proper_type

from mypy_plugin._names import WEIGHT_ENTRY, WEIGHTS_BASES
from weightlink.catalog import BuilderInfo, Catalog, Dialect, EnumInfo, load_catalog

Lookup = Callable[[str], "SymbolTableNode | None"]


@dataclass
class WeightsParamSpec:
    name: str
    enums: list[TypeInfo] = field(default_factory=list)
    accepts_entry: bool = False
    accepts_any_enum: bool = False

    def display(self) -> str:
        names = [info.name for info in self.enums] + (["WeightEntry"] if self.accepts_entry else [])
        return " | ".join(f'"{name}"' for name in names) or "a weights Enum"


@dataclass
class BuilderSpec:
    fullname: str
    signature: CallableType
    weights: dict[str, WeightsParamSpec]
    info: BuilderInfo | None
    catalog: Catalog | None

    @property
    def name(self) -> str:
        return self.fullname.rpartition(".")[2]


class Knowledge:
    def __init__(self, dialect: Dialect, search_paths: Iterable[str], lookup: Lookup) -> None:
        self.dialect = dialect
        self.weights_bases = WEIGHTS_BASES | dialect.weights_bases
        self.search_paths = [*search_paths, *dialect.paths]
        self.lookup = lookup
        self._catalogs: dict[str, Catalog | None] = {}
        self._specs: dict[str, BuilderSpec | None] = {}

    # -- catalogs ---------------------------------------------------------------------------

    def catalog(self, package: str) -> Catalog | None:
        """The library's catalog, or None when it cannot be read (the plugin then relies on types)."""
        if package not in self._catalogs:
            try:
                self._catalogs[package] = load_catalog(package, paths=self.search_paths, dialect=self.dialect)
            except Exception:  # never let a library's oddity crash mypy
                self._catalogs[package] = None
        return self._catalogs[package]

    def catalog_for(self, fullname: str) -> Catalog | None:
        return self.catalog(fullname.partition(".")[0])

    def enum_info(self, fullname: str) -> EnumInfo | None:
        catalog = self.catalog_for(fullname)
        return catalog.enums.get(fullname) if catalog else None

    # -- types ------------------------------------------------------------------------------

    def is_weights_enum(self, info: TypeInfo) -> bool:
        return info.fullname not in self.weights_bases and any(info.has_base(b) for b in self.weights_bases)

    def type_info(self, fullname: str) -> TypeInfo | None:
        symbol = self.lookup(fullname)
        return symbol.node if symbol is not None and isinstance(symbol.node, TypeInfo) else None

    def family(self, info: TypeInfo) -> list[TypeInfo]:
        """The Enum and its subclass Enums (per-language families), as far as mypy has them loaded."""
        catalog = self.catalog_for(info.fullname)
        if catalog is None:
            return [info]
        found = [self.type_info(e.qualname) for e in catalog.family(info.fullname)]
        return [info] + [f for f in found if f is not None and f is not info]

    # -- builders ---------------------------------------------------------------------------

    def builder(self, fullname: str) -> BuilderSpec | None:
        """The builder called ``fullname``, or None when it is not a builder."""
        if fullname not in self._specs:
            self._specs[fullname] = self._read_builder(fullname)
        return self._specs[fullname]

    def _read_builder(self, fullname: str) -> BuilderSpec | None:
        symbol = self.lookup(fullname)
        node = symbol.node if symbol is not None else None
        function = node.func if isinstance(node, Decorator) else node
        if not isinstance(function, FuncDef):
            return None
        signature = function.type
        if not isinstance(signature, CallableType):
            return None
        weights = {}
        for name, declared in zip(signature.arg_names, signature.arg_types):
            if name is not None and name.startswith("weights"):
                spec = self._weights_param(name, declared)
                if spec is not None:
                    weights[name] = spec
        if not weights:
            return None
        catalog = self.catalog_for(fullname)
        info = catalog.builders.get(fullname) if catalog else None
        return BuilderSpec(fullname, signature, weights, info, catalog)

    def _weights_param(self, name: str, declared: Type) -> WeightsParamSpec | None:
        spec = WeightsParamSpec(name)
        for item in union_items(declared):
            if not isinstance(item, Instance):
                continue
            if item.type.fullname == WEIGHT_ENTRY:
                spec.accepts_entry = True
            elif item.type.fullname in self.weights_bases:
                spec.accepts_any_enum = True
            elif self.is_weights_enum(item.type):
                spec.enums.append(item.type)
        return spec if spec.enums or spec.accepts_any_enum else None

    def builder_by_registry_name(self, package: str, name: str) -> BuilderSpec | None:
        catalog = self.catalog(package)
        qualname = catalog.registry.get(name) if catalog else None
        return self.builder(qualname) if qualname else None


def union_items(declared: Type) -> list[ProperType]:
    proper = get_proper_type(declared)
    if isinstance(proper, UnionType):
        return [get_proper_type(item) for item in proper.items]
    if isinstance(proper, LiteralType):
        return [proper.fallback]
    return [proper]


def default_search_paths(mypy_path: Iterable[str]) -> list[str]:
    """Where to find libraries' sources: mypy_path, MYPYPATH, then sys.path (added by the catalog)."""
    from_env = [p for p in os.environ.get("MYPYPATH", "").split(os.pathsep) if p]
    return [*mypy_path, *from_env]

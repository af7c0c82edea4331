"""What the plugin knows beyond types: catalogs (loaded lazily, per library) and builder specs
(read from mypy's own symbols: the undecorated signature survives on the Decorator node)."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from mypy.nodes import Decorator, FuncDef, OverloadedFuncDef, SymbolTableNode, TypeInfo
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    LiteralType,
    ProperType,
    Type,
    TypeOfAny,
    TypeType,
    UnionType,
    get_proper_type,
)

from mypy_plugin._features.fallbacks import Declared
from weightlink.catalog import BuilderInfo, Catalog, Dialect, EnumInfo, load_catalog
from weightlink.named import Function, Loaded
from weightlink.named.registry import named_libraries
from weightlink.rules import messages
from weightlink.rules.compat import CompatBranch, CompatBranches
from weightlink.sources import parse_python, read_source

Lookup = Callable[[str], "SymbolTableNode | None"]


@dataclass
class WeightsParamSpec:
    name: str
    enums: list[TypeInfo] = field(default_factory=list)
    accepts_entry: bool = False
    accepts_any_enum: bool = False
    condition: str | None = None  # "quantize=True" when another argument selected the Enum

    def display(self, qualified: Callable[[str], str] | None = None) -> str:
        """How messages name what the parameter takes; ``qualified`` maps an Enum's fullname to the
        public name used when two Enums share a short name."""
        names = [qualified(info.fullname) if qualified else info.name for info in self.enums]
        accepted = messages.accepted_text(names, accepts_entry=self.accepts_entry)
        return f"{accepted} ({self.condition})" if self.condition else accepted


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

    def accepted(self, weights_param: str) -> str:
        """What ``weights_param`` takes, for messages."""
        param = self.weights.get(weights_param)
        return param.display() if param is not None else messages.accepted_text([])


class Knowledge:
    def __init__(
        self,
        dialect: Dialect,
        search_paths: Iterable[str],
        lookup: Lookup,
        *,
        precise_types: bool = False,
        read_only_for_plugin: Callable[[str], bool] = lambda package: False,
        named: tuple[tuple[str, ...], tuple[str, ...], Path | None] = ((), (), None),
    ) -> None:
        self.dialect = dialect
        self.weights_bases = dialect.weights_bases
        self.search_paths = [*search_paths, *dialect.paths]
        self.lookup = lookup
        self.precise_types = precise_types
        # Whether mypy reads a package's source only because of the plugin (not from stubs, not by
        # the user's own configuration): its names are Any for user code then, as without the plugin.
        self.read_only_for_plugin = read_only_for_plugin
        self._catalogs: dict[str, Catalog | None] = {}
        self._specs: dict[str, BuilderSpec | None] = {}
        self._compat: dict[tuple[str, str], CompatBranches | None] = {}
        # (built-in libraries turned off, libraries a project adds, the folder they are imported from)
        self._named_settings = named
        # Qualified name -> the libraries' functions it names (None: the libraries not imported yet).
        self._named_functions: dict[str, list[tuple[Loaded, Function]]] | None = None
        self._named_contexts: dict[tuple[str, str], object] = {}  # (path, library) -> its file_context
        self._trees: dict[str, ast.Module | None] = {}
        # Names of Enums user code rebinds, declared Any by the plugin (`_features/fallbacks.py`).
        self.declared = Declared()
        # Per module checked, the bindings of its variables (`_features/candidates.py`).
        self.bindings: dict[str, Any] = {}

    def compat_branch(self, path: str, library: str, line: int, column: int) -> CompatBranch | None:
        """The old-version branch (``if _TORCHVISION_LESS_THAN_0_13:``) a position of a file lies in;
        the file is parsed with the stdlib ``ast`` once, and only when it has a legacy call."""
        key = (path, library)
        if key not in self._compat:
            tree = self._tree(path)
            self._compat[key] = CompatBranches.of_tree(tree, library) if tree is not None else None
        branches = self._compat[key]
        return branches.at(line, column) if branches is not None else None

    def _tree(self, path: str) -> ast.Module | None:
        """A file's stdlib ``ast``, read once for every question about it (None: unreadable)."""
        if path not in self._trees:
            try:
                self._trees[path] = parse_python(read_source(Path(path)).text)
            except (OSError, SyntaxError, ValueError, UnicodeDecodeError, LookupError, RecursionError, MemoryError):
                self._trees[path] = None
        return self._trees[path]

    def named_function(self, fullname: str) -> tuple[Loaded, Function] | None:
        """The string-named library (weightlink.named) and function a call reaches, if any. Any
        other name costs a dict lookup; a library's catalog loads at the first call of one of its
        functions (one that cannot be read judges nothing: the next library naming it is asked)."""
        if self._named_functions is None:
            try:
                turned_off, registered, base = self._named_settings
                libraries = named_libraries(turned_off, registered, base=base)
            except ValueError:  # a project's library that cannot be loaded: left unchecked, mypy runs on
                libraries = []
            self._named_functions = {}
            for library in libraries:
                loaded = Loaded(library, self.search_paths)
                for name, function in library.functions.items():
                    self._named_functions.setdefault(name, []).append((loaded, function))
        return next(((loaded, f) for loaded, f in self._named_functions.get(fullname, ()) if loaded.catalog is not None), None)

    def named_context(self, path: str, loaded: Loaded) -> object:
        """What a string-named library reads of a whole file (`Loaded.file_context`), once per file;
        None for a file the stdlib cannot parse."""
        key = (path, loaded.library.name)
        if key not in self._named_contexts:
            tree = self._tree(path)
            self._named_contexts[key] = loaded.file_context(tree) if tree is not None else None
        return self._named_contexts[key]

    # -- what calls return --------------------------------------------------------------------

    def call_return(self, package: str, precise: Type, default: Type) -> Type:
        """What a builder or registry call returns: ``precise`` with ``precise_types``; otherwise what
        mypy infers without the plugin: ``default``, or Any where only the plugin made mypy read
        the library (without it, every name from the library is Any)."""
        if self.precise_types:
            return precise
        if self.read_only_for_plugin(package) or self._mentions_hidden_class(default):
            return AnyType(TypeOfAny.from_unimported_type)
        return default

    def _mentions_hidden_class(self, typ: Type) -> bool:
        """Whether a type names a class of a library only the plugin reads (torchgeo's
        ``get_model_weights`` returns torchvision's ``WeightsEnum``): without the plugin it is Any."""
        proper = get_proper_type(typ)
        if isinstance(proper, Instance):
            return self.read_only_for_plugin(proper.type.fullname.partition(".")[0]) or any(
                self._mentions_hidden_class(arg) for arg in proper.args
            )
        if isinstance(proper, TypeType):
            return self._mentions_hidden_class(proper.item)
        if isinstance(proper, UnionType):
            return any(self._mentions_hidden_class(item) for item in proper.items)
        return False

    def declared_type(self, function: str, param: str) -> Type | None:
        """The declared type of parameter ``param`` of ``function`` (a function or ``Class.__init__``
        qualname), as mypy read it; None when mypy has no such symbol or no annotation."""
        symbol = self.lookup(function)
        node = symbol.node if symbol is not None else None
        function_def = node.func if isinstance(node, Decorator) else node
        signature = function_def.type if isinstance(function_def, FuncDef) else None
        if not isinstance(signature, CallableType) or param not in signature.arg_names:
            return None
        return signature.arg_types[signature.arg_names.index(param)]

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

    def public_name(self, fullname: str) -> str:
        """An Enum's public qualified name (``torchgeo.models.ResNet50_Weights``): its identity in messages."""
        catalog = self.catalog_for(fullname)
        return catalog.public_name(fullname) if catalog is not None else fullname

    def enum_info(self, fullname: str) -> EnumInfo | None:
        catalog = self.catalog_for(fullname)
        return catalog.enums.get(fullname) if catalog else None

    # -- types ------------------------------------------------------------------------------

    def is_weights_enum(self, info: TypeInfo) -> bool:
        return info.fullname not in self.weights_bases and any(info.has_base(b) for b in self.weights_bases)

    def type_info(self, fullname: str) -> TypeInfo | None:
        symbol = self.lookup(fullname)
        return symbol.node if symbol is not None and isinstance(symbol.node, TypeInfo) else None

    def member_names(self, info: TypeInfo) -> list[str]:
        """Members and aliases. mypy counts ``DEFAULT = IMAGENET1K_V2`` in a source Enum as a member,
        but not ``DEFAULT: Literal[...]`` in a stub, so the aliases come from the catalog."""
        enum = self.enum_info(info.fullname)
        aliases = [alias for alias in enum.aliases if alias not in info.enum_members] if enum else []
        return [*info.enum_members, *aliases]

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
        function = _current_interface(node)
        if function is None:
            return None
        signature = function.type
        if not isinstance(signature, CallableType):
            return None
        weights = {}
        for name, declared in zip(signature.arg_names, signature.arg_types):
            if name is not None and self.dialect.is_weights_param(name):
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
            if self.dialect.accepts_entry(item.type.fullname):
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


def _current_interface(node: object) -> FuncDef | None:
    """The definition to read a builder from: the function itself, or, in stubs (weightlink's
    generated ones: one overload per interface), the last overload that is not ``@deprecated``,
    which is the general form of the current interface."""
    if isinstance(node, OverloadedFuncDef):
        current = [item.func if isinstance(item, Decorator) else item for item in node.items]
        current = [item for item in current if isinstance(item, FuncDef) and item.deprecated is None]
        return current[-1] if current else None
    function = node.func if isinstance(node, Decorator) else node
    return function if isinstance(function, FuncDef) else None


def union_items(declared: Type) -> list[ProperType]:
    """The items of a union; a literal becomes its class's instance that remembers the value (as
    mypy infers ``ResNet50_Weights.IMAGENET1K_V1``; a stub's ``DEFAULT: Literal[X.M]`` is a bare literal)."""
    proper = get_proper_type(declared)
    items = [get_proper_type(item) for item in proper.items] if isinstance(proper, UnionType) else [proper]
    return [item.fallback.copy_modified(last_known_value=item) if isinstance(item, LiteralType) else item for item in items]


def default_search_paths(mypy_path: Iterable[str]) -> list[str]:
    """Where to find libraries' sources: mypy_path, MYPYPATH, then sys.path (added by the catalog)."""
    from_env = [p for p in os.environ.get("MYPYPATH", "").split(os.pathsep) if p]
    return [*mypy_path, *from_env]

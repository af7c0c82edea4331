"""The plugin class: dispatch tables only; each feature lives in ``_features/``.

mypy asks for hooks tens of thousands of times in a cold run and only calls ``report_config_data``
in a warm one, so answers are memoised per name, and the features and the catalog are loaded on
first use: a warm run pays for reading the configuration and little else.

By default the plugin adds only its own diagnostics and the argument errors of builder and
registry calls: calls keep the return types mypy gives them without it. ``precise_types = true``
(``[weightlink]`` / ``[tool.weightlink]``) opts in to the builders' real signatures and model types.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mypy.nodes import MypyFile, TypeInfo
from mypy.options import Options
from mypy.plugin import (
    AnalyzeTypeContext,
    AttributeContext,
    ClassDefContext,
    FunctionContext,
    FunctionSigContext,
    MethodContext,
    MethodSigContext,
    Plugin,
    ReportConfigContext,
)
from mypy.types import AnyType, FunctionLike, Type, TypeOfAny

from mypy_plugin import _errors  # noqa: F401  (registers the error codes before mypy reads disable_error_code)
from mypy_plugin._following import follow_described_libraries

if TYPE_CHECKING:
    from mypy_plugin._knowledge import Knowledge
    from weightlink.dialect import Dialect


class _DefaultSettings:
    """What a configuration without a weightlink section means (weightlink.config's `Settings()`)."""

    precise_types = False
    named_off: tuple[str, ...] = ()
    string_libraries: tuple[str, ...] = ()

    @property
    def dialect(self) -> Dialect:
        from weightlink.dialect import DEFAULT_DIALECT

        return DEFAULT_DIALECT


_DEFAULT_SETTINGS = _DefaultSettings()


def _named_reading(settings: Any) -> tuple[list[str], frozenset[str]]:
    """What mypy must read of the string-named libraries (weightlink.named) for their calls to
    reach the plugin: the modules of those without type information, and the decorators that would
    turn their functions (smp's ``__init__``) into Any."""
    from weightlink.named.registry import named_libraries

    try:
        libraries = named_libraries(settings.named_off, settings.string_libraries, base=_config_folder(settings))
    except ValueError:
        return [], frozenset()
    modules = [pattern for library in libraries for pattern in getattr(library, "follow", ())]
    return modules, frozenset(name for library in libraries for name in getattr(library, "erasing_decorators", ()))


def _config_folder(settings: Any) -> Path | None:
    source = getattr(settings, "source", None)
    return source.parent if source is not None else None


def _settings(config_file: str | None) -> Any:
    from mypy_plugin._config import read_settings

    return read_settings(config_file)

C = TypeVar("C")
R = TypeVar("R")
Hook = Callable[[Any], Any]


def _source_fingerprint() -> str:
    """A digest of the plugin's sources and of weightlink's (catalog, rules, named libraries, dialect,
    config): another build re-checks everything. Paths, sizes and modification times, not contents:
    every warm run pays for this, and reading the files cost more than the rest of the plugin's start."""
    weightlink_spec = importlib.util.find_spec("weightlink")  # locates without importing
    plugin = Path(__file__).parent
    folders = [plugin, plugin / "_features"]
    if weightlink_spec is not None and weightlink_spec.submodule_search_locations:
        package = Path(next(iter(weightlink_spec.submodule_search_locations)))
        folders += [package / "catalog", package / "rules", package / "named", package]
    parts = []
    for folder in folders:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py") and (folder.name != "weightlink" or entry.name in _TOP_LEVEL_SOURCES):
                    stat = entry.stat()
                    parts.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.blake2b("\n".join(sorted(parts)).encode(), digest_size=12).hexdigest()


_TOP_LEVEL_SOURCES = frozenset({"dialect.py", "config.py"})


class WeightlinkPlugin(Plugin):
    def __init__(self, options: Options) -> None:
        super().__init__(options)
        config_text = Path(options.config_file).read_bytes() if options.config_file else b""
        # The section is only read (and the config module imported) when the file has one: warm runs
        # stay cheap.
        self.settings = _settings(options.config_file) if b"weightlink" in config_text else _DEFAULT_SETTINGS
        # Before mypy resolves any import: the libraries the plugin describes are read from source.
        self.dialect = self.settings.dialect
        named_modules, self._named_decorators = _named_reading(self.settings)
        self.followed_by_plugin = follow_described_libraries(options, self.dialect, extra=named_modules)
        # Whether anything is hidden at all (see _hidden): most runs can skip the per-name check.
        self._hiding = bool(self.followed_by_plugin) and not self.settings.precise_types
        # Part of mypy's cache key: the plugin build and the whole config file (hashing only the
        # weightlink section would mean parsing it in every warm run).
        self._config_data = {
            "plugin": _source_fingerprint(),
            "config": hashlib.blake2b(config_text, digest_size=12).hexdigest(),
        }
        self._memo: dict[tuple[str, str], Hook | None] = {}

    @cached_property
    def knowledge(self) -> Knowledge:
        from mypy_plugin._knowledge import Knowledge, default_search_paths

        return Knowledge(
            self.dialect,
            default_search_paths(self.options.mypy_path),
            self.lookup_fully_qualified,
            precise_types=self.settings.precise_types,
            read_only_for_plugin=self._read_only_for_plugin,
            named=(tuple(self.settings.named_off), tuple(self.settings.string_libraries), _config_folder(self.settings)),
        )

    # -- hooks ------------------------------------------------------------------------------

    def report_config_data(self, ctx: ReportConfigContext) -> Any:
        return self._config_data

    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        package = file.fullname.partition(".")[0]
        if package == "torchvision" or package in self.dialect.described_packages():
            from mypy_plugin._features.computed_exports import publish_computed_exports

            catalog = self._safe_catalog(package)
            names = catalog.computed_exports.get(file.fullname) if catalog is not None else None
            if names:
                publish_computed_exports(file, names)
        if self._hiding and not file.is_stub and self._read_only_for_plugin(package):
            self._open_module(file)
        elif self._hiding and package not in self.followed_by_plugin:
            self._declare_rebound_enums(file)
        return []

    def _open_module(self, file: MypyFile) -> None:
        from mypy_plugin._features.open_modules import open_module

        try:
            open_module(file, self.options)
        except Exception:  # never crash mypy: the module is analysed as written
            pass

    def _declare_rebound_enums(self, file: MypyFile) -> None:
        """``ResNet18_Weights = None`` after a failed import: see ``_features/fallbacks.py``. Only
        modules that import from a library the plugin hides are looked at."""
        from mypy_plugin._features.fallbacks import declare_rebound_enums, imports_from

        hidden = frozenset(package for package in self.followed_by_plugin if self._read_only_for_plugin(package))
        if not hidden or not imports_from(file, hidden):
            return
        try:
            declare_rebound_enums(file, self._imported_enum, self.knowledge.declared)
        except Exception:  # an odd module must never crash mypy: it is analysed as written
            pass

    def _imported_enum(self, module: str, name: str) -> str | None:
        package = module.partition(".")[0]
        if package not in self.followed_by_plugin:
            return None
        catalog = self._safe_catalog(package)
        enum = catalog.enum(f"{module}.{name}") if catalog is not None else None
        return enum.qualname if enum is not None else None

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return self._memoised("function", fullname, self._function_hook)

    def get_function_signature_hook(self, fullname: str) -> Callable[[FunctionSigContext], FunctionLike] | None:
        return self._memoised("signature", fullname, self._signature_hook)

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return self._memoised("method", fullname, self._method_hook)

    def get_method_signature_hook(self, fullname: str) -> Callable[[MethodSigContext], FunctionLike] | None:
        return self._memoised("method_signature", fullname, self._method_signature_hook)

    def get_type_analyze_hook(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        if not self._hiding or not self._hidden(fullname):
            return None
        return self._memoised("type", fullname, self._type_hook)

    def get_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        if not self._hiding or not self._hidden(fullname):
            return None
        return self._memoised("attribute", fullname, self._attribute_hook)

    def get_customize_class_mro_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        if not self._hiding or fullname.partition(".")[0] not in self.followed_by_plugin:
            return None
        return self._memoised("mro", fullname, self._mro_hook)

    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        attribute = fullname.rpartition(".")[2]
        if not attribute[:1].isupper():
            return None  # Enum members are written in capitals
        return self._memoised("class_attribute", fullname, self._member_hook)

    # -- dispatch ---------------------------------------------------------------------------

    def _memoised(self, kind: str, fullname: str, decide: Callable[[str], Hook | None]) -> Hook | None:
        key = (kind, fullname)
        if key not in self._memo:
            try:
                self._memo[key] = decide(fullname)
            except Exception:  # an odd symbol or library must never crash mypy: no hook then
                self._memo[key] = None
        return self._memo[key]

    def _safe_catalog(self, package: str) -> Any:
        try:
            return self.knowledge.catalog(package)
        except Exception:
            return None

    def _function_hook(self, fullname: str) -> Hook | None:
        if self.dialect.erases_signature(fullname) or fullname in self._named_decorators:
            from mypy_plugin._features.decorators import callable_not_any_decorator, identity_decorator

            decorator = identity_decorator if self.settings.precise_types else callable_not_any_decorator
            return _safe(decorator, _return_type)
        operation = self._registry_operation(fullname)
        if operation is not None:
            from mypy_plugin._features.registry import registry_call

            package = fullname.partition(".")[0]  # torchvision, or the library owning the alias
            knowledge = self.knowledge
            return _safe(lambda ctx: registry_call(ctx, operation, package, knowledge), _return_type)
        if fullname.startswith("torch.hub."):  # checked first: the rules are imported only for torch.hub
            from weightlink.rules.hub import HUB_LOAD

            if fullname == HUB_LOAD:
                from mypy_plugin._features.hub import hub_call

                knowledge = self.knowledge
                return _safe(lambda ctx: hub_call(ctx, knowledge), _return_type)
        named = self.knowledge.named_function(fullname)
        if named is not None:
            from mypy_plugin._features.named_calls import named_call

            knowledge = self.knowledge
            return _safe(lambda ctx: named_call(ctx, *named, knowledge), _return_type)
        spec = self.knowledge.builder(fullname)
        if spec is not None:
            from mypy_plugin._features.builder_calls import check_builder_call

            knowledge = self.knowledge
            return _safe(lambda ctx: check_builder_call(ctx, spec, knowledge), _return_type)
        if self._may_alias_a_builder(fullname):
            from mypy_plugin._features.aliases import alias_call

            return _safe(alias_call(self.knowledge), _return_type)  # type: ignore[arg-type]
        if self._hidden(fullname) and not self._is_weights_enum_or_base(fullname):
            from mypy_plugin._features.unfollowed import any_result

            return _safe(any_result(self._in_hidden_library), _return_type)
        return None

    def _signature_hook(self, fullname: str) -> Hook | None:
        knowledge = self.knowledge
        operation = self._registry_operation(fullname)
        if operation == "get_model":
            from mypy_plugin._features.registry import registry_signature

            package = fullname.partition(".")[0]
            return _safe(lambda ctx: registry_signature(ctx, package, knowledge), _default_signature)
        spec = knowledge.builder(fullname)
        if spec is None and operation is None and self._may_alias_a_builder(fullname):
            from mypy_plugin._features.aliases import alias_signature

            return _safe(alias_signature(knowledge), _default_signature)  # type: ignore[arg-type]
        if spec is None:
            if operation is None and self._hidden(fullname) and not self._is_weights_enum_or_base(fullname):
                from mypy_plugin._features.unfollowed import any_signature

                return _safe(any_signature(self._in_hidden_library), _default_signature)
            return None
        from mypy_plugin._features.builder_calls import call_signature

        return _safe(lambda ctx: call_signature(ctx, spec, knowledge), _default_signature)

    def _may_alias_a_builder(self, fullname: str) -> bool:
        """A variable that may hold a builder: a module-level one whose type is a builder's (found
        now), or a local one (mypy names it without its module; decided at each call)."""
        if "." not in fullname:
            return True
        symbol = self.lookup_fully_qualified(fullname)
        if symbol is None:
            return False
        from mypy_plugin._features.aliases import variable_builder

        return variable_builder(symbol.node, self.knowledge) is not None

    def _method_hook(self, fullname: str) -> Hook | None:
        owner, _, method = fullname.rpartition(".")
        if self._hiding and method in _ENUM_LOOKUPS and self._hidden_weights_class(owner):
            from mypy_plugin._features.members import untyped_lookup

            return _safe(untyped_lookup(self._in_hidden_library), _return_type)
        operation = self.dialect.registry_operation(fullname)
        knowledge = self.knowledge
        if operation is not None:
            from mypy_plugin._features.registry import receiver_package, registry_call

            return _safe(lambda ctx: registry_call(ctx, operation, receiver_package(ctx), knowledge), _return_type)
        if self._is_guard(fullname):
            from mypy_plugin._features.guards import guard_call

            method = fullname.rpartition(".")[2]
            return _safe(lambda ctx: guard_call(ctx, knowledge, method), _return_type)
        return None

    def _is_guard(self, fullname: str) -> bool:
        """``ResNet50_Weights.verify``: mypy names the method after the receiver's class, or, for a
        method overloaded in stubs, after the base that defines it (guard_call checks the receiver)."""
        owner, _, method = fullname.rpartition(".")
        if method not in self.dialect.guard_methods:
            return False
        info = self.knowledge.type_info(owner)
        return info is not None and (self.knowledge.is_weights_enum(info) or self.dialect.is_weights_base(owner))

    def _method_signature_hook(self, fullname: str) -> Hook | None:
        if self._is_guard(fullname):
            from mypy_plugin._features.guards import guard_signature

            return _safe(guard_signature, _default_signature)
        if self.dialect.registry_operation(fullname) != "get_model":
            return None
        from mypy_plugin._features.registry import receiver_package, registry_signature

        knowledge = self.knowledge
        return _safe(lambda ctx: registry_signature(ctx, receiver_package(ctx), knowledge), _default_signature)

    def _member_hook(self, fullname: str) -> Hook | None:
        """A weights Enum's member: Any in user code under the one-line setup, its own type elsewhere."""
        enum_fullname, _, attribute = fullname.rpartition(".")
        knowledge = self.knowledge
        info = knowledge.type_info(enum_fullname)
        if info is None or not knowledge.is_weights_enum(info):
            return None
        from mypy_plugin._features.members import member_attribute

        hidden_in = self._outside_hidden_library if self._hidden_enum(info) else None
        return _safe(member_attribute(enum_fullname, attribute, knowledge, hidden_in), _attribute_type)

    def _hidden_enum(self, info: TypeInfo) -> bool:
        """Hidden when the Enum comes from a library only the plugin reads, or derives from one's base
        (torchgeo's Enums are Enums only because torchvision's WeightsEnum is read)."""
        return self._hidden(info.fullname) or any(
            self._hidden(base.fullname) for base in info.mro if self.dialect.is_weights_base(base.fullname)
        )

    def _hidden_weights_class(self, fullname: str) -> bool:
        """A weights Enum or base that user code sees untyped where it stores its members."""
        info = self.knowledge.type_info(fullname)
        if info is None or not (self.dialect.is_weights_base(fullname) or self.knowledge.is_weights_enum(info)):
            return False
        return self._hidden_enum(info)

    def _mro_hook(self, fullname: str) -> Hook | None:
        """Under the one-line setup, the weights Enums and their bases fall back to Any (as a class
        with an Any base does): what user code does with the classes themselves (two Enums assigned
        to one variable, ``type[WeightsEnum]`` and its ``DEFAULT``) is what it was without the plugin,
        Any. Members that do not exist are still reported (`member_attribute`)."""
        if not self._hidden(fullname):
            return None
        dialect, knowledge = self.dialect, self.knowledge

        def hook(ctx: ClassDefContext) -> None:
            info = ctx.cls.info
            if dialect.is_weights_base(info.fullname) or knowledge.is_weights_enum(info):
                info.fallback_to_any = True

        return _safe(hook, lambda ctx: None)

    def _outside_hidden_library(self, path: str) -> bool:
        return not self._in_hidden_library(path)

    def _type_hook(self, fullname: str) -> Hook | None:
        if not self._is_plain_class(fullname) or self._is_weights_enum_or_base(fullname):
            return None
        from mypy_plugin._features.unfollowed import any_annotation

        return _safe(any_annotation(fullname, self._in_hidden_library), _unanalyzable)

    def _attribute_hook(self, fullname: str) -> Hook | None:
        owner = fullname.rpartition(".")[0]
        if self._is_weights_enum_or_base(owner) or not self._is_plain_class(owner):
            return None
        from mypy_plugin._features.unfollowed import any_attribute

        return _safe(any_attribute(self._in_hidden_library), _attribute_type)

    def _is_plain_class(self, fullname: str) -> bool:
        symbol = self.lookup_fully_qualified(fullname)
        info = symbol.node if symbol is not None else None
        return isinstance(info, TypeInfo) and not (info.is_enum or info.tuple_type or info.typeddict_type)

    def _hidden(self, fullname: str) -> bool:
        """Whether ``fullname`` belongs to a library mypy reads only because of the plugin (then user
        code sees it as Any, as before; see ``_features/unfollowed.py``)."""
        return not self.settings.precise_types and self._read_only_for_plugin(fullname.partition(".")[0])

    def _read_only_for_plugin(self, package: str) -> bool:
        """mypy reads ``package``'s source only because the plugin told it to: not when it comes
        from stubs (``weightlink stubs``), whose types are real and meant for user code."""
        if package not in self.followed_by_plugin:
            return False
        module = self._modules.get(package) if self._modules is not None else None
        return module is None or not module.is_stub

    @cached_property
    def _hidden_roots(self) -> tuple[str, ...]:
        """Source folders of the libraries the plugin made mypy read, found without importing them."""
        roots: list[str] = []
        for package in self.followed_by_plugin:
            spec = importlib.util.find_spec(package)
            if spec is not None and spec.submodule_search_locations:
                roots.extend(str(Path(location).resolve()) + "/" for location in spec.submodule_search_locations)
        return tuple(roots)

    def _in_hidden_library(self, module_or_path: str) -> bool:
        if module_or_path.endswith(".py") or "/" in module_or_path:
            return str(Path(module_or_path).resolve()).startswith(self._hidden_roots)
        return self._read_only_for_plugin(module_or_path.partition(".")[0])

    def _is_weights_enum_or_base(self, fullname: str) -> bool:
        """The weights Enums, their bases and the entry class a builder may accept (``WeightEntry``) stay
        typed: they are what the plugin checks. (torchvision's own ``Weights`` record does not: a user
        annotation naming it is Any, as without the plugin.)"""
        dialect = self.dialect
        if dialect.is_weights_base(fullname) or dialect.accepts_entry(fullname):
            return True
        catalog = self._safe_catalog(fullname.partition(".")[0])
        return catalog is None or catalog.enum(fullname) is not None

    def _registry_operation(self, fullname: str) -> str | None:
        return self.dialect.registry_operation(fullname) or self._registry_alias(fullname)

    def _registry_alias(self, fullname: str) -> str | None:
        """``get_model = registry.get_model`` at module level: calls go through a Var (or, in the
        library's generated stubs, an overloaded function). The library's catalog lists such aliases
        (``tinyzoo._registry.get_model``), so they are found by name."""
        from weightlink.dialect import REGISTRY_OPERATIONS

        if fullname.rpartition(".")[2] not in REGISTRY_OPERATIONS:
            return None
        catalog = self.knowledge.catalog(fullname.partition(".")[0])
        return catalog.registry_functions.get(fullname) if catalog is not None else None


# The lookups of an Enum class whose results user code stores (``for w in ResNet50_Weights``,
# ``ResNet50_Weights[name]``): untyped there, like the members.
_ENUM_LOOKUPS = frozenset({"__iter__", "__getitem__", "__reversed__"})


def _return_type(ctx: FunctionContext | MethodContext) -> Type:
    return ctx.default_return_type


def _default_signature(ctx: FunctionSigContext | MethodSigContext) -> FunctionLike:
    return ctx.default_signature


def _attribute_type(ctx: AttributeContext) -> Type:
    return ctx.default_attr_type


def _unanalyzable(ctx: AnalyzeTypeContext) -> Type:
    return AnyType(TypeOfAny.special_form)  # never analyse again: that would call the hook again


def _safe(callback: Callable[[C], R], fallback: Callable[[C], R]) -> Callable[[C], R]:
    """The plugin never crashes mypy: a failure in a feature leaves mypy's own answer in place."""

    def run(ctx: C) -> R:
        try:
            return callback(ctx)
        except Exception:
            return fallback(ctx)

    return run


def plugin(version: str) -> type[Plugin]:
    return WeightlinkPlugin

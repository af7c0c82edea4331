"""The plugin class: dispatch tables only; each feature lives in ``_features/``."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mypy.nodes import FuncDef, MypyFile, Var
from mypy.options import Options
from mypy.plugin import (
    AttributeContext,
    FunctionContext,
    FunctionSigContext,
    MethodContext,
    Plugin,
    ReportConfigContext,
)
from mypy.types import CallableType, FunctionLike, Type, get_proper_type

from mypy_plugin import _names as names
from mypy_plugin._features.builder_calls import call_signature, check_builder_call
from mypy_plugin._features.decorators import identity_decorator
from mypy_plugin._features.dependencies import library_dependencies
from mypy_plugin._features.enum_aliases import alias_type
from mypy_plugin._features.guards import guard_call
from mypy_plugin._features.registry import receiver_package, registry_call
from mypy_plugin._knowledge import Knowledge, default_search_paths
from weightlink import __version__
from weightlink.catalog import Dialect, dialect_from_config
import weightlink.catalog as catalog_package
from weightlink.catalog.cache import EXTRACTOR_VERSION

C = TypeVar("C")


def _source_fingerprint() -> str:
    """weightlink's version plus a digest of the plugin and catalog sources (an edited checkout counts)."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=12)
    for package in (Path(__file__).parent, Path(catalog_package.__file__).parent):
        for path in sorted(package.rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


_SOURCE_FINGERPRINT = _source_fingerprint()
R = TypeVar("R")


class WeightlinkPlugin(Plugin):
    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.dialect = _read_dialect(options.config_file)
        self.knowledge = Knowledge(self.dialect, default_search_paths(options.mypy_path), self.lookup_fully_qualified)
        configured = {base.partition(".")[0] for base in self.dialect.weights_bases}
        self.libraries = frozenset({"torchvision"} | set(self.dialect.libraries) | configured) - {"weightlink"}

    # -- hooks ------------------------------------------------------------------------------

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        if self._is_erasing_decorator(fullname):
            return _safe(identity_decorator, _return_type)
        operation = names.TORCHVISION_REGISTRY.get(fullname) or self._registry_alias(fullname)
        if operation is not None:
            package = fullname.partition(".")[0]  # torchvision, or the library owning the alias
            lookup = operation
            return _safe(lambda ctx: registry_call(ctx, lookup, package, self.knowledge), _return_type)
        spec = self.knowledge.builder(fullname)
        if spec is not None:
            return _safe(lambda ctx: check_builder_call(ctx, spec, self.knowledge), _return_type)
        return None

    def get_function_signature_hook(self, fullname: str) -> Callable[[FunctionSigContext], FunctionLike] | None:
        spec = self.knowledge.builder(fullname)
        if spec is None:
            return None
        return _safe(lambda ctx: call_signature(ctx, spec), _default_signature)

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        operation = names.WEIGHTLINK_REGISTRY_METHODS.get(fullname)
        if operation is not None:
            return _safe(lambda ctx: registry_call(ctx, operation, receiver_package(ctx), self.knowledge), _return_type)
        owner, _, method = fullname.rpartition(".")
        if method in names.GUARD_METHOD_NAMES:
            # mypy names the method after the receiver's class (ResNet50_Weights.verify).
            info = self.knowledge.type_info(owner)
            if info is not None and self.knowledge.is_weights_enum(info):
                return _safe(lambda ctx: guard_call(ctx, self.knowledge, method), _return_type)
        return None

    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        enum_fullname, _, attribute = fullname.rpartition(".")
        if attribute != "DEFAULT":
            return None
        info = self.knowledge.type_info(enum_fullname)
        if info is None or not self.knowledge.is_weights_enum(info):
            return None
        return _safe(lambda ctx: alias_type(ctx, enum_fullname, attribute, self.knowledge), _attribute_type)

    def report_config_data(self, ctx: ReportConfigContext) -> Any:
        # Part of mypy's cache key: another plugin build, extractor or dialect re-checks everything.
        return {"plugin": _SOURCE_FINGERPRINT, "extractor": EXTRACTOR_VERSION, "dialect": self.dialect.fingerprint()}

    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        try:
            return library_dependencies(file, self.knowledge, self.libraries)
        except Exception:
            return []

    # -- helpers ----------------------------------------------------------------------------

    def _is_erasing_decorator(self, fullname: str) -> bool:
        if fullname in names.SIGNATURE_ERASING_DECORATORS:
            return True
        package, short = fullname.partition(".")[0], fullname.rpartition(".")[2]
        decorators = self.dialect.register_decorators | self.dialect.legacy_decorators
        return package in self.libraries and package != "torchvision" and short in decorators

    def _registry_alias(self, fullname: str) -> str | None:
        """``get_model = registry.get_model`` at module level: calls go through a Var whose type is the
        bound method's. Neither the method's name nor its definition survives mypy's cache, so the
        Var is recognised by having exactly the parameters of ``Registry.<method>``."""
        method = fullname.rpartition(".")[2]
        operation = names.WEIGHTLINK_REGISTRY_METHODS.get(f"{names.WEIGHTLINK_REGISTRY}.{method}")
        if operation is None:
            return None
        symbol = self.lookup_fully_qualified(fullname)
        node = symbol.node if symbol is not None else None
        if not isinstance(node, Var) or node.type is None:
            return None
        alias_type = get_proper_type(node.type)
        registry = self.knowledge.type_info(names.WEIGHTLINK_REGISTRY)
        original = registry.get_method(method) if registry is not None else None
        original_type = original.type if isinstance(original, FuncDef) else None
        if not isinstance(alias_type, CallableType) or not isinstance(original_type, CallableType):
            return None
        same = (alias_type.arg_names, alias_type.arg_kinds) == (original_type.arg_names[1:], original_type.arg_kinds[1:])
        return operation if same else None


def _read_dialect(config_file: str | None) -> Dialect:
    try:
        return dialect_from_config(config_file)
    except (ValueError, OSError) as error:
        print(f"weightlink: ignoring the [weightlink] settings: {error}", file=sys.stderr)
        return Dialect()


def _return_type(ctx: FunctionContext | MethodContext) -> Type:
    return ctx.default_return_type


def _default_signature(ctx: FunctionSigContext) -> FunctionLike:
    return ctx.default_signature


def _attribute_type(ctx: AttributeContext) -> Type:
    return ctx.default_attr_type


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

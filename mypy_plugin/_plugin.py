"""The plugin class: dispatch tables only; each feature lives in ``_features/``.

mypy asks for hooks tens of thousands of times in a cold run and only calls ``report_config_data``
in a warm one, so answers are memoised per name, and the features, the catalog and the config are
loaded on first use: a warm run pays for none of them.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mypy.nodes import FuncDef, Var
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

from mypy_plugin import _errors  # noqa: F401  (registers the error codes before mypy reads disable_error_code)
from mypy_plugin import _names as names

if TYPE_CHECKING:
    from mypy_plugin._knowledge import Knowledge
    from weightlink.catalog import Dialect

C = TypeVar("C")
R = TypeVar("R")
Hook = Callable[[Any], Any]


def _source_fingerprint() -> str:
    """A digest of the plugin's and the catalog's sources: another build re-checks everything."""
    digest = hashlib.blake2b(digest_size=12)
    weightlink_spec = importlib.util.find_spec("weightlink")  # locates without importing
    roots = [Path(__file__).parent]
    if weightlink_spec is not None and weightlink_spec.submodule_search_locations:
        roots.append(Path(next(iter(weightlink_spec.submodule_search_locations))) / "catalog")
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


class WeightlinkPlugin(Plugin):
    def __init__(self, options: Options) -> None:
        super().__init__(options)
        config_text = Path(options.config_file).read_bytes() if options.config_file else b""
        # Part of mypy's cache key: the plugin build and the config file (its [weightlink] part).
        self._config_data = {
            "plugin": _source_fingerprint(),
            "config": hashlib.blake2b(config_text, digest_size=12).hexdigest(),
        }
        self._memo: dict[tuple[str, str], Hook | None] = {}

    @cached_property
    def dialect(self) -> Dialect:
        from mypy_plugin._config import read_dialect

        return read_dialect(self.options.config_file)

    @cached_property
    def knowledge(self) -> Knowledge:
        from mypy_plugin._knowledge import Knowledge, default_search_paths

        return Knowledge(self.dialect, default_search_paths(self.options.mypy_path), self.lookup_fully_qualified)

    @cached_property
    def configured_packages(self) -> frozenset[str]:
        """Third-party packages described in the config: their registration decorators are identities."""
        return frozenset(base.partition(".")[0] for base in self.dialect.weights_bases) - {"torchvision", "weightlink"}

    # -- hooks ------------------------------------------------------------------------------

    def report_config_data(self, ctx: ReportConfigContext) -> Any:
        return self._config_data

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return self._memoised("function", fullname, self._function_hook)

    def get_function_signature_hook(self, fullname: str) -> Callable[[FunctionSigContext], FunctionLike] | None:
        return self._memoised("signature", fullname, self._signature_hook)

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return self._memoised("method", fullname, self._method_hook)

    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        if not fullname.endswith(".DEFAULT"):
            return None
        return self._memoised("class_attribute", fullname, self._alias_hook)

    # -- dispatch ---------------------------------------------------------------------------

    def _memoised(self, kind: str, fullname: str, decide: Callable[[str], Hook | None]) -> Hook | None:
        key = (kind, fullname)
        if key not in self._memo:
            try:
                self._memo[key] = decide(fullname)
            except Exception:  # an odd symbol or library must never crash mypy: no hook then
                self._memo[key] = None
        return self._memo[key]

    def _function_hook(self, fullname: str) -> Hook | None:
        if self._is_erasing_decorator(fullname):
            from mypy_plugin._features.decorators import identity_decorator

            return _safe(identity_decorator, _return_type)
        operation = names.TORCHVISION_REGISTRY.get(fullname) or self._registry_alias(fullname)
        if operation is not None:
            from mypy_plugin._features.registry import registry_call

            package = fullname.partition(".")[0]  # torchvision, or the library owning the alias
            knowledge = self.knowledge
            return _safe(lambda ctx: registry_call(ctx, operation, package, knowledge), _return_type)
        spec = self.knowledge.builder(fullname)
        if spec is not None:
            from mypy_plugin._features.builder_calls import check_builder_call

            knowledge = self.knowledge
            return _safe(lambda ctx: check_builder_call(ctx, spec, knowledge), _return_type)
        return None

    def _signature_hook(self, fullname: str) -> Hook | None:
        spec = self.knowledge.builder(fullname)
        if spec is None:
            return None
        from mypy_plugin._features.builder_calls import call_signature

        return _safe(lambda ctx: call_signature(ctx, spec), _default_signature)

    def _method_hook(self, fullname: str) -> Hook | None:
        operation = names.WEIGHTLINK_REGISTRY_METHODS.get(fullname)
        knowledge = self.knowledge
        if operation is not None:
            from mypy_plugin._features.registry import receiver_package, registry_call

            return _safe(lambda ctx: registry_call(ctx, operation, receiver_package(ctx), knowledge), _return_type)
        owner, _, method = fullname.rpartition(".")
        if method in names.GUARD_METHOD_NAMES:
            # mypy names the method after the receiver's class (ResNet50_Weights.verify).
            info = knowledge.type_info(owner)
            if info is not None and knowledge.is_weights_enum(info):
                from mypy_plugin._features.guards import guard_call

                return _safe(lambda ctx: guard_call(ctx, knowledge, method), _return_type)
        return None

    def _alias_hook(self, fullname: str) -> Hook | None:
        enum_fullname, _, attribute = fullname.rpartition(".")
        knowledge = self.knowledge
        info = knowledge.type_info(enum_fullname)
        if info is None or not knowledge.is_weights_enum(info):
            return None
        from mypy_plugin._features.enum_aliases import alias_type

        return _safe(lambda ctx: alias_type(ctx, enum_fullname, attribute, knowledge), _attribute_type)

    def _is_erasing_decorator(self, fullname: str) -> bool:
        if fullname in names.SIGNATURE_ERASING_DECORATORS:
            return True
        package, short = fullname.partition(".")[0], fullname.rpartition(".")[2]
        if package not in self.configured_packages:
            return False
        return short in self.dialect.register_decorators | self.dialect.legacy_decorators

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

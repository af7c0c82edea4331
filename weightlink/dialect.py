"""The conventions that mark builders, weights Enums and the legacy interface in a library's source.

Every front end (catalog, runtime shim, mypy plugin, codemod, stubs, checker) asks the `Dialect`
which names mean what; none keeps its own list. Two dialects are built in: torchvision's
(``register_model``, ``handle_legacy_interface``, ``WeightsEnum``, ``_ovewrite_named_param``) and
weightlink's own runtime API. A third-party library that follows the RFC with other names adds them
in ``[tool.weightlink]`` (pyproject.toml) or ``[weightlink]`` (mypy.ini / setup.cfg); see
docs/catalog.md and `weightlink.config`.

Importing this module is cheap: the runtime package uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property

# What a library's registry offers, by function name (torchvision's ``get_model`` and friends,
# weightlink's `Registry` methods and any alias of them).
REGISTRY_OPERATIONS = frozenset({"get_model", "get_model_builder", "get_model_weights", "get_weight"})


@dataclass(frozen=True)
class Dialect:
    # Decorators are matched by their last name component, so ``registry.register_model`` and
    # ``register_model = registry.register_model`` both count.
    register_decorators: frozenset[str] = frozenset({"register_model"})
    legacy_decorators: frozenset[str] = frozenset({"handle_legacy_interface"})
    # Weights Enum roots are matched by qualified name: "Weights" alone is too common a word.
    weights_bases: frozenset[str] = frozenset(
        {"torchvision.models._api.WeightsEnum", "weightlink.Weights", "weightlink._weights.Weights"}
    )
    # Constructors of member values (last name component).
    entry_classes: frozenset[str] = frozenset({"Weights", "WeightEntry"})
    # Annotation names that mean "a bare entry is accepted" (Union[XWeights, WeightEntry]).
    entry_annotations: frozenset[str] = frozenset({"WeightEntry"})
    # Functions that set a builder argument from the weights' meta (last name component).
    meta_setters: frozenset[str] = frozenset({"_ovewrite_named_param", "_ovewrite_value_param", "set_from_meta"})
    # Legacy decorators that also accept positional arguments in the new keyword order
    # (torchvision wraps its builders with kwonly_to_pos_or_kw).
    signature_positional_decorators: frozenset[str] = frozenset(
        {"torchvision.models._utils.handle_legacy_interface"}
    )
    # A builder's parameters whose name starts with one of these take weights (``weights``,
    # ``weights_backbone``).
    weights_param_prefixes: frozenset[str] = frozenset({"weights"})
    # The legacy keywords, ``legacy=weights_param``; a bare name maps to ``weights``. The catalog
    # adds each builder's own from its legacy decorator; these are what a front end assumes when a
    # builder's mapping is unknown (a dynamic call, a library without a catalog).
    legacy_keywords: frozenset[str] = frozenset({"pretrained=weights", "pretrained_backbone=weights_backbone"})
    # Decorators whose annotations erase a builder's signature (qualified names); the mypy plugin
    # types them as the identity. A described third-party library's register and legacy
    # decorators count too (see `erases_signature`).
    signature_erasing_decorators: frozenset[str] = frozenset(
        {"torchvision.models._api.register_model", "torchvision.models._utils.handle_legacy_interface"}
    )
    # Registry functions by qualified name; the operation is the last name component.
    registry_functions: frozenset[str] = frozenset(
        {f"torchvision.models._api.{name}" for name in REGISTRY_OPERATIONS}
        | {f"weightlink._registry.{name}" for name in REGISTRY_OPERATIONS}
        | {f"weightlink._registry.Registry.{name}" for name in REGISTRY_OPERATIONS}
    )
    # Classes whose instances are registries (``get_model = registry.get_model`` makes an alias).
    registry_classes: frozenset[str] = frozenset({"weightlink.Registry", "weightlink._registry.Registry"})
    # Modules the mypy plugin makes mypy follow although they ship no py.typed (patterns as in
    # mypy's per-module sections); a described library is followed whole (``<package>.*``).
    followed_modules: frozenset[str] = frozenset({"torchvision", "torchvision.models.*"})
    # Class-level guards that take a weights value: ``XWeights.verify(x)``, ``XWeights.check_type(x)``.
    guard_methods: frozenset[str] = frozenset({"verify", "check_type"})
    # Extra search paths for the library's package (a folder that is not installed).
    paths: tuple[str, ...] = field(default=())

    # -- questions the front ends ask --------------------------------------------------------

    def is_weights_param(self, name: str) -> bool:
        return any(name.startswith(prefix) for prefix in self.weights_param_prefixes)

    def is_weights_base(self, qualname: str) -> bool:
        return qualname in self.weights_bases

    def accepts_entry(self, qualname: str) -> bool:
        """An annotation naming this class means a bare entry is accepted (``WeightEntry``)."""
        return qualname.rpartition(".")[2] in self.entry_annotations

    def legacy_keyword_map(self) -> dict[str, str]:
        """``{"pretrained": "weights", "pretrained_backbone": "weights_backbone"}``."""
        pairs = (item.partition("=") for item in sorted(self.legacy_keywords))
        return {legacy.strip(): (weights.strip() or "weights") for legacy, _, weights in pairs}

    @cached_property
    def _described(self) -> frozenset[str]:
        builtin = {"torchvision", "weightlink"}
        return frozenset(base.partition(".")[0] for base in self.weights_bases) - builtin

    def described_packages(self) -> frozenset[str]:
        """Top-level packages of third-party libraries described in configuration."""
        return self._described

    def erases_signature(self, decorator: str) -> bool:
        if decorator in self.signature_erasing_decorators:
            return True
        package, short = decorator.partition(".")[0], decorator.rpartition(".")[2]
        return package in self.described_packages() and short in self.register_decorators | self.legacy_decorators

    def modules_to_follow(self) -> frozenset[str]:
        return self.followed_modules | {f"{package}.*" for package in self.described_packages()}

    def registry_operation(self, function: str) -> str | None:
        """``"get_model"`` for ``torchvision.models._api.get_model``; None for other functions."""
        return function.rpartition(".")[2] if function in self.registry_functions else None

    def markers(self) -> tuple[str, ...]:
        """Substrings a module must contain to be worth parsing for builders, Enums or registries."""
        shorts = {name.rpartition(".")[2] for name in self.weights_bases | self.registry_classes}
        return tuple(sorted(self.register_decorators | self.legacy_decorators | shorts | self.entry_classes))

    def fingerprint(self) -> str:
        return repr(sorted((f.name, sorted(getattr(self, f.name))) for f in fields(self)))

    def extended(self, extra: dict[str, list[str]], base_dir: str | None = None) -> Dialect:
        """This dialect with each list extended; ``paths`` are taken relative to ``base_dir``."""
        import os
        from dataclasses import replace

        unknown = set(extra) - DIALECT_KEYS
        if unknown:
            raise ValueError(f"unknown dialect setting(s): {', '.join(sorted(unknown))}")
        updates = {key: getattr(self, key) | frozenset(values) for key, values in extra.items() if key != "paths"}
        paths = tuple(os.path.abspath(os.path.join(base_dir or ".", p)) for p in extra.get("paths", []))
        return replace(self, **updates, paths=self.paths + paths)


DIALECT_KEYS = frozenset(f.name for f in fields(Dialect))
DEFAULT_DIALECT = Dialect()

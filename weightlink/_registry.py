"""Model registry: builders by name, their weights Enums, and weights by qualified name."""

from __future__ import annotations

import fnmatch
import inspect
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from weightlink._weights import Weights, _family
from weightlink.dialect import DEFAULT_DIALECT
from weightlink.rules import messages
from weightlink.rules.names import closest, parse_weights_name

P = ParamSpec("P")
R = TypeVar("R")
Builder = Callable[..., Any]
_MAX_CACHED_NAMES = 4096


class Registry:
    """One library's builders. Each library can own one, so two libraries never collide."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._builders: dict[str, Builder] = {}
        self._weights_params: dict[Builder, dict[str, tuple[type[Weights], ...]]] = {}
        # get_weight's answers by the exact name asked; registering a builder clears them.
        self._weights_by_name: dict[str, Weights] = {}

    def __repr__(self) -> str:
        return f"Registry({self.name!r}, {len(self._builders)} models)"

    def register_model(self, name: str | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
        """Register a builder under ``name`` (default: its function name); keeps its signature."""

        def register(builder: Callable[P, R]) -> Callable[P, R]:
            key = builder.__name__ if name is None else name
            existing = self._builders.get(key)
            if existing is not None and not _same_definition(existing, builder):
                raise ValueError(
                    f"{self.name}: model {key!r} is already registered "
                    f"by {existing.__module__}.{existing.__qualname__}"
                )
            self._builders[key] = builder
            self._weights_by_name.clear()
            return builder

        return register

    def list_models(
        self,
        module: types.ModuleType | str | None = None,
        include: str | Iterable[str] | None = None,
        exclude: str | Iterable[str] | None = None,
    ) -> list[str]:
        """Registered names, sorted; ``module`` limits to builders defined in it (or below it),
        ``include``/``exclude`` are glob patterns (``"resnet*"``)."""
        prefix = module.__name__ if isinstance(module, types.ModuleType) else module
        names = [
            key
            for key, builder in self._builders.items()
            if prefix is None
            or builder.__module__ == prefix
            or builder.__module__.startswith(prefix + ".")
        ]
        if include is not None:
            patterns = [include] if isinstance(include, str) else list(include)
            names = [n for n in names if any(fnmatch.fnmatchcase(n, p) for p in patterns)]
        if exclude is not None:
            patterns = [exclude] if isinstance(exclude, str) else list(exclude)
            names = [n for n in names if not any(fnmatch.fnmatchcase(n, p) for p in patterns)]
        return sorted(names)

    def get_model_builder(self, name: str) -> Builder:
        builder = self._builders.get(name)
        if builder is None:
            suggestion = closest(name, self._builders)
            raise ValueError(messages.unknown_model(name, self.name, suggestion=suggestion).message)
        return builder

    def get_model(self, name: str, **config: Any) -> Any:
        """Build the model registered as ``name`` with ``config`` as keyword arguments."""
        return self.get_model_builder(name)(**config)

    def get_model_weights(self, name_or_builder: str | Builder) -> type[Weights]:
        """The weights Enum a builder's ``weights`` parameter is annotated with."""
        builder = (
            self.get_model_builder(name_or_builder)
            if isinstance(name_or_builder, str)
            else name_or_builder
        )
        enums = self._weights_enums_by_param(builder).get("weights")
        if not enums:
            raise ValueError(f"{_describe(builder)} has no 'weights' parameter typed with a Weights Enum")
        return enums[0]

    def get_weight(self, name: str) -> Weights:
        """The member named ``"Enum.MEMBER"``, searched among the Enums of registered builders.

        Found members are cached by name (a lookup costs a dict access); a name not found is
        searched for again on every call, so an Enum defined later is found.
        """
        found = self._weights_by_name.get(name)
        if found is None:
            found = self._find_weight(name)
            if len(self._weights_by_name) < _MAX_CACHED_NAMES:  # bounded: names may carry any module prefix
                self._weights_by_name[name] = found
        return found

    def _find_weight(self, name: str) -> Weights:
        parsed = parse_weights_name(name)
        enums = {cls.__name__: cls for cls in self._all_weights_enums()}
        enum_cls = enums.get(parsed.enum or "")
        if enum_cls is None:
            suggestion = closest(parsed.enum or name, enums)
            raise ValueError(messages.unknown_weights_enum(name, suggestion=suggestion).message)
        if parsed.member not in enum_cls.__members__:
            suggestion = closest(parsed.member, enum_cls.__members__)
            raise ValueError(messages.no_such_member(enum_cls.__name__, parsed.member, suggestion=suggestion).message)
        return enum_cls.__members__[parsed.member]

    def _all_weights_enums(self) -> list[type[Weights]]:
        found: dict[type[Weights], None] = {}
        for builder in self._builders.values():
            for enums in self._weights_enums_by_param(builder).values():
                for base in enums:
                    found.update(dict.fromkeys(_family(base)))
        return list(found)

    def _weights_enums_by_param(self, builder: Builder) -> dict[str, tuple[type[Weights], ...]]:
        """``{"weights": (XWeights,), "weights_backbone": (...)}`` from the annotations; cached."""
        cached = self._weights_params.get(builder)
        if cached is None:
            cached = self._weights_params[builder] = _weights_enums_by_param(builder)
        return cached


def weights_enums_of(builder: Builder, param: str) -> list[type[Weights]]:
    """The weights Enums parameter ``param`` of ``builder`` is annotated with."""
    return list(_weights_enums_by_param(builder).get(param, ()))


def _weights_enums_by_param(builder: Builder) -> dict[str, tuple[type[Weights], ...]]:
    return {
        param: tuple(_weights_classes_in(hint))
        for param, hint in _type_hints(builder).items()
        if DEFAULT_DIALECT.is_weights_param(param)
    }


def _type_hints(builder: Builder) -> dict[str, Any]:
    target = inspect.unwrap(builder)
    try:
        return typing.get_type_hints(target)
    except Exception:  # unresolvable forward references: fall back to what is evaluated already
        return {
            name: param.annotation
            for name, param in inspect.signature(target).parameters.items()
            if not isinstance(param.annotation, str)
        }


def _weights_classes_in(hint: Any) -> list[type[Weights]]:
    """The Weights Enums inside ``Optional[Union[X, WeightEntry]]``-style annotations."""
    if isinstance(hint, type):
        return [hint] if issubclass(hint, Weights) and hint is not Weights else []
    return [cls for arg in typing.get_args(hint) for cls in _weights_classes_in(arg)]


def _same_definition(a: Builder, b: Builder) -> bool:
    """A re-imported module re-registers the same function; that is not a collision."""
    return (a.__module__, a.__qualname__) == (b.__module__, b.__qualname__)


def _describe(builder: Builder) -> str:
    return f"{getattr(builder, '__module__', '?')}.{getattr(builder, '__qualname__', builder)!s}"


default_registry = Registry("weightlink")


# The default registry's API as plain functions with their own signatures (what mypy, pyright and
# the plugin see), not bound-method aliases.


def register_model(name: str | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a builder in the default registry; see `Registry.register_model`."""
    return default_registry.register_model(name)


def list_models(
    module: types.ModuleType | str | None = None,
    include: str | Iterable[str] | None = None,
    exclude: str | Iterable[str] | None = None,
) -> list[str]:
    """Names in the default registry; see `Registry.list_models`."""
    return default_registry.list_models(module, include, exclude)


def get_model_builder(name: str) -> Builder:
    """The builder registered as ``name`` in the default registry."""
    return default_registry.get_model_builder(name)


def get_model(name: str, **config: Any) -> Any:
    """Build the model registered as ``name`` in the default registry."""
    return default_registry.get_model(name, **config)


def get_model_weights(name_or_builder: str | Builder) -> type[Weights]:
    """The weights Enum of a builder of the default registry; see `Registry.get_model_weights`."""
    return default_registry.get_model_weights(name_or_builder)


def get_weight(name: str) -> Weights:
    """The member named ``"Enum.MEMBER"`` among the default registry's Enums."""
    return default_registry.get_weight(name)

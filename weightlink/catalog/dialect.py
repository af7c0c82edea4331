"""What marks builders and weights Enums in a library's source.

Two dialects are built in: torchvision's (``register_model``, ``handle_legacy_interface``,
``WeightsEnum``/``Weights``, ``_ovewrite_named_param``) and weightlink's own runtime API. A third-party
library that follows the RFC with other names adds them in ``[tool.weightlink]`` (pyproject.toml) or
``[weightlink]`` (mypy.ini / setup.cfg); see docs/catalog.md.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path


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
    # Extra search paths for the library's package (a folder that is not installed).
    paths: tuple[str, ...] = field(default=())

    def markers(self) -> tuple[str, ...]:
        """Substrings a module must contain to be worth parsing for builders or Enums."""
        shorts = {name.rpartition(".")[2] for name in self.weights_bases}
        return tuple(sorted(self.register_decorators | self.legacy_decorators | shorts | self.entry_classes))

    def fingerprint(self) -> str:
        return repr(sorted((f.name, sorted(getattr(self, f.name))) for f in fields(self)))


_LIST_KEYS = {f.name for f in fields(Dialect)}


def dialect_from_config(path: str | Path | None) -> Dialect:
    """The built-in dialect extended with a project's ``[tool.weightlink]`` / ``[weightlink]`` lists."""
    base = Dialect()
    if path is None:
        return base
    config_path = Path(path)
    extra = _read_section(config_path)
    unknown = set(extra) - _LIST_KEYS
    if unknown:
        raise ValueError(f"{config_path}: unknown weightlink setting(s): {', '.join(sorted(unknown))}")
    updates = {key: getattr(base, key) | frozenset(values) for key, values in extra.items() if key != "paths"}
    paths = tuple(str((config_path.parent / p).resolve()) for p in extra.get("paths", []))
    return replace(base, **updates, paths=paths)


def _read_section(path: Path) -> dict[str, list[str]]:
    if path.suffix == ".toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # mypy depends on tomli there
            import tomli as tomllib

        data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("weightlink", {})
        return {key: [str(v) for v in value] for key, value in data.items() if isinstance(value, list)}
    import configparser

    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    if not parser.has_section("weightlink"):
        return {}
    return {
        key: [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]
        for key, value in parser.items("weightlink")
    }

"""weightlink: the PyTorch model-weights API (the RFC's design) with a run-time guard.

Importing this package needs neither torch, mypy nor libcst; torch is imported only when weights
are loaded. The names below load on first use: the mypy plugin imports `weightlink.rules` in every
mypy run, and must not pay for the run-time classes it never uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weightlink._entry import WeightEntry
    from weightlink._legacy import handle_legacy_interface
    from weightlink._meta import set_from_meta
    from weightlink._registry import (
        Registry,
        default_registry,
        get_model,
        get_model_builder,
        get_model_weights,
        get_weight,
        list_models,
        register_model,
    )
    from weightlink._weights import Weights
    from weightlink.errors import (
        CorruptCheckpointError,
        HashMismatchError,
        IncompleteDownloadError,
        UnsafeCheckpointError,
        WeightsLoadError,
    )

__version__ = "0.1.0"

_DEFINED_IN = {
    "CorruptCheckpointError": "weightlink.errors",
    "HashMismatchError": "weightlink.errors",
    "IncompleteDownloadError": "weightlink.errors",
    "Registry": "weightlink._registry",
    "UnsafeCheckpointError": "weightlink.errors",
    "WeightEntry": "weightlink._entry",
    "Weights": "weightlink._weights",
    "WeightsLoadError": "weightlink.errors",
    "default_registry": "weightlink._registry",
    "get_model": "weightlink._registry",
    "get_model_builder": "weightlink._registry",
    "get_model_weights": "weightlink._registry",
    "get_weight": "weightlink._registry",
    "handle_legacy_interface": "weightlink._legacy",
    "list_models": "weightlink._registry",
    "register_model": "weightlink._registry",
    "set_from_meta": "weightlink._meta",
}

# A literal list: type checkers read it to know what this module exports.
__all__ = [
    "CorruptCheckpointError",
    "HashMismatchError",
    "IncompleteDownloadError",
    "Registry",
    "UnsafeCheckpointError",
    "WeightEntry",
    "Weights",
    "WeightsLoadError",
    "default_registry",
    "get_model",
    "get_model_builder",
    "get_model_weights",
    "get_weight",
    "handle_legacy_interface",
    "list_models",
    "register_model",
    "set_from_meta",
]


def __getattr__(name: str) -> Any:
    module = _DEFINED_IN.get(name)
    if module is None:
        raise AttributeError(f"module 'weightlink' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_DEFINED_IN])

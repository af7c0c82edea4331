"""weightlink: the PyTorch model-weights API (the RFC's design) with a run-time guard.

Importing this package needs neither torch, mypy nor libcst; torch is imported only when weights
are loaded.
"""

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

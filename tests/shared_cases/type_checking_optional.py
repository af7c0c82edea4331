"""An optional dependency in the style of MONAI: type checkers see the TYPE_CHECKING import, run time
gets the module (or a stub) from a helper. Calls through it are checked like any other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


def optional_import(name: str) -> tuple[Any, bool]:
    try:
        return __import__(name), True
    except ImportError:
        return None, False


if TYPE_CHECKING:
    import torchvision

    has_torchvision = True
else:
    torchvision, has_torchvision = optional_import("torchvision")


def reference_model() -> object:
    return torchvision.models.densenet121(pretrained=True)


def wrong_weights() -> object:
    return torchvision.models.densenet121(weights=torchvision.models.DenseNet169_Weights.DEFAULT)

"""Builder arguments that the chosen weights decide (``num_classes`` from the categories, ...)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from weightlink.rules import messages


def set_from_meta(kwargs: MutableMapping[str, Any], param: str, value: object, *, weights: object) -> None:
    """Set ``kwargs[param] = value`` as the weights require; a different explicit value is an error.

    Call it in a builder once weights are resolved, e.g.
    ``set_from_meta(kwargs, "num_classes", len(weights.meta["categories"]), weights=weights)``.
    """
    if param in kwargs and kwargs[param] != value:
        raise ValueError(messages.meta_conflict(param, kwargs[param], repr(weights), value).message)
    kwargs[param] = value

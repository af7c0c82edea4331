"""`WeightEntry`: the record behind every weights Enum member (the RFC's dataclass)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

_HEX = re.compile(r"[0-9a-f]+")


@dataclass(frozen=True)
class WeightEntry:
    """Where a set of weights lives and what it is.

    ``url`` is an http(s) or ``file://`` URL, or a local path. ``sha256`` is the full hex digest or
    a prefix of at least 8 hex digits; when it is omitted, a URL whose file name ends in
    ``-<8+ hex digits>.<ext>`` (the torch.hub convention) is checked against that prefix.
    """

    url: str
    transforms: Callable[..., Any] | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    latest: bool = False
    sha256: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.url, os.PathLike):
            object.__setattr__(self, "url", os.fspath(self.url))
        if not isinstance(self.url, str) or not self.url:
            raise TypeError(f"WeightEntry.url must be a non-empty str or path, got {self.url!r}")
        if self.sha256 is not None:
            digest = self.sha256.lower()
            if not (8 <= len(digest) <= 64 and _HEX.fullmatch(digest)):
                raise ValueError(
                    f"WeightEntry.sha256 must be 8 to 64 hex digits, got {self.sha256!r}"
                )
            object.__setattr__(self, "sha256", digest)

    # Equal entries have equal url and sha256, so hashing those two is consistent with __eq__
    # (the generated hash would fail on the unhashable meta dict).
    def __hash__(self) -> int:
        return hash((self.url, self.sha256))

    def state_dict(
        self,
        progress: bool = True,
        *,
        model_dir: str | os.PathLike[str] | None = None,
        map_location: Any = "cpu",
        check_hash: bool = True,
    ) -> dict[str, Any]:
        """Read the weights (a local path or ``file://`` URL, in place) or download them (http(s),
        into torch.hub's cache; see weightlink._cache), then load them safely.

        Loading uses ``torch.load(..., weights_only=True)``: a checkpoint that would run code while
        unpickling is refused. Needs torch (``pip install weightlink[torch]``).
        """
        from weightlink._download import load_state_dict

        options = {"progress": progress, "model_dir": model_dir, "map_location": map_location, "check_hash": check_hash}
        return load_state_dict(self.url, self.sha256, options)

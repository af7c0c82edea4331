"""What the checker reports: a diagnostic of the shared rules at a place in a file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "note"]


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int  # 1-based, like mypy's --show-column-numbers
    code: str  # "weights-legacy", ..., or mypy's "call-arg" for keywords a builder does not take
    message: str
    severity: Severity = "error"
    fix: str | None = None  # the exact replacement argument, when there is one

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

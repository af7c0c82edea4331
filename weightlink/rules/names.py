"""The grammar of weights names and closest-match hints for unknown names.

A weights name, as builders accept it in place of a member, is ``"MEMBER"`` (``"IMAGENET1K_V1"``,
``"DEFAULT"``), ``"Enum.MEMBER"`` or ``"package.module.Enum.MEMBER"``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class WeightsName:
    enum: str | None  # the Enum's class name (``"ResNet50_Weights"``), None for a bare member name
    member: str
    module: str | None = None  # the module part of a fully qualified name

    @property
    def qualified(self) -> str:
        """``"Enum.MEMBER"`` (or the bare member): the form Enums index their names by."""
        return f"{self.enum}.{self.member}" if self.enum else self.member


def parse_weights_name(text: str) -> WeightsName:
    module_and_enum, dot, member = text.rpartition(".")
    if not dot:
        return WeightsName(None, text)
    module, _, enum = module_and_enum.rpartition(".")
    return WeightsName(enum, member, module or None)


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``name`` was most likely meant to be, or None when none is close."""
    pool = list(candidates)
    matches = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    if not matches:
        # Case slips ("imagenet1k_v1") are the commonest typo; difflib's ratio is case-sensitive.
        by_lower = {candidate.lower(): candidate for candidate in pool}
        lowered = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
        matches = [by_lower[lowered[0]]] if lowered else []
    return matches[0] if matches else None

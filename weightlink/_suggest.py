"""Closest-match hints for unknown names (shared by the Enum guard and the registry)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, candidates: Iterable[str]) -> str | None:
    pool = list(candidates)
    matches = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    if not matches:
        # Case slips ("imagenet1k_v1") are the commonest typo; difflib's ratio is case-sensitive.
        by_lower = {candidate.lower(): candidate for candidate in pool}
        lowered = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
        matches = [by_lower[lowered[0]]] if lowered else []
    return matches[0] if matches else None


def unknown_name_message(kind: str, name: str, valid: Iterable[str], *, compare: str | None = None) -> str:
    """"unknown <kind> 'x'; did you mean 'y'? Valid: a, b, c"; ``compare`` is the part of ``name``
    to match against ``valid`` (the member part of ``"Enum.MEMBER"``)."""
    pool = sorted(valid)
    suggestion = closest(name if compare is None else compare, pool)
    hint = f"; did you mean {suggestion!r}?" if suggestion else "."
    return f"unknown {kind} {name!r}{hint} Valid: {', '.join(pool) if pool else '(none)'}"

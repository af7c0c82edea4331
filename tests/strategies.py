"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from collections.abc import Sequence

import hypothesmith
from hypothesis import strategies as st


def _one_line(expression: str) -> bool:
    try:
        compile(f"({expression})", "<expr>", "eval", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return "\n" not in expression and "\\" not in expression


def one_line_expressions(extra: Sequence[str]) -> st.SearchStrategy[str]:
    """Python expressions that fit on one line: hypothesmith's grammar-based ones and ``extra``."""
    return st.one_of(hypothesmith.from_grammar(start="eval_input").map(str.strip), st.sampled_from(list(extra))).filter(
        _one_line
    )

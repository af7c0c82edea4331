"""A fix that rewrites a string literal's content and keeps its prefix and quotes
(``timm.create_model('tf_efficientnet_b4_ns')`` -> ``'tf_efficientnet_b4.ns_jft_in1k'``)."""

from __future__ import annotations

import ast
import io
import tokenize

from weightlink.findings import Applicability, Edit, Fix
from weightlink.positions import LineIndex


def suggestion_fix(index: LineIndex, node: ast.expr, suggestion: tuple[str, str]) -> Fix | None:
    """A did-you-mean as a fix of the string literal ``node``: shown (an editor's quick fix), never
    applied by a command, since it is a guess. ``suggestion``: (what the string says, or begins
    with before a ``.tag``; what it may have meant)."""
    said, meant = suggestion
    value = node.value if isinstance(node, ast.Constant) else None
    if not isinstance(value, str) or not (value == said or value.startswith(f"{said}.")):
        return None
    return string_fix(index, node, meant + value[len(said) :], applicability="display")


def string_fix(
    index: LineIndex, node: ast.expr, replacement: str, older: str | None = None, applicability: Applicability | None = None
) -> Fix | None:
    """None for what is not one plain literal token (``"a" "b"``, an f-string, escapes). ``older``:
    why the new name may break a release the code supports (then the fix is unsafe)."""
    text = index.segment(node)
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.STRING]
    except (tokenize.TokenError, SyntaxError):
        return None
    if len(tokens) != 1 or tokens[0].string != text.strip():
        return None
    token = tokens[0].string
    body_start = next(i for i, char in enumerate(token) if char in "'\"")
    prefix, quote = token[:body_start], token[body_start] * (3 if token[body_start:].startswith(token[body_start] * 3) else 1)
    if any(char in prefix.lower() for char in "fb") or "\\" in token:
        return None
    start, end = index.span(node)
    edit = Edit(start, end, f"{prefix}{quote}{replacement}{quote}")
    chosen = applicability or ("unsafe" if older else "safe")
    return Fix((edit,), chosen, f'"{replacement}"', call=(start, end), note=older)

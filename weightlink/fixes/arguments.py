"""Where a call's arguments are in the text, with the parentheses each stands in, and the edits that
rename a keyword, replace a value or turn a positional argument into a keyword. Comments, commas and
the whitespace between arguments are never touched."""

from __future__ import annotations

import ast

from weightlink.findings import Edit
from weightlink.positions import LineIndex


class CallText:
    def __init__(self, index: LineIndex, call: ast.Call) -> None:
        self.index = index
        self.call = call
        self._positional: dict[int, tuple[int, int, bool]] | None = None

    # -- spans ----------------------------------------------------------------------------------

    def span(self, node: ast.expr) -> tuple[int, int, bool]:
        """(start, end, parenthesized) of an argument's value with its own parentheses."""
        for keyword in self.call.keywords:
            if keyword.value is node:
                return self._keyword_value(keyword)
        return self._positional_spans().get(id(node), (*self.index.span(node), False))

    def source(self, node: ast.expr) -> tuple[str, bool]:
        start, end, parenthesized = self.span(node)
        return self.index.text[start:end], parenthesized

    def keyword_name(self, keyword: ast.keyword) -> tuple[int, int]:
        start = self.index.start(keyword)
        return start, start + len(keyword.arg or "")

    def _keyword_value(self, keyword: ast.keyword) -> tuple[int, int, bool]:
        text = self.index.text
        _, name_end = self.keyword_name(keyword)
        value_start = self.index.start(keyword.value)
        equal = text.find("=", name_end, value_start)
        opening = _first_opening(text, equal + 1, value_start)
        end = self.index.end(keyword)  # a keyword's end includes its value's closing parentheses
        return (opening if opening is not None else value_start), end, opening is not None

    def _positional_spans(self) -> dict[int, tuple[int, int, bool]]:
        if self._positional is None:
            text = self.index.text
            spans: dict[int, tuple[int, int, bool]] = {}
            region = _skip_to(text, "(", self.index.end(self.call.func)) + 1
            for arg in self.call.args:
                start, end = self.index.span(arg)
                openings = _openings(text, region, start)
                if openings and not isinstance(arg, ast.Starred):
                    end = _after_closings(text, end, len(openings))
                    spans[id(arg)] = (openings[0], end, True)
                else:
                    spans[id(arg)] = (start, end, False)
                region = _skip_to(text, ",", end) + 1
            self._positional = spans
        return self._positional

    # -- edits ----------------------------------------------------------------------------------

    def rename(self, keyword: ast.keyword, name: str) -> Edit:
        start, end = self.keyword_name(keyword)
        return Edit(start, end, name)

    def replace_value(self, node: ast.expr, text: str) -> Edit:
        start, end, _ = self.span(node)
        return Edit(start, end, text)

    def as_keyword(self, node: ast.expr, name: str, value: str | None = None) -> Edit:
        """``value`` (or the argument's own text) as ``name=...``: a walrus needs parentheses there."""
        start, end, parenthesized = self.span(node)
        if value is None:
            value = self.index.text[start:end]
            if isinstance(node, ast.NamedExpr) and not parenthesized:
                value = f"({value})"
        return Edit(start, end, f"{name}={value}")


def _skip_comment(text: str, at: int) -> int:
    newline = min((i for i in (text.find("\n", at), text.find("\r", at)) if i >= 0), default=len(text))
    return newline


def _openings(text: str, start: int, end: int) -> list[int]:
    """Offsets of the ``(`` between ``start`` and ``end`` (comments skipped)."""
    found: list[int] = []
    at = start
    while at < end:
        char = text[at]
        if char == "#":
            at = _skip_comment(text, at)
            continue
        if char == "(":
            found.append(at)
        at += 1
    return found


def _first_opening(text: str, start: int, end: int) -> int | None:
    openings = _openings(text, start, end)
    return openings[0] if openings else None


def _after_closings(text: str, at: int, count: int) -> int:
    """The offset after ``count`` closing parentheses from ``at`` (comments and whitespace skipped)."""
    while count and at < len(text):
        char = text[at]
        if char == "#":
            at = _skip_comment(text, at)
            continue
        if char == ")":
            count -= 1
        at += 1
    return at


def _skip_to(text: str, wanted: str, at: int) -> int:
    """The offset of the next ``wanted`` outside comments (``len(text)`` when there is none)."""
    while at < len(text):
        char = text[at]
        if char == "#":
            at = _skip_comment(text, at)
            continue
        if char == wanted:
            return at
        at += 1
    return len(text)

"""A statement a fix made longer than the project's line length, laid out again as black and ruff's
formatter lay it out: joined into one line, then split at the last bracket pair (at the line's own
depth) whose head and tail fit (the "right-hand split"; trailers such as ``.to(device)`` or
``, other(...)`` stay after it), with what is inside on one indented line when it fits, else one
element per line with a trailing comma (a trailing comma already there keeps it so), a single
conditional split before ``if`` and ``else``; the lines that split leaves too long are split again.

Only a statement whose lines were all within the limit before, with no comment inside it (one at
its end stays there), is laid out again; anything else keeps the layout its author gave it."""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterator

_PAIRS = {")": "(", "]": "[", "}": "{"}
_DEPTH = 8  # splits of splits: real statements need two or three


def wrap_line(line: str, limit: int, unit: str, newline: str) -> str | None:
    """``line`` (one logical line, without its line break) split to fit, or None when it cannot be."""
    if len(line) <= limit:
        return None
    lines = _split(line, limit, unit, _DEPTH)
    return newline.join(lines) if lines is not None else None


def reflow(text: str, limit: int, unit: str, newline: str) -> str | None:
    """A statement of several lines (or one), as the formatter would lay it out now, or None when
    it has a comment inside or cannot be split to fit."""
    joined = join_lines(text)
    if joined is None:
        return None
    lines = _split(joined, limit, unit, _DEPTH) if len(joined) > limit else [joined]
    return newline.join(lines) if lines is not None else None


def join_lines(text: str) -> str | None:
    """The statement on one line: each line break inside its brackets and the indentation after it
    removed (a space after a comma), as the formatter reads it before splitting again."""
    lines = text.splitlines()
    if len(lines) == 1:
        return lines[0]
    comments = _comment_lines(text)
    if comments is None or any(number < len(lines) for number in comments):
        return None  # a comment inside: the layout around it is the author's
    joined = lines[0].rstrip()
    for line in lines[1:]:
        part = line.strip()
        if joined.endswith(("(", "[", "{")) or part.startswith((")", "]", "}")):
            joined += part
        else:
            joined += " " + part
    return joined


def _split(line: str, limit: int, unit: str, depth: int) -> list[str] | None:
    if len(line) <= limit:
        return [line]
    if depth == 0:
        return None
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    brackets = _bracket_pairs(line)
    if brackets is None:
        return None
    if depth == _DEPTH:
        tupled = _bare_tuple(line, indent, limit, unit)
        if tupled is not None:
            return tupled
    for opening, closing in sorted(brackets, key=lambda pair: -pair[1]):
        head, body, tail = line[: opening + 1], line[opening + 1 : closing].strip(), line[closing:]
        if not body or len(head) > limit or _depth_at(brackets, opening) != 0:
            continue
        if len(indent + tail) > limit and not _splittable(tail):
            continue
        inner = indent + unit
        elements = _elements(body)
        if elements is None:
            continue
        if len(inner + body) <= limit and not body.rstrip().endswith(","):
            middle = [inner + body]
        elif len(elements) == 1:
            parts = _conditional_parts(elements[0])
            middle = [f"{inner}{part}" for part in parts] if parts else [inner + elements[0]]
        else:
            middle = [f"{inner}{element}," for element in elements]
        lines = [head]
        for produced in [*middle, indent + tail.lstrip()]:
            again = _split(produced, limit, unit, depth - 1)
            lines.extend(again if again is not None else [produced])
        return lines
    return _split_conditional(line, indent)


def _split_conditional(line: str, indent: str) -> list[str] | None:
    """An element line ``name=a if b else c,`` past the limit: before ``if`` and before ``else``."""
    element = line.strip()
    comma = "," if element.endswith(",") else ""
    parts = _conditional_parts(element[: len(element) - len(comma)])
    if parts is None:
        return None
    return [indent + parts[0], indent + parts[1], indent + parts[2] + comma]


def _bare_tuple(line: str, indent: str, limit: int, unit: str) -> list[str] | None:
    """``return a, b, c(...)`` / ``x = a, b, c(...)``: with more than one comma at the top of the
    value, black and ruff put the value in parentheses of its own and split there."""
    start = _value_start(line)
    if start is None:
        return None
    value, comment = line[start:], ""
    tokens = _tokens(value)
    if tokens is None:
        return None
    hash_at = next((t.start[1] for t in tokens if t.type == tokenize.COMMENT), None)
    if hash_at is not None:
        value, comment = value[:hash_at].rstrip(), "  " + value[hash_at:].strip()
    elements = _elements(value)
    if elements is None or len(elements) < 3:
        return None
    inner = indent + unit
    head = line[:start] + "("
    body = ", ".join(elements)
    middle = [inner + body] if len(inner + body) <= limit and not value.rstrip().endswith(",") else [f"{inner}{e}," for e in elements]
    lines = [head]
    for produced in middle:
        again = _split(produced, limit, unit, _DEPTH - 1)
        lines.extend(again if again is not None else [produced])
    return [*lines, f"{indent}){comment}"]


def _value_start(line: str) -> int | None:
    """Where the value of ``return <value>`` or ``<target> = <value>`` starts (the top-level ``=``)."""
    stripped = line.lstrip(" \t")
    if stripped.startswith("return "):
        return len(line) - len(stripped) + len("return ")
    tokens = _tokens(line)
    if tokens is None:
        return None
    found = None
    for token, depth in _at_depth(tokens):
        if depth == 0 and token.type == tokenize.OP and token.string == "=":
            found = token.end[1]
    if found is None:
        return None
    while found < len(line) and line[found] == " ":
        found += 1
    return found


def _splittable(tail: str) -> bool:
    """A tail with a bracket pair of its own (``), fcn(weights=...)``) may be split again."""
    return any(char in tail[1:] for char in "([{")


def _bracket_pairs(line: str) -> list[tuple[int, int]] | None:
    """(opening, closing) offsets of every bracket pair outside strings and comments."""
    tokens = _tokens(line)
    if tokens is None:
        return None
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for token in tokens:
        if token.type != tokenize.OP or token.start[0] != 1:
            continue
        if token.string in "([{":
            stack.append((token.string, token.start[1]))
        elif token.string in _PAIRS:
            if not stack or stack[-1][0] != _PAIRS[token.string]:
                return None
            pairs.append((stack.pop()[1], token.start[1]))
    return pairs if not stack else None


def _depth_at(pairs: list[tuple[int, int]], offset: int) -> int:
    return sum(1 for opening, closing in pairs if opening < offset < closing)


def _elements(body: str) -> list[str] | None:
    """The comma-separated elements of a bracket's content, at its own depth."""
    tokens = _tokens(body)
    if tokens is None:
        return None
    start, elements = 0, []
    for token, depth in _at_depth(tokens):
        if token.type == tokenize.COMMENT:
            return None  # a comment inside would end up in the middle of an element
        if token.type == tokenize.OP and token.string == "," and depth == 0:
            elements.append(body[start : token.start[1]].strip())
            start = token.end[1]
    last = body[start:].strip()
    if last:
        elements.append(last)
    return elements


def _conditional_parts(element: str) -> list[str] | None:
    """``a if b else c`` (after an optional ``name=``) as its three parts, at its own depth."""
    tokens = _tokens(element)
    if tokens is None:
        return None
    at_if, at_else = None, None
    for token, depth in _at_depth(tokens):
        if token.type != tokenize.NAME or depth:
            continue
        if token.string == "lambda":
            return None
        if token.string == "if" and at_if is None:
            at_if = token.start[1]
        elif token.string == "else" and at_if is not None:
            at_else = token.start[1]
    if at_if is None or at_else is None:
        return None
    return [element[:at_if].rstrip(), element[at_if:at_else].rstrip(), element[at_else:].strip()]


def _comment_lines(text: str) -> list[int] | None:
    """The 1-based lines of the text that hold a comment."""
    tokens = _tokens(text, one_line=False)
    return None if tokens is None else [token.start[0] for token in tokens if token.type == tokenize.COMMENT]


def _at_depth(tokens: list[tokenize.TokenInfo]) -> Iterator[tuple[tokenize.TokenInfo, int]]:
    """Each token with its bracket depth; a bracket itself counts as outside the pair it opens or
    closes."""
    depth = 0
    for token in tokens:
        if token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        yield token, depth
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1


def _tokens(text: str, one_line: bool = True) -> list[tokenize.TokenInfo] | None:
    source = text.lstrip(" \t") if one_line else text
    shift = len(text) - len(source)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source + "\n").readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    if not shift:
        return tokens
    return [t._replace(start=(t.start[0], t.start[1] + shift), end=(t.end[0], t.end[1] + shift)) if t.start[0] == 1 else t for t in tokens]

"""A text's change as LSP edits: the common head and tail kept, the part between split at the
lines that did not change, and each piece trimmed to the characters that did. A fix that renames
one keyword is one small edit; fixing every call of a long file is one edit per changed run of
lines, not the file replaced."""

from __future__ import annotations

import difflib

from lsprotocol import types

from weightlink.positions import LineIndex
from weightlink.server.units import client_column


def replacements(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, content) replacements of ``old`` (in order, apart) that make it ``new``."""
    head = _common_prefix(old, new)
    tail = _common_prefix(old[head:][::-1], new[head:][::-1])
    if head == len(old) == len(new):
        return []
    first = old.rfind("\n", 0, head) + 1  # whole lines from here: the same start in both texts
    old_end, new_end = len(old) - tail, len(new) - tail
    if "\n" not in old[first:old_end] and "\n" not in new[first:new_end]:
        return [(head, old_end, new[head:new_end])]
    old_lines = old[first:old_end].splitlines(keepends=True)
    new_lines = new[first:new_end].splitlines(keepends=True)
    found: list[tuple[int, int, str]] = []
    old_at, new_at = [first], [first]
    for lines, starts in ((old_lines, old_at), (new_lines, new_at)):
        for line in lines:
            starts.append(starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines)
    for tag, a, b, c, d in matcher.get_opcodes():
        if tag == "equal":
            continue
        # Lines changed in place (a keyword renamed): an edit each; else the run of lines as one.
        pairs = zip(range(a, b), range(c, d)) if b - a == d - c else [(a, c)]
        for old_line, new_line in pairs:
            old_stop, new_stop = (old_line + 1, new_line + 1) if b - a == d - c else (b, d)
            if old_lines[old_line:old_stop] != new_lines[new_line:new_stop]:
                found.append(_trimmed(old, old_at[old_line], old_at[old_stop], new[new_at[new_line] : new_at[new_stop]]))
    return found


def _trimmed(old: str, start: int, end: int, content: str) -> tuple[int, int, str]:
    before = old[start:end]
    head = _common_prefix(before, content)
    tail = _common_prefix(before[head:][::-1], content[head:][::-1])
    return start + head, end - tail, content[head : len(content) - tail]


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix, by halving (slice comparisons run in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def position(index: LineIndex, offset: int, encoding: str) -> types.Position:
    line, column = index.position(offset)
    return types.Position(line - 1, client_column(index.lines[line - 1], column, encoding))


def text_edits(old: str, new: str, encoding: str) -> list[types.TextEdit]:
    index = LineIndex(old)
    return [
        types.TextEdit(types.Range(position(index, start, encoding), position(index, end, encoding)), content)
        for start, end, content in replacements(old, new)
    ]

"""``--diff`` output in time linear in the file: difflib's matcher is quadratic on a large file with
many changes (7 s for 1 MB with 5,000 rewritten calls, 30 s for 2 MB).

A rewrite changes lines in place and adds a few import lines, so the two versions stay aligned: equal
lines are matched in order, and at a difference the nearest line where both sides meet again (within
`WINDOW` lines) ends it. What lies between is handed to difflib, which is fast on a few lines. The
result is a valid unified diff for any two texts; for a rewrite's, it is the one difflib would give.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

WINDOW = 200
Opcode = tuple[str, int, int, int, int]


def unified_diff(before: str, after: str, from_file: str, to_file: str, context: int = 3) -> str:
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    groups = list(_grouped(_opcodes(a, b), context))
    if not groups:
        return ""
    out = [f"--- {from_file}\n", f"+++ {to_file}\n"]
    for group in groups:
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in a[i1:i2]]
                continue
            out += ["-" + line for line in a[i1:i2]]
            out += ["+" + line for line in b[j1:j2]]
    # As difflib: a last line without a newline gets one, and a marker.
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)


def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    codes: list[Opcode] = []
    i = j = 0
    while i < len(a) or j < len(b):
        start_i, start_j = i, j
        while i < len(a) and j < len(b) and a[i] == b[j]:
            i, j = i + 1, j + 1
        if i > start_i:
            codes.append(("equal", start_i, i, start_j, j))
        if i == len(a) and j == len(b):
            break
        x, y = _meeting_point(a, b, i, j)
        matcher = difflib.SequenceMatcher(None, a[i : i + x], b[j : j + y], autojunk=False)
        codes += [(tag, i + i1, i + i2, j + j1, j + j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
        i, j = i + x, j + y
    return codes


def _meeting_point(a: Sequence[str], b: Sequence[str], i: int, j: int) -> tuple[int, int]:
    """The smallest (x, y), by x + y, with a[i + x] == b[j + y] and both within the window; past the
    window (or the end), the rest of the window on both sides."""
    first_in_b: dict[str, int] = {}
    for y in range(min(WINDOW, len(b) - j)):
        first_in_b.setdefault(b[j + y], y)
    best: tuple[int, int] | None = None
    for x in range(min(WINDOW, len(a) - i)):
        if best is not None and x >= sum(best):
            break
        match = first_in_b.get(a[i + x])
        if match is not None and (best is None or x + match < sum(best)):
            best = (x, match)
    if best is not None and best != (0, 0):
        return best
    return min(WINDOW, len(a) - i), min(WINDOW, len(b) - j)


def _grouped(codes: list[Opcode], n: int) -> Iterator[list[Opcode]]:
    """Hunks: the changes with ``n`` lines of context, as ``SequenceMatcher.get_grouped_opcodes``."""
    if not codes:
        return
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    """``start,length`` as unified diffs count (1-based; an empty range names the line before)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + (1 if length else 0)},{length}"

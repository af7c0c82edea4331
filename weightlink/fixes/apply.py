"""Applying the fixes of a file's findings, as ruff applies its fixes: the edits of each fix whose
applicability is allowed, in order, a fix that overlaps one already taken left for the next pass;
the imports they need planned together (one import per Enum and block); a line a fix made too long
split as the project's formatter would. The result is checked to parse by the caller."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from weightlink.findings import Edit, Finding, Fix
from weightlink.fixes.import_style import ImportStyle
from weightlink.fixes.imports import indent_unit, plan_imports
from weightlink.fixes.wrap import reflow
from weightlink.positions import LineIndex


# A fix that overlaps another waits for the next pass over the fixed text, as in ruff.
MAX_PASSES = 8


class Checked(Protocol):
    """A text's findings and its parse (`weightlink.check.run.FileCheck`)."""

    @property
    def findings(self) -> list[Finding]: ...
    @property
    def tree(self) -> ast.Module | None: ...


@dataclass
class Applied:
    text: str
    fixed: list[Finding] = field(default_factory=list)  # findings whose fix is in ``text``
    overlapping: list[Finding] = field(default_factory=list)  # left for another pass


def apply_fixes(text: str, tree: ast.Module, findings: Sequence[Finding], style: ImportStyle, *, unsafe: bool = False) -> Applied:
    """``findings`` are those that survived the filters (ignore comments, select/ignore)."""
    chosen: list[Fix] = []
    taken: list[Edit] = []
    result = Applied(text)
    for finding in sorted(findings, key=lambda f: f.span):
        fix = finding.fix
        if fix is None or not fix.applies(unsafe):
            continue
        if fix in chosen:
            result.fixed.append(finding)  # one fix shared by two findings (an old positional call)
            continue
        if any(_overlap(edit, other) for edit in fix.edits for other in taken):
            result.overlapping.append(finding)
            continue
        chosen.append(fix)
        taken.extend(fix.edits)
        result.fixed.append(finding)
    if not chosen:
        return result
    index = LineIndex(text)
    needed = [item for fix in chosen for item in fix.imports]
    edits = sorted([*taken, *plan_imports(index, tree, needed, style)], key=lambda edit: (edit.start, edit.end))
    new_text = _apply(text, edits)
    result.text = _wrap_long_lines(text, new_text, edits, [fix.call for fix in chosen if fix.call], tree, index, style)
    return result


def _overlap(a: Edit, b: Edit) -> bool:
    return a.start < b.end and b.start < a.end or (a.start == a.end == b.start == b.end)


def _apply(text: str, edits: Sequence[Edit]) -> str:
    parts, at = [], 0
    for edit in edits:
        parts += [text[at : edit.start], edit.content]
        at = edit.end
    parts.append(text[at:])
    return "".join(parts)


def shifted(offset: int, edits: Sequence[Edit]) -> int:
    """Where an offset of the original text (not inside an edit) is in the edited text."""
    delta = 0
    for edit in edits:
        if edit.end > offset:
            break
        delta += len(edit.content) - (edit.end - edit.start)
    return offset + delta


def _wrap_long_lines(
    text: str,
    new_text: str,
    edits: Sequence[Edit],
    calls: Sequence[tuple[int, int]],
    tree: ast.Module,
    index: LineIndex,
    style: ImportStyle,
) -> str:
    """Lay out again each statement holding a fixed call that the fix pushed past the line length,
    or that the formatter laid out and the fix changed (`weightlink.fixes.wrap`): statements whose
    lines all fitted before and that stand on lines of their own."""
    spans = _statements_holding(tree, index, calls)
    if not spans:
        return new_text
    newline = index.newline()
    unit = indent_unit(index, tree)
    limit = style.line_length
    parts, at = [], 0
    for start, end in spans:
        before = text[start:end]
        if any(len(line) > limit for line in before.splitlines()):
            continue  # already past the limit: the author's layout, not ours to change
        new_start, new_end = shifted(start, edits), shifted(end, edits)
        current = new_text[new_start:new_end]
        if all(len(line) <= limit for line in current.splitlines()) and not _formatter_laid_out(before, limit, unit, newline):
            continue  # still fits, in a layout the formatter would not have made: the author's
        laid_out = reflow(current, limit, unit, newline)
        if laid_out is None or laid_out == current:
            continue
        parts += [new_text[at:new_start], laid_out]
        at = new_end
    parts.append(new_text[at:])
    return "".join(parts)


def _formatter_laid_out(statement: str, limit: int, unit: str, newline: str) -> bool:
    """A statement of several lines laid out as black or ruff's formatter lays it out: after a fix
    that shortened it, it is laid out again (joined when it now fits), as the formatter would."""
    return newline in statement and reflow(statement, limit, unit, newline) == statement


def _statements_holding(tree: ast.Module, index: LineIndex, calls: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans (from the start of its first line to the end of its last, trailing comment
    included) of each simple statement that holds one of ``calls`` and has its lines to itself."""
    per_line: dict[int, int] = {}
    covering: dict[int, list[ast.stmt]] = {}  # line -> the simple statements on it (linear, not calls x statements)
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        compound = hasattr(node, "body")
        last = node.lineno if compound else (node.end_lineno or node.lineno)  # a compound: its header line
        for line in range(node.lineno, last + 1):
            per_line[line] = per_line.get(line, 0) + 1
            if not compound:
                covering.setdefault(line, []).append(node)
    found: set[tuple[int, int]] = set()
    for call_start, call_end in calls:
        candidates = covering.get(index.position(call_start)[0], [])
        holders = [n for n in candidates if index.start(n) <= call_start and call_end <= index.end(n)]
        if not holders:
            continue
        statement = min(holders, key=lambda n: index.end(n) - index.start(n))
        first, last = statement.lineno, statement.end_lineno or statement.lineno
        if any(per_line.get(line, 0) != 1 for line in range(first, last + 1)):
            continue  # shares a line with another statement, or sits in a compound's header
        if index.text[index.line_start(first) : index.start(statement)].strip():
            continue
        found.add((index.line_start(first), index.line_end(last)))
    return sorted(found)


@dataclass
class Passes:
    text: str
    # Of the findings given: those whose fix is in ``text`` (in the first pass, or in a later pass
    # over the text checked again).
    fixed: list[Finding] = field(default_factory=list)


def apply_in_passes(
    text: str,
    checked: Checked,
    recheck: Callable[[str], Checked],
    style: ImportStyle,
    *,
    unsafe: bool,
    findings: Sequence[Finding] | None = None,
    passes: int = MAX_PASSES,
) -> Passes:
    """The fixes of ``findings`` (by default every finding of ``checked``) applied to ``text``.
    A pass takes every fix that overlaps none taken before it; the others wait for the next pass,
    which fixes what ``recheck`` finds in the new text. It ends when a pass leaves nothing waiting,
    fixes nothing, or the new text does not parse."""
    result = Passes(text)
    waiting, tree = list(checked.findings if findings is None else findings), checked.tree
    for number in range(passes):
        if tree is None:
            break
        applied = apply_fixes(result.text, tree, waiting, style, unsafe=unsafe)
        if not applied.fixed:
            break
        result.text = applied.text
        first = number == 0
        if first:
            result.fixed += applied.fixed
        if not applied.overlapping:
            break
        try:
            checked = recheck(result.text)
        except SyntaxError:
            break
        if first:
            result.fixed += applied.overlapping
        waiting, tree = checked.findings, checked.tree
    return result

"""The rewrite without LibCST reading the whole file: time and memory follow the calls, not the file.

LibCST costs about 40 s and 800 MB per MB of source when it parses, visits and prints a whole module.
Yet the rewrite touches only the calls and the import block. So each call that may change is parsed
alone, as ``(<call>)`` (inside parentheses any call's text is an expression, whatever its lines,
comments or continuations), visited by the command's own ``leave_Call`` and spliced back in place.
The imports are then placed in a skeleton of the module: the top-level statements an import can go
beside keep their text, every other one stands in as a one-line marker, put back afterwards.
``transform_module_impl`` (the whole module, for ``libcst.tool codemod``) must give the same result;
a test runs both on every fixture.
"""

from __future__ import annotations

import ast
import bisect
import re
import secrets
from dataclasses import dataclass, replace

import libcst as cst
from libcst.metadata import MetadataWrapper

from codemods.migrate_pretrained.command import MigratePretrainedCommand
from codemods.migrate_pretrained.import_style import style_for
from codemods.migrate_pretrained.imports import place_imports
from weightlink.resolve.model import FileModel
from weightlink.sources import line_starts

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class CannotEdit(ValueError):
    """LibCST cannot parse a call (or the import block), or would not print back exactly what it
    read (a form feed, an unusual line ending): the file is left as it is."""


@dataclass(frozen=True)
class _Edit:
    start: int  # offsets in the original text
    end: int
    text: str


def migrate_text(command: MigratePretrainedCommand, text: str, model: FileModel) -> str:
    """The file's new text (``text`` when nothing changes); the findings are in ``command.findings``.
    Raises `CannotEdit`."""
    command.prepare(model)
    starts = line_starts(text)
    edits = [edit for edit in _call_edits(command, text, model, starts) if edit.text != text[edit.start : edit.end]]
    if not edits:
        return text
    new_text = _apply(text, edits)
    if not command.references.needed:
        return new_text
    return _with_imports(command, text, new_text, edits, model, starts)


def _call_edits(command: MigratePretrainedCommand, text: str, model: FileModel, starts: list[int]) -> list[_Edit]:
    """The outermost calls the command may change, each parsed and visited alone (a candidate inside
    another one's arguments is visited with it)."""
    ranges = []
    for call, scope in model.calls:
        if command.candidates.is_candidate(model, call, scope):
            line, column, end_line, end_column = model.char_range(call)
            ranges.append((starts[line - 1] + column, starts[end_line - 1] + end_column, (line, column)))
    ranges.sort(key=lambda r: (r[0], -r[1]))
    edits: list[_Edit] = []
    reach = -1
    for start, end, origin in ranges:
        if start < reach:
            continue  # inside the previous one
        reach = end
        wrapped = f"({text[start:end]})\n"
        tree = _parse(wrapped, f"the call at line {origin[0]}")
        command.origin = origin
        try:
            new = MetadataWrapper(tree, unsafe_skip_copy=True).visit(command).code
        finally:
            command.origin = None
        edits.append(_Edit(start, end, new[1:-2]))  # less the "(" and ")\n" put around it
    return edits


def _apply(text: str, edits: list[_Edit]) -> str:
    parts, at = [], 0
    for edit in edits:
        parts += [text[at : edit.start], edit.text]
        at = edit.end
    parts.append(text[at:])
    return "".join(parts)


def _shifted(offsets: list[int], edits: list[_Edit]) -> list[int]:
    """Where sorted offsets of the original text are in the edited text (none is inside an edit)."""
    shifted, delta, next_edit = [], 0, 0
    for offset in offsets:
        while next_edit < len(edits) and edits[next_edit].end <= offset:
            delta += len(edits[next_edit].text) - (edits[next_edit].end - edits[next_edit].start)
            next_edit += 1
        shifted.append(offset + delta)
    return shifted


def _with_imports(
    command: MigratePretrainedCommand, text: str, new_text: str, edits: list[_Edit], model: FileModel, starts: list[int]
) -> str:
    """``place_imports`` on a skeleton of the edited module (see the module's docstring)."""
    tree = model.tree
    # Pieces: the top-level statements, each from the line it starts on (decorators included) to
    # the next one's; several statements on one line are one piece.
    first_lines = sorted({min([s.lineno, *(d.lineno for d in getattr(s, "decorator_list", []))]) for s in tree.body})
    bounds = _shifted([0, *(starts[line - 1] for line in first_lines[1:])], edits) + [len(new_text)]
    # Kept as they are: the first piece (a docstring, the comments above the code), those with a
    # top-level import (where an import without an anchor goes) and those with an anchor.
    anchors = [item.anchor for item in command.references.needed if item.anchor is not None]
    import_lines = [s.lineno for s in tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
    kept = {0, *(bisect.bisect_right(first_lines, line) - 1 for line in [*import_lines, *(a[0] for a in anchors)])}
    marker = _unused_name(text)
    found = _LINE_BREAK.search(text)
    newline = found.group() if found else "\n"  # the file's first, which LibCST takes as its own
    skeleton: list[str] = []
    stand_ins: dict[str, str] = {}
    line_of_piece: list[int] = []
    line = 1
    for index in range(len(bounds) - 1):
        piece = new_text[bounds[index] : bounds[index + 1]]
        line_of_piece.append(line)
        if index in kept:
            skeleton.append(piece)
            line += len(_LINE_BREAK.findall(piece))
        else:
            stand_ins[f"{marker}{index}{newline}"] = piece
            skeleton.append(f"{marker}{index}{newline}")
            line += 1
    module = _parse("".join(skeleton), "the file's top-level imports")

    def in_skeleton(anchor: tuple[int, int] | None) -> tuple[int, int] | None:
        if anchor is None:
            return None
        offset = _shifted([starts[anchor[0] - 1] + anchor[1]], edits)[0]
        index = bisect.bisect_right(bounds, offset) - 1
        before = new_text[bounds[index] : offset]
        breaks = list(_LINE_BREAK.finditer(before))
        column = len(before) - breaks[-1].end() if breaks else len(before)
        return line_of_piece[index] + len(breaks), column

    needed = [replace(item, anchor=in_skeleton(item.anchor)) for item in command.references.needed]
    placed = place_imports(module, needed, style_for(command.context.filename)).code
    return re.sub(re.escape(marker) + r"\d+" + re.escape(newline), lambda found: stand_ins[found.group()], placed)


def _parse(code: str, what: str) -> cst.Module:
    try:
        tree = cst.parse_module(code)
    except cst.ParserSyntaxError as error:
        raise CannotEdit(f"LibCST cannot parse {what} ({error.message})") from None
    if tree.code != code:
        raise CannotEdit(f"LibCST cannot reproduce {what} exactly (a form feed or an unusual line ending)")
    return tree


def _unused_name(text: str) -> str:
    while True:
        name = f"_weightlink_{secrets.token_hex(4)}_"
        if name not in text:
            return name


__all__ = ["CannotEdit", "migrate_text"]

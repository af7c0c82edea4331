"""Jupyter notebooks as one Python source: the code cells joined, with IPython magics and shell
escapes masked, so the checker and the fixes work on one text and every offset in it is still an
offset in a cell. Positions are translated at the edge (`CellText.locate`), and a fixed text is
split back into cell sources (`CellText.split`) and written into the notebook's JSON in place
(`Notebook.rewritten`): only the source of a changed cell changes, byte for byte everything else
(outputs, ids, metadata, indentation, key order, final newline) stays.

Masking keeps lengths: a magic line becomes a comment of the same length (``%time x`` ->
``#time x``), so no offset moves. Cells are separated by a marker comment line; fixes never touch
a comment standing alone, so splitting at the markers gives every cell back, and a line a fix
adds at the end of a cell stays in that cell."""

from __future__ import annotations

import bisect
import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from weightlink.sources import parse_python

# Cell magics whose body is Python (the first line is masked, the rest checked); any other cell
# magic (%%bash, %%writefile, %%html, ...) makes the whole cell not Python.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "pypy", "python", "python3", "memit", "cache"})

_MAGIC_LINE = re.compile(
    r"""^[ \t]*(?:[%!?]            # %magic, %%magic, !shell, ?help
    | [\w.]+[ \t]*\?{1,2}[ \t]*$   # obj? obj??
    | [\w.,\[\] \t]+=[ \t]*[%!]    # x = !ls, files = %sx ls
    )""",
    re.VERBOSE,
)


class NotebookError(ValueError):
    """A file that is not a notebook this tool can read (not JSON, not nbformat 4); says why."""


@dataclass
class CellText:
    """Code cells joined into one Python text.

    ``cells`` are the original sources; ``text`` is what the checker reads. Cell ``i`` spans
    ``text[starts[i]:ends[i]]``; between cells stands a marker line."""

    cells: list[str]
    text: str
    starts: list[int]
    ends: list[int]
    marker: str
    # Per cell, the lines masked: index in the cell -> (the original line, what the checker reads).
    masked: list[dict[int, tuple[str, str]]] = field(default_factory=list)

    def locate(self, offset: int) -> tuple[int, int, int]:
        """(cell index, 0-based line in the cell, 0-based character column) of an offset."""
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        start = self.starts[index]
        before = self.text[start : min(offset, self.ends[index])]
        line = before.count("\n")
        return index, line, len(before) - (before.rfind("\n") + 1)

    def offset(self, cell: int, line: int, column: int) -> int:
        """The offset of (cell index, 0-based line, 0-based column): the inverse of `locate`."""
        start = self.starts[cell]
        for _ in range(line):
            found = self.text.find("\n", start, self.ends[cell])
            if found < 0:
                break
            start = found + 1
        return min(start + column, self.ends[cell])

    def offset_of_line(self, line: int) -> int:
        """The offset where 1-based ``line`` of the joined text starts."""
        at = 0
        for _ in range(line - 1):
            found = self.text.find("\n", at)
            if found < 0:
                return len(self.text)
            at = found + 1
        return at

    def split(self, text: str) -> list[str] | None:
        """The cell sources of a fixed ``text`` (magics restored), or None if its cells cannot be
        told apart any more (a marker line lost: then nothing is written)."""
        parts = text.split(self.marker)
        if len(parts) != len(self.cells):
            return None
        sources = []
        for index, part in enumerate(parts):
            # The marker line is "\n<marker>\n": the parts keep their own line breaks around it.
            if index > 0:
                if not part.startswith("\n"):
                    return None
                part = part[1:]
            if index < len(parts) - 1:
                if not part.endswith("\n"):
                    return None
                part = part[:-1]
            sources.append(self._restored(index, part))
        return sources

    def _restored(self, index: int, part: str) -> str:
        masked = self.masked[index] if index < len(self.masked) else {}
        if not masked:
            return part
        original = self.cells[index]
        if part == _masked_source(original, masked):
            return original
        # A fix changed the cell: put each masked line back where its masked form now stands, in order.
        waiting = [pair for _, pair in sorted(masked.items())]
        lines = part.split("\n")
        for number, line in enumerate(lines):
            if waiting and line == waiting[0][1]:
                lines[number] = waiting.pop(0)[0]
        return "\n".join(lines)


def join_cells(sources: Sequence[str]) -> CellText:
    """The code cells ``sources`` (in order) as one text the checker reads. A cell that does not
    parse on its own (half-typed code, Python 2) is masked whole, so the others are still checked."""
    cells = [source.replace("\r\n", "\n") for source in sources]
    marker = _marker(cells)
    masked: list[dict[int, tuple[str, str]]] = []
    texts: list[str] = []
    for cell in cells:
        lines = {number: (line, _mask(line)) for number, line in _magic_lines(cell).items()}
        text = _masked_source(cell, lines)
        if _syntax_error(text) is not None:
            lines, text = _masked_whole(cell)
        masked.append(lines)
        texts.append(text)
    joined = _joined(cells, texts, marker, masked)
    # Cells that parse alone but not together (a late ``from __future__`` import): masked too.
    for _ in range(len(cells)):
        line = _syntax_error(joined.text)
        if line is None:
            break
        which = joined.locate(joined.offset_of_line(line))[0]
        masked[which], texts[which] = _masked_whole(cells[which])
        joined = _joined(cells, texts, marker, masked)
    return joined


def _joined(cells: list[str], texts: list[str], marker: str, masked: list[dict[int, tuple[str, str]]]) -> CellText:
    starts, ends, at = [], [], 0
    separator = f"\n{marker}\n"
    for text in texts:
        starts.append(at)
        ends.append(at + len(text))
        at += len(text) + len(separator)
    return CellText(cells, separator.join(texts), starts, ends, marker, masked)


def _masked_whole(cell: str) -> tuple[dict[int, tuple[str, str]], str]:
    """Every line a comment (a ``pass`` at another indentation could not parse)."""
    lines = {number: (line, _comment(line)) for number, line in enumerate(cell.split("\n")) if line.strip()}
    return lines, _masked_source(cell, lines)


def _marker(cells: Sequence[str]) -> str:
    while True:
        marker = f"# weightlink-cell-{secrets.token_hex(4)}"
        if not any(marker in cell for cell in cells):
            return marker


def _magic_lines(cell: str) -> dict[int, str]:
    """The lines of a cell that are not Python: magics, shell escapes, help (and their continuation
    lines); a whole cell under a cell magic that is not Python."""
    lines = cell.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        name = lines[first].lstrip()[2:].split(maxsplit=1)
        if not name or name[0] not in PYTHON_CELL_MAGICS:
            return {i: line for i, line in enumerate(lines) if line.strip()}
        found = {first: lines[first]}
        start = first + 1
    else:
        found, start = {}, 0
    continued = False
    for number in range(start, len(lines)):
        line = lines[number]
        if continued or _MAGIC_LINE.match(line):
            if line.strip():
                found[number] = line
            continued = line.endswith("\\")
    return found


def _mask(line: str) -> str:
    """A line of the same length the parser skips: every offset after it stays where it was. An
    indented one (``!wget {url}`` in a loop) becomes a ``pass`` when it is long enough, so the
    block keeps a body."""
    body = line.lstrip(" \t")
    indent = line[: len(line) - len(body)]
    if indent and len(body) >= 5:
        return indent + "pass#" + body[5:]
    return _comment(line)


def _comment(line: str) -> str:
    body = line.lstrip(" \t")
    indent = line[: len(line) - len(body)]
    return indent + "#" + body[1:] if body else line


def _masked_source(cell: str, masked: dict[int, tuple[str, str]]) -> str:
    if not masked:
        return cell
    lines = cell.split("\n")
    for number, (_, form) in masked.items():
        lines[number] = form
    return "\n".join(lines)


def _syntax_error(text: str) -> int | None:
    """The 1-based line where ``text`` stops parsing, or None when it parses."""
    try:
        parse_python(text)
    except SyntaxError as error:
        return error.lineno or 1
    except (ValueError, RecursionError, MemoryError):
        return 1
    return None


# -- the notebook file ----------------------------------------------------------------------------


@dataclass
class CodeCell:
    index: int  # among all the notebook's cells
    source: str
    span: tuple[int, int]  # of the JSON value of "source" in the file's text
    as_list: bool  # stored as a list of lines (nbformat's way) or as one string


@dataclass
class Notebook:
    raw: str
    code_cells: list[CodeCell]
    joined: CellText

    @property
    def text(self) -> str:
        return self.joined.text

    def cell_number(self, offset: int) -> tuple[int, int, int]:
        """(1-based cell number among all cells, 1-based line in it, 0-based column) of an offset."""
        which, line, column = self.joined.locate(offset)
        return self.code_cells[which].index + 1, line + 1, column

    def rewritten(self, text: str) -> str | None:
        """The file's text with the cell sources of the fixed ``text``; only the "source" values of
        changed cells are replaced. None when the cells cannot be told apart in ``text``."""
        sources = self.joined.split(text)
        if sources is None:
            return None
        parts, at = [], 0
        for cell, source in zip(self.code_cells, sources):
            if source == cell.source.replace("\r\n", "\n"):
                continue
            start, end = cell.span
            parts += [self.raw[at:start], _source_json(self.raw[start:end], source, cell.as_list)]
            at = end
        parts.append(self.raw[at:])
        return "".join(parts)

    def changed_cells(self, text: str) -> list[tuple[int, str, str]]:
        """(1-based cell number, old source, new source) of each cell ``text`` changes."""
        sources = self.joined.split(text) or []
        return [
            (cell.index + 1, cell.source, source)
            for cell, source in zip(self.code_cells, sources)
            if source != cell.source.replace("\r\n", "\n")
        ]


def is_notebook(path: object) -> bool:
    return str(path).endswith(".ipynb")


def read_notebook(raw: str) -> Notebook:
    """Raises `NotebookError` for what is not an nbformat 4 notebook, naming why."""
    try:
        document = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as error:
        where = f" (line {error.lineno}: {error.msg})" if isinstance(error, json.JSONDecodeError) else ""
        raise NotebookError(f"not a notebook: not valid JSON{where}") from error
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise NotebookError("not a notebook: no list of cells")
    if document.get("nbformat") != 4:
        raise NotebookError(f"not an nbformat 4 notebook (nbformat {document.get('nbformat')!r}); convert it with jupyter nbconvert --to notebook")
    if not _python_kernel(document):
        return Notebook(raw, [], join_cells([]))
    try:
        spans = _source_spans(raw)
    except RecursionError as error:
        raise NotebookError("not a notebook: nested too deeply") from error
    cells: list[CodeCell] = []
    for index, cell in enumerate(document["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            text = "".join(source)
        elif isinstance(source, str):
            text = source
        else:
            raise NotebookError(f"not a notebook: cell {index + 1} has a source that is not text")
        if index not in spans:
            continue  # a code cell without a source: nothing to check or change
        cells.append(CodeCell(index, text, spans[index], isinstance(source, list)))
    return Notebook(raw, cells, join_cells([cell.source for cell in cells]))


def _python_kernel(document: dict[str, object]) -> bool:
    """A notebook of another language (R, Julia) is not read; one that names none is Python."""
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        return True
    language = metadata.get("language_info", {})
    name = language.get("name") if isinstance(language, dict) else None
    if name is None:
        kernel = metadata.get("kernelspec", {})
        name = kernel.get("language") if isinstance(kernel, dict) else None
    return name is None or str(name).lower() in {"python", "python3", "ipython", "ipython3"}


def _source_json(old: str, source: str, as_list: bool) -> str:
    """``source`` as JSON, in the layout and escaping of the value it replaces."""
    ascii_only = "\\u" in old and old.isascii()
    if not as_list:
        return json.dumps(source, ensure_ascii=ascii_only)
    lines = source.splitlines(keepends=True)
    if not lines:
        return "[]"
    items = [json.dumps(line, ensure_ascii=ascii_only) for line in lines]
    match = re.match(r"\[(\s*)", old)
    lead = match.group(1) if match else ""
    if "\n" not in lead:
        return "[" + ", ".join(items) + "]" if lead or ", " in old else "[" + ",".join(items) + "]"
    tail = re.search(r"(\s*)\]$", old)
    closing = tail.group(1) if tail else lead
    return "[" + lead + ("," + lead).join(items) + closing + "]"


# -- where each cell's "source" value is in the file's text ---------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_scan_string = json.decoder.scanstring  # type: ignore[attr-defined]


def _source_spans(raw: str) -> dict[int, tuple[int, int]]:
    """{cell index: span of its "source" value} from the file's text: the JSON is walked, not
    re-serialised, so the replacement can be put exactly where the value was."""
    spans: dict[int, tuple[int, int]] = {}
    at = _skip(raw, 0)
    if raw.startswith("\ufeff"):
        at = _skip(raw, 1)
    _value(raw, at, (), spans)
    return spans


def _skip(raw: str, at: int) -> int:
    match = _WHITESPACE.match(raw, at)
    return match.end() if match else at


def _value(raw: str, at: int, path: tuple[object, ...], spans: dict[int, tuple[int, int]]) -> int:
    """Walks the value at ``at`` and returns where it ends; records cells[i].source spans."""
    char = raw[at : at + 1]
    if char == "{":
        at = _skip(raw, at + 1)
        if raw.startswith("}", at):
            return at + 1
        while True:
            key, at = _scan_string(raw, at + 1)
            at = _skip(raw, at)
            at = _skip(raw, at + 1)  # the colon
            start = at
            at = _value(raw, at, (*path, key), spans)
            if len(path) == 2 and path[0] == "cells" and key == "source" and isinstance(path[1], int):
                spans[path[1]] = (start, at)
            at = _skip(raw, at)
            if raw.startswith("}", at):
                return at + 1
            at = _skip(raw, at + 1)  # the comma
    if char == "[":
        at = _skip(raw, at + 1)
        if raw.startswith("]", at):
            return at + 1
        index = 0
        while True:
            at = _value(raw, at, (*path, index), spans)
            index += 1
            at = _skip(raw, at)
            if raw.startswith("]", at):
                return at + 1
            at = _skip(raw, at + 1)
    if char == '"':
        _, end = _scan_string(raw, at + 1)
        return int(end)
    for word in ("true", "false", "null"):
        if raw.startswith(word, at):
            return at + len(word)
    match = _NUMBER.match(raw, at)
    if match is None:
        raise NotebookError("not a notebook: not valid JSON")
    return match.end()

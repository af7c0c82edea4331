"""What the checker reads of what the client has open, and the way back: where an offset of the
checked text stands in the client's documents, and the edits that make them hold a fixed text.

Three shapes: a Python file (its own text); a ``.ipynb`` file a client opened as its JSON (the code
cells joined by `weightlink.documents.Document`, positions inside the JSON strings); and an LSP
notebook document (its code cells' documents joined by `weightlink.notebooks.join_cells`, each
position on its cell's URI)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lsprotocol import types

from weightlink.documents import Document
from weightlink.notebooks import CellText, Notebook, join_cells
from weightlink.positions import LineIndex
from weightlink.server.edits import position, text_edits

Edits = dict[str, list[types.TextEdit]]


@dataclass
class Place:
    uri: str
    range: types.Range


class CheckedText:
    """A Python file open in the client."""

    def __init__(self, uri: str, path: str, text: str, encoding: str) -> None:
        self.uri, self.path, self.text, self.encoding = uri, path, text, encoding
        self._index: LineIndex | None = None

    @property
    def uris(self) -> list[str]:
        """Every document the findings are published to (an empty list where there are none)."""
        return [self.uri]

    def place(self, span: tuple[int, int]) -> Place:
        if self._index is None:
            self._index = LineIndex(self.text)
        start, end = span
        return Place(self.uri, types.Range(position(self._index, start, self.encoding), position(self._index, end, self.encoding)))

    def edits(self, fixed: str) -> Edits | None:
        """The client's edits that make the checked text ``fixed`` (None: it cannot be written)."""
        return {self.uri: text_edits(self.text, fixed, self.encoding)}


class NotebookFile(CheckedText):
    """A ``.ipynb`` the client shows as JSON. Raises `weightlink.notebooks.NotebookError`."""

    def __init__(self, uri: str, path: str, raw: str, encoding: str) -> None:
        self.document = Document.from_text(path, raw)
        super().__init__(uri, path, self.document.text, encoding)
        self.raw = raw
        self._raw_index = LineIndex(raw)

    def place(self, span: tuple[int, int]) -> Place:
        notebook = self.document.notebook
        assert notebook is not None
        start, end = (self._position(_raw_offset(notebook, offset)) for offset in span)
        return Place(self.uri, types.Range(start, end))

    def _position(self, offset: int) -> types.Position:
        return position(self._raw_index, offset, self.encoding)

    def edits(self, fixed: str) -> Edits | None:
        written = self.document.written(fixed)
        return None if written is None else {self.uri: text_edits(self.raw, written, self.encoding)}


@dataclass
class Cell:
    uri: str
    text: str  # as the client has it


class NotebookCells(CheckedText):
    """An LSP notebook document: its code cells, in order."""

    def __init__(self, uri: str, path: str, cells: Sequence[Cell], encoding: str) -> None:
        self.cells = list(cells)
        self.joined: CellText = join_cells([cell.text for cell in self.cells])
        super().__init__(uri, path, self.joined.text, encoding)
        self._indexes: dict[int, LineIndex] = {}

    @property
    def uris(self) -> list[str]:
        return [cell.uri for cell in self.cells]

    def place(self, span: tuple[int, int]) -> Place:
        cell, line, column = self.joined.locate(span[0])
        end_cell, end_line, end_column = self.joined.locate(span[1])
        if end_cell != cell:  # never for a finding: one call stands in one cell
            end_line, end_column = line, column
        return Place(self.cells[cell].uri, types.Range(self._position(cell, line, column), self._position(cell, end_line, end_column)))

    def _position(self, cell: int, line: int, column: int) -> types.Position:
        if cell not in self._indexes:
            # The joined text's lines of the cell: masked lines keep their length, in every encoding.
            self._indexes[cell] = LineIndex(self.text[self.joined.starts[cell] : self.joined.ends[cell]])
        index = self._indexes[cell]
        return position(index, index.line_start(line + 1) + column, self.encoding)

    def edits(self, fixed: str) -> Edits | None:
        sources = self.joined.split(fixed)
        if sources is None:
            return None
        found: Edits = {}
        for cell, source in zip(self.cells, sources):
            if source == cell.text.replace("\r\n", "\n"):
                continue
            if "\r\n" in cell.text:
                source = source.replace("\n", "\r\n")
            found[cell.uri] = text_edits(cell.text, source, self.encoding)
        return found


def _raw_offset(notebook: Notebook, offset: int) -> int:
    """Where an offset of the joined cells stands in the notebook's JSON text."""
    which, line, column = notebook.joined.locate(offset)
    cell = notebook.code_cells[which]
    lines = cell.source.split("\n")
    in_source = sum(len(text) + 1 for text in lines[:line]) + column
    return _json_string_offset(notebook.raw, cell.span, in_source)


def _json_string_offset(raw: str, span: tuple[int, int], wanted: int) -> int:
    """Where character ``wanted`` of the content of the JSON string, or list of strings, at
    ``raw[span[0]:span[1]]`` stands in ``raw`` (escapes count as the one character they mean)."""
    at, end = span
    count, inside, last = 0, False, at
    while at < end:
        char = raw[at]
        if not inside:
            inside = char == '"'
            at += 1
            continue
        if char == '"':
            inside, last = False, at
            at += 1
            continue
        if count == wanted:
            return at
        if char != "\\":
            at += 1
        elif raw[at + 1] != "u":
            at += 2
        else:  # \uXXXX, two of them for a character outside the BMP
            high = 0xD800 <= int(raw[at + 2 : at + 6], 16) < 0xDC00
            at += 12 if high and raw.startswith("\\u", at + 6) else 6
        count += 1
    return last

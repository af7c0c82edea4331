"""Positions in a source text. Every front end keeps character offsets into the text it read (a
file, a notebook's joined cells, an editor's buffer) and translates them only at its edge: 1-based
character columns for people, UTF-16 units for LSP, cell and line for notebooks.

The stdlib ``ast`` counts columns in UTF-8 bytes; `LineIndex` turns those into offsets."""

from __future__ import annotations

import ast
import bisect

from weightlink.sources import line_starts, source_lines


class LineIndex:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.lines = source_lines(text)

    def offset(self, line: int, byte_column: int) -> int:
        """The offset of (1-based line, UTF-8 byte column), as the ``ast`` gives positions."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        text = self.lines[line - 1]
        column = byte_column if text.isascii() else len(text.encode("utf-8")[:byte_column].decode("utf-8", "replace"))
        return self.starts[line - 1] + column

    def start(self, node: ast.AST) -> int:
        return self.offset(getattr(node, "lineno", 1), getattr(node, "col_offset", 0))

    def end(self, node: ast.AST) -> int:
        line: int = getattr(node, "end_lineno", None) or int(getattr(node, "lineno", 1))
        column: int = getattr(node, "end_col_offset", None) or 0
        return self.offset(line, column)

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.start(node), self.end(node)

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def position(self, offset: int) -> tuple[int, int]:
        """(1-based line, 0-based character column) of an offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index]

    def line_start(self, line: int) -> int:
        return self.starts[line - 1] if 0 < line <= len(self.starts) else len(self.text)

    def line_end(self, line: int) -> int:
        """The offset of the line break ending ``line`` (the text's end for the last line)."""
        return self.line_start(line) + len(self.lines[line - 1]) if 0 < line <= len(self.lines) else len(self.text)

    def next_line_start(self, line: int) -> int:
        """Where the line after ``line`` starts (the text's end when there is none)."""
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def newline(self) -> str:
        """The file's first line break (what a new line is written with)."""
        end = self.line_end(1)
        if end < len(self.text):
            return "\r\n" if self.text.startswith("\r\n", end) else self.text[end]
        return "\n"

    def indentation(self, line: int) -> str:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return text[: len(text) - len(text.lstrip(" \t"))]


def utf16_column(line_text: str, column: int) -> int:
    """An LSP position's character: UTF-16 code units before ``column`` characters of the line."""
    prefix = line_text[:column]
    return column if prefix.isascii() else len(prefix.encode("utf-16-le")) // 2

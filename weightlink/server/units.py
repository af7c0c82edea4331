"""Columns as the client counts them. weightlink keeps character columns; LSP counts UTF-16 code
units unless client and server agreed on UTF-8 or UTF-32 at ``initialize`` (pygls picks the
client's first choice of those). Translated here, at the edge, and nowhere else."""

from __future__ import annotations

from weightlink.positions import utf16_column

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def client_column(line_text: str, column: int, encoding: str) -> int:
    """The client's column for ``column`` characters into ``line_text`` (without its line break)."""
    if encoding == UTF32 or line_text.isascii():
        return column
    if encoding == UTF8:
        return len(line_text[:column].encode("utf-8"))
    return utf16_column(line_text, column)

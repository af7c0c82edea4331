"""A source the checker reads: Python text, and how its positions are named at the edge. A ``.py``
file is its own text; a notebook is its code cells joined (`weightlink.notebooks`), its findings
named by cell and line in the cell, and a fixed text written back into the cells it changes.

Every front end (``weightlink check``, the codemod, the editor server) goes through this, so a
notebook is checked, fixed and named the same way everywhere."""

from __future__ import annotations

from dataclasses import dataclass, replace

from weightlink.findings import Finding
from weightlink.notebooks import Notebook, is_notebook, read_notebook
from weightlink.sources import SourceFile


@dataclass
class Document:
    path: str
    text: str  # the Python the checker reads
    notebook: Notebook | None = None

    @classmethod
    def of(cls, source: SourceFile) -> Document:
        """Raises `weightlink.notebooks.NotebookError` for a ``.ipynb`` that is not a notebook."""
        return cls.from_text(str(source.path), source.text)

    @classmethod
    def from_text(cls, path: str, text: str) -> Document:
        if is_notebook(path):
            notebook = read_notebook(text)
            return cls(path, notebook.text, notebook)
        return cls(path, text)

    def place(self, finding: Finding) -> Finding:
        """The finding with its position named as people see the source: for a notebook, the cell
        (1-based, counting every cell) and the line and column in it."""
        if self.notebook is None:
            return finding
        cell, line, column = self.notebook.cell_number(finding.span[0])
        _, end_line, end_column = self.notebook.cell_number(finding.span[1])
        return replace(finding, cell=cell, line=line, column=column + 1, end_line=end_line, end_column=end_column + 1)

    def written(self, text: str) -> str | None:
        """What the file becomes when the checked text becomes ``text`` (None: it cannot be written
        back, e.g. a notebook whose cells a rewrite merged)."""
        if self.notebook is None:
            return text
        return self.notebook.rewritten(text)


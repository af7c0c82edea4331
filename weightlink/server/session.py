"""The open documents as weightlink sees them: each read from the client's workspace (a Python
file, a notebook's JSON, or an LSP notebook's cells), checked with its project's settings, and the
result kept until the document changes. A document that does not parse has no findings (none left
on a line that moved); one that cannot be checked at all is said once and has none either, and no
other document is touched."""

from __future__ import annotations

import ast
import os
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.uris import to_fs_path
from pygls.workspace import Workspace

from weightlink.check.run import Checker, FileCheck
from weightlink.config import ConfigError
from weightlink.findings import Finding
from weightlink.notebooks import is_notebook
from weightlink.server.diagnostics import diagnostic
from weightlink.server.options import ClientOptions
from weightlink.server.projects import Projects
from weightlink.server.texts import Cell, CheckedText, NotebookCells, NotebookFile, Place

PYTHON_FILES = (".py", ".pyi", ".pyw")
# A parse of 2,000 lines holds about 3 MB: kept for the documents checked last (a fix needs one),
# made again for the others when asked for.
TREES_KEPT = 4
UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError)  # NotebookError is a ValueError


@dataclass
class Placed:
    finding: Finding
    place: Place
    diagnostic: types.Diagnostic


@dataclass
class Checked:
    """One check of one open document (a notebook counts as one)."""

    text: CheckedText
    versions: dict[str, int | None]  # of each client document read: the check is current while they hold
    result: FileCheck = field(default_factory=FileCheck)  # its tree kept apart (`Session.with_tree`)
    placed: list[Placed] = field(default_factory=list)
    checker: Checker | None = None

    def publications(self) -> Iterator[types.PublishDiagnosticsParams]:
        """The diagnostics of each document, an empty list for those without (stale ones clear)."""
        found: dict[str, list[types.Diagnostic]] = {uri: [] for uri in self.text.uris}
        for placed in self.placed:
            found.setdefault(placed.place.uri, []).append(placed.diagnostic)
        for uri, diagnostics in found.items():
            yield types.PublishDiagnosticsParams(uri, diagnostics, self.versions.get(uri))


class Session:
    def __init__(self, workspace: Workspace, options: ClientOptions) -> None:
        self.workspace = workspace
        self.options = options
        self.projects = Projects()
        self.checked: dict[str, Checked] = {}
        self._trees: OrderedDict[str, ast.Module] = OrderedDict()
        self.problems: list[str] = []  # what the client should be told (a configuration it cannot read), once each
        self._told: set[str] = set()

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or "utf-16")

    # -- which document ----------------------------------------------------------------------------

    def key(self, uri: str) -> str:
        """The document a URI's findings belong to: its notebook's for a cell, else its own."""
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        return notebook.uri if notebook is not None else uri

    def open_keys(self) -> list[str]:
        cells = {unquote(cell.document) for notebook in self.workspace.notebook_documents.values() for cell in notebook.cells}
        texts = [document.uri for key, document in self.workspace.text_documents.items() if key not in cells]
        return texts + [notebook.uri for notebook in self.workspace.notebook_documents.values()]

    def path(self, uri: str) -> str:
        path = to_fs_path(uri) if urlparse(uri).scheme == "file" else None
        if path is not None:
            return path
        name = PurePosixPath(unquote(urlparse(uri).path)).name or "untitled.py"
        return str(Path(self.workspace.root_path or os.getcwd()) / name)

    # -- checking ----------------------------------------------------------------------------------

    def current(self, key: str) -> Checked | None:
        """The last check of the document, checked again if it changed since."""
        known = self.checked.get(key)
        if known is not None and known.versions == self._versions(key):
            return known
        return self.check(key)

    def check(self, key: str) -> Checked | None:
        """None for a document weightlink does not read (not Python, not a notebook)."""
        try:
            read = self._read(key)
        except UNPARSABLE:  # a .ipynb that is not a notebook (yet): nothing to show
            checked = Checked(CheckedText(key, self.path(key), "", self.encoding), self._versions(key))
            self.checked[key] = checked
            return checked
        if read is None:
            return None
        checked = Checked(read, self._versions(key))
        self.checked[key] = checked
        path = Path(read.path)
        try:
            checker = self.projects.checker(path)
        except (ConfigError, OSError) as error:
            self._tell(f"weightlink: {error}; no diagnostics until it is fixed")
            return checked
        checked.checker = checker
        if checker.project.excluded(path):
            return checked
        try:
            checked.result = checker.check_source(read.path, read.text)
        except UNPARSABLE:
            return checked  # half-typed code: nothing, rather than an error on a line that moved
        self._keep_tree(key, checked.result)
        checked.placed = [self._placed(read, finding) for finding in checked.result.findings]
        return checked

    def with_tree(self, checked: Checked) -> FileCheck:
        """The document's check with the parse its fixes are made on."""
        key = checked.text.uri
        tree = self._trees.get(key)
        if tree is not None:
            self._trees.move_to_end(key)
        elif checked.checker is not None and checked.result.findings:
            tree = self._keep_tree(key, self.recheck(checked, checked.text.text))
        return FileCheck(checked.result.findings, checked.result.silenced, tree)

    def recheck(self, checked: Checked, text: str) -> FileCheck:
        """A fixed text of the document, checked as the document is (for a fix's next pass)."""
        assert checked.checker is not None
        return checked.checker.check_source(checked.text.path, text)

    def forget(self, key: str) -> Checked | None:
        self._trees.pop(key, None)
        return self.checked.pop(key, None)

    def _keep_tree(self, key: str, result: FileCheck) -> ast.Module | None:
        tree, result.tree = result.tree, None
        self._trees.pop(key, None)
        if tree is not None:
            self._trees[key] = tree
            while len(self._trees) > TREES_KEPT:
                self._trees.popitem(last=False)
        return tree

    def _placed(self, read: CheckedText, finding: Finding) -> Placed:
        place = read.place(finding.span)
        return Placed(finding, place, diagnostic(finding, place.range))

    def _tell(self, message: str) -> None:
        if message not in self._told:
            self._told.add(message)
            self.problems.append(message)

    # -- reading -----------------------------------------------------------------------------------

    def _read(self, key: str) -> CheckedText | None:
        notebook = self.workspace.get_notebook_document(notebook_uri=key)
        if notebook is not None:
            cells = [Cell(uri, self.workspace.get_text_document(uri).source) for uri in self._code_cells(notebook)]
            return NotebookCells(key, self.path(key), cells, self.encoding)
        document = self.workspace.text_documents.get(unquote(key))
        if document is None:
            return None
        path = self.path(key)
        if is_notebook(path):
            return NotebookFile(key, path, document.source, self.encoding)
        if document.language_id in (None, "python") or path.endswith(PYTHON_FILES):
            return CheckedText(key, path, document.source, self.encoding)
        return None

    def _code_cells(self, notebook: types.NotebookDocument) -> list[str]:
        code = [cell.document for cell in notebook.cells if cell.kind == types.NotebookCellKind.Code]
        return [uri for uri in code if self.workspace.get_text_document(uri).language_id in (None, "python")]

    def _versions(self, key: str) -> dict[str, int | None]:
        notebook = self.workspace.get_notebook_document(notebook_uri=key)
        if notebook is None:
            document = self.workspace.text_documents.get(unquote(key))
            return {key: document.version if document is not None else None}
        versions: dict[str, int | None] = {key: notebook.version}
        for cell in notebook.cells:
            versions[cell.document] = self.workspace.get_text_document(cell.document).version
        return versions

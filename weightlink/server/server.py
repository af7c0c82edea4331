"""The language server: pygls' handlers for the documents' lifecycle, the code actions and the
configuration files, each a few lines over `Session` (what is open and checked) and `actions`.
Every check's diagnostics are published for every document it covers; an exception in one
document is logged to the client and costs that document its diagnostics, nothing else."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TypeVar

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer

from weightlink.config import CONFIG_FILES
from weightlink.fixes.import_style import STYLE_FILES, forget_styles
from weightlink.requirements import forget_requirements
from weightlink.server import actions
from weightlink.server.options import ClientOptions
from weightlink.server.session import Session
from weightlink.workers import few_collections

NAME = "weightlink"
NOTEBOOKS = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithNotebook(notebook="jupyter-notebook", cells=[types.NotebookCellLanguage("python")])
    ],
    save=True,
)
T = TypeVar("T")


class WeightlinkServer(LanguageServer):
    def __init__(self, version: str) -> None:
        super().__init__(NAME, version, text_document_sync_kind=types.TextDocumentSyncKind.Incremental, notebook_document_sync=NOTEBOOKS)
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """What is open and checked (made at ``initialize``, when the workspace is known)."""
        if self._session is None:
            self._session = Session(self.workspace, ClientOptions())
        return self._session

    def check(self, uri: str) -> None:
        key = self.session.key(uri)
        before = self.session.checked.get(key)
        # The cyclic collector waits until the diagnostics are sent: a parse of 2,000 lines makes
        # enough objects to start it two or three times, a quarter of the time to answer.
        with few_collections():
            try:
                checked = self.session.check(key)
            except Exception:  # a bug in one document must not stop the server or another document
                self.log_exception(f"checking {key}")
                self.clear(key)  # nothing rather than what was shown before
                return
            finally:
                self.tell()
            if checked is None:
                return
            for params in checked.publications():
                self.text_document_publish_diagnostics(params)
            for cell in [u for u in before.text.uris if u not in checked.text.uris] if before is not None else []:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(cell, []))  # a cell gone, or not code now

    def check_all(self) -> None:
        for key in self.session.open_keys():
            self.check(key)

    def clear(self, key: str) -> None:
        checked = self.session.forget(key)
        for uri in checked.text.uris if checked is not None else [key]:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    def tell(self) -> None:
        problems, self.session.problems = self.session.problems, []
        for problem in problems:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, problem))

    def guarded(self, doing: str, work: Callable[[], T], otherwise: T) -> T:
        """``work()``, or ``otherwise`` after logging the exception to the client."""
        try:
            return work()
        except Exception:
            self.log_exception(doing)
            return otherwise

    def log_exception(self, doing: str) -> None:
        message = f"weightlink: error {doing}:\n{traceback.format_exc()}"
        self.window_log_message(types.LogMessageParams(types.MessageType.Error, message))

    def versioned_edits(self) -> bool:
        return get_capability(self.client_capabilities, "workspace.workspace_edit.document_changes", False)

    def resolves_edits(self) -> bool:
        resolve = get_capability(self.client_capabilities, "text_document.code_action.resolve_support", None)
        return resolve is not None and "edit" in resolve.properties


def build(version: str) -> WeightlinkServer:
    server = WeightlinkServer(version)

    @server.feature(types.INITIALIZE)
    def initialize(ls: WeightlinkServer, params: types.InitializeParams) -> None:
        ls.session.options = ls.session.options.updated(params.initialization_options)

    @server.feature(types.INITIALIZED)
    def initialized(ls: WeightlinkServer, params: types.InitializedParams) -> None:
        if get_capability(ls.client_capabilities, "workspace.did_change_watched_files.dynamic_registration", False):
            names = sorted({*CONFIG_FILES, *STYLE_FILES, "setup.py", "requirements*.txt"})
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in names]
            options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
            registration = types.Registration("weightlink-config", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)
            ls.client_register_capability(types.RegistrationParams([registration]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WeightlinkServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WeightlinkServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: WeightlinkServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WeightlinkServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.clear(params.text_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(ls: WeightlinkServer, params: types.DidOpenNotebookDocumentParams) -> None:
        ls.check(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(ls: WeightlinkServer, params: types.DidChangeNotebookDocumentParams) -> None:
        ls.check(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_save(ls: WeightlinkServer, params: types.DidSaveNotebookDocumentParams) -> None:
        ls.check(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(ls: WeightlinkServer, params: types.DidCloseNotebookDocumentParams) -> None:
        checked = ls.session.forget(params.notebook_document.uri)
        for uri in checked.text.uris if checked is not None else [cell.uri for cell in params.cell_text_documents]:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: WeightlinkServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.session.projects.forget_locations()  # a configuration file appeared or went; changed ones show by their time
        forget_styles()  # the import order and line length a fix keeps
        forget_requirements()  # the versions a fix must keep working on (safe or unsafe)
        ls.check_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def configuration(ls: WeightlinkServer, params: types.DidChangeConfigurationParams) -> None:
        ls.session.options = ls.session.options.updated(params.settings)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=actions.KINDS, resolve_provider=True)
    )
    def code_action(ls: WeightlinkServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        def work() -> list[types.CodeAction]:
            checked = ls.session.current(ls.session.key(params.text_document.uri))
            if checked is None:
                return []
            found = actions.code_actions(checked, params.text_document.uri, params.range, params.context.only, ls.session.options.unsafe_fixes)
            return found if ls.resolves_edits() else [actions.resolve(ls.session, action, ls.versioned_edits()) for action in found]

        return ls.guarded(f"making code actions for {params.text_document.uri}", work, None) or None

    @server.feature(types.CODE_ACTION_RESOLVE)
    def code_action_resolve(ls: WeightlinkServer, params: types.CodeAction) -> types.CodeAction:
        return ls.guarded("resolving a code action", lambda: actions.resolve(ls.session, params, ls.versioned_edits()), params)

    return server

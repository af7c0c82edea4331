"""``weightlink server`` through a real LSP client over stdio (pytest-lsp, on pygls): diagnostics as
documents open and change, code actions whose edits are what ``weightlink check --fix`` writes, the
project's own settings, notebooks, and a broken document costing no other its diagnostics.

One server serves the module (a document per test, in folders of their own); a second one,
started with ``unsafeFixes`` and a client that cannot resolve code actions, covers those two."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

on_the_module_loop = pytest.mark.asyncio(loop_scope="module")  # where the module's clients run

SERVER = [sys.executable, "-m", "weightlink", "server"]
LEGACY = "from torchvision.models import resnet50\n\nmodel = resnet50(pretrained=True)\n"
FIXED = "from torchvision.models import ResNet50_Weights, resnet50\n\nmodel = resnet50(weights=ResNet50_Weights.IMAGENET1K_V1)\n"
DYNAMIC = "import torchvision.models as models\n\n\ndef build(arch):\n    return models.__dict__[arch](pretrained=True)\n"


# -- the client ------------------------------------------------------------------------------------


class Published:
    """Every publishDiagnostics the client received, and a way to wait for one."""

    def __init__(self) -> None:
        self.last: dict[str, types.PublishDiagnosticsParams] = {}
        self.arrived = asyncio.Event()

    def record(self, params: types.PublishDiagnosticsParams) -> None:
        self.last[params.uri] = params
        self.arrived.set()

    async def wait(self, uri: str, version: int | None) -> list[types.Diagnostic]:
        """The diagnostics the server publishes for ``uri`` at ``version`` (waits for them)."""
        while uri not in self.last or self.last[uri].version != version:
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), timeout=20)
        return list(self.last[uri].diagnostics)


PUBLISHED: dict[int, Published] = {}


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    published = PUBLISHED[id(client)] = Published()
    client.registered = []  # type: ignore[attr-defined]

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        published.record(params)

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registered = [r.method for r in params.registrations]  # type: ignore[attr-defined]

    def show(client: LanguageClient, params: types.ShowMessageParams) -> None:
        client.messages.append(params)

    register_lsp_features(
        client,
        {
            **DEFAULT_CLIENT_FEATURES,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
            types.CLIENT_REGISTER_CAPABILITY: register,
            types.WINDOW_SHOW_MESSAGE: show,
        },
    )
    return client


def capabilities(resolve: bool) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
        ),
        text_document=types.TextDocumentClientCapabilities(
            code_action=types.CodeActionClientCapabilities(
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]) if resolve else None,
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
        notebook_document=types.NotebookDocumentClientCapabilities(
            synchronization=types.NotebookDocumentSyncClientCapabilities()
        ),
    )


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_client)


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("workspace")
    lsp_client.root = root  # type: ignore[attr-defined]
    lsp_client.initialize_result = await lsp_client.initialize_session(  # type: ignore[attr-defined]
        types.InitializeParams(capabilities=capabilities(resolve=True), root_uri=root.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def unsafe_client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("unsafe")
    lsp_client.root = root  # type: ignore[attr-defined]
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities(resolve=False), root_uri=root.as_uri(), initialization_options={"unsafeFixes": True})
    )
    yield
    await lsp_client.shutdown_session()


# -- helpers ---------------------------------------------------------------------------------------


def folder(client: LanguageClient, name: str, files: dict[str, str] | None = None) -> Path:
    """A folder of the client's workspace for one test, holding ``files``."""
    path: Path = client.root / name  # type: ignore[attr-defined]
    path.mkdir(parents=True, exist_ok=True)
    for relative, text in (files or {}).items():
        (path / relative).parent.mkdir(parents=True, exist_ok=True)
        (path / relative).write_text(text)
    return path


async def open_file(client: LanguageClient, path: Path, text: str, language: str = "python") -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text)))
    return await PUBLISHED[id(client)].wait(uri, 1)


async def change(client: LanguageClient, path: Path, version: int, *changes: types.TextDocumentContentChangeEvent) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_change(types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version, uri), list(changes)))
    return await PUBLISHED[id(client)].wait(uri, version)


def whole(text: str) -> types.TextDocumentContentChangeWholeDocument:
    return types.TextDocumentContentChangeWholeDocument(text)


async def actions(client: LanguageClient, uri: str, where: types.Range, only: Sequence[str] | None = None) -> list[types.CodeAction]:
    context = types.CodeActionContext(diagnostics=[], only=list(only) if only else None)
    found = await client.text_document_code_action_async(types.CodeActionParams(types.TextDocumentIdentifier(uri), where, context))
    return [action for action in found or [] if isinstance(action, types.CodeAction)]


async def resolved(client: LanguageClient, action: types.CodeAction) -> dict[str, list[types.TextEdit]]:
    if action.edit is None:
        action = await client.code_action_resolve_async(action)
    assert action.edit is not None and action.edit.changes is not None, action
    return {uri: list(edits) for uri, edits in action.edit.changes.items()}


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def offset(text: str, where: types.Position) -> int:
    """A position in UTF-16 code units as an offset in ``text`` (the client's own arithmetic)."""
    lines = _LINE.findall(text) or [""]
    start = sum(len(line) for line in lines[: where.line])
    line = lines[where.line] if where.line < len(lines) else ""
    units = line.encode("utf-16-le")[: where.character * 2].decode("utf-16-le")
    return start + len(units)


def applied(text: str, edits: Sequence[types.TextEdit]) -> str:
    spans = [(offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def check_fix(path: Path, *flags: str) -> str:
    """What ``weightlink check --fix`` writes for the file (run on a copy next to it)."""
    copy = path.with_name(f"fixed_by_check_{path.name}")
    copy.write_text(path.read_text())
    subprocess.run([sys.executable, "-m", "weightlink", "check", "--fix", *flags, copy.name], cwd=path.parent, capture_output=True, check=False)
    return copy.read_text()


def codes(diagnostics: Sequence[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diagnostics]


def at(line: int, start: int, end: int) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line, end))


# -- the tests -------------------------------------------------------------------------------------


@on_the_module_loop
async def test_capabilities(client: LanguageClient) -> None:
    result: types.InitializeResult = client.initialize_result  # type: ignore[attr-defined]
    capabilities = result.capabilities
    assert result.server_info is not None and result.server_info.name == "weightlink"
    sync = capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions) and sync.change == types.TextDocumentSyncKind.Incremental and sync.save
    actions = capabilities.code_action_provider
    assert isinstance(actions, types.CodeActionOptions) and actions.resolve_provider
    assert list(actions.code_action_kinds or []) == ["quickfix", "source.fixAll", "source.fixAll.weightlink"]
    notebooks = capabilities.notebook_document_sync
    assert isinstance(notebooks, types.NotebookDocumentSyncOptions)
    (selector,) = notebooks.notebook_selector
    assert selector.notebook == "jupyter-notebook" and [c.language for c in selector.cells or []] == ["python"]
    for _ in range(500):  # the server asks after ``initialized``
        if client.registered:  # type: ignore[attr-defined]
            break
        await asyncio.sleep(0.01)
    assert client.registered == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]  # type: ignore[attr-defined]


@on_the_module_loop
async def test_diagnostics_on_open_in_utf16_columns(client: LanguageClient) -> None:
    text = textwrap.dedent(
        """\
        import torchvision
        from torchvision.models import ResNet101_Weights, resnet50

        label = "🙂 é"; model = resnet50(pretrained=True)
        features = resnet50(weights=ResNet101_Weights.IMAGENET1K_V2)

        def build():
            if torchvision.__version__ < "0.13":
                return resnet50(pretrained=True)
            return resnet50(weights="DEFAULT")
        """
    )
    legacy, mismatch, note = await open_file(client, folder(client, "open") / "train.py", text)
    assert codes([legacy, mismatch, note]) == ["weights-legacy", "weights-mismatch", "weights-legacy"]
    assert (legacy.severity, mismatch.severity, note.severity) == (types.DiagnosticSeverity.Error,) * 2 + (types.DiagnosticSeverity.Information,)
    # "True" after 🙂 (two UTF-16 code units) and é (one): one unit more than its characters.
    column = text.splitlines()[3].index("True")
    assert legacy.range == at(3, column + 1, column + 5)
    assert mismatch.range.start.line == 4 and text.splitlines()[4][mismatch.range.start.character :].startswith("ResNet101")
    assert legacy.message.startswith('pretrained= of "resnet50" is deprecated; use weights=ResNet50_Weights.IMAGENET1K_V1')
    assert legacy.source == "weightlink" and list(legacy.tags or []) == [types.DiagnosticTag.Deprecated]
    assert legacy.code_description is not None and legacy.code_description.href.endswith("#weights-legacy")
    assert "compatibility branch" in note.message and note.tags is None


@on_the_module_loop
async def test_changes_full_and_incremental(client: LanguageClient) -> None:
    path = folder(client, "change") / "model.py"
    assert codes(await open_file(client, path, "import os\n")) == []
    assert codes(await change(client, path, 2, whole(LEGACY))) == ["weights-legacy"]
    # Incremental: "pretrained=True" -> "weights=None" on line 2, then a second call appended.
    edit = types.TextDocumentContentChangePartial(at(2, 17, 32), "weights=None")
    assert codes(await change(client, path, 3, edit)) == []
    append = types.TextDocumentContentChangePartial(at(3, 0, 0), "other = resnet50(pretrained=False)\n")
    (found,) = await change(client, path, 4, append)
    assert found.range.start.line == 3 and "use weights=None" in found.message


@on_the_module_loop
async def test_half_typed_code_clears_then_comes_back(client: LanguageClient) -> None:
    path = folder(client, "typing") / "model.py"
    assert codes(await open_file(client, path, LEGACY)) == ["weights-legacy"]
    assert await change(client, path, 2, whole(LEGACY + "other = resnet50(pretrained=\n")) == []
    assert codes(await change(client, path, 3, whole(LEGACY + "other = resnet50(pretrained=True)\n"))) == ["weights-legacy"] * 2


@on_the_module_loop
async def test_quick_fix_is_what_check_fix_writes_and_the_diagnostic_goes(client: LanguageClient) -> None:
    text = "from torchvision import models\n\nbackbone = models.vgg16(pretrained=False)\nmodel = models.resnet50(pretrained=True)\n"
    path = folder(client, "quickfix", {"train.py": text}) / "train.py"
    first, second = await open_file(client, path, text)
    found = await actions(client, path.as_uri(), second.range)
    assert [a.title for a in found] == ["weightlink: use weights=models.ResNet50_Weights.IMAGENET1K_V1", "weightlink: fix all"]
    quick = found[0]
    assert quick.kind == "quickfix" and quick.is_preferred and list(quick.diagnostics or []) == [second] and quick.edit is None
    (edits,) = (await resolved(client, quick)).values()
    fixed = applied(text, edits)
    assert fixed == text.replace("resnet50(pretrained=True)", "resnet50(weights=models.ResNet50_Weights.IMAGENET1K_V1)")
    assert all(e.range.start.line == e.range.end.line for e in edits)  # small edits, not the file
    assert codes(await change(client, path, 2, whole(fixed))) == ["weights-legacy"]  # vgg16's is left
    (edits,) = (await resolved(client, (await actions(client, path.as_uri(), first.range))[0])).values()
    done = applied(fixed, edits)
    assert done == check_fix(path) and await change(client, path, 3, whole(done)) == []


@on_the_module_loop
async def test_fix_all_is_check_fix(client: LanguageClient) -> None:
    text = textwrap.dedent(
        """\
        import timm
        import torchvision
        from torchvision.models import resnet50, resnet18

        a = resnet50(pretrained=True)
        b = torchvision.models.vgg16(pretrained=False, progress=True)
        c = resnet18(True)
        d = timm.create_model("tf_efficientnet_b4_ns", pretrained=True)
        e = resnet50(weights="IMAGENET1K_V9")
        """
    )
    path = folder(client, "fixall", {"train.py": text}) / "train.py"
    found = await open_file(client, path, text)
    assert codes(found) == ["weights-legacy"] * 4 + ["weights-unknown"]
    whole_file = types.Range(types.Position(0, 0), types.Position(0, 0))
    (fix_all,) = await actions(client, path.as_uri(), whole_file, only=["source.fixAll"])
    assert fix_all.kind == "source.fixAll.weightlink" and fix_all.edit is None
    (edits,) = (await resolved(client, fix_all)).values()
    fixed = applied(text, edits)
    assert fixed == check_fix(path)
    assert codes(await change(client, path, 2, whole(fixed))) == ["weights-unknown"]  # no fix: named, not guessed
    assert await actions(client, path.as_uri(), whole_file, only=["source.fixAll"]) == []


@on_the_module_loop
async def test_timm_names_and_did_you_mean(client: LanguageClient) -> None:
    """A deprecated timm name has a fix; an unknown name's did-you-mean is offered as a quick fix
    (the user picks it) and never by fix-all, which applies only what ``--fix`` applies."""
    text = 'import timm\n\nold = timm.create_model("tf_efficientnet_b4_ns")\ntypo = timm.create_model("resnet5O", pretrained=True)\n'
    path = folder(client, "timm") / "models.py"
    legacy, unknown = await open_file(client, path, text)
    assert (legacy.code, unknown.code) == ("weights-legacy", "model-unknown")
    assert 'did you mean "resnet50"?' in unknown.message and unknown.range == at(3, 25, 35)
    (quick,) = await actions(client, path.as_uri(), legacy.range, only=["quickfix"])
    assert quick.title == 'weightlink: use "tf_efficientnet_b4.ns_jft_in1k"'
    (guess,) = await actions(client, path.as_uri(), unknown.range, only=["quickfix"])
    assert guess.title == 'weightlink: change to "resnet50"' and not guess.is_preferred
    (edits,) = (await resolved(client, guess)).values()
    assert applied(text, edits) == text.replace('"resnet5O"', '"resnet50"')
    (everything,) = await actions(client, path.as_uri(), unknown.range, only=["source.fixAll.weightlink"])
    (edits,) = (await resolved(client, everything)).values()
    assert applied(text, edits) == text.replace('"tf_efficientnet_b4_ns"', '"tf_efficientnet_b4.ns_jft_in1k"')


@on_the_module_loop
async def test_unsafe_fixes_only_when_enabled(client: LanguageClient, unsafe_client: LanguageClient) -> None:
    path = folder(client, "dynamic") / "dynamic.py"
    (found,) = await open_file(client, path, DYNAMIC)
    assert await actions(client, path.as_uri(), found.range) == []
    unsafe_path = folder(unsafe_client, "dynamic") / "dynamic.py"
    (found,) = await open_file(unsafe_client, unsafe_path, DYNAMIC)
    quick, fix_all = await actions(unsafe_client, unsafe_path.as_uri(), found.range)
    assert quick.title == 'weightlink: use weights="DEFAULT" (unsafe)' and not quick.is_preferred
    assert quick.edit is not None and fix_all.edit is not None  # this client cannot resolve: edits come at once
    (edits,) = (await resolved(unsafe_client, quick)).values()
    assert 'models.__dict__[arch](weights="DEFAULT")' in applied(DYNAMIC, edits)


@on_the_module_loop
async def test_project_settings_and_their_changes(client: LanguageClient) -> None:
    config = '[tool.weightlink]\nignore = ["weights-legacy"]\nexclude = ["vendored"]\n'
    text = LEGACY + "wrong = resnet50(weights='IMAGENET1K_V9')\n"
    project = folder(client, "configured", {"pyproject.toml": config})
    assert codes(await open_file(client, project / "src" / "train.py", text)) == ["weights-unknown"]
    assert await open_file(client, project / "vendored" / "lib.py", text) == []
    (project / "pyproject.toml").write_text('[tool.weightlink]\nexclude = ["vendored"]\n')
    published = PUBLISHED[id(client)]
    uri = (project / "src" / "train.py").as_uri()
    published.last.pop(uri)
    change_event = types.FileEvent((project / "pyproject.toml").as_uri(), types.FileChangeType.Changed)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([change_event]))
    assert codes(await published.wait(uri, 1)) == ["weights-legacy", "weights-unknown"]
    # Unreadable settings: said once, and no diagnostics rather than ones without them.
    (project / "pyproject.toml").write_text("[tool.weightlink]\nignore = [\n")
    assert await change(client, project / "src" / "train.py", 2, whole(text + "\n")) == []
    assert any("pyproject.toml" in m.message for m in client.messages)


@on_the_module_loop
async def test_notebook_cells(client: LanguageClient) -> None:
    notebook_uri = (folder(client, "notebook") / "explore.ipynb").as_uri()
    sources = ["%matplotlib inline\nfrom torchvision.models import resnet50\n", "# 🙂\nmodel = resnet50(pretrained=True)\n"]
    uris = [f"vscode-notebook-cell:{notebook_uri[len('file:'):]}#cell{i}" for i in range(3)]
    cells = [types.NotebookCell(types.NotebookCellKind.Code, uris[0]), types.NotebookCell(types.NotebookCellKind.Markup, uris[1]),
             types.NotebookCell(types.NotebookCellKind.Code, uris[2])]
    items = [types.TextDocumentItem(uris[0], "python", 1, sources[0]), types.TextDocumentItem(uris[1], "markdown", 1, "# Notes"),
             types.TextDocumentItem(uris[2], "python", 1, sources[1])]
    notebook = types.NotebookDocument(notebook_uri, "jupyter-notebook", 1, cells)
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(notebook, items))
    published = PUBLISHED[id(client)]
    assert await published.wait(uris[0], 1) == []
    (found,) = await published.wait(uris[2], 1)
    assert found.code == "weights-legacy" and found.range == at(1, 28, 32)
    assert uris[1] not in published.last
    (quick, _) = await actions(client, uris[2], found.range)
    edits = await resolved(client, quick)
    assert applied(sources[0], edits[uris[0]]) == "%matplotlib inline\nfrom torchvision.models import ResNet50_Weights, resnet50\n"
    fixed = applied(sources[1], edits[uris[2]])
    assert fixed == "# 🙂\nmodel = resnet50(weights=ResNet50_Weights.IMAGENET1K_V1)\n"
    whole_cell = types.TextDocumentContentChangeWholeDocument(fixed)
    text_change = types.NotebookDocumentCellContentChanges(types.VersionedTextDocumentIdentifier(2, uris[2]), [whole_cell])
    change = types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(text_content=[text_change]))
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(types.VersionedNotebookDocumentIdentifier(2, notebook_uri), change))
    assert await published.wait(uris[2], 2) == []
    # A cell added, then deleted: its diagnostics come, then go.
    added = f"vscode-notebook-cell:{notebook_uri[len('file:'):]}#cell3"
    structure = types.NotebookDocumentCellChangeStructure(
        types.NotebookCellArrayChange(3, 0, [types.NotebookCell(types.NotebookCellKind.Code, added)]),
        did_open=[types.TextDocumentItem(added, "python", 1, "other = resnet50(pretrained=False)\n")],
    )
    change = types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(structure=structure))
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(types.VersionedNotebookDocumentIdentifier(3, notebook_uri), change))
    assert codes(await published.wait(added, 1)) == ["weights-legacy"]
    structure = types.NotebookDocumentCellChangeStructure(types.NotebookCellArrayChange(3, 1), did_close=[types.TextDocumentIdentifier(added)])
    change = types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(structure=structure))
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(types.VersionedNotebookDocumentIdentifier(4, notebook_uri), change))
    assert await published.wait(added, None) == []


@on_the_module_loop
async def test_a_notebook_opened_as_json(client: LanguageClient) -> None:
    cells = [
        {"cell_type": "code", "execution_count": None, "id": "a", "metadata": {}, "outputs": [], "source": ["import torchvision\n"]},
        {"cell_type": "markdown", "id": "b", "metadata": {}, "source": ["# Notes"]},
        # Escaped in the JSON: é as \u00e9, 🙂 as a surrogate pair, the tab as \t.
        {"cell_type": "code", "execution_count": None, "id": "c", "metadata": {}, "outputs": [],
         "source": ["x = 1\n", 's = "é🙂\t"; m = torchvision.models.resnet50(pretrained=True)']},
    ]
    raw = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"
    path = folder(client, "json", {"explore.ipynb": raw}) / "explore.ipynb"
    (found,) = await open_file(client, path, raw, language="json")
    assert raw[offset(raw, found.range.start) : offset(raw, found.range.end)] == "True"
    (quick, _) = await actions(client, path.as_uri(), found.range)
    (edits,) = (await resolved(client, quick)).values()
    fixed = applied(raw, edits)
    assert fixed == check_fix(path) and await change(client, path, 2, whole(fixed)) == []
    assert await change(client, path, 3, whole(raw[:-20])) == []  # not JSON any more: nothing, and the server goes on


@on_the_module_loop
async def test_a_broken_document_costs_no_other_its_diagnostics(client: LanguageClient) -> None:
    project = folder(client, "two")
    assert await open_file(client, project / "broken.py", "def f(:\n" + LEGACY) == []
    assert codes(await open_file(client, project / "good.py", LEGACY)) == ["weights-legacy"]
    published = PUBLISHED[id(client)]
    good = published.last[(project / "good.py").as_uri()]
    assert await change(client, project / "broken.py", 2, whole("def f(:\n" + LEGACY * 2)) == []
    assert published.last[(project / "good.py").as_uri()] is good  # not published again, not cleared
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier((project / "good.py").as_uri())))
    assert await published.wait((project / "good.py").as_uri(), None) == []
    # A path no file can have (a NUL byte in it) fails inside the server: logged, that document
    # has no diagnostics, and the server answers the next document.
    impossible = project.as_uri() + "/bad%00folder/name.py"
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(impossible, "python", 1, LEGACY)))
    assert await published.wait(impossible, None) == []
    assert any("error checking" in m.message and "ValueError" in m.message for m in client.log_messages)
    assert codes(await open_file(client, project / "after.py", LEGACY)) == ["weights-legacy"]


def test_without_pygls_the_command_names_the_extra() -> None:
    script = textwrap.dedent(
        """
        import sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {"pygls", "lsprotocol"}:
                    raise ModuleNotFoundError(name)
                return None

        sys.meta_path.insert(0, Block())
        import weightlink, weightlink.cli
        assert not {"pygls", "lsprotocol"} & set(sys.modules)
        sys.exit(weightlink.cli.main(["server", "--stdio"]))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "weightlink server needs pygls: pip install 'weightlink[server]'\n")

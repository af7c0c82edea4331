"""``weightlink server``: how long after a change its diagnostics arrive, beside ``weightlink check``
on the same file, and the server's memory with many documents open.

Run: python bench/bench_server.py [--repeat 21] [--documents 50] [--json OUT]
Target: the diagnostics of a 2,000-line file arrive within 50 ms of a change (median), for a file
with a legacy call every fifty lines or so ("typical"); the "dense" file, a legacy call in every
function (about 570 findings), is measured too, to show where the time goes.

The real server runs over stdio, driven by pygls' own client as an editor drives it: the file is
opened, then changed --repeat times by one character typed and then deleted (incremental
changes, as editors send them), and each change is timed from the moment it is sent to the moment
the diagnostics for that version of the file arrive (the server publishes the document's version
with them). Beside it: the same text checked in this process (``Checker.check_source``, as the
server calls it: catalogs loaded, the cyclic collector held until it returns; no protocol), and a
plain ``weightlink check FILE`` (a new process, its wall time). Last, --documents
copies of the typical file are opened and the server's resident memory read (VmRSS).
Exit code 0, or 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TARGET_MS = 50.0
LINES = 2000
HEADER = "import torch\nimport torchvision.models as models\n"
BLOCK = '''

def build_{i}(num_classes: int = 10):
    """Builds model number {i}."""
    values = [x * 2 for x in range(10) if x % 3]
    model = {call}
    total = sum(values) + {i}
    return values, total
'''
CALL = "models.resnet50(pretrained=True)"


def generate(every: int) -> str:
    """About 2,000 lines: functions of eight lines, a legacy call in one function out of ``every``."""
    parts, index = [HEADER], 0
    while sum(part.count("\n") for part in parts) < LINES - 8:
        parts.append(BLOCK.format(i=index, call=CALL if index % every == 0 else "None"))
        index += 1
    return "".join(parts)


class Client:
    """pygls' client, waiting for the diagnostics of a document's version."""

    def __init__(self) -> None:
        self.lsp = LanguageClient("bench-server", "1")
        self.published: dict[tuple[str, int | None], asyncio.Future[int]] = {}

        @self.lsp.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # type: ignore[untyped-decorator]  # pygls' client
        def publish(params: types.PublishDiagnosticsParams) -> None:
            future = self.published.get((params.uri, params.version))
            if future is not None and not future.done():
                future.set_result(len(params.diagnostics))

    def expect(self, uri: str, version: int) -> asyncio.Future[int]:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.published[(uri, version)] = future
        return future

    async def start(self, root: Path) -> int:
        await self.lsp.start_io(sys.executable, "-m", "weightlink", "server")
        capabilities = types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True)
            )
        )
        await self.lsp.initialize_async(types.InitializeParams(capabilities=capabilities, root_uri=root.as_uri(), process_id=None))
        self.lsp.initialized(types.InitializedParams())
        assert self.lsp._server is not None
        return self.lsp._server.pid

    async def open(self, uri: str, text: str) -> int:
        arrived = self.expect(uri, 1)
        self.lsp.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", 1, text)))
        return await asyncio.wait_for(arrived, 60)

    async def change(self, uri: str, version: int, at: types.Position, text: str, length: int) -> float:
        """Seconds from sending the change to the arrival of its diagnostics."""
        arrived = self.expect(uri, version)
        edit = types.TextDocumentContentChangePartial(types.Range(at, types.Position(at.line, at.character + length)), text)
        start = time.perf_counter()
        self.lsp.text_document_did_change(types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version, uri), [edit]))
        await asyncio.wait_for(arrived, 60)
        return time.perf_counter() - start

    async def stop(self) -> None:
        await self.lsp.shutdown_async(None)
        self.lsp.exit(None)
        await self.lsp.stop()  # type: ignore[no-untyped-call]


async def server_latency(root: Path, files: dict[str, Path], repeat: int, documents: int) -> dict[str, object]:
    client = Client()
    pid = await client.start(root)
    found: dict[str, object] = {}
    for kind, path in files.items():
        text = path.read_text()
        uri = path.as_uri()
        findings = await client.open(uri, text)
        lines = text.splitlines()
        middle = next(n for n in range(len(lines) // 2, len(lines)) if lines[n].lstrip().startswith('"""Builds'))
        at = types.Position(middle, lines[middle].index("Builds"))
        seconds, version = [], 1
        for number in range(repeat):  # type "x" into a docstring in the middle, then delete it
            version += 1
            seconds.append(await client.change(uri, version, at, "x" if number % 2 == 0 else "", 0 if number % 2 == 0 else 1))
        found[kind] = {"findings": findings, "server_ms": [s * 1000 for s in seconds]}
    typical = files["typical"].read_text()
    for number in range(documents):
        await client.open((root / f"open_{number}.py").as_uri(), typical)
    found["rss_mb"] = _rss_mb(pid)
    found["documents"] = documents
    await client.stop()
    return found


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def in_process_ms(path: Path, repeat: int) -> list[float]:
    from weightlink.check.run import Checker
    from weightlink.project import Project
    from weightlink.workers import few_collections

    checker = Checker(project=Project.configured(start=path.parent))
    text = path.read_text()
    checker.check_source(str(path), text)  # catalogs loaded, as in the server
    found = []
    for _ in range(repeat):
        with few_collections():
            start = time.perf_counter()
            checker.check_source(str(path), text)
            found.append((time.perf_counter() - start) * 1000)
    return found


def command_ms(path: Path, repeat: int) -> list[float]:
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "weightlink", "check", path.name], cwd=path.parent, capture_output=True, check=False)
        found.append((time.perf_counter() - start) * 1000)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=21, help="changes timed per file (the median is shown)")
    parser.add_argument("--documents", type=int, default=50, help="documents open when the memory is read")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-server-") as temporary:
        root = Path(temporary)  # no project settings of this repository apply here
        files = {"typical": root / "typical.py", "dense": root / "dense.py"}
        files["typical"].write_text(generate(every=6))
        files["dense"].write_text(generate(every=1))
        served = asyncio.run(server_latency(root, files, args.repeat, args.documents))
        rows = []
        for kind, path in files.items():
            measured = served[kind]
            assert isinstance(measured, dict)
            server = statistics.median(measured["server_ms"])
            checked = statistics.median(in_process_ms(path, args.repeat))
            command = statistics.median(command_ms(path, 5))
            lines = path.read_text().count("\n")
            rows.append({"file": kind, "lines": lines, "findings": measured["findings"], "server_ms": server, "check_source_ms": checked, "command_ms": command})
    print(f"{'file':8} {'lines':>5} {'findings':>8}  {'server: change -> diagnostics':>29}  {'Checker.check_source':>20}  {'weightlink check FILE':>21}")
    for row in rows:
        server, checked, command = float(row["server_ms"]), float(row["check_source_ms"]), float(row["command_ms"])
        print(
            f"{row['file']:8} {row['lines']:>5} {row['findings']:>8}  {server:26.1f} ms  {checked:17.1f} ms  {command:18.0f} ms"
            f"   server/check_source {server / checked:.2f}x, server/command {server / command:.3f}x"
        )
    typical = float(rows[0]["server_ms"])
    met = typical <= TARGET_MS
    print(f"server resident memory with {served['documents']} documents of {rows[0]['lines']} lines open: {served['rss_mb']:.0f} MB")
    print(f"target: typical file's diagnostics within {TARGET_MS:.0f} ms of a change: {typical:.1f} ms ({'met' if met else 'MISSED'})")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "rss_mb": served["rss_mb"], "documents": served["documents"], "target_ms": TARGET_MS}, indent=1))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

"""Migrating files: the checker's findings for each file, filtered as ``weightlink check`` filters
them (ignore comments, ``select``/``ignore``), and the fixes of those that remain applied (safe ones;
unsafe ones too with ``--unsafe-fixes``). The codemod decides nothing itself: what it rewrites is
exactly what ``weightlink check --fix`` rewrites, and what a silenced call is, it leaves.

Every file is either left as it was or fully migrated, and the result must parse; a file that
cannot be read, parsed or written safely is named with the reason and the run goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal

from weightlink.check.run import Checker, FileCheck
from weightlink.config import Settings
from weightlink.dialect import DEFAULT_DIALECT, Dialect
from weightlink.documents import Document
from weightlink.findings import Finding
from weightlink.fixes.apply import apply_in_passes
from weightlink.fixes.import_style import style_for
from weightlink.notebooks import NotebookError
from weightlink.project import Project
from weightlink.rules.codes import WEIGHTS_LEGACY
from weightlink.sources import SourceError, SourceFile, read_source, why_unparsable, write_atomic
from weightlink.workers import collect_now_and_then, few_collections, map_in_order, run_isolated

from codemods.migrate_pretrained.diff import unified_diff

Kind = Literal["rewritten", "note", "reported"]


@dataclass(frozen=True)
class Options:
    prefer_default: bool = False  # write DEFAULT; where DEFAULT is other weights, an unsafe fix
    unsafe_fixes: bool = False  # apply fixes that may change what the program does
    rewrite_dynamic: bool = False  # the old name of unsafe_fixes
    dialect: Dialect = DEFAULT_DIALECT
    # String-named libraries this run leaves alone besides those the settings turn off ("timm").
    named_off: tuple[str, ...] = ()

    @property
    def unsafe(self) -> bool:
        return self.unsafe_fixes or self.rewrite_dynamic


@dataclass(frozen=True)
class RunSettings:
    libraries: tuple[str, ...] = ("torchvision",)  # added to the project's own
    library_paths: tuple[str, ...] = ()
    options: Options = field(default_factory=Options)
    write: bool = True
    want_diff: bool = False
    settings: Settings | None = None  # the project's settings (select, ignore, exclude); defaults otherwise

    def project_settings(self) -> Settings:
        base = self.settings or Settings(dialect=self.options.dialect)
        named_off = tuple(sorted({*base.named_off, *self.options.named_off}))
        return replace(base, extra_libraries=(*base.extra_libraries, *self.libraries), named_off=named_off)


@dataclass
class Report:
    """One thing the codemod says about a file: a call rewritten, a note about it, or a call left
    for a person (and why). Positions are the checker's: the finding's line and column."""

    line: int
    column: int
    message: str
    kind: Kind
    call: tuple[int, int] | None = None  # the call's span: two rewritten arguments, one call site
    cell: int | None = None  # in a notebook: the cell (1-based), and line and column in it


@dataclass
class FileResult:
    path: str
    changed: bool = False
    findings: list[Report] = field(default_factory=list)
    error: str | None = None
    diff: str | None = None
    silenced: int = 0  # legacy calls an ignore comment silences: left as they are

    @property
    def rewritten(self) -> int:
        """Call sites rewritten (a call with two legacy arguments has two reports)."""
        return len({(f.call or (f.line, f.column)) for f in self.findings if f.kind == "rewritten"})

    @property
    def reported(self) -> int:
        return sum(1 for f in self.findings if f.kind == "reported")

    def to_json(self) -> dict[str, object]:
        found = asdict(self)
        for report in found["findings"]:
            report.pop("call", None)
        return found


# One project and checker per process and settings: catalogs loaded once, shared by every file.
_CHECKERS: dict[RunSettings, Checker] = {}


def checker_for(settings: RunSettings) -> Checker:
    key = replace(settings, write=False, want_diff=False)
    if key not in _CHECKERS:
        project = Project(settings.project_settings(), settings.library_paths)
        _CHECKERS[key] = Checker(project=project, prefer_default=settings.options.prefer_default)
    return _CHECKERS[key]


def migrate_file(path: Path, settings: RunSettings) -> FileResult:
    """Never raises: a file that cannot be read, parsed or rewritten safely becomes an error result."""
    with few_collections():  # time linear in the file's size (see weightlink.workers)
        result, read, checked = _read_and_check(path, settings)
        if read is None or checked is None:
            return result
        try:
            return _migrate(result, read, checked, settings)
        except (RecursionError, MemoryError) as error:
            result.error = _unparsable(error)
        except Exception as error:  # a bug here must not stop the run or touch the file
            result.error = f"could not be migrated ({type(error).__name__}: {error}); left untouched"
        return result


def _read_and_check(path: Path, settings: RunSettings) -> tuple[FileResult, _Read | None, FileCheck | None]:
    result = FileResult(str(path))
    try:
        source = read_source(path)
        document = Document.of(source)
    except NotebookError as error:
        result.error = f"{error}; left untouched"
        return result, None, None
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as error:
        result.error = f"cannot read: {error}"
        return result, None, None
    try:
        checked = checker_for(settings).check_source(str(path), document.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        result.error = _unparsable(error)
        return result, None, None
    result.silenced = sum(1 for finding in checked.silenced if _ours(finding))
    return result, _Read(source, document), checked


@dataclass
class _Read:
    source: SourceFile  # the file as read (what a write must find unchanged)
    document: Document  # the Python checked: the file's text, or a notebook's joined cells


def _has_work(checked: FileCheck) -> bool:
    return any(_ours(finding) for finding in checked.findings)


def _ours(finding: Finding) -> bool:
    """What the codemod reports: the legacy findings (a rewrite, or why there is none) and any other
    finding with a fix."""
    fix = finding.fix
    return finding.code == WEIGHTS_LEGACY.name or (fix is not None and fix.applicability != "display")


def _migrate(result: FileResult, read: _Read, checked: FileCheck, settings: RunSettings) -> FileResult:
    source, document = read.source, read.document
    findings = [finding for finding in checked.findings if _ours(finding)]
    unsafe = settings.options.unsafe

    def recheck(text: str) -> FileCheck:
        again = checker_for(settings).check_source(str(source.path), text)
        return replace(again, findings=[finding for finding in again.findings if _ours(finding)])

    done = apply_in_passes(document.text, checked, recheck, style_for(source.path), unsafe=unsafe, findings=findings)
    text, fixed = done.text, {id(finding) for finding in done.fixed}
    result.findings = [report for finding in findings for report in _reports(document.place(finding), id(finding) in fixed, unsafe)]
    if text == document.text:
        return result
    try:
        compile(text, str(source.path), "exec", dont_inherit=True, flags=0x400)  # PyCF_ONLY_AST
    except SyntaxError as error:
        result.error = f"the rewrite would not parse ({error.msg}); left untouched"
        return result
    written = document.written(text)
    if written is None:
        result.error = "the rewrite would merge the notebook's cells; left untouched"
        return result
    result.changed = True
    if settings.want_diff:
        result.diff = _diff(document, text, str(source.path))
    if settings.write:
        try:
            write_atomic(source, written)
        except SourceError as error:
            result.changed = False
            result.error = f"not written: {error}"
    return result


def _diff(document: Document, text: str, path: str) -> str:
    """A unified diff of the file, or for a notebook one per changed cell (``a/train.ipynb:cell 3``)."""
    if document.notebook is None:
        return unified_diff(document.text, text, f"a/{path}", f"b/{path}")
    return "".join(
        unified_diff(_ended(old), _ended(new), f"a/{path}:cell {cell}", f"b/{path}:cell {cell}")
        for cell, old, new in document.notebook.changed_cells(text)
    )


def _ended(source: str) -> str:
    return source if source.endswith("\n") or not source else source + "\n"


def _reports(finding: Finding, fixed: bool, unsafe: bool) -> list[Report]:
    fix = finding.fix
    call = fix.call if fix is not None else None
    cell = finding.cell
    if fixed:
        found = [Report(finding.line, finding.column, finding.message, "rewritten", call, cell)]
        if fix is not None and fix.note:
            found.append(Report(finding.line, finding.column, fix.note, "note", call, cell))
        return found
    message = finding.unfixed or finding.message
    if fix is not None and fix.applicability == "unsafe" and not unsafe:
        why = f" ({fix.note})" if fix.note else ""
        message = f"{message}; unsafe fix, applied with --unsafe-fixes: {fix.title}{why}"
    elif fix is not None and fix.applies(unsafe):
        message = f"{message}; its fix overlaps another one: run again"
    return [Report(finding.line, finding.column, message, "reported", call, cell)]


def _unparsable(error: SyntaxError | ValueError | RecursionError | MemoryError) -> str:
    return f"{why_unparsable(error)}; skipped"


def _may_need_migration(text: str, settings: RunSettings) -> bool:
    """Whether the codemod has anything to say about ``text`` (raises what the parser raises)."""
    return _has_work(checker_for(settings).check_source("<text>", text))


# Settings of the run a forked worker screens files with (set before the workers start).
_RUN: RunSettings | None = None


def _screen(path: Path) -> tuple[FileResult, bool]:
    """Stage one, for every file: read and check it. (result, whether a fix applies: then stage two
    migrates it); a file with only calls left for a person gets its reports here."""
    assert _RUN is not None
    collect_now_and_then()
    result, read, checked = _read_and_check(path, _RUN)
    if checked is None:
        return result, False
    unsafe = _RUN.options.unsafe
    ours = [finding for finding in checked.findings if _ours(finding)]
    if any(finding.fix is not None and finding.fix.applies(unsafe) for finding in ours):
        return result, True
    document = read.document if read is not None else None
    result.findings = [report for f in ours for report in _reports(document.place(f) if document else f, False, unsafe)]
    return result, False


def _migrate_here(path: Path) -> FileResult:
    assert _RUN is not None
    return migrate_file(path, _RUN)


def migrate_files(
    paths: Sequence[Path],
    settings: RunSettings,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
    timeout: float = 300.0,
) -> Iterator[FileResult]:
    """Every file checked (on every core), then each one with something to migrate migrated in a
    child process of its own: a file that takes longer than ``timeout`` seconds costs that file,
    named with the reason, never the run. Results in the order of ``paths``."""
    global _RUN
    checker_for(settings)  # load the catalogs before forking, so every worker inherits them
    _RUN = settings
    results: list[FileResult | None] = [None] * len(paths)
    candidates: list[int] = []
    done = 0
    with few_collections():
        for index, (screened, worth) in enumerate(map_in_order(_screen, paths, jobs)):
            if worth:
                candidates.append(index)
            else:
                results[index] = screened
                done += 1
                if progress:
                    progress(done, len(paths))
    for outcome in run_isolated(_migrate_here, [paths[i] for i in candidates], jobs, timeout):
        index = candidates[outcome.index]
        results[index] = outcome.result or FileResult(str(paths[index]), error=f"{outcome.failure}; left untouched")
        done += 1
        if progress:
            progress(done, len(paths))
    for result in results:
        assert result is not None
        yield result


def terminal_progress(done: int, total: int) -> None:
    if total >= 50 and sys.stderr.isatty():
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rmigrating: {done}/{total} files{end}")
        sys.stderr.flush()

"""Migrating many files: cheap pre-filtering, one LibCST pass per candidate, parallel workers, and a
rewrite that is only written when it parses."""

from __future__ import annotations

import difflib
import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext

from codemods.migrate_pretrained.candidates import CandidateFilter
from codemods.migrate_pretrained.command import Finding, MigratePretrainedCommand, Options
from weightlink.sources import read_source, write_atomic
from weightlink.catalog import Catalog, load_catalog
from weightlink.dialect import Dialect
from weightlink.resolve.targets import Libraries


@dataclass(frozen=True)
class RunSettings:
    libraries: tuple[str, ...] = ("torchvision",)
    library_paths: tuple[str, ...] = ()
    options: Options = field(default_factory=Options)
    write: bool = True
    want_diff: bool = False


@dataclass
class FileResult:
    path: str
    changed: bool = False
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    diff: str | None = None

    @property
    def rewritten(self) -> int:
        """Call sites rewritten (a call with two legacy arguments has two findings)."""
        return len({(f.line, f.column) for f in self.findings if f.kind == "rewritten"})

    @property
    def reported(self) -> int:
        return sum(1 for f in self.findings if f.kind == "reported")

    def to_json(self) -> dict[str, object]:
        return asdict(self)


# One set of catalogs per process: loaded once, then shared by every file the process migrates.
_CATALOGS: dict[tuple[tuple[str, ...], tuple[str, ...], Dialect], list[Catalog]] = {}


def catalogs(settings: RunSettings) -> list[Catalog]:
    key = (settings.libraries, settings.library_paths, settings.options.dialect)
    if key not in _CATALOGS:
        dialect = settings.options.dialect
        _CATALOGS[key] = [load_catalog(name, paths=settings.library_paths, dialect=dialect) for name in settings.libraries]
    return _CATALOGS[key]


def migrate_file(path: Path, settings: RunSettings) -> FileResult:
    """Never raises: a file that cannot be read, parsed or rewritten safely becomes an error result."""
    result = FileResult(str(path))
    try:
        source = read_source(path)
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as error:
        result.error = f"cannot read: {error}"
        return result
    worth, model = _candidate_filter(settings).worth_migrating(source.text, str(path))
    if not worth:
        return result
    try:
        module = cst.parse_module(source.text)
    except cst.ParserSyntaxError as error:
        result.error = f"does not parse (syntax error at line {error.raw_line}); skipped"
        return result
    try:
        command = MigratePretrainedCommand(CodemodContext(filename=str(path)), catalogs(settings), settings.options)
        if model is not None:
            command.prepared = (source.text, model)
        new_code = command.transform_module(module).code
    except Exception as error:  # a bug here must not stop the run or touch the file
        result.error = f"could not be migrated ({type(error).__name__}: {error}); left untouched"
        return result
    result.findings = command.findings
    if new_code == source.text:
        return result
    try:
        compile(new_code, str(path), "exec", dont_inherit=True, flags=0x400)  # PyCF_ONLY_AST
    except SyntaxError as error:
        result.error = f"the rewrite would not parse ({error.msg}); left untouched"
        return result
    result.changed = True
    if settings.want_diff:
        result.diff = "".join(
            difflib.unified_diff(
                source.text.splitlines(keepends=True), new_code.splitlines(keepends=True), f"a/{path}", f"b/{path}"
            )
        )
    if settings.write:
        write_atomic(source, new_code)
    return result


def _may_need_migration(text: str, settings: RunSettings) -> bool:
    return _candidate_filter(settings).worth_migrating(text)[0]


def _candidate_filter(settings: RunSettings) -> CandidateFilter:
    """One per process and settings: the legacy keywords are the dialect's and every builder's own."""
    key = (settings.libraries, settings.library_paths, settings.options.dialect)
    if key not in _FILTERS:
        loaded = catalogs(settings)
        keywords = set(settings.options.dialect.legacy_keyword_map())
        for catalog in loaded:
            keywords.update(catalog.legacy_keywords())
        _FILTERS[key] = CandidateFilter(Libraries(loaded, settings.options.dialect), frozenset(keywords))
    return _FILTERS[key]


_FILTERS: dict[tuple[tuple[str, ...], tuple[str, ...], Dialect], CandidateFilter] = {}


def migrate_files(
    paths: Sequence[Path], settings: RunSettings, jobs: int, progress: Callable[[int, int], None] | None = None
) -> Iterator[FileResult]:
    catalogs(settings)  # load before forking, so every worker inherits them
    if jobs <= 1 or len(paths) < 8:
        for done, path in enumerate(paths, 1):
            yield migrate_file(path, settings)
            if progress:
                progress(done, len(paths))
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for done, result in enumerate(pool.map(migrate_file, paths, [settings] * len(paths), chunksize=chunk), 1):
            yield result
            if progress:
                progress(done, len(paths))


def terminal_progress(done: int, total: int) -> None:
    if total >= 50 and sys.stderr.isatty():
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rmigrating: {done}/{total} files{end}")
        sys.stderr.flush()

"""Migrating many files: cheap pre-filtering, one LibCST pass per candidate, parallel workers, and a
rewrite that is only written when it parses."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from libcst.codemod import CodemodContext

from codemods.migrate_pretrained.candidates import CandidateFilter
from codemods.migrate_pretrained.diff import unified_diff
from codemods.migrate_pretrained.command import Finding, MigratePretrainedCommand, Options
from codemods.migrate_pretrained.splice import CannotEdit, migrate_text
from weightlink.sources import SourceError, SourceFile, read_source, why_unparsable, write_atomic
from weightlink.workers import collect_now_and_then, few_collections, map_in_order, run_isolated
from weightlink.catalog import Catalog, load_catalog
from weightlink.catalog.timm import load_timm_catalog
from weightlink.catalog.timm_reader import TimmCatalog
from weightlink.dialect import Dialect
from weightlink.resolve.model import FileModel
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


_TIMM: dict[tuple[str, ...], TimmCatalog] = {}


def timm_catalog(settings: RunSettings) -> TimmCatalog | None:
    """timm's catalog, once per process, unless the project turned timm off."""
    if not settings.options.timm:
        return None
    if settings.library_paths not in _TIMM:
        _TIMM[settings.library_paths] = load_timm_catalog(settings.library_paths)
    return _TIMM[settings.library_paths]


def migrate_file(path: Path, settings: RunSettings) -> FileResult:
    """Never raises: a file that cannot be read, parsed or rewritten safely becomes an error result."""
    with few_collections():  # time linear in the file's size (see weightlink.workers)
        return _migrate_file(path, settings)


def _read_and_screen(path: Path, settings: RunSettings) -> tuple[FileResult, SourceFile | None, FileModel | None]:
    """Read the file and ask the pre-filter: (result, source, the resolver's model when LibCST must
    see the file). A file that cannot be read or parsed is an error result, never an exception."""
    result = FileResult(str(path))
    try:
        source = read_source(path)
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as error:
        result.error = f"cannot read: {error}"
        return result, None, None
    try:
        worth, model = _candidate_filter(settings).worth_migrating(source.text, str(path))
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        result.error = _unparsable(error)
        return result, None, None
    return result, source, model if worth else None


def _migrate_file(path: Path, settings: RunSettings) -> FileResult:
    result, source, model = _read_and_screen(path, settings)
    if source is None or model is None:
        return result
    command = MigratePretrainedCommand(
        CodemodContext(filename=str(path)), catalogs(settings), settings.options, timm=timm_catalog(settings)
    )
    try:
        new_code = migrate_text(command, source.text, model)
    except CannotEdit as error:
        result.error = f"{error}; left untouched"
        return result
    except (RecursionError, MemoryError) as error:
        result.error = _unparsable(error)
        return result
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
        result.diff = unified_diff(source.text, new_code, f"a/{path}", f"b/{path}")
    if settings.write:
        try:
            write_atomic(source, new_code)
        except SourceError as error:
            result.changed = False
            result.error = f"not written: {error}"
    return result


def _unparsable(error: SyntaxError | ValueError | RecursionError | MemoryError) -> str:
    return f"{why_unparsable(error)}; skipped"


def _may_need_migration(text: str, settings: RunSettings) -> bool:
    return _candidate_filter(settings).worth_migrating(text)[0]


def _candidate_filter(settings: RunSettings) -> CandidateFilter:
    """One per process and settings: the legacy keywords are the dialect's and every builder's own."""
    key = (settings.libraries, settings.library_paths, settings.options.dialect, settings.options.timm)
    if key not in _FILTERS:
        loaded = catalogs(settings)
        keywords = set(settings.options.dialect.legacy_keyword_map())
        for catalog in loaded:
            keywords.update(catalog.legacy_keywords())
        libraries = Libraries(loaded, settings.options.dialect, timm_catalog(settings))
        _FILTERS[key] = CandidateFilter(libraries, frozenset(keywords))
    return _FILTERS[key]


_FILTERS: dict[tuple[tuple[str, ...], tuple[str, ...], Dialect, bool], CandidateFilter] = {}


# Settings of the run a forked worker screens files with (set before the workers start).
_RUN: RunSettings | None = None


def _screen(path: Path) -> tuple[FileResult, bool]:
    """Stage one, for every file: read it and ask the pre-filter. (result, whether LibCST must see it)."""
    assert _RUN is not None
    collect_now_and_then()
    result, _, model = _read_and_screen(path, _RUN)
    return result, model is not None


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
    """Every file screened (cheaply, on every core), then each candidate migrated in a child process
    of its own: a file that crashes LibCST's parser, or takes longer than ``timeout`` seconds, costs
    that file, named with the reason, and never the run. Results in the order of ``paths``."""
    global _RUN
    catalogs(settings)  # load before forking, so every worker inherits them
    timm_catalog(settings)
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

"""Checking files: read each one, skip what cannot concern a model library, parse, check, and drop
what the user silenced. A file that cannot be read or parsed is named; the others are still checked."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from weightlink.catalog import Catalog, load_catalog
from weightlink.catalog.timm import load_timm_catalog
from weightlink.check.calls import FileCalls
from weightlink.resolve.targets import Libraries
from weightlink.rules.timm import FUNCTION_NAMES
from weightlink.check.findings import Finding
from weightlink.config import Settings
from weightlink.sources import discover, parse_python, read_source, source_lines, why_unparsable
from weightlink.workers import collect_now_and_then, few_collections, map_in_order

# ``# weightlink: ignore`` / ``# weightlink: ignore[weights-legacy, model-unknown]``, and mypy's
# ``# type: ignore[...]`` (a line the plugin is told to ignore is ignored here too).
_IGNORE = re.compile(r"#\s*(?:weightlink|type):\s*ignore(?:\[(?P<codes>[\w\-, ]+)\])?")


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    files: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]


class Checker:
    def __init__(self, settings: Settings, library_paths: Sequence[str] = ()) -> None:
        self.settings = settings
        self.catalogs: list[Catalog] = [
            load_catalog(library, paths=library_paths, dialect=settings.dialect) for library in settings.libraries
        ]
        timm = load_timm_catalog(library_paths) if settings.timm else None
        self.libraries = Libraries(self.catalogs, settings.dialect, timm)
        self._mentions = tuple(catalog.library for catalog in self.catalogs) + ("hub.load",) + (FUNCTION_NAMES if timm else ())

    def check_text(self, path: str, text: str) -> list[Finding]:
        """Raises SyntaxError (or ValueError for a NUL byte) for source that does not parse."""
        if not any(word in text for word in self._mentions):
            return []
        tree = parse_python(text, filename=path)
        found = FileCalls(path, self.libraries.model(tree, text, path), self.libraries).check()
        lines = source_lines(text)
        disabled = _disabled_codes(lines)
        ignores = _LineIgnores(lines)
        return sorted(
            (f for f in found if self._selected(f.code) and not ignores.silences(f) and not _covered(f.code, disabled)),
            key=lambda f: (f.line, f.column, f.code, f.message),
        )

    def check_files(self, paths: Iterable[Path], jobs: int = 1) -> CheckResult:
        global _WORKER_CHECKER
        files = list(paths)
        result = CheckResult(files=len(files))
        _WORKER_CHECKER = self  # what forked workers check with (see `_check_in_worker`)
        with few_collections():
            for findings, unreadable in map_in_order(_check_in_worker, files, jobs):
                result.findings.extend(findings)
                if unreadable is not None:
                    result.unreadable.append(unreadable)
        return result

    def check_file(self, path: Path) -> tuple[list[Finding], tuple[str, str] | None]:
        """(findings, None), or ([], (path, why)) for a file that cannot be read or parsed."""
        try:
            source = read_source(path)
            return self.check_text(str(path), source.text), None
        except (OSError, UnicodeDecodeError, LookupError) as error:
            return [], (str(path), f"cannot read: {error}")
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            return [], (str(path), why_unparsable(error))

    def _selected(self, code: str) -> bool:
        selected = not self.settings.select or code in self.settings.select
        return selected and code not in self.settings.ignore


_WORKER_CHECKER: Checker | None = None


def _check_in_worker(path: Path) -> tuple[list[Finding], tuple[str, str] | None]:
    assert _WORKER_CHECKER is not None
    collect_now_and_then()
    return _WORKER_CHECKER.check_file(path)


class _LineIgnores:
    """The ignore comment of each line a finding is on, read once per line: a generated line can
    hold thousands of calls, and searching it once per finding would be quadratic."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.read: dict[int, set[str] | None] = {}  # line -> the codes it silences; None: all

    def silences(self, finding: Finding) -> bool:
        if finding.line not in self.read:
            self.read[finding.line] = self._codes(finding.line)
        codes = self.read[finding.line]
        return codes is None or _covered(finding.code, codes)

    def _codes(self, number: int) -> set[str] | None:
        line = self.lines[number - 1] if 0 < number <= len(self.lines) else ""
        match = _IGNORE.search(line) if "ignore" in line else None
        if match is None:
            return set()
        codes = match.group("codes")
        return None if codes is None else {code.strip() for code in codes.split(",")}


def _covered(code: str, listed: set[str]) -> bool:
    # weights-legacy is a sub-code of mypy's deprecated: naming the parent covers it, as in mypy.
    return code in listed or (code == "weights-legacy" and "deprecated" in listed)


def _disabled_codes(lines: list[str]) -> set[str]:
    """Codes a file turns off for itself: ``# mypy: disable-error-code="weights-legacy"``."""
    found: set[str] = set()
    for line in lines:
        match = _FILE_DISABLE.match(line)
        if match:
            found.update(code.strip() for code in match.group("codes").split(","))
    return found


_FILE_DISABLE = re.compile(r"\s*#\s*(?:mypy|weightlink):.*disable-error-code\s*=\s*[\"']?(?P<codes>[\w\-, ]+)")


def check_paths(
    paths: Sequence[Path],
    settings: Settings,
    *,
    library_paths: Sequence[str] = (),
    respect_gitignore: bool = True,
    jobs: int = 1,
) -> CheckResult:
    files = discover(paths, ["*.py"], list(settings.exclude), respect_gitignore=respect_gitignore)
    return Checker(settings, library_paths).check_files(files, jobs=jobs)

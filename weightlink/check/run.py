"""Checking files: read each one, skip what cannot concern a model library, parse, check, and drop
what the user silenced. A file that cannot be read or parsed is named; the others are still checked."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from weightlink.check.calls import FileCalls
from weightlink.config import Settings
from weightlink.documents import Document
from weightlink.findings import Finding
from weightlink.notebooks import NotebookError
from weightlink.project import Project
from weightlink.sources import parse_python, read_source, source_lines, why_unparsable
from weightlink.workers import collect_now_and_then, few_collections, map_in_order

# ``# weightlink: ignore`` / ``# weightlink: ignore[weights-legacy, model-unknown]``, and mypy's
# ``# type: ignore[...]`` (a line the plugin is told to ignore is ignored here too).
_IGNORE = re.compile(r"#\s*(?:weightlink|type):\s*ignore(?:\[(?P<codes>[\w\-, ]+)\])?")


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    files: int = 0
    silenced: int = 0  # findings an ignore comment or a file's disable-error-code hid

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]


@dataclass
class FileCheck:
    """One text checked: the findings to report, those the user silenced, and the parse they came
    from (a fix needs it); ``tree`` is None when nothing in the text concerns a model library."""

    findings: list[Finding] = field(default_factory=list)
    silenced: list[Finding] = field(default_factory=list)
    tree: ast.Module | None = None


class Checker:
    def __init__(
        self,
        settings: Settings | None = None,
        library_paths: Sequence[str] = (),
        *,
        project: Project | None = None,
        prefer_default: bool = False,
    ) -> None:
        self.project = project if project is not None else Project(settings or Settings(), library_paths)
        self.settings = self.project.settings
        self.prefer_default = prefer_default
        libraries = self.project.libraries
        self.libraries = libraries
        self.catalogs = libraries.catalogs
        self._mentions = tuple(c.library for c in self.catalogs) + ("hub.load",)
        self._mentions += tuple(word for loaded in libraries.named for word in loaded.library.screen)

    def check_text(self, path: str, text: str) -> list[Finding]:
        """Raises SyntaxError (or ValueError for a NUL byte) for source that does not parse."""
        return self.check_source(path, text).findings

    def check_source(self, path: str, text: str) -> FileCheck:
        """The findings of ``text``, each with its fix, split into reported and silenced. Raises
        SyntaxError (or ValueError for a NUL byte) for source that does not parse."""
        if not any(word in text for word in self._mentions):
            return FileCheck()
        tree = parse_python(text, filename=path)
        model = self.libraries.model(tree, text, path)
        found = FileCalls(path, model, self.libraries, prefer_default=self.prefer_default).check()
        lines = source_lines(text)
        disabled = _disabled_codes(lines)
        ignores = _LineIgnores(lines)
        result = FileCheck(tree=tree)
        for finding in sorted(found, key=lambda f: (f.line, f.column, f.code, f.message)):
            if not self._selected(finding.code):
                continue
            if ignores.silences(finding) or _covered(finding.code, disabled):
                result.silenced.append(replace(finding, silenced=True))
            else:
                result.findings.append(finding)
        return result

    def check_files(self, paths: Iterable[Path], jobs: int = 1) -> CheckResult:
        global _WORKER_CHECKER
        files = list(paths)
        result = CheckResult(files=len(files))
        _WORKER_CHECKER = self  # what forked workers check with (see `_check_in_worker`)
        with few_collections():
            for findings, silenced, unreadable in map_in_order(_check_in_worker, files, jobs):
                result.findings.extend(findings)
                result.silenced += silenced
                if unreadable is not None:
                    result.unreadable.append(unreadable)
        return result

    def check_file(self, path: Path) -> tuple[list[Finding], int, tuple[str, str] | None]:
        """(findings, how many were silenced, None), or ([], 0, (path, why)) for a file that cannot
        be read or parsed."""
        try:
            document = Document.of(read_source(path))
            checked = self.check_source(str(path), document.text)
            return [document.place(f) for f in checked.findings], len(checked.silenced), None
        except NotebookError as error:
            return [], 0, (str(path), str(error))
        except (OSError, UnicodeDecodeError, LookupError) as error:
            return [], 0, (str(path), f"cannot read: {error}")
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            return [], 0, (str(path), why_unparsable(error))

    def _selected(self, code: str) -> bool:
        selected = not self.settings.select or code in self.settings.select
        return selected and code not in self.settings.ignore


_WORKER_CHECKER: Checker | None = None


def _check_in_worker(path: Path) -> tuple[list[Finding], int, tuple[str, str] | None]:
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
    force_exclude: bool = False,
    jobs: int = 1,
    project: Project | None = None,
) -> CheckResult:
    project = project if project is not None else Project(settings, library_paths)
    files = project.files(paths, respect_gitignore=respect_gitignore, force_exclude=force_exclude)
    return Checker(project=project).check_files(files, jobs=jobs)

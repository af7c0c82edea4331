"""docs/type-checkers.md, checked: the stubs under every type checker it names, configured as it says.

Each checker runs once with the page's configuration for it (the first titled configuration block of
its section, written as that file) over the page's example for it and tests/type_checker_cases.py,
with the command the page shows as the title of the example's output (plus the flag that points it
at the environment), and once the same way without the configuration file; basedpyright, ty and
pyrefly also run on the example alone, for the exit code a deprecation warning gives. The
environment is tests/test_stubs.py's: the stubs of stubs/ installed with pip beside torchvision. The
case file's markers (``# caught``, ``# caught as deprecated``, ``; missed: ...``, ``# silenced: ...``)
say which checker must report which line; a line without one must get no report at all. The page's
summary table is checked against the same markers, so page, case file and runs have one source.
All runs go side by side: about 30 s on 2 cores, mypy's two cold runs being most of it.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tokenize
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from test_docs import read_blocks
from test_stubs import stubs_environment

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "type-checkers.md"
CASES = Path(__file__).with_name("type_checker_cases.py")
CHECKERS = ("mypy", "pyright", "basedpyright", "pyrefly", "ty", "zuban")
# The page's heading of each checker's section.
SECTIONS = {
    "mypy": "mypy without the plugin",
    "pyright": "pyright and Pylance",
    "basedpyright": "basedpyright",
    "pyrefly": "pyrefly",
    "ty": "ty",
    "zuban": "zuban",
}
# What a checker does with a deprecated call when it has no configuration file (the page says so):
# "off" reports nothing, "warning" reports a warning, "nothing" reports nothing at all, not even an
# error (pyrefly's preset for unconfigured projects).
UNCONFIGURED = {
    "mypy": "off",
    "pyright": "off",
    "basedpyright": "warning",
    "pyrefly": "nothing",
    "ty": "warning",
    "zuban": "off",
}


# -- the case file's markers --------------------------------------------------------------------


@dataclass(frozen=True)
class Marked:
    line: int
    code: str
    reported_by: frozenset[str]  # the checkers that must report an error on the line
    deprecated: bool  # reported through a @deprecated overload (only with deprecation reports on)
    silenced: bool  # an ignore comment's line, not a case


_CAUGHT = re.compile(r"^caught( as deprecated)?(?:; missed: (?P<missed>[\w, ]+))?$")
_SILENCED = re.compile(r"^silenced: (?P<silenced>[\w, ]+)$")


def _names(text: str, line: int) -> frozenset[str]:
    names = frozenset(name.strip() for name in text.split(","))
    assert names <= set(CHECKERS), f"type_checker_cases.py:{line}: unknown checker in {text!r}"
    return names


def marked_lines(source: str) -> dict[int, Marked]:
    """Every line with a marker, from the comments of the case file (its docstring is no comment)."""
    lines = source.splitlines()
    marked: dict[int, Marked] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        line = token.start[0]
        marker = token.string.split("#")[-1].strip()
        code = lines[line - 1][: token.start[1]].strip()
        caught, silenced = _CAUGHT.match(marker), _SILENCED.match(marker)
        if caught:
            missed = _names(caught["missed"], line) if caught["missed"] else frozenset()
            marked[line] = Marked(line, code, frozenset(CHECKERS) - missed, bool(caught.group(1)), False)
        elif silenced:
            marked[line] = Marked(line, code, frozenset(CHECKERS) - _names(silenced["silenced"], line), True, True)
    return marked


MARKED = marked_lines(CASES.read_text(encoding="utf-8"))
CASE_LINES = {line: mark for line, mark in MARKED.items() if not mark.silenced}


def expected_errors(checker: str) -> set[int]:
    return {line for line, mark in MARKED.items() if checker in mark.reported_by}


def caught(checker: str) -> int:
    return sum(checker in mark.reported_by for mark in CASE_LINES.values())


# -- the page ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One checker's section: its configuration file, its example, and the command and output shown."""

    config_name: str
    config: str
    example_name: str
    example: str
    command: str
    shown: list[str]


_TITLED = re.compile(r'^\{\.(?P<language>\w+) title="(?P<title>[^"]+)"\}$')


def page_sections(page: Path = PAGE) -> dict[str, Section]:
    text = page.read_text(encoding="utf-8").splitlines()
    headings = [(index + 1, line[3:].strip()) for index, line in enumerate(text) if line.startswith("## ")]
    sections: dict[str, Section] = {}
    for checker, heading in SECTIONS.items():
        starts = [line for line, title in headings if title == heading]
        assert len(starts) == 1, f"{page.name}: one section '## {heading}' expected"
        end = min([line for line, _ in headings if line > starts[0]], default=len(text) + 1)
        titled = [
            (match["language"], match["title"], block)
            for block in read_blocks(page)
            if starts[0] < block.first_line < end and (match := _TITLED.match(block.language))
        ]
        configs = [(title, block.code) for language, title, block in titled if language not in ("python", "text")]
        examples = [(title, block.code) for language, title, block in titled if language == "python"]
        outputs = [(title, block.code) for language, title, block in titled if language == "text"]
        assert configs and len(examples) == 1 and len(outputs) == 1, f"{page.name}: section '{heading}'"
        sections[checker] = Section(
            configs[0][0], configs[0][1] + "\n", examples[0][0], examples[0][1] + "\n", outputs[0][0],
            outputs[0][1].splitlines(),
        )
    return sections


# -- running the checkers ------------------------------------------------------------------------


@dataclass
class Report:
    file: str
    line: int
    severity: str  # "error", "warning" or "info"
    shown: list[str]  # the lines the checker printed for it, as the page shows them


@dataclass
class Run:
    returncode: int
    reports: list[Report] = field(default_factory=list)

    def lines(self, file: str, severity: str | None = None) -> set[int]:
        return {r.line for r in self.reports if r.file == file and (severity is None or r.severity == severity)}


_SEVERITY = {"note": "info", "information": "info", "INFO": "info", "WARN": "warning", "ERROR": "error"}


def _shorten_signature(message: str) -> str:
    """mypy and zuban name a deprecated overload by its whole signature; the page shows ``(...)``."""
    return re.sub(r"^overload def \(.*\) -> \S+ of function ", "overload def (...) of function ", message)


def _parse_mypy(stdout: str, project: Path) -> list[Report]:
    reports = []
    for line in stdout.splitlines():
        match = re.match(r"^(?P<file>[^:\s]+\.py):(?P<line>\d+): (?P<severity>error|warning|note): (?P<message>.*)$", line)
        if match:
            shown = f"{match['file']}:{match['line']}: {match['severity']}: {_shorten_signature(match['message'])}"
            reports.append(Report(match["file"], int(match["line"]), _SEVERITY.get(match["severity"], match["severity"]), [shown]))
    return reports


def _parse_pyright(stdout: str, project: Path) -> list[Report]:
    """pyright's text output: a report's first line (indented two spaces, absolute path), then the
    message's further lines, indented two more (no-break spaces). The page drops the folder and the
    first two spaces of each line, and shows plain spaces."""
    reports: list[Report] = []
    pattern = r"^  (?P<path>\S.*?\.py):(?P<line>\d+):(?P<column>\d+) - (?P<severity>error|warning|information): (?P<message>.*)$"
    for line in stdout.replace("\u00a0", " ").splitlines():
        match = re.match(pattern, line)
        if match:
            file = Path(match["path"]).relative_to(project.resolve()).as_posix()
            shown = f"{file}:{match['line']}:{match['column']} - {match['severity']}: {match['message']}"
            reports.append(Report(file, int(match["line"]), _SEVERITY.get(match["severity"], match["severity"]), [shown]))
        elif line.startswith("    ") and reports:
            reports[-1].shown.append(line[2:].rstrip())
    return reports


def _parse_pyrefly(stdout: str, project: Path) -> list[Report]:
    reports = []
    for line in stdout.splitlines():
        match = re.match(r"^\s*(?P<severity>ERROR|WARN|INFO) (?P<file>[^:\s]+\.py):(?P<line>\d+):\S+ ", line)
        if match:
            reports.append(Report(match["file"], int(match["line"]), _SEVERITY[match["severity"]], [line.strip()]))
    return reports


def _parse_ty(stdout: str, project: Path) -> list[Report]:
    reports = []
    for line in stdout.splitlines():
        match = re.match(r"^(?P<file>[^:\s]+\.py):(?P<line>\d+):\d+: (?P<severity>error|warning|info)\[", line)
        if match:
            reports.append(Report(match["file"], int(match["line"]), match["severity"], [line]))
    return reports


@dataclass(frozen=True)
class Checker:
    program: Callable[[], list[str]]  # how to start it from this interpreter's environment
    subcommands: int  # words of the page's command kept before the environment flag ("check")
    environment: Callable[[Path], list[str]]  # the flag that points it at the environment's python
    parse: Callable[[str, Path], list[Report]]


def _script(name: str) -> Callable[[], list[str]]:
    def program() -> list[str]:
        found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
        if found is None:
            pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
        return [found]

    return program


def _mypy() -> list[str]:
    pytest.importorskip("mypy")
    return [sys.executable, "-m", "mypy"]


RUNNERS = {
    "mypy": Checker(_mypy, 0, lambda python: ["--python-executable", str(python)], _parse_mypy),
    "pyright": Checker(_script("pyright"), 0, lambda python: ["--pythonpath", str(python)], _parse_pyright),
    "basedpyright": Checker(_script("basedpyright"), 0, lambda python: ["--pythonpath", str(python)], _parse_pyright),
    "pyrefly": Checker(_script("pyrefly"), 1, lambda python: ["--python-interpreter-path", str(python)], _parse_pyrefly),
    "ty": Checker(_script("ty"), 1, lambda python: ["--python", str(python)], _parse_ty),
    "zuban": Checker(_script("zuban"), 1, lambda python: ["--python-executable", str(python)], _parse_mypy),
}


def _command(checker: str, section: Section, python: Path, files: list[str]) -> list[str]:
    """The page's command, started from this environment, pointed at the stubs' environment, with
    ``files`` after the page's file."""
    runner = RUNNERS[checker]
    words = shlex.split(section.command)
    assert words[0] == checker, f"{PAGE.name}: the output of the {checker} example is titled {section.command!r}"
    rest = words[1:]
    environment = runner.environment(python)
    if checker == "mypy":
        environment += ["--cache-dir", ".mypy_cache"]
    return [*runner.program(), *rest[: runner.subcommands], *environment, *rest[runner.subcommands :], *files]


# The runs besides the configured one, each a project folder of its own: "bare" is the same run
# without the configuration file; "warning" runs the page's example alone with no configuration (an
# empty one for pyrefly, which is silent without one), where the legacy call is a warning: the page
# says which exit code that gives.
WARNING_RUNS = {"basedpyright": (None, 1), "ty": (None, 1), "pyrefly": ("", 0)}  # config, exit code


def _run(checker: str, section: Section, python: Path, project: Path, config: str | None, with_cases: bool) -> Run:
    project.mkdir(parents=True)
    shutil.copy(CASES, project / CASES.name)
    (project / section.example_name).write_text(section.example, encoding="utf-8")
    if config is not None:
        (project / section.config_name).write_text(config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "MYPYPATH")}
    command = _command(checker, section, python, [CASES.name] if with_cases else [])
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode in (0, 1), f"{' '.join(command)}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return Run(result.returncode, RUNNERS[checker].parse(result.stdout, project))


@functools.cache
def runs() -> dict[tuple[str, str], Run]:
    """(checker, "configured" / "bare" / "warning") -> its run; all side by side, mypy's (the slow
    ones) first."""
    base, python, _ = stubs_environment()
    sections = page_sections()
    for checker in CHECKERS:
        RUNNERS[checker].program()  # skips the module's tests if one is missing
    planned: dict[tuple[str, str], tuple[str | None, bool]] = {}
    for checker in CHECKERS:
        planned[(checker, "configured")] = (sections[checker].config, True)
        planned[(checker, "bare")] = (None, True)
    for checker, (config, _) in WARNING_RUNS.items():
        planned[(checker, "warning")] = (config, False)
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            (checker, kind): pool.submit(
                _run, checker, sections[checker], python, base / "type-checkers" / f"{checker}-{kind}", config, with_cases
            )
            for (checker, kind), (config, with_cases) in planned.items()
        }
        return {key: future.result() for key, future in futures.items()}


# -- the tests ----------------------------------------------------------------------------------


def test_the_case_file_has_its_cases() -> None:
    assert len(CASE_LINES) >= 20
    assert any(mark.deprecated for mark in CASE_LINES.values()) and any(not mark.deprecated for mark in CASE_LINES.values())
    assert sum(1 for mark in MARKED.values() if mark.silenced) >= 5


@pytest.mark.parametrize("checker", CHECKERS)
def test_configured_checker_reports_exactly_the_expected_lines(checker: str) -> None:
    """Every caught line is an error, every known miss and every silenced line is not, and nothing is
    reported on any other line (a false positive), warnings included."""
    run = runs()[(checker, "configured")]
    errors = run.lines(CASES.name, "error")
    expected = expected_errors(checker)
    missing = sorted(expected - errors)
    unexpected = sorted(errors - expected)
    assert not missing, "not reported any more: " + "; ".join(f"{line}: {MARKED[line].code}" for line in missing)
    assert not unexpected, "reported, but marked missed or silenced: " + "; ".join(f"{line}: {MARKED[line].code}" for line in unexpected)
    noise = sorted(run.lines(CASES.name) - expected)
    assert not noise, "reports on lines that must be clean: " + "; ".join(
        f"{r.line}: {r.shown[0]}" for r in run.reports if r.file == CASES.name and r.line in noise
    )
    assert run.returncode == 1


@pytest.mark.parametrize("checker", CHECKERS)
def test_unconfigured_checker_reports_what_the_page_says(checker: str) -> None:
    """Without a configuration file: mypy, pyright and zuban report no deprecation; basedpyright and
    ty report each as a warning; pyrefly reports nothing at all, not even the wrong Enum."""
    run = runs()[(checker, "bare")]
    mode = UNCONFIGURED[checker]
    if mode == "nothing":
        assert not run.reports, [r.shown[0] for r in run.reports]
        assert run.returncode == 0
        return
    deprecated = {line for line in expected_errors(checker) if MARKED[line].deprecated}
    assert run.lines(CASES.name, "error") == expected_errors(checker) - deprecated
    assert run.lines(CASES.name, "warning") - expected_errors(checker) == set(), "warnings on clean lines"
    if mode == "warning":
        assert deprecated <= run.lines(CASES.name, "warning")
    else:
        assert not deprecated & run.lines(CASES.name)


@pytest.mark.parametrize("checker", sorted(WARNING_RUNS))
def test_a_deprecation_warning_and_its_exit_code(checker: str) -> None:
    """basedpyright and ty without configuration, pyrefly with an empty one: the page's legacy call is
    a warning, which fails the run for basedpyright and ty (exit code 1) but not for pyrefly (0)."""
    section = page_sections()[checker]
    configured = runs()[(checker, "configured")].lines(section.example_name, "error")
    run = runs()[(checker, "warning")]
    assert configured and run.lines(section.example_name) == run.lines(section.example_name, "warning") == configured
    assert run.returncode == WARNING_RUNS[checker][1]


@pytest.mark.parametrize("checker", CHECKERS)
def test_the_page_shows_what_the_checker_prints(checker: str) -> None:
    section = page_sections()[checker]
    run = runs()[(checker, "configured")]
    printed = [line for report in run.reports if report.file == section.example_name for line in report.shown]
    assert [line.rstrip() for line in section.shown] == printed, f"{PAGE.name}: the {checker} example"


def _summary_rows() -> dict[str, list[str]]:
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Summary")
    rows: dict[str, list[str]] = {}
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("| ") and not line.startswith("| Checker") and not line.startswith("|---"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            name = re.match(r"[\w]+", cells[0].strip("`*"))
            assert name is not None, line
            rows[name.group()] = cells
    return rows


def test_the_summary_table_counts_the_case_file() -> None:
    """Columns: checker, setting, caught (``N/TOTAL``), what it misses, without the setting (``N/TOTAL``,
    the errors of the unconfigured run)."""
    rows = _summary_rows()
    assert sorted(rows) == sorted(CHECKERS)
    total = len(CASE_LINES)
    assert f"{total} legacy and wrong calls" in PAGE.read_text(encoding="utf-8")
    wrong = []
    for checker in CHECKERS:
        cells = rows[checker]
        if not cells[2].startswith(f"{caught(checker)}/{total}"):
            wrong.append(f"{checker}: caught {cells[2]!r}, the case file says {caught(checker)}/{total}")
        bare = len(runs()[(checker, "bare")].lines(CASES.name, "error") & CASE_LINES.keys())
        if not cells[4].startswith(f"{bare}/{total}"):
            wrong.append(f"{checker}: without the setting {cells[4]!r}, measured {bare}/{total} errors")
    assert not wrong, "\n".join(wrong)

"""``weightlink check`` agrees with the mypy plugin on the project's shared case files (the plugin
demo, the real-code excerpts, tests/shared_cases, the plugin page's and the checker page's examples): every checker finding is a plugin
finding with the same code and message on the same line, and the checker finds every plugin
finding that names and literals decide."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_docs import titled_files
from tests.test_docs_mypy_plugin import PAGE, read_examples
from weightlink.check.run import Checker
from weightlink.config import Settings
from weightlink.rules import messages
from weightlink.rules.codes import CODES, MYPY_CODES

ROOT = Path(__file__).resolve().parents[1]
CODE_NAMES = {code.name for code in (*CODES, *MYPY_CODES)}
_MYPY_LINE = re.compile(r"^(?P<file>[\w.]+\.py):(?P<line>\d+): (?P<severity>error|note): (?P<message>.*?)(?:  \[(?P<code>[\w-]+)\])?$")

# Plugin findings that need types, not names and literals: a parameter annotated with another Enum.
TYPE_DECIDED = {("weights_mismatch.py", 17)} | {
    # Builders picked from a dict, a conditional or a loop: their types say which, names do not.
    ("legacy_picked_at_run_time.py", line) for line in (9, 11, 13)
}
# Undecidable for mypy (docs/checker.md, "Undecidable calls"): a builder picked at run time
# (``models.__dict__[arch](pretrained=True)``) is an Any being called. The checker notes each such
# legacy call, as the codemod reports it; the plugin cannot see it.
RUN_TIME_BUILDER = {messages.dynamic_builder_call(keyword) for keyword in ("pretrained", "pretrained_backbone")} | {
    messages.compat_branch_left("torchvision", version, picked_at_run_time=True) for version in (None, "0.13")
}

Report = tuple[str, int, str, str]  # file, line, severity, message


@pytest.fixture(scope="module")
def case_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cases")
    cases = ("examples/plugin_demo", "tests/real_code", "tests/shared_cases")
    # The codemod's fixtures of calls every front end must leave alone and say why.
    fixtures = [ROOT / "tests" / "codemod_fixtures" / f"{name}.py" for name in ("compat_fallbacks", "meta_legacy")]
    for source in [*(path for case in cases for path in (ROOT / case).glob("*.py")), *fixtures]:
        shutil.copy(source, folder / source.name)
    for example in read_examples(PAGE):
        (folder / example.name).write_text(example.code)
    (folder / "checker_page.py").write_text(_checker_page_example())
    return folder


def _checker_page_example() -> str:
    """The file docs/checker.md checks first, ``train.py``."""
    return titled_files(ROOT / "docs" / "checker.md")["train.py"]


@pytest.fixture(scope="module")
def plugin_reports(case_folder: Path) -> set[Report]:
    config = "[mypy]\nplugins = mypy_plugin\ncheck_untyped_defs = True\nstrict_equality = True\n\n[weightlink]\nlibraries = torchgeo\n"
    (case_folder / "mypy.ini").write_text(config)
    files = sorted(p.name for p in case_folder.glob("*.py"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--cache-dir", str(case_folder / ".cache"), *files],
        cwd=case_folder, capture_output=True, text=True, check=False,
    )
    found = set()
    for line in result.stdout.splitlines():
        match = _MYPY_LINE.match(line)
        if match is None:
            continue
        ours = match["code"] in CODE_NAMES
        # mypy prints notes without their code: the plugin's two notes by their wording.
        message = match["message"]
        compat_note = match["severity"] == "note" and (message.startswith("compatibility branch for ") or "before weights=" in message)
        if ours or compat_note:
            found.add((match["file"], int(match["line"]), match["severity"], match["message"]))
    return found


@pytest.fixture(scope="module")
def checker_reports(case_folder: Path) -> set[Report]:
    checker = Checker(Settings(extra_libraries=("tinyzoo", "torchgeo")))
    found = set()
    for path in sorted(case_folder.glob("*.py")):
        for finding in checker.check_text(path.name, path.read_text()):
            found.add((finding.path, finding.line, finding.severity, finding.message))
    return found


def test_every_checker_finding_is_a_plugin_finding(plugin_reports: set[Report], checker_reports: set[Report]) -> None:
    assert {r for r in checker_reports - plugin_reports if r[3] not in RUN_TIME_BUILDER} == set()


def test_builders_picked_at_run_time_are_noted_by_the_checker_only(checker_reports: set[Report]) -> None:
    noted = {(file, line) for file, line, _, message in checker_reports if message in RUN_TIME_BUILDER}
    assert {("dynamic_builders.py", 11), ("dynamic_builders.py", 14)} <= noted


def test_the_checker_finds_what_names_and_literals_decide(plugin_reports: set[Report], checker_reports: set[Report]) -> None:
    missed = {r for r in plugin_reports - checker_reports if (r[0], r[1]) not in TYPE_DECIDED}
    assert missed == set()
    assert len(checker_reports) >= 70  # the case files really exercise every code

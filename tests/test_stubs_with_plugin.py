"""The stubs and the mypy plugin together: the plugin's results stay what they are without the stubs,
and no mistake of the case file (tests/test_stubs.py) is reported twice.

Two mypy runs with ``plugins = mypy_plugin`` over the same case file, side by side: one in the
environment with the stubs installed (as tests/test_stubs.py builds it), one in this interpreter's
own environment, which has none.
"""

from __future__ import annotations

import functools
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_stubs import (
    MISTAKES,
    Report,
    _run_mypy,
    _write_project,
    stubs_environment,
)

PLUGIN_INI = """\
[mypy]
plugins = mypy_plugin
strict = True
enable_error_code = deprecated
"""

# The plugin's own codes (weightlink.rules.codes): what "the plugin's results" are.
_PLUGIN_CODE = re.compile(r"\[(weights-[a-z-]+|model-unknown)\]$")


@functools.cache
def plugin_runs() -> tuple[dict[int, str], list[Report], list[Report]]:
    """(case line -> code, reports with the stubs, reports without them)."""
    base, stubs_python, _ = stubs_environment()

    def run(name: str, python: Path) -> tuple[dict[int, str], list[Report]]:
        project = base / f"plugin-{name}"
        project.mkdir()
        _, case_lines = _write_project(project, {})
        return {line: case.code for line, case in case_lines.items()}, _run_mypy(project, python, ["cases.py"], PLUGIN_INI)

    with ThreadPoolExecutor(max_workers=2) as pool:
        with_stubs = pool.submit(run, "with-stubs", stubs_python)
        without_stubs = pool.submit(run, "without-stubs", Path(sys.executable))
        lines, with_reports = with_stubs.result()
        return lines, with_reports, without_stubs.result()[1]


def _errors(reports: list[Report], line: int) -> list[str]:
    return [r.message for r in reports if r.file == "cases.py" and r.line == line and r.severity == "error"]


# The stubs make get_model an overload (one variant per registered name); an unknown keyword then gets
# mypy's own overload wording, two lines of call-overload, for the one mistake.
OVERLOAD_WORDING = {'get_model("resnet50", num_class=3)'}
# Names a module lacks: the stubs type the module, so mypy reports them; with the plugin alone the
# library is read only for the plugin and such names stay Any, as they were without it.
MISSING_NAMES = {"torchvision.models.resnet.model_urls", "torchvision.models.detection.FastRCNNPredictor", "torchvision.models.mobilenet_v2_all"}


def test_each_mistake_is_reported_once_and_nothing_else_changes() -> None:
    """Each mistake reported (by the plugin, or by mypy against the plugin's signature) exactly as
    often as without the stubs: the stubs' own overload errors and deprecations never fire beside
    the plugin's. Valid lines get what they get without the stubs (the plugin's meta checks)."""
    lines, with_stubs, without_stubs = plugin_runs()
    mistakes = {case.code for case in MISTAKES}
    wrong = []
    for line, code in lines.items():
        errors, before = _errors(with_stubs, line), _errors(without_stubs, line)
        if code in mistakes and not errors:
            wrong.append(f"{line}: {code}: not reported")
        elif code in MISSING_NAMES:
            if before:
                wrong.append(f"{line}: {code}: {before} from the plugin alone")
        elif code in OVERLOAD_WORDING:
            if not all(error.endswith("[call-overload]") for error in errors):
                wrong.append(f"{line}: {code}: {errors}")
        elif len(errors) != len(before):
            wrong.append(f"{line}: {code}: {errors} with the stubs, {before} without")
    assert not wrong, "\n".join(wrong)


def test_the_plugins_own_reports_do_not_change() -> None:
    _, with_stubs, without_stubs = plugin_runs()

    def own(reports: list[Report]) -> list[tuple[int, str]]:
        return [(r.line, r.message) for r in reports if r.file == "cases.py" and _PLUGIN_CODE.search(r.message)]

    assert own(with_stubs) == own(without_stubs)

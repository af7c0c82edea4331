"""docs/errors.md lists every error of the run-time API: running the page's examples reaches every
``raise`` statement of the run-time modules. (tests/test_docs.py checks the messages it shows.)"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

pytest.importorskip("torch")

import weightlink  # noqa: E402
from test_docs import isolated_run, python_blocks, with_page_line_numbers  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "errors.md"
# Where the public run-time names are defined, and the loading modules behind `state_dict()`.
RUNTIME_MODULES = sorted(
    {*weightlink._DEFINED_IN.values(), "weightlink", "weightlink._download", "weightlink._cache", "weightlink.extras"}
)
# Raises the page shows from a subprocess (so this process cannot see them run), with the text
# that proves it shows them.
SHOWN_FROM_A_SUBPROCESS = {("weightlink.extras", "require"): "MissingExtra: loading weights needs torch"}


@dataclass(frozen=True)
class RaiseSite:
    module: str
    function: str
    first_line: int
    last_line: int
    code: str

    def __str__(self) -> str:
        return f"{self.module}:{self.first_line} in {self.function}(): {self.code}"


def module_path(module: str) -> Path:
    relative = module.replace(".", "/")
    package = ROOT / relative / "__init__.py"
    return package if package.exists() else ROOT / f"{relative}.py"


def raise_sites(module: str) -> list[RaiseSite]:
    """Every ``raise X`` (not a bare re-raise) with the function it is in."""
    tree = ast.parse(module_path(module).read_text(encoding="utf-8"))
    sites = []
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.Raise) and node.exc is not None:
                    end = node.end_lineno or node.lineno
                    sites.append(RaiseSite(module, function.name, node.lineno, end, ast.unparse(node)[:80]))
    return sorted(set(sites), key=lambda site: (site.module, site.first_line))


def lines_run_by_page(scratch: Path) -> set[tuple[str, int]]:
    """(real path, line) of every line of the run-time modules that the page's examples execute."""
    paths = {os.path.realpath(module_path(module)) for module in RUNTIME_MODULES}
    executed: set[tuple[str, int]] = set()

    def trace_lines(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            executed.add((os.path.realpath(frame.f_code.co_filename), frame.f_lineno))
        return trace_lines

    def trace_calls(frame: FrameType, event: str, arg: Any) -> Any:
        return trace_lines if os.path.realpath(frame.f_code.co_filename) in paths else None

    program = compile(with_page_line_numbers(python_blocks(PAGE)), str(PAGE), "exec", dont_inherit=True)
    with isolated_run(scratch), contextlib.redirect_stdout(io.StringIO()):
        sys.settrace(trace_calls)
        try:
            exec(program, {"__name__": "__main__"})
        finally:
            sys.settrace(None)
    return executed


def test_every_raise_of_the_runtime_is_reached_by_the_errors_page(tmp_path: Path) -> None:
    executed = lines_run_by_page(tmp_path)
    sites = [site for module in RUNTIME_MODULES for site in raise_sites(module)]
    assert len(sites) > 30  # the scan found the run-time's raises

    def reached(site: RaiseSite) -> bool:
        path = os.path.realpath(module_path(site.module))
        return any((path, line) in executed for line in range(site.first_line, site.last_line + 1))

    missing = [str(site) for site in sites if not reached(site) and (site.module, site.function) not in SHOWN_FROM_A_SUBPROCESS]
    assert not missing, "docs/errors.md shows no example of:\n" + "\n".join(missing)


def test_errors_shown_from_a_subprocess_are_on_the_page() -> None:
    text = PAGE.read_text(encoding="utf-8")
    sites = {(site.module, site.function) for module in RUNTIME_MODULES for site in raise_sites(module)}
    for key, shown in SHOWN_FROM_A_SUBPROCESS.items():
        assert key in sites, f"{key} raises nothing any more; drop it from SHOWN_FROM_A_SUBPROCESS"
        assert shown in text

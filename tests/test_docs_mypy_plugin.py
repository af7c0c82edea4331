"""docs/mypy-plugin.md shows what mypy really prints.

Each example on the page is a ```{.python title="NAME.py"}``` block followed by a ```text block
holding the error and note lines mypy prints for it (``NAME.py:LINE: error: MESSAGE  [code]``; an
empty block means mypy reports nothing). All examples are written into one folder and checked by ONE
mypy run with the plugin: a cold run over torch takes about 20 s, so never one run per example.

The info string is Python-Markdown's attribute form: mkdocs' ``fenced_code`` does not recognise
```python title="NAME.py"``` (pymdownx.superfences syntax) and would render the rest of the page
as text. tests/test_docs.py runs only blocks whose info string is exactly ``python``.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from weightlink.rules.codes import CODES, markdown_table

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "mypy-plugin.md"

# What the page's examples are checked with: the one-line setup the page documents, plus
# strict_equality (the DEFAULT-alias example relies on it); examples named precise_*.py in a second
# run that also sets precise_types.
MYPY_INI = """\
[mypy]
plugins = mypy_plugin
strict_equality = True
"""
PRECISE_MYPY_INI = MYPY_INI + """
[weightlink]
precise_types = true
"""

_EXAMPLE = re.compile(r'^```\{\.python title="(?P<name>[^"]*)"\}$')
_REPORTED = re.compile(r"^(?P<file>[^:\s]+\.py):\d+: (?:error|note): ")


@dataclass(frozen=True)
class Example:
    name: str  # the file name in the title, e.g. "weights_mismatch.py"
    code: str
    shown: list[str]  # the lines of the ```text block after it
    page_line: int  # 1-based line of the opening fence, for messages


def _closing_fence(lines: list[str], opening: int) -> int:
    close = opening + 1
    while close < len(lines) and lines[close].strip() != "```":
        close += 1
    if close == len(lines):
        raise AssertionError(f"{PAGE.name}:{opening + 1}: code fence is never closed")
    return close


def read_examples(page: Path) -> list[Example]:
    lines = page.read_text(encoding="utf-8").splitlines()
    examples: list[Example] = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith("```"):
            index += 1
            continue
        close = _closing_fence(lines, index)
        opening = _EXAMPLE.match(lines[index])
        if opening is None:
            index = close + 1
            continue
        output = close + 1
        while output < len(lines) and not lines[output].strip():
            output += 1
        if output == len(lines) or lines[output] != "```text":
            raise AssertionError(
                f"{page.name}:{index + 1}: {opening['name']} must be followed by a ```text block "
                "with what mypy prints for it"
            )
        output_close = _closing_fence(lines, output)
        code = "\n".join(lines[index + 1 : close]) + "\n"
        shown = [line.rstrip() for line in lines[output + 1 : output_close] if line.strip()]
        examples.append(Example(opening["name"], code, shown, index + 1))
        index = output_close + 1
    return examples


EXAMPLES = read_examples(PAGE)


def test_the_examples_are_well_formed() -> None:
    names = [example.name for example in EXAMPLES]
    assert len(EXAMPLES) >= 10, "the page lost its examples (or their fences changed)"
    assert len(set(names)) == len(names), f"example names must be unique on the page: {names}"
    for example in EXAMPLES:
        where = f"{PAGE.name}:{example.page_line}"
        stem = example.name.removesuffix(".py")
        assert example.name.endswith(".py") and stem.isidentifier(), f"{where}: bad file name {example.name!r}"
        # The examples are top-level modules of one folder: a name that is already importable
        # (typing.py, torch.py) would shadow the real module in the mypy run.
        assert importlib.util.find_spec(stem) is None, f"{where}: {example.name} shadows an importable module"
        for line in example.shown:
            reported = _REPORTED.match(line)
            assert reported is not None and reported["file"] == example.name, (
                f"{where}: {line!r} is not a line mypy prints for {example.name}"
            )


@dataclass(frozen=True)
class MypyRun:
    by_file: dict[str, list[str]]
    stray: list[str]  # error/note lines that belong to no example
    output: str


def read_mypy_output(config: str, examples: list[Example]) -> MypyRun:
    """One mypy run over every example, its lines sorted by the example they belong to."""
    with tempfile.TemporaryDirectory() as scratch:
        folder, cache = Path(scratch) / "page", Path(scratch) / "cache"
        folder.mkdir()
        (folder / "mypy.ini").write_text(config, encoding="utf-8")
        for example in examples:
            (folder / example.name).write_text(example.code, encoding="utf-8")
        result = subprocess.run(
            [
                sys.executable, "-m", "mypy",
                "--config-file", "mypy.ini",
                "--cache-dir", str(cache),
                *sorted(example.name for example in examples),
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1), f"mypy did not finish its check:\n{output}"
    by_file: dict[str, list[str]] = {example.name: [] for example in examples}
    stray: list[str] = []
    for line in result.stdout.splitlines():
        reported = _REPORTED.match(line)
        if reported is not None and reported["file"] in by_file:
            by_file[reported["file"]].append(line.rstrip())
        elif ": error:" in line or ": note:" in line:
            stray.append(line)
    return MypyRun(by_file, stray, output)


def is_precise(example: Example) -> bool:
    return example.name.startswith("precise_")


def read_page_output(examples: list[Example]) -> MypyRun:
    """The two runs the page's examples need, as one result."""
    default = read_mypy_output(MYPY_INI, [e for e in examples if not is_precise(e)])
    precise = read_mypy_output(PRECISE_MYPY_INI, [e for e in examples if is_precise(e)])
    return MypyRun({**default.by_file, **precise.by_file}, default.stray + precise.stray, default.output + precise.output)


@pytest.fixture(scope="module")
def mypy_run() -> MypyRun:
    return read_page_output(EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_mypy_prints_what_the_page_shows(example: Example, mypy_run: MypyRun) -> None:
    printed = mypy_run.by_file[example.name]
    assert printed == example.shown, (
        f"{PAGE.name}:{example.page_line}: the text block after {example.name} is not what mypy prints; "
        "paste mypy's real lines:\n" + "\n".join(printed)
    )


def test_nothing_is_reported_outside_the_examples(mypy_run: MypyRun) -> None:
    assert mypy_run.stray == [], mypy_run.output


def test_every_error_code_has_a_section_and_an_example() -> None:
    page = PAGE.read_text(encoding="utf-8")
    shown = "\n".join(line for example in EXAMPLES for line in example.shown)
    assert CODES, "weightlink.rules.codes defines no error code"
    for code in CODES:
        assert f"### `{code.name}`" in page, f"{PAGE.name} has no section for the error code {code.name}"
        assert f"  [{code.name}]" in shown, f"{PAGE.name} shows no example of the error code {code.name}"


def test_the_table_of_codes_is_generated_from_the_rules() -> None:
    """Regenerate with: python scripts/refresh_docs.py mypy-plugin.md"""
    page = PAGE.read_text(encoding="utf-8")
    assert f"<!-- generated: error-codes -->\n{markdown_table()}\n<!-- end generated -->" in page, (
        f"{PAGE.name}'s table of error codes is stale: run python scripts/refresh_docs.py mypy-plugin.md"
    )


def test_the_plugin_registers_every_code_as_a_weightlink_code() -> None:
    from mypy.errorcodes import error_codes

    import mypy_plugin._errors  # noqa: F401  (registers them)

    for code in CODES:
        registered = error_codes[code.name]
        assert registered.category == "weightlink" and registered.description == code.summary
        assert (registered.sub_code_of.code if registered.sub_code_of else None) == code.parent

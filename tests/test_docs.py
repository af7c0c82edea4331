"""The documentation builds, and every example in it runs and prints what the page shows.

Conventions the pages follow (see docs/index.md):

- A ```python block (info string exactly ``python``) is executable. A page's blocks run top to
  bottom in one fresh namespace named ``__main__``, as if the page were one script; ``examples/`` is
  importable through pytest's ``pythonpath`` setting. A block with another info string, such as
  ```{.python title="NAME.py"}``` on the mypy plugin page, is not run here:
  tests/test_docs_mypy_plugin.py type-checks it instead.
- A ```text block that directly follows a ```python block (only blank lines between them) is that
  block's standard output, compared line by line (trailing spaces ignored).
- A ```console block is a shell session: ``$ command`` lines, each followed by what it prints
  (standard output and error together). The commands run in a fresh folder holding the page's
  ```{.python title="NAME"}``` files, one after the other, and must print exactly that;
  ``pip install`` lines are not run here (tests/test_install.py runs them from a built wheel).
- Anything not meant to run uses another fence language (```bash, ```text, ```ini).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
_FENCE = re.compile(r"^```(.*)$")  # group 1: the whole info string


@dataclass
class Block:
    language: str  # the fence's whole info string: "python", "text", '{.python title="x.py"}'
    code: str
    first_line: int  # 1-based line number of the block's first code line in the page
    output: str | None = None  # the ```text block shown right after it, if any


def read_blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    ends: list[int] = []  # index of each block's closing fence
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        close = index + 1
        while close < len(lines) and lines[close].strip() != "```":
            close += 1
        if close == len(lines):
            raise AssertionError(f"{page.name}:{index + 1}: code fence is never closed")
        block = Block(opening.group(1).strip(), "\n".join(lines[index + 1 : close]), index + 2)
        follows_code = bool(blocks) and all(not line.strip() for line in lines[ends[-1] + 1 : index])
        if block.language == "text" and follows_code and blocks[-1].language == "python":
            blocks[-1].output = block.code
        blocks.append(block)
        ends.append(close)
        index = close + 1
    return blocks


@dataclass
class Command:
    line: int  # 1-based line of the ``$ command`` in the page
    command: str
    shown: list[str]  # what the page shows it printing


def titled_files(page: Path) -> dict[str, str]:
    """The page's ```{.python title="NAME"}``` blocks (```{.json ...}``` for a notebook,
    ```{.toml ...}``` for settings): the files its shell sessions run on."""
    files: dict[str, str] = {}
    for block in read_blocks(page):
        title = re.fullmatch(r'\{\.(?:python|json|toml) title="([^"]+)"\}', block.language)
        if title:
            files[title.group(1)] = block.code + "\n"
    return files


def console_commands(page: Path) -> list[Command]:
    commands: list[Command] = []
    for block in read_blocks(page):
        if block.language != "console":
            continue
        for offset, line in enumerate(block.code.splitlines()):
            if line.startswith("$ "):
                commands.append(Command(block.first_line + offset, line[2:], []))
            elif commands:
                commands[-1].shown.append(line)
            else:
                raise AssertionError(f"{page.name}:{block.first_line}: a console block starts with a command")
    return commands


def run_commands(commands: list[Command], folder: Path, env: dict[str, str]) -> list[str]:
    """Runs each command (but ``pip install``) in ``folder``; returns a message per difference."""
    wrong = []
    for command in commands:
        if command.command.startswith("pip install"):
            continue
        done = subprocess.run(
            ["bash", "-c", command.command], cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, check=False, timeout=600,
        )
        if normalized(done.stdout) != normalized("\n".join(command.shown)):
            wrong.append(f"line {command.line}: $ {command.command}\nshown:\n" + "\n".join(command.shown) + f"\nprinted:\n{done.stdout}")
    return wrong


def environment_with_bin(bin_folder: Path) -> dict[str, str]:
    """This environment with ``bin_folder`` first on PATH and no PYTHONPATH (commands run as a user
    types them, not with the suite's import path)."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "MYPYPATH")}
    env["PATH"] = f"{bin_folder}{os.pathsep}{env.get('PATH', '')}"
    return env


def python_blocks(page: Path) -> list[Block]:
    return [block for block in read_blocks(page) if block.language == "python"]


def with_page_line_numbers(blocks: list[Block]) -> str:
    """The blocks as one program whose line numbers are the page's, so tracebacks point at the page.

    Compile it with ``dont_inherit=True``: this module's ``from __future__ import annotations``
    must not leak into the examples (it would turn their annotations into strings)."""
    source: list[str] = []
    for block in blocks:
        source.extend([""] * (block.first_line - 1 - len(source)))
        source.extend(block.code.splitlines())
    return "\n".join(source) + "\n"


@contextlib.contextmanager
def isolated_run(tmp_path: Path) -> Iterator[None]:
    """Temporary directories the examples make land in tmp_path; torch.hub's dir and the warning
    filters are restored afterwards."""
    import torch.hub

    previous_hub = torch.hub.get_dir()
    previous_tempdir = tempfile.tempdir
    tempfile.tempdir = str(tmp_path)
    try:
        with warnings.catch_warnings():
            yield
    finally:
        tempfile.tempdir = previous_tempdir
        torch.hub.set_dir(previous_hub)


def normalized(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def test_mkdocs_build_is_strict_clean(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "mkdocs", "build", "--strict",
            "--config-file", str(ROOT / "mkdocs.yml"),
            "--site-dir", str(tmp_path / "site"),
        ],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_every_page_is_in_the_nav() -> None:
    import yaml  # type: ignore[import-untyped]  # mkdocs depends on PyYAML

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def pages(entries: list[dict[str, object]]) -> set[str]:  # sections nest lists of entries
        found: set[str] = set()
        for entry in entries:
            for value in entry.values():
                found |= pages(value) if isinstance(value, list) else {str(value)}
        return found

    assert pages(config["nav"]) == {page.name for page in PAGES}


PYTHON_PAGES = [page for page in PAGES if python_blocks(page)]
OUTPUT_PAGES = [page for page in PYTHON_PAGES if any(block.output is not None for block in python_blocks(page))]


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=[page.name for page in PYTHON_PAGES])
def test_examples_run(page: Path, tmp_path: Path) -> None:
    blocks = python_blocks(page)
    program = compile(with_page_line_numbers(blocks), str(page), "exec", dont_inherit=True)
    with isolated_run(tmp_path), contextlib.redirect_stdout(io.StringIO()):
        exec(program, {"__name__": "__main__"})


CONSOLE_PAGES = [page for page in PAGES if console_commands(page)]


@pytest.mark.parametrize("page", CONSOLE_PAGES, ids=[page.name for page in CONSOLE_PAGES])
def test_shell_sessions_print_what_the_page_shows(page: Path, tmp_path: Path) -> None:
    for name, text in titled_files(page).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    wrong = run_commands(console_commands(page), tmp_path, environment_with_bin(Path(sys.executable).parent))
    assert not wrong, f"{page.name}: " + "\n\n".join(wrong)


def test_the_readme_opens_with_the_home_pages_quickstart() -> None:
    """The README is not run; it shows the same session and files as the home page, which is."""
    readme, home = ROOT / "README.md", DOCS / "index.md"
    assert [(c.command, c.shown) for c in console_commands(readme)] == [(c.command, c.shown) for c in console_commands(home)]
    readme_files = {block.code for block in read_blocks(readme) if block.language == "python"}
    assert set(f.rstrip("\n") for f in titled_files(home).values()) <= readme_files


@pytest.mark.parametrize("page", OUTPUT_PAGES, ids=[page.name for page in OUTPUT_PAGES])
def test_shown_output_is_real(page: Path, tmp_path: Path) -> None:
    blocks = python_blocks(page)
    namespace: dict[str, object] = {"__name__": "__main__"}
    with isolated_run(tmp_path):
        for block in blocks:
            program = compile(with_page_line_numbers([block]), str(page), "exec", dont_inherit=True)
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(program, namespace)
            if block.output is not None:
                assert normalized(printed.getvalue()) == normalized(block.output), (
                    f"{page.name}:{block.first_line}: the output shown is not what the example prints; "
                    "run the page and paste its real output"
                )


def test_figures_quoted_on_pages_are_the_benchmarks_own() -> None:
    """Every ``<!-- figure:NAME -->`` on a page or the README is what bench/benchmarks_page.py computes
    from the saved results of the same run the Benchmarks page shows."""
    import json

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import benchmarks_page
    finally:
        sys.path.remove(str(ROOT / "bench"))
    results = json.loads(benchmarks_page.RESULTS.read_text())
    quoted = [
        (page.name, match["name"], match["value"])
        for page in benchmarks_page.QUOTING_PAGES
        for match in benchmarks_page.FIGURE.finditer(page.read_text(encoding="utf-8"))
    ]
    assert quoted, "no page quotes a benchmark figure"
    wrong = [f"{page}: {name} = {value}" for page, name, value in quoted if benchmarks_page.FIGURES[name](results) != value]
    assert not wrong, "figures that differ from docs/img/benchmarks/results.json: " + ", ".join(wrong)
    page = (DOCS / "benchmarks.md").read_text(encoding="utf-8")
    assert all(benchmarks_page.FIGURES[name](results) in page for _, name, _ in quoted)

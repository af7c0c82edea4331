"""Rewrite the generated parts of docs/ from fresh runs, so pages show what the code really prints.

    python scripts/refresh_docs.py            # every page
    python scripts/refresh_docs.py legacy.md  # some pages

- A ```text block right after a ```python block gets that block's real standard output (the page's
  python blocks run top to bottom in one namespace, as tests/test_docs.py runs them).
- On mypy-plugin.md, the ```text block after each ```{.python title="NAME.py"} example gets the lines
  one mypy run with the plugin prints for it (as tests/test_docs_mypy_plugin.py checks them).
- Text between ``<!-- generated: NAME -->`` and ``<!-- end generated -->`` is replaced by the
  generator NAME (see GENERATORS).
- Each ```console block's ``$ command`` lines get what the command prints, run in order in one
  scratch folder holding the page's ```{.python title="NAME"} files (as tests/test_docs.py runs them).

The tests compare the pages with the same runs; this script only saves pasting.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "examples")]

from tests.test_docs import (  # noqa: E402
    console_commands,
    environment_with_bin,
    isolated_run,
    read_blocks,
    titled_files,
    with_page_line_numbers,
)
from tests.test_docs_mypy_plugin import PAGE, read_examples, read_page_output  # noqa: E402
from weightlink.rules.codes import markdown_table  # noqa: E402

# Each generator gets the page's file name.
GENERATORS: dict[str, Callable[[str], str]] = {
    "error-codes": lambda page: markdown_table("" if page == PAGE.name else PAGE.name),
}
_GENERATED = re.compile(r"(<!-- generated: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.DOTALL)


def refresh_generated(page: Path, text: str) -> str:
    return _GENERATED.sub(lambda m: f"{m.group(1)}{GENERATORS[m['name']](page.name)}\n{m.group(4)}", text)


def refresh_outputs(page: Path, text: str) -> str:
    """Each python block's shown output replaced by what it prints."""
    lines = text.splitlines()
    blocks = read_blocks(page)
    printed: dict[int, str] = {}
    namespace: dict[str, object] = {"__name__": "__main__"}
    with tempfile.TemporaryDirectory() as scratch, isolated_run(Path(scratch)):
        for block in blocks:
            if block.language != "python":
                continue
            program = compile(with_page_line_numbers([block]), str(page), "exec", dont_inherit=True)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(program, namespace)
            if block.output is not None:
                printed[block.first_line - 1] = out.getvalue().strip("\n")
    return _replace_text_blocks(lines, printed)


def refresh_consoles(page: Path, text: str) -> str:
    """Each console block's commands followed by what they print now."""
    import subprocess

    printed: dict[int, list[str]] = {}
    env = environment_with_bin(Path(sys.executable).parent)
    with tempfile.TemporaryDirectory() as scratch:
        for name, content in titled_files(page).items():
            (Path(scratch) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(scratch) / name).write_text(content, encoding="utf-8")
        for command in console_commands(page):
            if command.command.startswith("pip install"):
                printed[command.line] = command.shown
                continue
            done = subprocess.run(
                ["bash", "-c", command.command], cwd=scratch, env=env, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, check=False, timeout=600,
            )
            printed[command.line] = done.stdout.rstrip("\n").replace(scratch, "...").splitlines()
    lines = text.splitlines()
    result: list[str] = []
    skipping = False
    for number, line in enumerate(lines, 1):
        if number in printed:
            result += [line, *printed[number]]
            skipping = True
            continue
        if skipping and (line.startswith("$ ") or line.strip() == "```"):
            skipping = False
        if not skipping:
            result.append(line)
    return "\n".join(result) + "\n"


def refresh_mypy_examples(text: str) -> str:
    examples = read_examples(PAGE)
    by_file = read_page_output(examples).by_file
    replacements = {example.page_line: "\n".join(by_file[example.name]) for example in examples}
    return _replace_text_blocks(text.splitlines(), replacements)


def _replace_text_blocks(lines: list[str], outputs: dict[int, str]) -> str:
    """``outputs`` maps the 1-based line of a code block's opening fence to the text the ```text
    block right after it must hold."""
    result: list[str] = []
    index = 0
    pending: str | None = None
    while index < len(lines):
        line = lines[index]
        if line.startswith("```"):
            close = index + 1
            while close < len(lines) and lines[close].strip() != "```":
                close += 1
            if line == "```text" and pending is not None:
                result.extend(["```text", *([pending] if pending else []), "```"])
                pending = None
            else:
                result.extend(lines[index : close + 1])
                pending = outputs.get(index + 1)
            index = close + 1
            continue
        if line.strip():
            pending = None
        result.append(line)
        index += 1
    return "\n".join(result) + "\n"


def main(names: list[str]) -> None:
    pages = [ROOT / "docs" / name for name in names] or sorted((ROOT / "docs").glob("*.md"))
    for page in pages:
        original = page.read_text(encoding="utf-8")
        text = refresh_generated(page, original)
        page.write_text(text, encoding="utf-8")  # the runs below read the page's line numbers
        if page == PAGE:
            text = refresh_mypy_examples(text)
        elif any(block.language == "python" and block.output is not None for block in read_blocks(page)):
            text = refresh_outputs(page, text)
        page.write_text(text, encoding="utf-8")
        if console_commands(page):
            text = refresh_consoles(page, text)
            page.write_text(text, encoding="utf-8")
        if text != original:
            print(f"updated {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])

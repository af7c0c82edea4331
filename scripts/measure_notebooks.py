"""Migrate a folder of notebooks in a scratch copy and check what changed, as a user would:

    python scripts/measure_notebooks.py NOTEBOOK_FOLDER

Runs ``weightlink check`` and ``weightlink check --fix`` on a copy, then for every notebook the fix
changed: nbformat's validator must pass where it passed before, every key but the cells' sources
must be as it was, and a second ``--fix`` must change nothing. Prints the figures; exit 1 on a
problem."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import nbformat


def weightlink(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "weightlink", "check", *args], cwd=cwd, capture_output=True, text=True, check=False)


def valid(document: dict[str, object]) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nbformat.validate(copy.deepcopy(document))  # it adds missing cell ids to what it is given
        except nbformat.ValidationError:
            return False
    return True


def problems_of(before: dict[str, object], after: dict[str, object]) -> list[str]:
    found = []
    if valid(before) and not valid(after):
        found.append("no longer valid nbformat")
    if {k: v for k, v in before.items() if k != "cells"} != {k: v for k, v in after.items() if k != "cells"}:
        found.append("the notebook's own keys changed")
    old_cells, new_cells = before["cells"], after["cells"]
    assert isinstance(old_cells, list) and isinstance(new_cells, list)
    if len(old_cells) != len(new_cells):
        found.append("cells added or removed")
    for old, new in zip(old_cells, new_cells):
        if {k: v for k, v in old.items() if k != "source"} != {k: v for k, v in new.items() if k != "source"}:
            found.append("a cell's outputs, id or metadata changed")
    return found


def main(folder: Path) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "notebooks"
        shutil.copytree(folder, work)
        originals = {path: path.read_text(encoding="utf-8") for path in sorted(work.rglob("*.ipynb"))}
        checked = weightlink(".", cwd=work)
        fixed = weightlink("--fix", ".", cwd=work)
        changed = [path for path, text in originals.items() if path.read_text(encoding="utf-8") != text]
        problems = []
        for path in changed:
            found = problems_of(json.loads(originals[path]), json.loads(path.read_text(encoding="utf-8")))
            problems += [f"{path.relative_to(work)}: {problem}" for problem in found]
        after_fix = {path: path.read_text(encoding="utf-8") for path in changed}
        again = weightlink("--fix", ".", cwd=work)
        if any(path.read_text(encoding="utf-8") != text for path, text in after_fix.items()):
            problems.append("a second --fix changed a notebook")
        print(f"notebooks: {len(originals)}")
        print(f"check: {_summary(checked.stderr)}")
        print(f"fixed: {len(changed)} notebooks, {len(re.findall(r'^fixed ', fixed.stderr, re.M))} reported fixed")
        print(f"after --fix: {_summary(fixed.stderr)}")
        print(f"second --fix: {_summary(again.stderr)}")
        print(f"problems: {len(problems)}")
        for problem in problems:
            print(f"  {problem}")
        return 1 if problems else 0


def _summary(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if " checked, " in line]
    return lines[-1] if lines else stderr.strip()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))

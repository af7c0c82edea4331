"""A string-named library is a reader and its rules, nothing in the front ends: a toy one, named in
one setting (``string_libraries``), is checked by ``weightlink check``, by the mypy plugin (which
makes mypy read the untyped library, as for open_clip) and fixed by the codemod, with the same
findings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOY_RULES = '''
from weightlink.named import Function, NamedCall, Verdict
from weightlink.rules.codes import MODEL_UNKNOWN, WEIGHTS_LEGACY, Diagnostic

CREATE = Function("create", ("name", "weights"))


class Toy:
    name = "toyclip"
    setting = "toyclip"
    screen = ("toyclip",)
    follow = ("toyclip.*",)
    functions = {"toyclip.create": CREATE, "toyclip.factory.create": CREATE}

    def load_catalog(self, paths):
        return {"models": {"vit": ["openai"]}, "renamed": {"old_vit": "vit"}}

    def judge(self, call: NamedCall, catalog):
        name = call.literal("name")
        if not isinstance(name, str):
            return []
        if name in catalog["renamed"]:
            new = catalog["renamed"][name]
            return [Verdict(Diagnostic(WEIGHTS_LEGACY, f'toyclip model "{name}" is now "{new}"'), "name", replacement=new)]
        if name not in catalog["models"]:
            return [Verdict(Diagnostic(MODEL_UNKNOWN, f'Unknown toyclip model "{name}"'), "name")]
        return []


TOY = Toy()
'''

USER_CODE = """\
import toyclip
from toyclip import create as make

a = toyclip.create("vit", weights="openai")
b = make("old_vit")
c = toyclip.create(name="nope")
"""


def project(tmp_path: Path) -> Path:
    (tmp_path / "toyclip").mkdir()
    (tmp_path / "toyclip" / "__init__.py").write_text("from toyclip.factory import create\n")
    (tmp_path / "toyclip" / "factory.py").write_text("def create(name, weights=None):\n    return (name, weights)\n")
    (tmp_path / "toy_rules.py").write_text(TOY_RULES)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.weightlink]\nstring_libraries = ["toy_rules:TOY"]\n\n[tool.mypy]\nplugins = ["mypy_plugin"]\n'
    )
    (tmp_path / "train.py").write_text(USER_CODE)
    return tmp_path


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *command], cwd=cwd, capture_output=True, text=True, check=False)


EXPECTED = [
    (5, 'toyclip model "old_vit" is now "vit"', "weights-legacy"),
    (6, 'Unknown toyclip model "nope"', "model-unknown"),
]


def test_a_toy_library_is_checked_by_the_checker_the_plugin_and_the_codemod(tmp_path: Path) -> None:
    folder = project(tmp_path)
    checked = run("-m", "weightlink", "check", "train.py", cwd=folder)
    assert checked.returncode == 1, checked.stderr
    found = [line.split(": ", 1) for line in checked.stdout.splitlines()]
    assert [(int(where.split(":")[1]), message.split(" ", 1)[1], message.split(" ", 1)[0]) for where, message in found] == EXPECTED

    mypy = run("-m", "mypy", "--no-incremental", "--config-file", "pyproject.toml", "train.py", cwd=folder)
    reported = [line for line in mypy.stdout.splitlines() if ": error: " in line]
    assert [
        (int(line.split(":")[1]), line.split(": error: ", 1)[1].rsplit("  [", 1)[0], line.rsplit("[", 1)[1].rstrip("]"))
        for line in reported
    ] == EXPECTED, mypy.stdout

    migrated = run("-m", "weightlink", "migrate", "train.py", cwd=folder)
    assert migrated.returncode == 0, migrated.stderr
    assert (folder / "train.py").read_text() == USER_CODE.replace('make("old_vit")', 'make("vit")')


def test_a_library_that_cannot_be_loaded_is_named(tmp_path: Path) -> None:
    folder = project(tmp_path)
    (folder / "pyproject.toml").write_text('[tool.weightlink]\nstring_libraries = ["no_such_module:TOY"]\n')
    checked = run("-m", "weightlink", "check", "train.py", cwd=folder)
    assert checked.returncode == 2
    assert "string library 'no_such_module:TOY' cannot be loaded" in checked.stderr


def test_a_file_that_names_no_library_pays_nothing_for_them() -> None:
    """The text screen: a file that mentions no library's word is not parsed at all."""
    from weightlink.check.run import Checker
    from weightlink.config import Settings

    checker = Checker(Settings())
    assert checker.check_source("x.py", "import numpy\nx = numpy.zeros(3)\n").tree is None

"""Fixes a user can trust: whatever ``weightlink check`` does not report, no fix touches (ignore
comments, ``exclude``, virtual environments); ``--fix`` applies only fixes that keep what the
program does, on every version the code supports, and the others only with ``--unsafe-fixes``; the
codemod, ``--fix`` and ``--diff`` act on the same findings, at the same positions; edits keep the
project's own line length and import order, as its formatter would write them."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from weightlink.check.run import Checker
from weightlink.config import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "codemod_fixtures"
LEGACY = "from torchvision import models\nmodel = models.resnet50(pretrained=True)\n"


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False, env=env)


FRONT_ENDS = {
    "check --fix": ("weightlink", "check", "--fix"),
    "check --diff": ("weightlink", "check", "--diff"),
    "migrate": ("weightlink", "migrate"),
    "codemods.migrate_pretrained": ("codemods.migrate_pretrained",),
}


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_silenced_calls_are_left_by_every_front_end(front_end: str, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "silenced.py", tmp_path / "silenced.py")
    result = run(*FRONT_ENDS[front_end], "silenced.py", cwd=tmp_path)
    after = (tmp_path / "silenced.py").read_text().splitlines()
    before = (FIXTURES / "silenced.py").read_text().splitlines()
    assert after[3:7] == before[3:7], result.stderr  # a..d: silenced
    if front_end != "check --diff":
        assert after == (FIXTURES / "silenced.expected.py").read_text().splitlines()
    assert "4 silenced" in result.stderr, result.stderr
    if front_end == "check --diff":
        assert result.stdout.count("+e = ") == 1 and "+a = " not in result.stdout


def project_with_excluded_code(root: Path) -> None:
    (root / "pyproject.toml").write_text('[tool.weightlink]\nexclude = ["vendored", "*_old.py"]\n')
    (root / "vendored").mkdir()
    for name in ("train.py", "vendored/lib.py", "script_old.py"):
        (root / name).write_text(LEGACY)


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_exclude_holds_for_every_front_end(front_end: str, tmp_path: Path) -> None:
    project_with_excluded_code(tmp_path)
    run(*FRONT_ENDS[front_end], ".", cwd=tmp_path)
    assert (tmp_path / "vendored" / "lib.py").read_text() == LEGACY
    assert (tmp_path / "script_old.py").read_text() == LEGACY
    assert ((tmp_path / "train.py").read_text() == LEGACY) == (front_end == "check --diff")
    # Named on the command line (as pre-commit names files), excluded only with --force-exclude.
    forced = run(*FRONT_ENDS[front_end], "--force-exclude", "vendored/lib.py", "script_old.py", cwd=tmp_path)
    assert forced.returncode == 0 and (tmp_path / "vendored" / "lib.py").read_text() == LEGACY, forced.stderr
    if front_end != "check --diff":
        run(*FRONT_ENDS[front_end], "vendored/lib.py", cwd=tmp_path)
        assert (tmp_path / "vendored" / "lib.py").read_text() != LEGACY  # as given


@pytest.mark.parametrize("git", [False, True], ids=["plain folder", "git repository"])
def test_a_virtual_environment_is_known_by_what_it_is_not_by_its_name(git: bool, tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(LEGACY)
    for environment, marker in (("env", "pyvenv.cfg"), ("tools", "conda-meta")):
        site = tmp_path / environment / "lib" / "site-packages" / "pkg"
        site.mkdir(parents=True)
        (site / "m.py").write_text(LEGACY)
        if marker.endswith(".cfg"):
            (tmp_path / environment / marker).write_text("home = /usr/bin\n")
        else:
            (tmp_path / environment / marker).mkdir()
    if git:
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)  # env/ untracked, not in .gitignore
    check = run("weightlink", "check", ".", cwd=tmp_path)
    assert check.stderr.startswith("1 file checked"), check.stderr
    run("weightlink", "migrate", ".", cwd=tmp_path)
    assert (tmp_path / "env" / "lib" / "site-packages" / "pkg" / "m.py").read_text() == LEGACY


DYNAMIC = "import torchvision.models as models\n\n\ndef build(arch):\n    return models.__dict__[arch](pretrained=True)\n"


def test_an_unsafe_fix_is_listed_and_applied_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "dynamic.py"
    target.write_text(DYNAMIC)
    check = run("weightlink", "check", "dynamic.py", cwd=tmp_path)
    assert "1 more with --fix --unsafe-fixes" in check.stderr, check.stderr
    safe = run("weightlink", "check", "--fix", "dynamic.py", cwd=tmp_path)
    assert target.read_text() == DYNAMIC, safe.stderr
    migrate = run("weightlink", "migrate", "dynamic.py", cwd=tmp_path)
    assert 'unsafe fix, applied with --unsafe-fixes: weights="DEFAULT"' in migrate.stderr and target.read_text() == DYNAMIC
    unsafe = run("weightlink", "check", "--fix", "--unsafe-fixes", "dynamic.py", cwd=tmp_path)
    assert 'models.__dict__[arch](weights="DEFAULT")' in target.read_text(), unsafe.stderr
    target.write_text(DYNAMIC)
    old_flag = run("codemods.migrate_pretrained", "--rewrite-dynamic", "dynamic.py", cwd=tmp_path)
    assert "--rewrite-dynamic is now --unsafe-fixes" in old_flag.stderr and 'weights="DEFAULT"' in target.read_text()


@pytest.mark.parametrize(
    ("declaration", "safe"),
    [
        ("requirements.txt:torchvision>=0.8.1\n", False),
        ("requirements.txt:torchvision==0.12.0\n", False),
        ("requirements.txt:torchvision<0.13\n", False),
        ('pyproject.toml:[project]\nname = "p"\ndependencies = ["torch", "torchvision >= 0.11"]\n', False),
        ("setup.py:from setuptools import setup\nsetup(install_requires=['torchvision~=0.10'])\n", False),
        ("requirements.txt:torchvision>=0.13\n", True),
        ("requirements.txt:torchvision\n", True),  # no bound: says nothing about old releases
    ],
)
def test_a_project_that_admits_older_torchvision_gets_unsafe_fixes(declaration: str, safe: bool, tmp_path: Path) -> None:
    name, _, text = declaration.partition(":")
    (tmp_path / name).write_text(text)
    (tmp_path / "train.py").write_text(LEGACY)
    (finding,) = Checker(Settings()).check_text(str(tmp_path / "train.py"), LEGACY)
    assert finding.fix is not None and (finding.fix.applicability == "safe") == safe
    if not safe:
        assert finding.fix.note is not None and "the project admits older torchvision" in finding.fix.note


def test_findings_are_at_the_same_place_in_the_checker_and_the_codemod(tmp_path: Path) -> None:
    """Columns count characters (not UTF-8 bytes) in both."""
    text = 'from torchvision import models\nname = "éé"; model = models.resnet50(pretrained=True)\n'
    (tmp_path / "a.py").write_text(text)
    check = run("weightlink", "check", "a.py", cwd=tmp_path)
    migrate = run("weightlink", "migrate", "--check", "a.py", cwd=tmp_path)
    column = text.splitlines()[1].index("True") + 1
    assert check.stdout.startswith(f"a.py:2:{column}: weights-legacy"), check.stdout
    assert f"a.py:2:{column}: would rewrite" in migrate.stderr, migrate.stderr


def test_library_adds_a_library_in_every_command(tmp_path: Path) -> None:
    text = "from torchvision import models\nfrom tinyzoo.models import med_resnet18\na = models.vgg16(pretrained=True)\nb = med_resnet18(pretrained=True)\n"
    (tmp_path / "a.py").write_text(text)
    for command in (("weightlink", "migrate"), ("codemods.migrate_pretrained",), ("weightlink", "check", "--fix")):
        (tmp_path / "a.py").write_text(text)
        run(*command, "--library", "tinyzoo", "a.py", cwd=tmp_path)
        fixed = (tmp_path / "a.py").read_text()
        assert "VGG16_Weights" in fixed and "MedResNet18Weights" in fixed, (command, fixed)


def test_an_enum_class_where_a_member_goes_gets_the_builders_own_enum() -> None:
    text = "from torchvision.models import ResNet18_Weights, ResNet50_Weights, resnet18\n\n\ndef f(p):\n"
    text += "    a = resnet18(weights=ResNet50_Weights if p else None)\n    b = resnet18(weights=ResNet18_Weights)\n"
    first, second = Checker(Settings()).check_text("a.py", text)
    assert first.message == (
        '"resnet18" takes a member of "ResNet18_Weights" for "weights", not the Enum class "ResNet50_Weights" itself '
        '(e.g. "ResNet18_Weights.DEFAULT")'
    )
    assert second.message == (
        '"resnet18" takes a member for "weights", not the Enum class "ResNet18_Weights" itself (e.g. "ResNet18_Weights.DEFAULT")'
    )


def _multi_line_statements(text: str) -> list[str]:
    """Every simple statement of the file that spans several lines and has no comment, standing in
    ``if True:`` blocks as deep as it was indented (the formatter then sees the width it had)."""
    lines = text.splitlines()
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.stmt) and not hasattr(node, "body") and node.end_lineno and node.end_lineno > node.lineno:
            block = "\n".join(lines[node.lineno - 1 : node.end_lineno])
            if "#" not in block:
                depth = node.col_offset // 4
                found.append("".join(f"{'    ' * level}if True:\n" for level in range(depth)) + block + "\n")
    return found


def test_the_statements_the_codemod_splits_are_what_ruff_s_formatter_writes(tmp_path: Path) -> None:
    """ruff's formatter (black's style) leaves every statement the codemod laid out as it is."""
    statements = []
    for expected in sorted(FIXTURES.glob("*.expected.py")):
        source = (FIXTURES / expected.name.replace(".expected", "")).read_text()
        statements += [s for s in _multi_line_statements(expected.read_text()) if s.splitlines()[-1] not in source]
    assert len(statements) >= 10, statements
    for number, statement in enumerate(statements):
        (tmp_path / f"s{number}.py").write_text(statement)
    result = subprocess.run([sys.executable, "-m", "ruff", "format", "."], cwd=tmp_path, capture_output=True, text=True, check=False)
    changed = {n: (tmp_path / f"s{n}.py").read_text() for n, s in enumerate(statements) if (tmp_path / f"s{n}.py").read_text() != s}
    assert not changed, result.stderr + "\n".join(f"{statements[n]}--- ruff:\n{t}" for n, t in changed.items())


def test_version_and_colour(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(LEGACY)
    version = run("weightlink", "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("weightlink ")
    env = {**os.environ, "FORCE_COLOR": "1"}
    env.pop("NO_COLOR", None)
    coloured = run("weightlink", "check", "a.py", cwd=tmp_path, env=env)
    assert "\033[" in coloured.stdout
    plain = run("weightlink", "check", "a.py", cwd=tmp_path, env={**env, "NO_COLOR": "1"})
    assert "\033[" not in plain.stdout + plain.stderr
    for fmt in ("json", "github", "sarif"):
        assert "\033[" not in run("weightlink", "check", "--format", fmt, "a.py", cwd=tmp_path, env=env).stdout


def test_an_added_name_is_imported_above_the_module_level_code_that_uses_it(tmp_path: Path) -> None:
    """A later ``from torchvision.models import ...`` (below the call) does not get the new name."""
    text = (
        "import torchvision\nimport random\n\n"
        "torchvision.models.detection.ssdlite320_mobilenet_v3_large(pretrained_backbone=True)\n\n"
        "from torchvision.models import ResNet50_Weights\nm = torchvision.models.resnet50(weights=ResNet50_Weights.DEFAULT)\n"
    )
    (tmp_path / "a.py").write_text(text)
    run("weightlink", "migrate", "a.py", cwd=tmp_path)
    lines = (tmp_path / "a.py").read_text().splitlines()
    imported = lines.index("from torchvision.models import MobileNet_V3_Large_Weights")
    used = next(i for i, line in enumerate(lines) if "weights_backbone=MobileNet_V3_Large_Weights" in line)
    assert imported < used and "from torchvision.models import ResNet50_Weights" in lines

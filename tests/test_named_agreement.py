"""open_clip and segmentation_models_pytorch in both front ends that judge calls: ``weightlink
check`` and mypy with the plugin report the same findings (line, code, message) on the same
files, and exactly the lines the case files mark ``# error: CODE``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "named_cases"
MARK = re.compile(r"#\s*error:\s*([\w-]+)")


def marked(path: Path) -> set[tuple[int, str]]:
    return {(number, m.group(1)) for number, line in enumerate(path.read_text().splitlines(), 1) if (m := MARK.search(line))}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("named")
    for case in CASES.glob("*.py"):
        shutil.copy(case, folder / case.name)
    (folder / "mypy.ini").write_text("[mypy]\nplugins = mypy_plugin\nignore_missing_imports = True\n")
    return folder


@pytest.fixture(scope="module")
def checker(project: Path) -> dict[str, set[tuple[int, str, str]]]:
    done = subprocess.run([sys.executable, "-m", "weightlink", "check", "--format", "json", "."], cwd=project, capture_output=True, text=True, check=False)
    found: dict[str, set[tuple[int, str, str]]] = {}
    for finding in json.loads(done.stdout)["findings"]:
        found.setdefault(Path(finding["path"]).name, set()).add((finding["line"], finding["code"], finding["message"]))
    return found


@pytest.fixture(scope="module")
def plugin(project: Path) -> dict[str, set[tuple[int, str, str]]]:
    command = [sys.executable, "-m", "mypy", "--no-incremental", "--config-file", "mypy.ini", *sorted(p.name for p in CASES.glob("*.py"))]
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    found: dict[str, set[tuple[int, str, str]]] = {}
    for line in done.stdout.splitlines():
        match = re.match(r"(?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*)  \[(?P<code>[\w-]+)\]$", line)
        if match and match["code"] in {"weights-mismatch", "weights-unknown", "model-unknown", "weights-legacy", "weights-meta-conflict"}:
            found.setdefault(match["file"], set()).add((int(match["line"]), match["code"], match["message"]))
    assert found, done.stdout + done.stderr
    return found


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.glob("*.py")))
def test_the_checker_reports_the_marked_lines(case: str, checker: dict[str, set[tuple[int, str, str]]]) -> None:
    assert {(line, code) for line, code, _ in checker.get(case, set())} == marked(CASES / case)


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.glob("*.py")))
def test_the_plugin_agrees_with_the_checker(
    case: str, checker: dict[str, set[tuple[int, str, str]]], plugin: dict[str, set[tuple[int, str, str]]]
) -> None:
    assert plugin.get(case, set()) == checker.get(case, set())


def test_the_codemod_applies_their_fixes(tmp_path: Path) -> None:
    """smp's deprecated ``timm-`` encoder is a safe fix; open_clip's QuickGELU model name an
    unsafe one, written only with --unsafe-fixes; nothing else in the files changes."""
    for case in CASES.glob("*.py"):
        shutil.copy(case, tmp_path / case.name)
    original = {case.name: case.read_text() for case in CASES.glob("*.py")}

    def migrate(*options: str) -> None:
        done = subprocess.run([sys.executable, "-m", "weightlink", "migrate", *options, "."], cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr

    migrate()
    assert (tmp_path / "smp_calls.py").read_text() == original["smp_calls.py"].replace('"timm-regnetx_002"', '"tu-regnetx_002"')
    assert (tmp_path / "open_clip_calls.py").read_text() == original["open_clip_calls.py"]
    migrate("--unsafe-fixes")
    expected = original["open_clip_calls.py"]
    for old, new in [
        ('open_clip.create_model("ViT-B-32", pretrained="openai")', 'open_clip.create_model("ViT-B-32-quickgelu", pretrained="openai")'),
        # past the line length with its comment: laid out as black would
        ('oc.create_model("RN50", pretrained="yfcc15m")', 'oc.create_model(\n    "RN50-quickgelu", pretrained="yfcc15m"\n)'),
        ('oc.create_model("ViT-L-14", "openai")', 'oc.create_model("ViT-L-14-quickgelu", "openai")'),
    ]:
        expected = expected.replace(old, new)
    assert (tmp_path / "open_clip_calls.py").read_text() == expected

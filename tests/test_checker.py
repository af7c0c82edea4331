"""``weightlink check``: what it reports, in which formats, with which exit codes, and that no file
makes it crash."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.strategies import one_line_expressions
from weightlink.check.run import Checker
from weightlink.rules.codes import markdown_table
from weightlink.config import Settings

ROOT = Path(__file__).resolve().parents[1]
CHECKER = Checker(Settings())

CALLS = """\
import torch
from torchvision import models
from torchvision.models import ResNet50_Weights, resnet50

a = models.resnet50(pretrained=True)
b = resnet50(weights=models.ResNet101_Weights.DEFAULT)
c = resnet50(weights="NOPE")
d = models.get_model("resnett50")
e = torch.hub.load("pytorch/vision", "resnet18", pretrained=True)
f = resnet50(weights=ResNet50_Weights.DEFAULT)
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "weightlink", "check", *args], cwd=cwd, capture_output=True, text=True, check=False)


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text))


def test_text_output_and_exit_code(tmp_path: Path) -> None:
    write(tmp_path, {"calls.py": CALLS})
    result = run("calls.py", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        'calls.py:5:32: weights-legacy pretrained= of "resnet50" is deprecated; use weights=ResNet50_Weights.IMAGENET1K_V1 '
        "(the weights pretrained=True loaded; DEFAULT is now IMAGENET1K_V2)",
        'calls.py:6:22: weights-mismatch "resnet50" takes "ResNet50_Weights" for "weights", got "ResNet101_Weights.DEFAULT" '
        '(an alias of "ResNet101_Weights.IMAGENET1K_V2"); did you mean "ResNet50_Weights.DEFAULT"?',
        'calls.py:7:22: weights-unknown Unknown weights "NOPE" for "resnet50"; valid names of "ResNet50_Weights": DEFAULT, IMAGENET1K_V1, IMAGENET1K_V2',
        'calls.py:8:22: model-unknown Unknown model "resnett50" in the torchvision registry; did you mean "resnet50"?',
        'calls.py:9:61: weights-legacy pretrained= of "resnet18" is deprecated; use weights="ResNet18_Weights.IMAGENET1K_V1"',
    ]
    assert "1 file checked, 5 errors" in result.stderr


def test_a_clean_file_exits_0_and_notes_do_not_count(tmp_path: Path) -> None:
    write(tmp_path, {"ok.py": """
        import torchvision
        from torchvision.models import resnet50

        def build():
            if torchvision.__version__ < "0.13":
                return resnet50(pretrained=True)
            return resnet50(weights="DEFAULT")
        """})
    result = run("ok.py", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("weights-legacy note: compatibility branch for torchvision < 0.13: left as is")


def test_json_github_and_sarif(tmp_path: Path) -> None:
    write(tmp_path, {"calls.py": CALLS})
    findings = json.loads(run("calls.py", "--format", "json", cwd=tmp_path).stdout)["findings"]
    assert [f["code"] for f in findings] == ["weights-legacy", "weights-mismatch", "weights-unknown", "model-unknown", "weights-legacy"]
    assert findings[0]["fix"] == {"applicability": "safe", "message": "weights=models.ResNet50_Weights.IMAGENET1K_V1"}
    assert findings[0]["line"] == 5
    github = run("calls.py", "--format", "github", cwd=tmp_path).stdout.splitlines()
    assert github[3] == (
        '::error file=calls.py,line=8,col=22,title=model-unknown::Unknown model "resnett50" in the torchvision registry; '
        'did you mean "resnet50"?'
    )
    sarif = json.loads(run("calls.py", "--format", "sarif", cwd=tmp_path).stdout)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    rule_ids = {rule["id"] for rule in run_["tool"]["driver"]["rules"]}
    assert {"weights-legacy", "weights-mismatch", "weights-unknown", "model-unknown", "weights-meta-conflict"} <= rule_ids
    first = run_["results"][0]
    assert first["ruleId"] == "weights-legacy" and first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5, "startColumn": 32
    }


def test_ignore_comments_and_configuration(tmp_path: Path) -> None:
    write(tmp_path, {
        "calls.py": """
            from torchvision.models import resnet50
            resnet50(pretrained=True)  # weightlink: ignore[weights-legacy]
            resnet50(weights="NOPE")  # weightlink: ignore
            resnet50(pretrained=True)  # type: ignore[deprecated]
            resnet50(weights="NOPE")  # weightlink: ignore[weights-legacy]
            resnet50(pretrained=True)
            """,
        "pyproject.toml": '[tool.weightlink]\nignore = ["weights-unknown"]\n',
    })
    assert run("calls.py", cwd=tmp_path).stdout.splitlines() == [
        'calls.py:7:21: weights-legacy pretrained= of "resnet50" is deprecated; use weights=ResNet50_Weights.IMAGENET1K_V1 '
        "(the weights pretrained=True loaded; DEFAULT is now IMAGENET1K_V2)"
    ]
    assert run("calls.py", "--select", "weights-unknown", "--config", "/dev/null", cwd=tmp_path).returncode == 2
    write(tmp_path, {"pyproject.toml": "[tool.other]\n"})
    selected = run("calls.py", "--select", "weights-unknown", cwd=tmp_path).stdout.splitlines()
    assert [line.split(": ")[0] for line in selected] == ["calls.py:6:18"]


def test_unparsable_files_are_named_and_the_others_still_checked(tmp_path: Path) -> None:
    write(tmp_path, {"good.py": CALLS, "broken.py": "from torchvision import models\nmodels.resnet50(\n"})
    (tmp_path / "py2.py").write_text("import torchvision\nprint 'hello'\n")
    (tmp_path / "latin.py").write_bytes(
        b"# -*- coding: latin-1 -*-\nfrom torchvision.models import resnet50\n# caf\xe9\nresnet50(pretrained=False)\n"
    )
    result = run(".", "--no-gitignore", cwd=tmp_path)
    assert result.returncode == 2
    assert "broken.py: error: does not parse (line 2: " in result.stdout
    assert "py2.py: error: does not parse" in result.stdout
    assert 'latin.py:4:21: weights-legacy pretrained= of "resnet50" is deprecated (pretrained=False); use weights=None' in result.stdout
    assert result.stdout.count("good.py:") == 5


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("no/such/file.py", cwd=tmp_path).returncode == 2
    assert run("--format", "yaml", cwd=tmp_path).returncode == 2


def test_diff_and_fix_apply_the_codemod(tmp_path: Path) -> None:
    write(tmp_path, {"calls.py": "from torchvision import models\nmodel = models.resnet50(pretrained=True)\n"})
    diff = run("calls.py", "--diff", cwd=tmp_path)
    assert "+model = models.resnet50(weights=models.ResNet50_Weights.IMAGENET1K_V1)" in diff.stdout
    assert "pretrained=True" in (tmp_path / "calls.py").read_text()
    fixed = run("calls.py", "--fix", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert (tmp_path / "calls.py").read_text().endswith("models.resnet50(weights=models.ResNet50_Weights.IMAGENET1K_V1)\n")
    assert run("calls.py", cwd=tmp_path).returncode == 0


def test_fix_says_what_it_changed_then_exactly_what_a_plain_check_reports(tmp_path: Path) -> None:
    source = (
        "from torchvision import models\n"
        "a = models.resnet50(pretrained=True)\n"
        "b = models.vgg16(pretrained=False, progress=False)\n"
        "c = models.resnet50(weights=models.ResNet101_Weights.DEFAULT)\n"
    )
    write(tmp_path, {"calls.py": source})
    fixed = run("calls.py", "--fix", cwd=tmp_path)
    plain = run("calls.py", cwd=tmp_path)
    assert fixed.returncode == plain.returncode == 1
    assert "fixed calls.py: 2 calls migrated" in fixed.stderr
    assert fixed.stdout == plain.stdout and plain.stdout.count("\n") == 1 and "weights-mismatch" in plain.stdout
    assert fixed.stderr.splitlines()[-1] == plain.stderr.splitlines()[-1] == "1 file checked, 1 error"


APPENDED = "\nfrom torchvision import models\nmodels.resnet50(pretrained={0}, num_classes={1})\nmodels.get_model({0}, weights={1})\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(first=one_line_expressions(["True", "'DEFAULT'", "flag", "x.y", "f(1)", "-1", "None"]), second=one_line_expressions(["10", "'a'"]))
def test_any_argument_expression_is_checked_without_crashing(first: str, second: str) -> None:
    source = APPENDED.format(first, second)
    try:
        compile(source, "<case>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return
    CHECKER.check_text("case.py", source)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(program=__import__("hypothesmith").from_node())
def test_any_program_is_checked_without_crashing(program: str) -> None:
    source = program + APPENDED.format("True", "1")
    try:
        CHECKER.check_text("case.py", source)
    except (SyntaxError, ValueError):
        pass  # named as unparsable by check_files; never an exception out of the checker itself


def test_configured_paths_and_unknown_codes(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    write(tmp_path, {"src/calls.py": CALLS, "skipped.py": CALLS,
                     "pyproject.toml": '[tool.weightlink]\npaths = ["src"]\nselect = ["model-unknown"]\n'})
    result = run(cwd=tmp_path)
    assert result.stdout.splitlines() == [
        'src/calls.py:8:22: model-unknown Unknown model "resnett50" in the torchvision registry; did you mean "resnet50"?'
    ]
    misspelt = run("--ignore", "weights-unknwn", cwd=tmp_path)
    assert misspelt.returncode == 2 and "unknown code(s) in select/ignore: weights-unknwn" in misspelt.stderr


def test_the_table_of_codes_is_generated_from_the_rules() -> None:
    """The same table as docs/mypy-plugin.md's, linking to its sections. Regenerate with:
    python scripts/refresh_docs.py checker.md"""
    page = (ROOT / "docs" / "checker.md").read_text(encoding="utf-8")
    assert f"<!-- generated: error-codes -->\n{markdown_table('mypy-plugin.md')}\n<!-- end generated -->" in page


def test_assignments_through_module_attributes_bind_no_name() -> None:
    case = ROOT / "tests" / "shared_cases" / "attribute_assignments.py"
    found = [(f.line, f.severity, f.code) for f in CHECKER.check_text(case.name, case.read_text())]
    assert found == [(11, "error", "weights-legacy"), (19, "note", "weights-legacy")]

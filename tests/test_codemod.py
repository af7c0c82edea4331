"""The codemod on fixture pairs (before -> expected, written by hand and reviewed), its safety
guarantees, and its command line."""

from __future__ import annotations

import ast
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest

from codemods.migrate_pretrained.command import MigratePretrainedCommand
from codemods.migrate_pretrained.runner import Options, RunSettings, migrate_file
from libcst.codemod import CodemodContext

FIXTURES = Path(__file__).parent / "codemod_fixtures"
CASES = sorted(p.stem for p in FIXTURES.glob("*.py") if not p.stem.endswith(".expected"))
TORCHVISION = RunSettings()
WITH_TINYZOO = RunSettings(libraries=("tinyzoo", "torchvision"))

# What each fixture reports instead of rewriting: (line, start of the message).
REPORTED = {
    "timm_names": [(27, 'timm model name "tf_efficientnet_b3_ns" (the value of BACKBONE)')],
    "timm_compat": [
        (6, "compatibility branch for timm < 0.9"),
        (10, 'timm model name "tf_efficientnet_b3_ns" is deprecated'),
    ],
    "hub_and_reported": [
        (8, '"pytorch/vision:v0.10.0" is torchvision 0.10, before weights= (0.13): pretrained= is right there'),
        (10, '"vit_h_14" never had legacy weights, so pretrained=True has no replacement'),
        (12, "pretrained= is deprecated, and this call's builder is picked at run time"),
        (13, "pretrained= is deprecated, and this call's builder is picked at run time"),
        (14, '"resnet50" is given both pretrained= and weights='),
    ],
    "tinyzoo_library": [(12, '"med_resnet34" never had legacy weights')],
    "splats": [(12, "resnet50(): a *args/**kwargs splat hides which arguments are legacy")],
    "meta_legacy": [
        (5, 'aux_logits=False conflicts with weights "Inception_V3_Weights.IMAGENET1K_V1" (what pretrained=True loads)'),
        (6, 'num_classes=10 conflicts with weights "ResNet50_Weights.IMAGENET1K_V1" (what pretrained=True loads)'),
        (7, 'image_size=384 conflicts with weights "ViT_B_16_Weights.IMAGENET1K_V1" (what pretrained=True loads)'),
    ],
    "compat_fallbacks": [
        (12, "compatibility branch for an older torchvision: left as is"),
        (20, "compatibility branch for an older torchvision: left as is"),
        (28, "compatibility branch for torchvision < 0.13 (its builder is picked at run time): left as is"),
        (34, "compatibility branch for an older torchvision: left as is"),
        (48, "compatibility branch for an older torchvision: left as is"),
        (53, 'pretrained= of "inception_v3" is deprecated; use weights=Inception_V3_Weights.IMAGENET1K_V1; unsafe fix'),
        (56, "compatibility branch for an older torchvision: left as is"),
        (60, 'pretrained= of "resnet18" is deprecated; use weights=ResNet18_Weights.IMAGENET1K_V1; unsafe fix'),
    ],
    "sentinel_fallbacks": [(line, "compatibility branch for an older torchvision: left as is") for line in (17, 23, 24, 26, 28)],
    "compat_branches": [
        (16, "compatibility branch for torchvision < 0.13: left as is"),
        (24, "compatibility branch for torchvision < 0.13: left as is"),
        (25, "compatibility branch for torchvision < 0.13: left as is"),
        (26, 'pretrained= of "resnet50" is deprecated; use weights=ResNet50_Weights.IMAGENET1K_V1 (the weights'),
    ],
}


@pytest.mark.parametrize(
    "options",
    [Options(unsafe_fixes=True), Options(rewrite_dynamic=True), Options(prefer_default=True)],
    ids=["unsafe-fixes", "rewrite-dynamic", "prefer-default"],
)
def test_compatibility_fallbacks_are_left_in_every_mode(options: Options, tmp_path: Path) -> None:
    target = tmp_path / "compat_fallbacks.py"
    shutil.copy(FIXTURES / "compat_fallbacks.py", target)
    result = migrate_file(target, RunSettings(options=options))
    assert result.error is None
    before, after = (FIXTURES / "compat_fallbacks.py").read_text().splitlines(), target.read_text().splitlines()
    compat = [line for line, message in REPORTED["compat_fallbacks"] if message.startswith("compatibility branch")]
    assert all(before[line - 1] in after for line in compat)  # (a wrapped fix above may move them)
    reported = [f.line for f in result.findings if f.kind == "reported"]
    assert set(compat) <= set(reported)
    # The calls outside the fallbacks are unsafe fixes: applied only when unsafe fixes are asked for.
    unsafe = [line for line, message in REPORTED["compat_fallbacks"] if "unsafe fix" in message]
    assert all((before[line - 1] in after) != options.unsafe for line in unsafe)


def settings_for(case: str) -> RunSettings:
    return WITH_TINYZOO if case.startswith("tinyzoo") else TORCHVISION


@pytest.mark.parametrize("case", CASES)
def test_fixture_pair(case: str, tmp_path: Path) -> None:
    target = tmp_path / f"{case}.py"
    shutil.copy(FIXTURES / f"{case}.py", target)
    result = migrate_file(target, settings_for(case))
    assert result.error is None
    assert target.read_text() == (FIXTURES / f"{case}.expected.py").read_text()
    reported = [(f.line, f.message) for f in result.findings if f.kind == "reported"]
    expected = REPORTED.get(case, [])
    assert len(reported) == len(expected), reported
    for (line, message), (want_line, want_start) in zip(reported, expected):
        assert line == want_line and message.startswith(want_start), (line, message)


MODES = {"default": Options(), "prefer-default": Options(prefer_default=True), "unsafe-fixes": Options(unsafe_fixes=True)}


@pytest.mark.parametrize("case", [c for c in CASES if not c.startswith("tinyzoo")])
def test_libcst_s_runner_edits_what_the_cli_edits(case: str, tmp_path: Path) -> None:
    """``python -m libcst.tool codemod`` runs the same findings and fixes as the command line."""
    text = (FIXTURES / f"{case}.py").read_text()
    command = MigratePretrainedCommand(CodemodContext(filename=str(FIXTURES / f"{case}.py")))
    assert command.transform_module(cst.parse_module(text)).code == (FIXTURES / f"{case}.expected.py").read_text()


def test_the_cli_leaves_everything_but_the_calls_and_imports_to_the_text(tmp_path: Path) -> None:
    """Form feeds and odd line endings away from the calls and imports stay: the file is migrated,
    every other byte kept."""
    text = (
        "import torchvision\n"
        "\x0c\n"
        "def f():\n"
        "    return 1\r"
        "x = [1,\x0c 2]\n"
        "m = torchvision.models.resnet18(pretrained=True)  # short\n"
    )
    target = tmp_path / "odd.py"
    target.write_bytes(text.encode())
    result = migrate_file(target, TORCHVISION)
    assert result.error is None and result.changed
    assert target.read_bytes() == text.replace(
        "resnet18(pretrained=True)  # short", "resnet18(\n    weights=torchvision.models.ResNet18_Weights.IMAGENET1K_V1\n)  # short"
    ).encode()


@pytest.mark.parametrize("case", CASES)
def test_second_run_changes_nothing(case: str, tmp_path: Path) -> None:
    target = tmp_path / f"{case}.py"
    shutil.copy(FIXTURES / f"{case}.expected.py", target)
    before = target.stat().st_mtime_ns
    result = migrate_file(target, settings_for(case))
    assert not result.changed and target.stat().st_mtime_ns == before


def test_prefer_default_where_default_is_other_weights_is_an_unsafe_fix(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    source = "from torchvision import models\nmodels.resnet50(pretrained=True)\nmodels.alexnet(pretrained=True)\n"
    target.write_text(source)
    result = migrate_file(target, RunSettings(options=Options(prefer_default=True)))
    # alexnet's DEFAULT is the weights pretrained=True loaded: safe; resnet50's is V2, not V1: unsafe.
    assert target.read_text().splitlines()[1:] == [
        "models.resnet50(pretrained=True)",
        "models.alexnet(weights=models.AlexNet_Weights.DEFAULT)",
    ]
    reported = [f.message for f in result.findings if f.kind == "reported"]
    assert len(reported) == 1 and reported[0].endswith(
        "unsafe fix, applied with --unsafe-fixes: weights=models.ResNet50_Weights.DEFAULT "
        "(--prefer-default changes the weights: ResNet50_Weights.IMAGENET1K_V1 -> DEFAULT (IMAGENET1K_V2))"
    )
    target.write_text(source)
    result = migrate_file(target, RunSettings(options=Options(prefer_default=True, unsafe_fixes=True)))
    assert target.read_text().splitlines()[1] == "models.resnet50(weights=models.ResNet50_Weights.DEFAULT)"
    notes = [f.message for f in result.findings if f.kind == "note"]
    assert notes == ["--prefer-default changes the weights: ResNet50_Weights.IMAGENET1K_V1 -> DEFAULT (IMAGENET1K_V2)"]


# -- safety -----------------------------------------------------------------------------------

LEGACY = "from torchvision import models\nmodel = models.resnet18(pretrained=True)\n"
MIGRATED = "from torchvision import models\nmodel = models.resnet18(weights=models.ResNet18_Weights.IMAGENET1K_V1)\n"


def test_crlf_bom_and_missing_final_newline_survive(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    target.write_bytes(b"\xef\xbb\xbf" + LEGACY.replace("\n", "\r\n").rstrip("\r\n").encode())
    migrate_file(target, TORCHVISION)
    assert target.read_bytes() == b"\xef\xbb\xbf" + MIGRATED.replace("\n", "\r\n").rstrip("\r\n").encode()


def test_pep263_encoding_and_file_mode_survive(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    source = "# -*- coding: latin-1 -*-\n# café\n" + LEGACY
    target.write_bytes(source.encode("latin-1"))
    target.chmod(0o750)
    migrate_file(target, TORCHVISION)
    assert target.read_bytes() == ("# -*- coding: latin-1 -*-\n# café\n" + MIGRATED).encode("latin-1")
    assert stat.S_IMODE(target.stat().st_mode) == 0o750
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]  # no temporary file left


@pytest.mark.parametrize(
    "source",
    ["from torchvision import models\nmodels.resnet18(pretrained=True\n", 'import torchvision\nprint "python 2"\n'],
    ids=["syntax-error", "python-2"],
)
def test_unparsable_files_are_reported_and_untouched(tmp_path: Path, source: str) -> None:
    target = tmp_path / "a.py"
    target.write_text(source)
    result = migrate_file(target, TORCHVISION)
    assert result.error is not None and "does not parse" in result.error
    assert target.read_text() == source


def test_a_rewrite_that_would_not_parse_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Break our own reference builder: the guard must catch what it produces.
    from weightlink.fixes.references import EnumNames

    monkeypatch.setattr(EnumNames, "reference", lambda *args: ("1.IMAGENET1K_V1", None))
    target = tmp_path / "a.py"
    target.write_text(LEGACY)
    result = migrate_file(target, TORCHVISION)
    assert result.error is not None and "would not parse" in result.error
    assert target.read_text() == LEGACY


def test_files_without_changes_are_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    target.write_text("import torchvision\nmodel = torchvision.models.resnet18(weights=None)\n")
    before = target.stat().st_mtime_ns
    assert not migrate_file(target, TORCHVISION).changed
    assert target.stat().st_mtime_ns == before


# -- command line -----------------------------------------------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codemods.migrate_pretrained", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def make_tree(root: Path, count: int = 12) -> None:
    for index in range(count):
        (root / f"m{index}.py").write_text(LEGACY if index % 3 == 0 else "import os\n")


def test_check_diff_and_write(tmp_path: Path) -> None:
    make_tree(tmp_path)
    check = cli(".", "--check", cwd=tmp_path)
    assert check.returncode == 1
    assert "12 files scanned, 4 would change, 4 call sites to rewrite, 0 reported" in check.stderr
    diff = cli(".", "--diff", cwd=tmp_path)
    assert diff.returncode == 0 and "+model = models.resnet18(weights=models.ResNet18_Weights.IMAGENET1K_V1)" in diff.stdout
    assert (tmp_path / "m0.py").read_text() == LEGACY  # --diff writes nothing
    write = cli(".", "--jobs", "2", cwd=tmp_path)
    assert write.returncode == 0 and (tmp_path / "m0.py").read_text() == MIGRATED
    assert cli(".", "--check", cwd=tmp_path).returncode == 0


def test_json_report(tmp_path: Path) -> None:
    make_tree(tmp_path, 3)
    (tmp_path / "bad.py").write_text("import torchvision\ndef (:\n")
    result = cli(".", "--json", "--diff", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert result.returncode == 2  # a file could not be processed
    assert report["summary"] == {
        "files_scanned": 4,
        "files_changed": 1,
        "call_sites_rewritten": 1,
        "call_sites_reported": 0,
        "files_not_processed": 1,
        "calls_silenced": 0,
    }
    by_path = {entry["path"]: entry for entry in report["files"]}
    assert by_path["m0.py"]["findings"][0]["kind"] == "rewritten"
    assert "does not parse" in by_path["bad.py"]["error"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert cli("no/such/dir", cwd=tmp_path).returncode == 2
    assert cli(".", "--jobs", "0", cwd=tmp_path).returncode == 2
    assert cli(".", "--library", "no_such_library_xyz", cwd=tmp_path).returncode == 2


def test_gitignore_and_globs(tmp_path: Path) -> None:
    make_tree(tmp_path, 1)
    (tmp_path / "vendored").mkdir()
    (tmp_path / "vendored" / "old.py").write_text(LEGACY)
    (tmp_path / "tests_old.py").write_text(LEGACY)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("vendored/\n")
    assert "1 would change" in cli(".", "--check", "--exclude", "tests_*", cwd=tmp_path).stderr
    assert "2 would change" in cli(".", "--check", cwd=tmp_path).stderr
    assert "3 would change" in cli(".", "--check", "--no-gitignore", cwd=tmp_path).stderr
    assert "1 would change" in cli(".", "--check", "--include", "tests_*.py", cwd=tmp_path).stderr


def test_libcst_runner_uses_the_same_command(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    target.write_text(LEGACY)
    result = subprocess.run(
        [sys.executable, "-m", "libcst.tool", "codemod", "-x", "--no-format",
         "codemods.migrate_pretrained.MigratePretrainedCommand", str(target)],
        cwd=tmp_path, capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )
    assert result.returncode == 0, result.stderr
    assert target.read_text() == MIGRATED


def test_a_splat_that_may_hold_legacy_arguments_is_noted(tmp_path: Path) -> None:
    target = tmp_path / "splats.py"
    shutil.copy(FIXTURES / "splats.py", target)
    notes = [(f.line, f.message) for f in migrate_file(target, TORCHVISION).findings if f.kind == "note"]
    assert notes == [(10, "fasterrcnn_resnet50_fpn(): pretrained_backbone= may also come from **kwargs; check what it holds")]


def test_guarded_imports_never_become_top_level(tmp_path: Path) -> None:
    """A file whose torchvision imports are all guarded still imports nothing at top level after."""
    import ast

    target = tmp_path / "optional_imports.py"
    shutil.copy(FIXTURES / "optional_imports.py", target)
    migrate_file(target, TORCHVISION)
    tree = ast.parse(target.read_text())
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert all("torchvision" not in ast.unparse(n) for n in top_level)

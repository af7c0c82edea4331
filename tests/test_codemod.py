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

from codemods.migrate_pretrained.command import MigratePretrainedCommand, Options
from codemods.migrate_pretrained.runner import RunSettings, catalogs, migrate_file, timm_catalog
from codemods.migrate_pretrained.splice import migrate_text
from libcst.codemod import CodemodContext

FIXTURES = Path(__file__).parent / "codemod_fixtures"
CASES = sorted(p.stem for p in FIXTURES.glob("*.py") if not p.stem.endswith(".expected"))
TORCHVISION = RunSettings()
WITH_TINYZOO = RunSettings(libraries=("tinyzoo", "torchvision"))

# What each fixture reports instead of rewriting: (line, start of the message).
REPORTED = {
    "timm_names": [(27, "compatibility branch for timm < 0.9"), (30, 'timm model name "tf_efficientnet_b3_ns" (the value of BACKBONE)')],
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
    ],
    "compat_branches": [
        (16, "compatibility branch for torchvision < 0.13: left as is"),
        (24, "compatibility branch for torchvision < 0.13: left as is"),
        (25, "compatibility branch for torchvision < 0.13: left as is"),
    ],
}


@pytest.mark.parametrize("options", [Options(rewrite_dynamic=True), Options(prefer_default=True)], ids=["rewrite-dynamic", "prefer-default"])
def test_compatibility_fallbacks_are_left_in_every_mode(options: Options, tmp_path: Path) -> None:
    target = tmp_path / "compat_fallbacks.py"
    shutil.copy(FIXTURES / "compat_fallbacks.py", target)
    result = migrate_file(target, RunSettings(options=options))
    assert result.error is None
    expected = (FIXTURES / "compat_fallbacks.expected.py").read_text()
    if options.prefer_default:
        expected = expected.replace("ResNet18_Weights.IMAGENET1K_V1", "ResNet18_Weights.DEFAULT")
    assert target.read_text() == expected
    assert [f.line for f in result.findings if f.kind == "reported"] == [line for line, _ in REPORTED["compat_fallbacks"]]


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


MODES = {"default": Options(), "prefer-default": Options(prefer_default=True), "rewrite-dynamic": Options(rewrite_dynamic=True)}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES + [c + ".expected" for c in CASES])
def test_the_cli_edits_what_a_whole_module_visit_edits(case: str, mode: str) -> None:
    """The CLI parses only the calls and the import block (splice.py); LibCST's own runner visits
    the whole module. Same text, same findings, on every fixture in every mode."""
    text = (FIXTURES / f"{case}.py").read_text()
    settings = RunSettings(libraries=settings_for(case).libraries, options=MODES[mode])
    loaded = catalogs(settings)
    timm = timm_catalog(settings)
    whole = MigratePretrainedCommand(CodemodContext(filename=f"{case}.py"), loaded, settings.options, timm=timm)
    whole_code = whole.transform_module(cst.parse_module(text)).code
    spliced = MigratePretrainedCommand(CodemodContext(filename=f"{case}.py"), loaded, settings.options, timm=timm)
    model = spliced.libraries.model(ast.parse(text), text, f"{case}.py")
    assert migrate_text(spliced, text, model) == whole_code
    assert spliced.findings == whole.findings


def test_the_cli_leaves_everything_but_the_calls_and_imports_to_the_text(tmp_path: Path) -> None:
    """Syntax LibCST may not know, form feeds and odd line endings away from the calls and imports
    never reach it: the file is migrated, every other byte kept."""
    text = (
        "import torchvision\n"
        "\x0c\n"
        "def f():\n"
        "    return 1\r"
        "x = [1,\x0c 2]\n"
        "m = torchvision.models.resnet18(pretrained=True)\n"
    )
    target = tmp_path / "odd.py"
    target.write_bytes(text.encode())
    result = migrate_file(target, TORCHVISION)
    assert result.error is None and result.changed
    assert target.read_bytes() == text.replace(
        "resnet18(pretrained=True)", "resnet18(weights=torchvision.models.ResNet18_Weights.IMAGENET1K_V1)"
    ).encode()


@pytest.mark.parametrize("case", CASES)
def test_second_run_changes_nothing(case: str, tmp_path: Path) -> None:
    target = tmp_path / f"{case}.py"
    shutil.copy(FIXTURES / f"{case}.expected.py", target)
    before = target.stat().st_mtime_ns
    result = migrate_file(target, settings_for(case))
    assert not result.changed and target.stat().st_mtime_ns == before


def test_prefer_default_lists_the_calls_whose_weights_change(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    target.write_text("from torchvision import models\nmodels.resnet50(pretrained=True)\nmodels.alexnet(pretrained=True)\n")
    settings = RunSettings(options=Options(prefer_default=True))
    result = migrate_file(target, settings)
    assert target.read_text().splitlines()[1:] == [
        "models.resnet50(weights=models.ResNet50_Weights.DEFAULT)",
        "models.alexnet(weights=models.AlexNet_Weights.DEFAULT)",
    ]
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
    # Break our own reference builder (not LibCST): the guard must catch what it produces.
    broken = cst.Attribute(value=cst.Integer("1"), attr=cst.Name("IMAGENET1K_V1"))  # prints "1.IMAGENET1K_V1"
    monkeypatch.setattr(MigratePretrainedCommand, "_reference", lambda *args: broken)
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

"""timm's names in strings, end to end on the real timm 1.0.31 source: the rules, the checker, the
codemod (its fixture is in tests/codemod_fixtures/timm_names.py), the settings that turn it off,
the bundled catalog and the cache. The plugin's agreement is in tests/test_checker_agreement.py."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from weightlink.catalog.timm import bundled_timm_catalog, find_timm, load_timm_catalog
from weightlink.catalog.timm_reader import TimmCatalog
from weightlink.rules.codes import MODEL_UNKNOWN, WEIGHTS_LEGACY, WEIGHTS_UNKNOWN
from weightlink.rules.timm import diagnose_name

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "shared_cases" / "timm_names.py"


@pytest.fixture(scope="module")
def timm() -> TimmCatalog:
    return load_timm_catalog()


def test_the_bundled_catalog_is_what_the_installed_timm_reads(timm: TimmCatalog) -> None:
    # A stale bundle would judge users without timm installed by another release's names.
    assert find_timm() is not None and timm.version == "1.0.31"
    assert bundled_timm_catalog() == load_timm_catalog(use_cache=False)


def test_a_cached_load_takes_under_50_ms() -> None:
    load_timm_catalog()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        load_timm_catalog()
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.05, times


@pytest.mark.parametrize(
    ("function", "name", "pretrained", "code", "text"),
    [
        ("create", "tf_efficientnet_b4_ns", True, WEIGHTS_LEGACY, 'use "tf_efficientnet_b4.ns_jft_in1k"'),
        ("create", "vit_base_patch16_224_in21k", False, WEIGHTS_LEGACY, 'use "vit_base_patch16_224.augreg_in21k"'),
        ("is_model", "tf_efficientnet_b4_ns", False, WEIGHTS_LEGACY, 'use "tf_efficientnet_b4.ns_jft_in1k"'),
        ("create", "resnet5O", True, MODEL_UNKNOWN, 'did you mean "resnet50"?'),
        ("is_model", "efficientnet_b9", False, MODEL_UNKNOWN, 'Unknown model "efficientnet_b9"'),
        ("create", "resnet50.a1_in1kk", True, WEIGHTS_UNKNOWN, 'did you mean "resnet50.a1_in1k"?'),
        ("create", "davit_large", True, WEIGHTS_UNKNOWN, "has no pretrained weights"),
    ],
)
def test_what_is_reported(timm: TimmCatalog, function: str, name: str, pretrained: bool, code: object, text: str) -> None:
    diagnostic = diagnose_name(function, name, timm, pretrained=pretrained)  # type: ignore[arg-type]
    assert diagnostic is not None and diagnostic.code is code and text in diagnostic.message, diagnostic


@pytest.mark.parametrize(
    ("function", "name", "pretrained"),
    [
        ("create", "resnet50", True),
        ("create", "resnet50.a1_in1k", True),
        ("create", "tf_efficientnet_b4.ns_jft_in1k", True),
        ("create", "davit_large", False),  # no weights, none asked for
        ("create", "vit_base_patch32_clip_quickgelu_224", True),  # tags built in a loop: not judged
        ("create", "hf-hub:timm/resnet50.a1_in1k", True),
        ("create", "local-dir:/models/resnet", True),
        ("create", "timm/resnet50.a1_in1k", True),
        ("is_model", "resnet50.not_a_tag", False),  # is_model ignores the tag
    ],
)
def test_what_is_not_reported(timm: TimmCatalog, function: str, name: str, pretrained: bool) -> None:
    assert diagnose_name(function, name, timm, pretrained=pretrained) is None  # type: ignore[arg-type]


def check(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "weightlink", "check", *args], cwd=folder, capture_output=True, text=True, check=False)


def test_the_checker_on_every_import_style(tmp_path: Path) -> None:
    (tmp_path / "cases.py").write_text(CASES.read_text())
    result = check(tmp_path, "cases.py")
    assert result.returncode == 1, result.stderr
    found = {(int(line.split(":")[1]), line.split()[1]) for line in result.stdout.splitlines()}
    lines = CASES.read_text().splitlines()
    expected = {
        (number, comment.split()[0].rstrip(",:"))
        for number, text in enumerate(lines, 1)
        if "# " in text and (comment := text.split("# ", 1)[1]).split()[0].rstrip(",:") in {"weights-legacy", "model-unknown", "weights-unknown"}
    }
    branch = next(number for number, text in enumerate(lines, 1) if "kept for an older timm" in text)
    assert expected and found == expected | {(branch, "weights-legacy")}  # a note in the < 0.9 branch
    assert "note: compatibility branch for timm < 0.9" in result.stdout


def test_timm_checks_can_be_turned_off(tmp_path: Path) -> None:
    (tmp_path / "cases.py").write_text(CASES.read_text())
    (tmp_path / "pyproject.toml").write_text("[tool.weightlink]\ntimm = false\n")
    assert check(tmp_path, "cases.py").returncode == 0
    migrate = subprocess.run(
        [sys.executable, "-m", "codemods.migrate_pretrained", "cases.py"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert migrate.returncode == 0 and (tmp_path / "cases.py").read_text() == CASES.read_text()


def test_fix_migrates_deprecated_names_and_leaves_the_rest_reported(tmp_path: Path) -> None:
    (tmp_path / "cases.py").write_text(CASES.read_text())
    # The file keeps a branch for timm < 0.9, where "arch.tag" names do not exist: its fixes are unsafe.
    safe = check(tmp_path, "--fix", "cases.py")
    assert "fixed" not in safe.stderr and "1 more with --fix --unsafe-fixes" in safe.stderr, safe.stderr
    assert (tmp_path / "cases.py").read_text() == CASES.read_text()
    result = check(tmp_path, "--fix", "--unsafe-fixes", "cases.py")
    assert "fixed cases.py: 1 call migrated" in result.stdout + result.stderr, result.stdout + result.stderr
    fixed = (tmp_path / "cases.py").read_text()
    assert 'timm.create_model("tf_efficientnet_b4.ns_jft_in1k", pretrained=True)  # weights-legacy' in fixed
    assert 'old = timm.create_model("tf_efficientnet_b4_ns"' in fixed  # the branch for timm < 0.9
    # Left for a person, and said so: the constant (used elsewhere too) and the branch for timm < 0.9.
    assert [line for line in result.stdout.splitlines() if "weights-legacy timm" in line] == [
        line for line in check(tmp_path, "cases.py").stdout.splitlines() if "weights-legacy timm" in line
    ]
    assert '"tf_efficientnet_b3_ns" is deprecated' in result.stdout and "model-unknown" in result.stdout


def test_the_catalog_command(tmp_path: Path) -> None:
    table = subprocess.run([sys.executable, "-m", "weightlink", "catalog", "timm"], capture_output=True, text=True, check=False)
    assert table.returncode == 0, table.stderr
    assert "timm 1.0.31 (read from" in table.stdout and "1371 architectures" in table.stdout
    assert "209 deprecated names" in table.stdout
    stubs = subprocess.run(
        [sys.executable, "-m", "weightlink", "stubs", "timm", "--out", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert stubs.returncode == 2 and "strings" in stubs.stderr


def test_a_file_that_registers_its_own_architecture_may_create_it(tmp_path: Path) -> None:
    (tmp_path / "act_vit.py").write_text(
        "import timm\nfrom timm.models.registry import register_model\n\n"
        "@register_model\ndef act_vit_base(pretrained=False, **kwargs):\n    return None\n\n"
        'model = timm.create_model("act_vit_base", pretrained=True)\n'
        'other = timm.create_model("act_vit_large", pretrained=True)\n'
    )
    result = check(tmp_path, "act_vit.py")
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["model-unknown"], result.stdout
    assert "act_vit.py:9:" in result.stdout and "timm 1.0.31 registry" in result.stdout


def test_old_timm_without_a_cfg_of_its_own_is_not_judged_for_weights() -> None:
    # timm 0.4's efficientnet_b3a has no cfg and calls efficientnet_b3, whose weights it loads.
    old = TimmCatalog("0.4.12", {"efficientnet_b3": ("",), "efficientnet_b3a": (), "efficientnet_b7": ("",)}, {}, pretrained=frozenset({"efficientnet_b3"}))
    assert diagnose_name("create", "efficientnet_b3a", old, pretrained=True) is None
    assert diagnose_name("create", "efficientnet_b3", old, pretrained=True) is None
    found = diagnose_name("create", "efficientnet_b7", old, pretrained=True)
    assert found is not None and "no pretrained weights" in found.message

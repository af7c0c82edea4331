"""One source of truth: every front end says the same thing about the same call, from the same
function in `weightlink.rules`, and the conventions live in the `Dialect` only."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

from codemods.migrate_pretrained.runner import RunSettings, migrate_file
from weightlink.catalog import build_catalog, load_catalog
from weightlink.rules import messages
from weightlink.rules.arguments import ArgumentView
from weightlink.rules.codes import Diagnostic
from weightlink.rules.legacy import (
    ByArgument,
    Member,
    MemberName,
    NoWeights,
    Unknown,
    WhenTrue,
    describe_default,
    legacy_outcome,
    replacement_text,
)
from weightlink.rules.names import parse_weights_name

ROOT = Path(__file__).resolve().parents[1]
TV = "torchvision.models"


def test_one_legacy_call_gets_the_same_sentence_from_the_same_function_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runtime warning, the plugin's weights-legacy error and the codemod's report of
    ``med_resnet18(pretrained=True)``: all three are the text of `messages.legacy_replaced`."""
    import mypy.api

    from tinyzoo.models import med_resnet18

    calls: list[str] = []
    original = messages.legacy_replaced

    def marked(*args: object, **kwargs: object) -> Diagnostic:
        diagnostic = original(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(diagnostic.message)
        return Diagnostic(diagnostic.code, "[marked] " + diagnostic.message, diagnostic.fix)

    monkeypatch.setattr(messages, "legacy_replaced", marked)
    expected = (
        '[marked] pretrained= of "med_resnet18" is deprecated; use weights=MedResNet18Weights.PATHMNIST_V1 '
        "(the weights pretrained=True loaded; DEFAULT is now PATHMNIST_V2)"
    )
    source = tmp_path / "legacy_call.py"
    source.write_text("from tinyzoo.models import med_resnet18\n\nmed_resnet18(pretrained=True)\n")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            med_resnet18(pretrained=True)
        except OSError:
            pass  # the weights file is not published here; the warning came first
    runtime = [str(w.message) for w in caught if issubclass(w.category, FutureWarning)]

    (tmp_path / "mypy.ini").write_text("[mypy]\nplugins = mypy_plugin\n")
    stdout, _, _ = mypy.api.run(
        ["--config-file", str(tmp_path / "mypy.ini"), "--cache-dir", str(tmp_path / "cache"), str(source)]
    )
    plugin = [line.split(": error: ", 1)[1].removesuffix("  [weights-legacy]") for line in stdout.splitlines() if ": error: " in line]

    result = migrate_file(source, RunSettings(libraries=("tinyzoo",)))
    codemod = [finding.message for finding in result.findings if finding.kind == "rewritten"]

    assert runtime == [expected]
    assert plugin == [expected], stdout
    assert codemod == [expected]
    assert len(calls) == 3


# A library that follows the RFC under other names, known only through [tool.weightlink]; its
# legacy keyword is use_pretrained, not pretrained.
ZOOLIB = {
    "src/zoolib/__init__.py": "from zoolib.models import DetectorWeights, detector\n",
    "src/zoolib/api.py": """
        from dataclasses import dataclass
        from enum import Enum
        from typing import Any, Callable

        @dataclass(frozen=True)
        class Checkpoint:
            url: str

        class ZooWeights(Enum):
            pass

        def legacy_weights(**mapping: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
            return lambda fn: fn
        """,
    "src/zoolib/models.py": """
        from typing import Any, Optional
        from zoolib.api import Checkpoint, ZooWeights, legacy_weights

        class DetectorWeights(ZooWeights):
            COCO_V1 = Checkpoint(url="https://zoo.invalid/detector_coco_v1.pt")
            COCO_V2 = Checkpoint(url="https://zoo.invalid/detector_coco_v2.pt")
            DEFAULT = COCO_V2

        @legacy_weights(weights=("use_pretrained", DetectorWeights.COCO_V1))
        def detector(*, weights: Optional[DetectorWeights] = None, **kwargs: Any) -> str:
            return "detector"
        """,
    "pyproject.toml": """
        [tool.mypy]
        plugins = ["mypy_plugin"]
        mypy_path = "src"

        [tool.weightlink]
        legacy_decorators = ["legacy_weights"]
        weights_bases = ["zoolib.api.ZooWeights"]
        entry_classes = ["Checkpoint"]
        paths = ["src"]
        """,
    "app.py": """
        from zoolib import detector

        model = detector(use_pretrained=True)
        """,
}
ZOOLIB_MESSAGE = (
    'use_pretrained= of "detector" is deprecated; use weights=DetectorWeights.COCO_V1 '
    "(the weights use_pretrained=True loaded; DEFAULT is now COCO_V2)"
)


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def test_a_library_described_only_by_configuration_is_migrated_and_flagged(tmp_path: Path) -> None:
    write(tmp_path, ZOOLIB)
    migrated = subprocess.run(
        [sys.executable, "-m", "codemods.migrate_pretrained", "--diff", "app.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stderr
    assert "-model = detector(use_pretrained=True)" in migrated.stdout
    assert "+model = detector(weights=DetectorWeights.COCO_V1)" in migrated.stdout
    assert "+from zoolib import DetectorWeights, detector" in migrated.stdout
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / ".cache"), "app.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert f"app.py:3: error: {ZOOLIB_MESSAGE}  [weights-legacy]" in checked.stdout, checked.stdout + checked.stderr


# -- the decisions --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def torchvision_catalog():  # type: ignore[no-untyped-def]
    return load_catalog("torchvision")


def outcome_for(catalog, builder: str, legacy: ArgumentView, **others: ArgumentView):  # type: ignore[no-untyped-def]
    entry = catalog.builder(builder).legacy[0]
    return legacy_outcome(entry.default, entry.legacy_param, legacy, {entry.legacy_param: legacy, **others}, catalog)


def test_outcomes_of_the_legacy_mapping(torchvision_catalog) -> None:  # type: ignore[no-untyped-def]
    true, false = ArgumentView(True, "True", True), ArgumentView(False, "False", True)
    flag = ArgumentView(text="flag", repeatable=True)
    assert outcome_for(torchvision_catalog, f"{TV}.resnet50", true) == Member(f"{TV}.resnet.ResNet50_Weights", "IMAGENET1K_V1")
    assert outcome_for(torchvision_catalog, f"{TV}.resnet50", false) == NoWeights()
    when = outcome_for(torchvision_catalog, f"{TV}.resnet50", flag)
    assert isinstance(when, WhenTrue) and replacement_text(when) == "ResNet50_Weights.IMAGENET1K_V1 if flag else None"
    quantized = f"{TV}.quantization.resnet50"
    assert outcome_for(torchvision_catalog, quantized, true, quantize=true) == Member(
        f"{TV}.quantization.resnet.ResNet50_QuantizedWeights", "IMAGENET1K_FBGEMM_V1"
    )
    by_argument = outcome_for(torchvision_catalog, quantized, true, quantize=flag)
    assert isinstance(by_argument, ByArgument)
    assert replacement_text(by_argument) == "ResNet50_QuantizedWeights.IMAGENET1K_FBGEMM_V1 if flag else ResNet50_Weights.IMAGENET1K_V1"
    # A selector that is not safe to repeat (a call) cannot be duplicated into a conditional.
    call = ArgumentView(text="pick()", repeatable=False)
    assert isinstance(outcome_for(torchvision_catalog, quantized, true, quantize=call), Unknown)


def test_a_member_name_valid_for_every_candidate_enum(torchvision_catalog) -> None:  # type: ignore[no-untyped-def]
    backbone = f"{TV}.detection.backbone_utils.resnet_fpn_backbone"
    name = ArgumentView(text="name", repeatable=True)
    outcome = outcome_for(torchvision_catalog, backbone, ArgumentView(True, "True", True), backbone_name=name)
    assert isinstance(outcome, MemberName) and outcome.name == "IMAGENET1K_V1"
    assert f"{TV}.resnet.ResNet50_Weights" in outcome.enums and len(outcome.enums) >= 10
    literal = ArgumentView("resnet18", "'resnet18'", True)
    assert outcome_for(torchvision_catalog, backbone, ArgumentView(True), backbone_name=literal) == Member(
        f"{TV}.resnet.ResNet18_Weights", "IMAGENET1K_V1"
    )


def test_descriptions_for_the_catalog_table(torchvision_catalog) -> None:  # type: ignore[no-untyped-def]
    def described(builder: str) -> str:
        entry = torchvision_catalog.builder(builder).legacy[0]
        return describe_default(entry.default, entry.legacy_param, torchvision_catalog)

    assert described(f"{TV}.vit_h_14") == "never had weights"
    assert described(f"{TV}.detection.keypointrcnn_resnet50_fpn") == (
        "KeypointRCNN_ResNet50_FPN_Weights.COCO_LEGACY if pretrained == 'legacy' else KeypointRCNN_ResNet50_FPN_Weights.COCO_V1"
    )


@pytest.mark.parametrize(
    ("text", "enum", "member"),
    [("DEFAULT", None, "DEFAULT"), ("ResNet50_Weights.IMAGENET1K_V1", "ResNet50_Weights", "IMAGENET1K_V1"),
     ("torchvision.models.ResNet50_Weights.DEFAULT", "ResNet50_Weights", "DEFAULT")],
)
def test_the_weights_name_grammar(text: str, enum: str | None, member: str) -> None:
    parsed = parse_weights_name(text)
    assert (parsed.enum, parsed.member) == (enum, member)


# -- robustness of the catalog --------------------------------------------------------------------


def library_with(tmp_path: Path, legacy_default: str, meta_value: str) -> Path:
    write(
        tmp_path,
        {
            "oddlib/__init__.py": "from oddlib.models import *\n",
            "oddlib/models.py": f"""
                from weightlink import WeightEntry, Weights, handle_legacy_interface, register_model

                def pick(kwargs):
                    return pick(kwargs)

                class OddWeights(Weights):
                    V1 = WeightEntry(url="https://odd.invalid/v1.pt", meta={{"categories": {meta_value}, "size": {meta_value}}})
                    DEFAULT = V1

                @register_model()
                @handle_legacy_interface(weights=("pretrained", {legacy_default}))
                def odd(*, weights: OddWeights | None = None, **kwargs):
                    pass
                """,
        },
    )
    return tmp_path


def test_a_self_referencing_legacy_default_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    catalog = build_catalog("oddlib", paths=[library_with(tmp_path, "lambda kwargs: pick(kwargs)", "[1, 2]")])
    builder = catalog.builders["oddlib.models.odd"]
    assert builder.partial and builder.legacy[0].default.kind == "unknown"
    assert any("cannot resolve legacy default lambda kwargs: pick(kwargs)" in str(p) for p in catalog.problems)


def test_every_message_sentence_is_written_once() -> None:
    """No sentence of six or more words stands in two source files: messages live in rules/messages.py."""
    owners: dict[str, str] = {}
    repeated: list[str] = []
    for path in sorted([*ROOT.glob("weightlink/**/*.py"), *ROOT.glob("mypy_plugin/**/*.py"), *ROOT.glob("codemods/**/*.py")]):
        for shingle in _message_shingles(path):
            first = owners.setdefault(shingle, path.name)
            if first != path.name:
                repeated.append(f"{shingle!r}: {first} and {path.name}")
    assert not repeated, "\n".join(repeated)


def _message_shingles(path: Path, width: int = 6) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            words = re.findall(r"[A-Za-z_]+=?", node.value)
            found.update(" ".join(words[i : i + width]) for i in range(len(words) - width + 1))
    return found


# Conventions the Dialect owns: no other module may spell them out.
CONVENTIONS = [
    r'startswith\("weights',
    r'startswith\("pretrained',
    r'"pretrained_backbone"',
    r'"torchvision\.models\._api\.WeightsEnum"',
    r'"torchvision\.models\._api\.register_model"',
    r'"weightlink\._entry\.WeightEntry"',
    r'\{"verify", "check_type"\}',
]


def test_conventions_are_read_from_the_dialect_only() -> None:
    offenders = []
    for path in [*ROOT.glob("weightlink/**/*.py"), *ROOT.glob("mypy_plugin/**/*.py"), *ROOT.glob("codemods/**/*.py")]:
        if path.name == "dialect.py":
            continue
        text = path.read_text(encoding="utf-8")
        offenders.extend(f"{path.relative_to(ROOT)}: {pattern}" for pattern in CONVENTIONS if re.search(pattern, text))
    assert not offenders, offenders

"""Property test: whatever expression stands in an argument position, the codemod never raises and
its output parses. Expressions come from hypothesmith (grammar- and LibCST-node-based generators)."""

from __future__ import annotations

from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codemods.migrate_pretrained.runner import RunSettings, migrate_file
from tests.strategies import one_line_expressions

SETTINGS = RunSettings()
TEMPLATES = [
    "models.resnet50(pretrained={0})",
    "models.resnet50({0}, {1})",
    "fasterrcnn_resnet50_fpn(pretrained={0}, pretrained_backbone={1}, num_classes={1})",
    "quantization.resnet50(pretrained={0}, quantize={1})",
    "resnet_fpn_backbone({1}, {0})",
    "torch.hub.load('pytorch/vision', 'resnet18', pretrained={0})",
    "getattr(models, {1})(pretrained={0})",
    "keypointrcnn_resnet50_fpn(pretrained={0})",
]
HEADER = (
    "import torch\nfrom torchvision import models\nfrom torchvision.models import quantization\n"
    "from torchvision.models.detection import fasterrcnn_resnet50_fpn, keypointrcnn_resnet50_fpn\n"
    "from torchvision.models.detection.backbone_utils import resnet_fpn_backbone\n"
)


expressions = one_line_expressions(
    ["True", "False", "0", "1", "None", "'legacy'", "flag", "args.pretrained", "not x", "a if b else c", "lambda: 1", "(yield)", "x := 1", "*rest", "**kw"]
)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(template=st.sampled_from(TEMPLATES), first=expressions, second=expressions)
def test_any_argument_expression(tmp_path_factory: pytest.TempPathFactory, template: str, first: str, second: str) -> None:
    source = HEADER + "def f():\n    return " + template.format(first, second) + "\n"
    try:
        compile(source, "<case>", "exec", dont_inherit=True)
    except SyntaxError:
        return  # the generated program itself is not valid Python
    target = tmp_path_factory.mktemp("case") / "case.py"
    target.write_text(source)
    result = migrate_file(target, SETTINGS)
    assert result.error is None, (source, result.error)
    compile(target.read_text(), str(target), "exec", dont_inherit=True)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(program=hypothesmith.from_node())
def test_any_program_with_a_legacy_call_appended(tmp_path_factory: pytest.TempPathFactory, program: str) -> None:
    source = program + ("\n" if program and not program.endswith("\n") else "") + HEADER + "models.resnet18(pretrained=True)\n"
    try:
        compile(source, "<case>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return
    target: Path = tmp_path_factory.mktemp("program") / "case.py"
    target.write_text(source)
    result = migrate_file(target, SETTINGS)
    assert result.error is None or "does not parse" in result.error, result.error
    compile(target.read_text(), str(target), "exec", dont_inherit=True)

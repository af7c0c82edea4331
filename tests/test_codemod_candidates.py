"""The codemod's pre-filter: only files with a call that reaches a builder go on to LibCST."""

from __future__ import annotations

import textwrap

import pytest

from codemods.migrate_pretrained.runner import RunSettings, _may_need_migration

SETTINGS = RunSettings()


@pytest.mark.parametrize(
    "source",
    [
        "from torchvision import models\nmodels.resnet50(pretrained=True)",
        "import torchvision.models as tvm\ntvm.vgg16(True)",
        "from torchvision.models import resnet50 as make\nmake(True, False)",
        "from torchvision.models import *\nresnet50(pretrained=True)",
        "def f():\n    from torchvision.models import vgg16\n    return vgg16(pretrained=True)",
        "try:\n    import torchvision\nexcept ImportError:\n    torchvision = None\ntorchvision.models.resnet18(pretrained=False)",
        "import torchvision.models as models\nmodels.__dict__[arch](pretrained=True)",
        "import torch\ntorch.hub.load('pytorch/vision', 'resnet18', pretrained=True)",
        "from torchvision.models.detection.backbone_utils import resnet_fpn_backbone\nresnet_fpn_backbone('resnet50', True)",
    ],
)
def test_real_candidates_go_on(source: str) -> None:
    assert _may_need_migration(textwrap.dedent(source), SETTINGS)


def test_a_file_the_stdlib_cannot_parse_is_not_handed_to_libcst() -> None:
    # LibCST's native parser may crash on what Python's rejects; the caller names the file instead.
    with pytest.raises(SyntaxError):
        _may_need_migration("this is not python: torchvision", SETTINGS)


@pytest.mark.parametrize(
    "source",
    [
        "import timm\nmodel = timm.create_model('resnet50', pretrained=True)  # mentions torchvision nowhere",
        "import torchvision\nfrom mylib import resnet50\nresnet50(pretrained=True)",
        "import torchvision\ndef resnet50(pretrained=False):\n    return pretrained\nmodel = resnet50(pretrained=True)\n",
        "from torchvision.models import resnet50, ResNet50_Weights\nresnet50(weights=ResNet50_Weights.DEFAULT)",
        "from torchvision import transforms\ntransforms.Resize(224, True)",
        "import torch\ntorch.hub.load('pytorch/vision', 'resnet18', weights='DEFAULT')",
    ],
)
def test_files_without_candidates_are_skipped(source: str) -> None:
    assert not _may_need_migration(textwrap.dedent(source), SETTINGS)

"""Code that supports old and new torchvision keeps the legacy call in the old-version branch."""
import operator

import torchvision
from packaging import version
from torchvision.models import resnet50
from torchvision.models.detection import retinanet_resnet50_fpn

from my_project.imports import _compare_version

_TORCHVISION_LESS_THAN_0_13 = _compare_version("torchvision", operator.lt, "0.13.0")


def retinanet(pretrained: bool, **kwargs):
    if _TORCHVISION_LESS_THAN_0_13:
        return retinanet_resnet50_fpn(pretrained=pretrained, **kwargs)  # left: torchvision < 0.13
    return retinanet_resnet50_fpn(weights="DEFAULT" if pretrained else None, **kwargs)


def classifier():
    if version.parse(torchvision.__version__) >= version.parse("0.13"):
        model = resnet50(weights="IMAGENET1K_V1")
    else:
        model = resnet50(pretrained=True)  # left: torchvision < 0.13
    legacy = resnet50(pretrained=True) if torchvision.__version__ < "0.13" else None  # left too
    return model, legacy, resnet50(pretrained=True)  # outside the branches: an unsafe fix (older torchvision runs this too)

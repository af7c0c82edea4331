"""Assigning through a module's attributes binds no name: ``models`` below is still torchvision's
(EasyOCR patches ``model_urls`` this way before a legacy call in its old-torchvision branch)."""

import torchvision
from packaging import version
from torchvision import models


def patched(pretrained: bool) -> None:
    models.vgg.model_urls["vgg16_bn"] = "http://example.invalid/vgg16_bn.pth"  # type: ignore[attr-defined]
    models.vgg16_bn(pretrained=pretrained)


def compatible(pretrained: bool) -> None:
    if version.parse(torchvision.__version__) >= version.parse("0.13"):
        models.vgg16_bn(weights=models.VGG16_BN_Weights.DEFAULT if pretrained else None)
    else:
        models.vgg.model_urls["vgg16_bn"] = "http://example.invalid/vgg16_bn.pth"  # type: ignore[attr-defined]
        models.vgg16_bn(pretrained=pretrained)

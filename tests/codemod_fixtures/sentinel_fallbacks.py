"""Fallbacks for torchvision without the weights API, known by a sentinel: a failed import's None,
getattr(..., None), or a flag derived from them. The old-version branches are left as they are."""
from torchvision import models
from torchvision.models import resnet18

try:
    from torchvision.models import ResNet18_Weights
except ImportError:
    ResNet18_Weights = None

HAS_WEIGHTS = ResNet18_Weights is not None
R50 = getattr(models, "ResNet50_Weights", None)


def build(pretrained: bool):
    if ResNet18_Weights is None:
        a = resnet18(pretrained=pretrained)
    else:
        a = resnet18(weights=ResNet18_Weights.IMAGENET1K_V1 if pretrained else None)
    if ResNet18_Weights is not None:
        b = resnet18(weights=ResNet18_Weights.DEFAULT)
    else:
        b = resnet18(pretrained=True)
    c = resnet18(weights="DEFAULT") if ResNet18_Weights else resnet18(pretrained=True)
    if not HAS_WEIGHTS:
        return resnet18(pretrained=True)
    if R50 is None:
        return models.resnet50(pretrained=True)
    return a, b, c

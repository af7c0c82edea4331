"""Optional dependencies: the Enum's import goes inside the same guard as the builder's import."""
import os

from my_project.utils import _TORCHVISION_AVAILABLE

try:
    from torchvision.models import resnet50
    from torchvision.models.detection import fasterrcnn_resnet50_fpn
except ImportError:
    resnet50 = None

if _TORCHVISION_AVAILABLE:
    from torchvision.models import vgg16


def detector():
    return fasterrcnn_resnet50_fpn(pretrained=True, pretrained_backbone=True)


def classifier():
    if os.environ.get("VGG"):
        return vgg16(pretrained=True)
    return resnet50(pretrained=True)


def lazily():
    from torchvision.models import densenet121

    return densenet121(pretrained=True)

"""Optional dependencies: the Enum's import goes inside the same guard as the builder's import."""
import os

from my_project.utils import _TORCHVISION_AVAILABLE

try:
    from torchvision.models import ResNet50_Weights, resnet50
    from torchvision.models.detection import (
        FasterRCNN_ResNet50_FPN_Weights,
        fasterrcnn_resnet50_fpn,
    )
except ImportError:
    resnet50 = None

if _TORCHVISION_AVAILABLE:
    from torchvision.models import VGG16_Weights, vgg16


def detector():
    return fasterrcnn_resnet50_fpn(
        weights=FasterRCNN_ResNet50_FPN_Weights.COCO_V1,
        weights_backbone=ResNet50_Weights.IMAGENET1K_V1,
    )


def classifier():
    if os.environ.get("VGG"):
        return vgg16(weights=VGG16_Weights.IMAGENET1K_V1)
    return resnet50(weights=ResNet50_Weights.IMAGENET1K_V1)


def lazily():
    from torchvision.models import DenseNet121_Weights, densenet121

    return densenet121(weights=DenseNet121_Weights.IMAGENET1K_V1)

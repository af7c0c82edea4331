# Pattern from opengeos/geoai (geoai/extract.py): a builder given a keyword it does not take, on a
# later line of a long call. mypy reports it at the call, so the checker does too.
from typing import Any

from torchvision.models.detection import maskrcnn_resnet50_fpn


def field_model(backbone: Any, channels: int) -> object:
    return maskrcnn_resnet50_fpn(
        backbone=backbone,
        num_classes=2,
        image_mean=[0.485] * channels,
        image_std=[0.229] * channels,
    )

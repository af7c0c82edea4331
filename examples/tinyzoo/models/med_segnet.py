"""MedSegNet: a segmentation head on a MedResNet-18 backbone (``weights`` and ``weights_backbone``)."""

from __future__ import annotations

from functools import partial
from typing import Any

import torch
from torch import nn

from tinyzoo._registry import register_model
from tinyzoo.models._meta import PATHMNIST_CATEGORIES
from tinyzoo.models.med_resnet import MedResNet, MedResNet18Weights
from tinyzoo.transforms import ImagePreprocessing
from weightlink import WeightEntry, Weights, handle_legacy_interface, set_from_meta

__all__ = ["MedSegNet", "MedSegNetWeights", "med_segnet"]


class MedSegNet(nn.Module):
    def __init__(self, backbone: MedResNet, num_classes: int) -> None:
        super().__init__()
        self.backbone = backbone
        self.head = nn.Conv2d(backbone.out_channels, num_classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        result: torch.Tensor = self.head(self.backbone.features(x))
        return result


class MedSegNetWeights(Weights):
    PATHMNIST_SEG_V1 = WeightEntry(
        url="https://weights.tinyzoo.invalid/med_segnet_pathmnist_v1.pth",
        transforms=partial(ImagePreprocessing, size=28, mean=(0.74, 0.53, 0.71), std=(0.12, 0.18, 0.13)),
        meta={"categories": PATHMNIST_CATEGORIES, "dataset": "PathMNIST-seg", "metrics": {"miou": 61.2}},
        latest=True,
    )
    DEFAULT = PATHMNIST_SEG_V1


@register_model()
@handle_legacy_interface(
    weights=("pretrained", MedSegNetWeights.PATHMNIST_SEG_V1),
    weights_backbone=("pretrained_backbone", MedResNet18Weights.PATHMNIST_V1),
    # The old signature was (pretrained, progress, num_classes, pretrained_backbone).
    positional=("pretrained", "progress", "num_classes", "pretrained_backbone"),
)
def med_segnet(
    *,
    weights: MedSegNetWeights | None = None,
    progress: bool = True,
    num_classes: int | None = None,
    weights_backbone: MedResNet18Weights | None = MedResNet18Weights.PATHMNIST_V1,
    **kwargs: Any,
) -> MedSegNet:
    """Segmentation model; full weights replace the backbone's, so the backbone then loads none."""
    weights = MedSegNetWeights.check_type(weights)
    weights_backbone = MedResNet18Weights.check_type(weights_backbone)
    options: dict[str, Any] = {} if num_classes is None else {"num_classes": num_classes}
    if weights is not None:
        weights_backbone = None
        set_from_meta(options, "num_classes", len(weights.meta["categories"]), weights=weights)
    backbone = MedResNet(2, num_classes=len(PATHMNIST_CATEGORIES), **kwargs)
    if weights_backbone is not None:
        backbone.load_state_dict(weights_backbone.state_dict(progress=progress))
    model = MedSegNet(backbone, options.get("num_classes", 2))
    if weights is not None:
        model.load_state_dict(weights.state_dict(progress=progress))
    return model

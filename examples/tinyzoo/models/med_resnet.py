"""MedResNet: small residual CNNs whose weights exist only for medical data sets (no ImageNet).

This is the RFC's medical-imaging case: its own weights Enums, unrelated to any ImageNet Enum.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import torch
from torch import nn

from tinyzoo._registry import register_model
from tinyzoo.models._meta import CHESTMNIST_CATEGORIES, PATHMNIST_CATEGORIES
from tinyzoo.transforms import ImagePreprocessing
from weightlink import WeightEntry, Weights, handle_legacy_interface, set_from_meta

__all__ = ["MedResNet", "MedResNet18Weights", "MedResNet34Weights", "med_resnet18", "med_resnet34"]

_WEIGHTS_URL = "https://weights.tinyzoo.invalid/"


class _ResidualBlock(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(x + self.bn2(self.conv2(out)))


class MedResNet(nn.Module):
    """A stem, ``depth`` residual blocks and a linear classifier."""

    def __init__(self, depth: int, num_classes: int = 2, in_channels: int = 3, width: int = 8) -> None:
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()
        )
        self.blocks = nn.Sequential(*(_ResidualBlock(width) for _ in range(depth)))
        self.fc = nn.Linear(width, num_classes)
        self.out_channels = width

    def features(self, x: torch.Tensor) -> torch.Tensor:
        result: torch.Tensor = self.blocks(self.stem(x))
        return result

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pooled = self.features(x).mean(dim=(2, 3))
        result: torch.Tensor = self.fc(pooled)
        return result


_PATHMNIST_META = {
    "categories": PATHMNIST_CATEGORIES,
    "dataset": "PathMNIST",
    "min_size": (28, 28),
    "recipe": "https://tinyzoo.invalid/recipes/pathmnist",
}


class MedResNet18Weights(Weights):
    PATHMNIST_V1 = WeightEntry(
        url=_WEIGHTS_URL + "med_resnet18_pathmnist_v1.pth",
        transforms=partial(ImagePreprocessing, size=28, mean=(0.74, 0.53, 0.71), std=(0.12, 0.18, 0.13)),
        meta={**_PATHMNIST_META, "metrics": {"acc@1": 90.7}},
    )
    PATHMNIST_V2 = WeightEntry(
        url=_WEIGHTS_URL + "med_resnet18_pathmnist_v2.pth",
        transforms=partial(ImagePreprocessing, size=32, mean=(0.74, 0.53, 0.71), std=(0.12, 0.18, 0.13)),
        meta={**_PATHMNIST_META, "metrics": {"acc@1": 92.4}},
        latest=True,
    )
    DEFAULT = PATHMNIST_V2


class MedResNet34Weights(Weights):
    CHESTMNIST_V1 = WeightEntry(
        url=_WEIGHTS_URL + "med_resnet34_chestmnist_v1.pth",
        transforms=partial(ImagePreprocessing, size=28, mean=(0.5, 0.5, 0.5), std=(0.25, 0.25, 0.25)),
        meta={
            "categories": CHESTMNIST_CATEGORIES,
            "dataset": "ChestMNIST",
            "min_size": (28, 28),
            "metrics": {"auc": 0.77},
        },
        latest=True,
    )
    DEFAULT = CHESTMNIST_V1


def _med_resnet(depth: int, weights: Weights | None, progress: bool, kwargs: dict[str, Any]) -> MedResNet:
    if weights is not None:
        set_from_meta(kwargs, "num_classes", len(weights.meta["categories"]), weights=weights)
    model = MedResNet(depth, **kwargs)
    if weights is not None:
        model.load_state_dict(weights.state_dict(progress=progress))
    return model


@register_model()
@handle_legacy_interface(
    weights=("pretrained", MedResNet18Weights.PATHMNIST_V1), positional=("pretrained", "progress")
)
def med_resnet18(*, weights: MedResNet18Weights | None = None, progress: bool = True, **kwargs: Any) -> MedResNet:
    """MedResNet with 2 residual blocks. ``pretrained=True`` used to load ``PATHMNIST_V1``."""
    return _med_resnet(2, MedResNet18Weights.check_type(weights), progress, kwargs)


# Released after the move to weights=: pretrained=True never loaded anything for it.
@register_model()
@handle_legacy_interface(weights=("pretrained", None))
def med_resnet34(*, weights: MedResNet34Weights | None = None, progress: bool = True, **kwargs: Any) -> MedResNet:
    """MedResNet with 4 residual blocks, trained on ChestMNIST."""
    return _med_resnet(4, MedResNet34Weights.check_type(weights), progress, kwargs)

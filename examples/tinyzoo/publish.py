"""Make tinyzoo's weights files locally (there is no model hub here): one seeded checkpoint per member.

``publish_weights(directory)`` writes each member's file under the name its URL ends with, and
records that it is that URL's file (as a download would), so a directory used as ``model_dir=``
(or torch.hub's ``<hub dir>/checkpoints``) serves every member.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from tinyzoo.models import (
    EnglishSpeechWeights,
    FrenchSpeechWeights,
    MedResNet,
    MedResNet18Weights,
    MedResNet34Weights,
    MedSegNet,
    MedSegNetWeights,
    SpeechGRU,
)
from weightlink import Weights
from weightlink._cache import record_origin


def model_for(member: Weights) -> nn.Module:
    """An untrained model with the architecture ``member``'s checkpoint fits."""
    meta = member.meta
    if isinstance(member, MedResNet18Weights):
        return MedResNet(2, num_classes=len(meta["categories"]))
    if isinstance(member, MedResNet34Weights):
        return MedResNet(4, num_classes=len(meta["categories"]))
    if isinstance(member, MedSegNetWeights):
        return MedSegNet(MedResNet(2, num_classes=len(meta["categories"])), len(meta["categories"]))
    if isinstance(member, (EnglishSpeechWeights, FrenchSpeechWeights)):
        return SpeechGRU(len(meta["tokens"]), streaming=meta["streaming"])
    raise TypeError(f"no tinyzoo architecture for {member!r}")


def all_members() -> list[Weights]:
    enums: list[type[Weights]] = [
        MedResNet18Weights,
        MedResNet34Weights,
        MedSegNetWeights,
        EnglishSpeechWeights,
        FrenchSpeechWeights,
    ]
    return [member for enum_cls in enums for member in enum_cls]


def publish_weights(directory: str | Path, seed: int = 0) -> list[Path]:
    """Write one checkpoint per member into ``directory``; returns the paths written."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for index, member in enumerate(all_members()):
        torch.manual_seed(seed + index)
        path = target / member.url.rsplit("/", 1)[-1]
        torch.save(model_for(member).state_dict(), path)
        record_origin(path, member.url)
        written.append(path)
    return written

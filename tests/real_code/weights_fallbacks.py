# Not an excerpt of one repository: the shapes issue 26 collected from research code that supports
# torchvision with and without the weights API: `X_Weights = None` fallbacks, tables of
# (builder, Enum) pairs, Enum classes in lists, dataclass fields and Optional annotations, members
# looked up by name and iterated.
from dataclasses import dataclass
from typing import Any, Optional, Type

from torchvision import models
from torchvision.models import ResNet50_Weights, WeightsEnum

try:
    from torchvision.models import ResNet18_Weights, resnet18
except ImportError:
    ResNet18_Weights = None
    from torchvision.models import resnet18

WideWeights = getattr(models, "Wide_ResNet50_2_Weights", None)

ZOO = {
    "resnet18": (models.resnet18, models.ResNet18_Weights),
    "resnet34": (models.resnet34, models.ResNet34_Weights),
}
ENUMS = [models.ResNet18_Weights, models.ResNet50_Weights]


@dataclass
class BackboneConfig:
    name: str = "resnet50"
    weights_enum: Type[WeightsEnum] = ResNet50_Weights
    fallback_enum: Optional[Type[WeightsEnum]] = None


def from_zoo(name):
    builder, weights_enum = ZOO[name]
    return builder(weights=weights_enum.DEFAULT)


def with_fallback(pretrained: bool) -> Any:
    weights = ResNet18_Weights.DEFAULT if ResNet18_Weights else None
    if ResNet18_Weights is None:
        return resnet18(pretrained=pretrained)
    return resnet18(weights=weights)


def describe(config: BackboneConfig, member: str) -> Any:
    enum = config.fallback_enum or config.weights_enum
    chosen = enum.DEFAULT
    for candidate in ResNet50_Weights:
        if candidate.name == member:
            chosen = candidate
    for each in ENUMS:
        print(each.DEFAULT.value.meta["categories"][:3], each.DEFAULT.transforms())
    if WideWeights is not None:
        chosen = WideWeights.DEFAULT
    return chosen.value.meta


def pick_enum(big):
    if big:
        weights_cls = models.ResNet50_Weights
    else:
        weights_cls = models.ResNet18_Weights
    classes = [models.ResNet50_Weights]
    classes.append(models.ResNet18_Weights)
    return weights_cls, classes

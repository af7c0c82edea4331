# Pattern from IBM/terratorch (terratorch/models/backbones/torchgeo_resnet.py) and Dinghye/rs-embed
# (src/rs_embed/embedders/onthefly_dofa.py): torchgeo's Enums as parameter defaults under an annotation
# naming torchvision's Weights record, and one variable for the weights of either builder. torchgeo
# ships types, torchvision does not: once the plugin made mypy read torchvision, both lines became
# errors that mypy never gives without the plugin.
from typing import Any

from torchgeo.models import DOFABase16_Weights, DOFALarge16_Weights, ResNet18_Weights, dofa_base_patch16_224, dofa_large_patch16_224
from torchvision.models._api import Weights


def ssl4eo_resnet18(bands: list[str], weights: Weights | None = ResNet18_Weights.SENTINEL2_ALL_MOCO, **kwargs: Any) -> object:
    return bands, weights, kwargs


def dofa(variant: str) -> object:
    if variant == "base":
        weights = DOFABase16_Weights.DOFA_MAE
        model = dofa_base_patch16_224(weights=weights)
    else:
        weights = DOFALarge16_Weights.DOFA_MAE
        model = dofa_large_patch16_224(weights=weights)
    return model

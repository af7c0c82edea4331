# Pattern from pytorch/ignite (ignite/metrics/gan/utils.py) and Lightning-Universe/lightning-bolts
# (pl_bolts/models/detection/retinanet/retinanet_module.py): one call for old and new torchvision.
from typing import Any

import torch
from packaging.version import Version

try:
    import torchvision
    from torchvision import models
except ImportError:  # optional dependency
    raise ModuleNotFoundError("This module requires torchvision to be installed.") from None


def inception(device: str) -> torch.nn.Module:
    if Version(torchvision.__version__) < Version("0.13.0"):
        model_kwargs: dict[str, Any] = {"pretrained": True}
    else:
        model_kwargs = {"weights": models.Inception_V3_Weights.DEFAULT}
    model = models.inception_v3(**model_kwargs).to(device)
    model.fc = torch.nn.Identity()
    return model

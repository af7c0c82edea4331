"""Calls that names and literals decide, in the import styles real code uses: the checker and the
mypy plugin must report the same findings here (tests/test_checker_agreement.py)."""

import torch
import torchvision
import torchvision.models as tvm
from torchvision.models import detection as det
from torchvision.models.resnet import ResNet50_Weights, resnet50

try:
    from torchvision.models import get_model
except ImportError:  # torchvision < 0.14
    get_model = None  # type: ignore[assignment]

hub_a = torch.hub.load("pytorch/vision", "resnet18", pretrained=True)
hub_b = torch.hub.load("pytorch/vision:v0.10.0", "mobilenet_v2", pretrained=False)
hub_c = torch.hub.load("pytorch/vision", "deeplabv3_resnet50", pretrained=True, progress=False)
hub_d = torch.hub.load("facebookresearch/dino:main", "dino_vits16", pretrained=True)  # not torchvision: silent

alias = tvm.resnet50(weights=tvm.ResNet101_Weights.IMAGENET1K_V1)
submodule = resnet50(weights="IMAGENET1K_V3")
full = torchvision.models.efficientnet_b1(pretrained=True)
detector = det.fasterrcnn_resnet50_fpn(weights=None, weights_backbone=ResNet50_Weights.IMAGENET1K_V1, num_classes=3)
legacy_detector = det.fasterrcnn_resnet50_fpn(pretrained=True, pretrained_backbone=False)
by_name = tvm.get_model("resnet50", weights="ResNet50_Weights.IMAGENET1K_V2")
typo = tvm.get_model_weights("resnet5O")
entry = tvm.get_weight("ResNet50_Weights.IMAGENET1K_V9")
member_typo = resnet50(weights=ResNet50_Weights.IMAGENET1K_V9)

"""torch.hub, calls that are reported rather than rewritten, and calls that are not ours."""
import timm
import torch
from torchvision import models
from torchvision.models import ResNet50_Weights, resnet50, vit_h_14

a = torch.hub.load(
    "pytorch/vision", "resnet50", weights="ResNet50_Weights.IMAGENET1K_V1"
)
b = torch.hub.load("pytorch/vision:v0.10.0", "mobilenet_v2", pretrained=False)
c = torch.hub.load("facebookresearch/dino:main", "dino_vits16", pretrained=True)
d = vit_h_14(pretrained=True)
e = vit_h_14(weights=None)
f = getattr(models, "resnet18")(pretrained=True)
g = models.__dict__["resnet18"](pretrained=True)
h = resnet50(pretrained=True, weights=ResNet50_Weights.DEFAULT)
i = timm.create_model("resnet50", pretrained=True)


def resnet18(pretrained=False):
    return pretrained


j = resnet18(pretrained=True)
k = torch.hub.load(
    "pytorch/vision:release/0.15", "resnet18", weights="ResNet18_Weights.IMAGENET1K_V1"
)

"""Only a positional call, through an alias: the cheap pre-filter must still send it to LibCST."""
from torchvision.models import ResNet34_Weights
from torchvision.models import resnet34 as build_backbone

backbone = build_backbone(weights=ResNet34_Weights.IMAGENET1K_V1)

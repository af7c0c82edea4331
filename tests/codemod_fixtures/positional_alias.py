"""Only a positional call, through an alias: the cheap pre-filter must still send it to LibCST."""
from torchvision.models import resnet34 as build_backbone

backbone = build_backbone(True)

"""The member is fixed but its Enum is chosen at run time: the member's name, as a string."""
from torchvision.models.detection.backbone_utils import mobilenet_backbone, resnet_fpn_backbone


def backbones(name: str, pretrained: bool, fpn: bool):
    a = resnet_fpn_backbone(
        backbone_name=name, weights="IMAGENET1K_V1" if pretrained else None
    )
    b = resnet_fpn_backbone(
        backbone_name=name, weights="IMAGENET1K_V1", trainable_layers=3
    )
    c = mobilenet_backbone(backbone_name=name, fpn=fpn, weights="IMAGENET1K_V1")
    return a, b, c

"""The member is fixed but its Enum is chosen at run time: the member's name, as a string."""
from torchvision.models.detection.backbone_utils import mobilenet_backbone, resnet_fpn_backbone


def backbones(name: str, pretrained: bool, fpn: bool):
    a = resnet_fpn_backbone(backbone_name=name, pretrained=pretrained)
    b = resnet_fpn_backbone(name, True, trainable_layers=3)
    c = mobilenet_backbone(backbone_name=name, fpn=fpn, pretrained=True)
    return a, b, c

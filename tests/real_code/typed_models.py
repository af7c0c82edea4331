# Patterns from BloodAxe/pytorch-toolbelt (modules/encoders/densenet.py), frgfm/torch-cam
# (scripts/cam_example.py) and microsoft/torchgeo (trainers/detection.py): model classes in
# annotations, isinstance checks and direct construction.
from torch import nn
from torchvision.models import DenseNet, SwinTransformer, densenet121
from torchvision.models.detection import FCOS, FasterRCNN
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone


class DenseNetEncoder(nn.Module):
    def __init__(self, densenet: DenseNet) -> None:
        super().__init__()
        self.layer0 = nn.Sequential(densenet.features.conv0, densenet.features.norm0)
        self.layer1 = nn.Sequential(densenet.features.denseblock1)


def encoder() -> DenseNetEncoder:
    return DenseNetEncoder(densenet121(pretrained=True))


def target_layer(model: nn.Module) -> nn.Module:
    if isinstance(model, SwinTransformer):
        return model.features[-1][-1].norm2
    return model


def detector(kind: str, num_classes: int) -> nn.Module:
    backbone = resnet_fpn_backbone(backbone_name="resnet50", weights=None, trainable_layers=3)
    if kind == "faster-rcnn":
        model = FasterRCNN(backbone, num_classes)
    else:
        model = FCOS(backbone, num_classes)
    model.backbone.body.conv1.in_channels = 4
    return model

"""The old positional form, mapped by each builder's own order; pretrained_backbone."""
from torchvision import models
from torchvision.models import ResNet50_Weights
from torchvision.models.detection import (
    FasterRCNN_ResNet50_FPN_Weights,
    KeypointRCNN_ResNet50_FPN_Weights,
    fasterrcnn_resnet50_fpn,
    keypointrcnn_resnet50_fpn,
    retinanet_resnet50_fpn,
)

a = models.resnet50(weights=models.ResNet50_Weights.IMAGENET1K_V1)
b = models.vgg16(
    weights=models.VGG16_Weights.IMAGENET1K_V1, progress=False
)  # pretrained, progress
c = fasterrcnn_resnet50_fpn(
    weights=FasterRCNN_ResNet50_FPN_Weights.COCO_V1, progress=False
)  # progress=False, not pretrained_backbone
d = fasterrcnn_resnet50_fpn(
    weights=None, progress=True, num_classes=5, weights_backbone=None
)
e = retinanet_resnet50_fpn(
    weights_backbone=ResNet50_Weights.IMAGENET1K_V1, num_classes=3
)
f = keypointrcnn_resnet50_fpn(weights=KeypointRCNN_ResNet50_FPN_Weights.COCO_LEGACY)
g = keypointrcnn_resnet50_fpn(
    weights=KeypointRCNN_ResNet50_FPN_Weights.COCO_V1, weights_backbone=None
)
h = models.resnet18(weights=models.ResNet18_Weights.IMAGENET1K_V1, progress=(progress := False))  # an assignment expression needs parentheses as a keyword value

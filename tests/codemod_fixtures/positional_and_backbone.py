"""The old positional form, mapped by each builder's own order; pretrained_backbone."""
from torchvision import models
from torchvision.models.detection import fasterrcnn_resnet50_fpn, keypointrcnn_resnet50_fpn, retinanet_resnet50_fpn

a = models.resnet50(True)
b = models.vgg16(True, False)  # pretrained, progress
c = fasterrcnn_resnet50_fpn(True, False)  # progress=False, not pretrained_backbone
d = fasterrcnn_resnet50_fpn(False, True, 5, False)
e = retinanet_resnet50_fpn(pretrained_backbone=True, num_classes=3)
f = keypointrcnn_resnet50_fpn(pretrained="legacy")
g = keypointrcnn_resnet50_fpn(pretrained=True, pretrained_backbone=False)
h = models.resnet18(True, progress := False)  # an assignment expression needs parentheses as a keyword value

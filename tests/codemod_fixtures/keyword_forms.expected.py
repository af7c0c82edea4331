"""Every way code reaches a torchvision builder, with pretrained= as a keyword."""
import torchvision
import torchvision.models as tvm
from torchvision import models
from torchvision.models import ResNet50_Weights, VGG16_Weights
from torchvision.models import resnet50, vgg16 as make_vgg
from torchvision.models.detection.faster_rcnn import (
    FasterRCNN_ResNet50_FPN_Weights,
    fasterrcnn_resnet50_fpn,
)

a = torchvision.models.resnet18(
    weights=torchvision.models.ResNet18_Weights.IMAGENET1K_V1
)
b = models.resnet50(
    weights=models.ResNet50_Weights.IMAGENET1K_V1
)  # IMAGENET1K_V1, not DEFAULT (V2)
c = tvm.mobilenet_v2(weights=None)
d = resnet50(weights=ResNet50_Weights.IMAGENET1K_V1, progress=False)
e = make_vgg(weights=VGG16_Weights.IMAGENET1K_V1)
f = fasterrcnn_resnet50_fpn(weights=FasterRCNN_ResNet50_FPN_Weights.COCO_V1)
g = models.detection.maskrcnn_resnet50_fpn(
    weights=models.detection.MaskRCNN_ResNet50_FPN_Weights.COCO_V1,  # the comment stays
    num_classes=91,
)


def build(args, use_pretrained: bool):
    first = models.resnet50(
        weights=models.ResNet50_Weights.IMAGENET1K_V1 if args.pretrained else None
    )
    second = models.resnet50(
        weights=models.ResNet50_Weights.IMAGENET1K_V1
        if use_pretrained or args.force
        else None
    )
    third = models.resnet50(
        weights=models.ResNet50_Weights.IMAGENET1K_V1
        if (args.a if args.b else args.c)
        else None
    )
    return first, second, third

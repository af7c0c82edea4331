"""Every way code reaches a torchvision builder, with pretrained= as a keyword."""
import torchvision
import torchvision.models as tvm
from torchvision import models
from torchvision.models import resnet50, vgg16 as make_vgg
from torchvision.models.detection.faster_rcnn import fasterrcnn_resnet50_fpn

a = torchvision.models.resnet18(pretrained=True)
b = models.resnet50(pretrained=True)  # IMAGENET1K_V1, not DEFAULT (V2)
c = tvm.mobilenet_v2(pretrained=False)
d = resnet50(pretrained=True, progress=False)
e = make_vgg(pretrained=True)
f = fasterrcnn_resnet50_fpn(pretrained=True)
g = models.detection.maskrcnn_resnet50_fpn(
    pretrained=True,  # the comment stays
    num_classes=91,
)


def build(args, use_pretrained: bool):
    first = models.resnet50(pretrained=args.pretrained)
    second = models.resnet50(pretrained=use_pretrained or args.force)
    third = models.resnet50(pretrained=args.a if args.b else args.c)
    return first, second, third

"""Names that come from `from torchvision.models import *` (LibCST's scopes do not resolve them)."""
from torchvision.models import *
from torchvision.models.detection import *

model = resnet50(weights=ResNet50_Weights.IMAGENET1K_V1).eval()
detector = fasterrcnn_resnet50_fpn(
    weights=FasterRCNN_ResNet50_FPN_Weights.COCO_V1, weights_backbone=None
)


def local_shadow():
    resnet50 = lambda pretrained: pretrained  # not the builder: left alone
    return resnet50(pretrained=True)

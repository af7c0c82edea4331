"""Names that come from `from torchvision.models import *` (LibCST's scopes do not resolve them)."""
from torchvision.models import *
from torchvision.models.detection import *

model = resnet50(pretrained=True).eval()
detector = fasterrcnn_resnet50_fpn(pretrained=True, pretrained_backbone=False)


def local_shadow():
    resnet50 = lambda pretrained: pretrained  # not the builder: left alone
    return resnet50(pretrained=True)

"""Explicit legacy keywords beside a splat are migrated; what the splat may hold is reported."""
from torchvision.models import resnet50
from torchvision.models.detection import fasterrcnn_resnet50_fpn, maskrcnn_resnet50_fpn
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone


def build(backbone, n, args, mask_rcnn_kwargs, kwargs):
    a = maskrcnn_resnet50_fpn(pretrained=True, pretrained_backbone=True, **mask_rcnn_kwargs)
    b = resnet_fpn_backbone(backbone, pretrained=True, trainable_layers=n, **kwargs)
    c = fasterrcnn_resnet50_fpn(pretrained=False, **kwargs)
    d = resnet50(*args, pretrained=True)
    e = resnet50(*args, True)  # reported: where True lands depends on args
    return a, b, c, d, e

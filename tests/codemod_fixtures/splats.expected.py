"""Explicit legacy keywords beside a splat are migrated; what the splat may hold is reported."""
from torchvision.models import ResNet50_Weights, resnet50
from torchvision.models.detection import (
    MaskRCNN_ResNet50_FPN_Weights,
    fasterrcnn_resnet50_fpn,
    maskrcnn_resnet50_fpn,
)
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone


def build(backbone, n, args, mask_rcnn_kwargs, kwargs):
    a = maskrcnn_resnet50_fpn(weights=MaskRCNN_ResNet50_FPN_Weights.COCO_V1, weights_backbone=ResNet50_Weights.IMAGENET1K_V1, **mask_rcnn_kwargs)
    b = resnet_fpn_backbone(
        backbone_name=backbone, weights="IMAGENET1K_V1", trainable_layers=n, **kwargs
    )
    c = fasterrcnn_resnet50_fpn(weights=None, **kwargs)
    d = resnet50(*args, weights=ResNet50_Weights.IMAGENET1K_V1)
    e = resnet50(*args, True)  # reported: where True lands depends on args
    return a, b, c, d, e

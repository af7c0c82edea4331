"""Legacy defaults that depend on other arguments: quantized builders, backbone helpers."""
from torchvision.models import (
    GoogLeNet_Weights,
    MobileNet_V3_Large_Weights,
    ResNet18_Weights,
    ResNet50_Weights,
    ResNet101_Weights,
    ShuffleNet_V2_X1_0_Weights,
    quantization,
)
from torchvision.models.quantization import resnet50 as qresnet50
from torchvision.models.quantization import ResNet50_QuantizedWeights
from torchvision.models.detection.backbone_utils import mobilenet_backbone, resnet_fpn_backbone


def build(q: bool, flag: bool, name: str):
    a = qresnet50(weights=ResNet50_QuantizedWeights.IMAGENET1K_FBGEMM_V1, quantize=True)
    b = qresnet50(weights=ResNet50_Weights.IMAGENET1K_V1)
    c = quantization.googlenet(
        weights=quantization.GoogLeNet_QuantizedWeights.IMAGENET1K_FBGEMM_V1
        if q
        else GoogLeNet_Weights.IMAGENET1K_V1,
        quantize=q,
    )
    d = quantization.shufflenet_v2_x1_0(
        weights=ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1 if flag else None,
        quantize=False,
    )
    e = resnet_fpn_backbone(
        backbone_name="resnet101", weights=ResNet101_Weights.IMAGENET1K_V1
    )
    f = resnet_fpn_backbone(backbone_name="resnet18", weights=ResNet18_Weights.IMAGENET1K_V1 if flag else None, trainable_layers=2)
    g = mobilenet_backbone(backbone_name="mobilenet_v3_large", weights=MobileNet_V3_Large_Weights.IMAGENET1K_V1, fpn=True)
    h = resnet_fpn_backbone(
        backbone_name=name, weights="IMAGENET1K_V1"
    )  # every resnet Enum has it
    return a, b, c, d, e, f, g, h

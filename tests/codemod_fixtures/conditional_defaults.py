"""Legacy defaults that depend on other arguments: quantized builders, backbone helpers."""
from torchvision.models import quantization
from torchvision.models.quantization import resnet50 as qresnet50
from torchvision.models.detection.backbone_utils import mobilenet_backbone, resnet_fpn_backbone


def build(q: bool, flag: bool, name: str):
    a = qresnet50(pretrained=True, quantize=True)
    b = qresnet50(pretrained=True)
    c = quantization.googlenet(pretrained=True, quantize=q)
    d = quantization.shufflenet_v2_x1_0(pretrained=flag, quantize=False)
    e = resnet_fpn_backbone("resnet101", True)
    f = resnet_fpn_backbone(backbone_name="resnet18", pretrained=flag, trainable_layers=2)
    g = mobilenet_backbone(backbone_name="mobilenet_v3_large", pretrained=True, fpn=True)
    h = resnet_fpn_backbone(name, True)  # every resnet Enum has it
    return a, b, c, d, e, f, g, h

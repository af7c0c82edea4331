"""18 wrong or deprecated torchvision calls; each line says what the plugin reports.

Plain mypy, even following torchvision's source, reports only the misspelled attribute (#18).
Run: mypy --config-file examples/plugin_demo/mypy.ini examples/plugin_demo/torchvision_calls.py
"""

from torchvision import models
from torchvision.models import (
    ResNet50_Weights,
    ResNet101_Weights,
    get_model,
    get_model_weights,
    get_weight,
    resnet50,
    vit_b_16,
)
from torchvision.models.detection import fasterrcnn_resnet50_fpn
from torchvision.models.quantization import resnet50 as quantized_resnet50

resnet50(weights=ResNet101_Weights.IMAGENET1K_V1)  # 1 weights-mismatch
vit_b_16(weights=ResNet50_Weights.DEFAULT)  # 2 weights-mismatch
models.resnet50(weights=models.ResNet18_Weights.DEFAULT)  # 3 weights-mismatch
fasterrcnn_resnet50_fpn(weights_backbone=ResNet101_Weights.IMAGENET1K_V1)  # 4 weights-mismatch
get_model("resnet50", weights=ResNet101_Weights.IMAGENET1K_V1)  # 5 weights-mismatch
resnet50(weights="NOPE")  # 6 weights-unknown
get_model("resnet50", weights="ResNet101_Weights.IMAGENET1K_V1")  # 7 weights-mismatch
get_weight("ResNet50_Weights.IMAGENET1K_V3")  # 8 weights-unknown
get_model("resnett50")  # 9 model-unknown
get_model_weights("vit_b_61")  # 10 model-unknown
resnet50(pretrained=True)  # 11 weights-legacy
fasterrcnn_resnet50_fpn(pretrained_backbone=False)  # 12 weights-legacy
resnet50(True)  # 13 weights-legacy
quantized_resnet50(pretrained=True, quantize=True)  # 14 weights-legacy
resnet50(weights=ResNet50_Weights.DEFAULT, num_classes=10)  # 15 weights-meta-conflict
resnet50(weights=None, progress="yes")  # 16 arg-type
ResNet50_Weights.verify(ResNet101_Weights.IMAGENET1K_V1)  # 17 weights-mismatch
resnet50(weights=ResNet50_Weights.IMAGENET1K_V3)  # 18 attr-defined

"""The same library calls done right: the plugin reports nothing here."""

import tinyzoo
from torchvision import models
from torchvision.models import ResNet50_Weights, get_model, get_weight, resnet50
from torchvision.models.detection import fasterrcnn_resnet50_fpn
from torchvision.models.quantization import resnet50 as quantized_resnet50
from tinyzoo.models import FrenchSpeechWeights, MedResNet18Weights, med_resnet18, speech_gru

resnet50(weights=ResNet50_Weights.IMAGENET1K_V1)
resnet50(weights="IMAGENET1K_V2", progress=False)
resnet50(weights="ResNet50_Weights.DEFAULT", num_classes=1000)
models.vit_b_16(weights=models.ViT_B_16_Weights.DEFAULT)
fasterrcnn_resnet50_fpn(weights=None, weights_backbone=ResNet50_Weights.IMAGENET1K_V2, num_classes=3)
quantized_resnet50(weights="IMAGENET1K_FBGEMM_V2", quantize=True)
model = get_model("resnet50", weights="DEFAULT")
weights = get_weight("ResNet50_Weights.IMAGENET1K_V1")
med_resnet18(weights=MedResNet18Weights.PATHMNIST_V1, num_classes=9)
speech_gru(weights=FrenchSpeechWeights.FR_CA_V1)
speech_gru(weights="EnglishSpeechWeights.DEFAULT")
tinyzoo.get_model("med_resnet18", weights="DEFAULT")

# Pattern from microsoft/torchgeo (tests/models/test_api.py, torchgeo/trainers/classification.py) and
# IBM/terratorch (terratorch/models/backbones): torchgeo follows torchvision's API, and two of its
# Enums share torchvision's names (ResNet50_Weights): identity is the qualified name.
import torchvision
import torchgeo.models
from torchgeo.models import ResNet18_Weights, ResNet50_Weights, get_model, get_weight, resnet50

# right
a = torchgeo.models.resnet50(weights=ResNet50_Weights.SENTINEL2_ALL_MOCO)
b = resnet50(ResNet50_Weights.SENTINEL2_ALL_MOCO)
c = get_model("resnet50", weights=ResNet50_Weights.SENTINEL2_ALL_MOCO)
d = get_model("dofa_small_patch16_224")
e = get_weight("ResNet50_Weights.SENTINEL2_ALL_MOCO")
f = torchvision.models.resnet50(weights=torchvision.models.ResNet50_Weights.IMAGENET1K_V2)

# wrong
g = torchgeo.models.resnet50(weights=torchvision.models.ResNet50_Weights.IMAGENET1K_V2)
h = torchvision.models.resnet50(weights=torchgeo.models.ResNet50_Weights.SENTINEL2_ALL_MOCO)
i = resnet50(ResNet18_Weights.SENTINEL2_ALL_MOCO)
j = get_model("resnet5O")
k = resnet50(weights="SENTINEL2_ALL_MOCCO")
m = get_weight("ResNet50_Weights.SENTINEL2_ALL_MOCCO")

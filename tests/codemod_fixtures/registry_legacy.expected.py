"""get_model by name with the legacy keyword: migrated to the exact weights it loaded, like a builder call."""
import torchvision
from torchvision.models import ResNet50_Weights, get_model

a = get_model("resnet50", weights=ResNet50_Weights.IMAGENET1K_V1)
b = torchvision.models.get_model("vgg16", weights=None, num_classes=10)
c = get_model(
    "fasterrcnn_resnet50_fpn",
    weights=None,
    weights_backbone=ResNet50_Weights.IMAGENET1K_V1,
)

"""get_model by name with the legacy keyword: migrated to the exact weights it loaded, like a builder call."""
import torchvision
from torchvision.models import get_model

a = get_model("resnet50", pretrained=True)
b = torchvision.models.get_model("vgg16", pretrained=False, num_classes=10)
c = get_model("fasterrcnn_resnet50_fpn", pretrained=False, pretrained_backbone=True)

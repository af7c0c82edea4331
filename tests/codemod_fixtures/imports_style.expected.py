"""The Enum is referenced the way the file already names things, never shadowed, never duplicated."""
import torchvision.models as tvm
from torchvision.models import ResNet18_Weights as R18, resnet18, resnet34
from torchvision.models import ResNet34_Weights, ResNet50_Weights, resnet50

a = resnet18(weights=R18.IMAGENET1K_V1)  # already imported under an alias
b = resnet34(weights=ResNet34_Weights.IMAGENET1K_V1)  # added to the existing import
c = resnet50(weights=ResNet50_Weights.IMAGENET1K_V1)


def shadowed():
    ResNet50_Weights = "a local name"
    return resnet50(weights=tvm.ResNet50_Weights.IMAGENET1K_V1), ResNet50_Weights

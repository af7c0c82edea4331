"""The Enum is referenced the way the file already names things, never shadowed, never duplicated."""
import torchvision.models as tvm
from torchvision.models import ResNet18_Weights as R18, resnet18, resnet34
from torchvision.models import resnet50

a = resnet18(pretrained=True)  # already imported under an alias
b = resnet34(pretrained=True)  # added to the existing import
c = resnet50(pretrained=True)


def shadowed():
    ResNet50_Weights = "a local name"
    return resnet50(pretrained=True), ResNet50_Weights

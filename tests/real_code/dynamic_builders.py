# Pattern from pytorch/examples (imagenet/main.py) and facebookresearch/detr (models/backbone.py):
# the architecture is a run-time string.
import torchvision.models as models
from torchvision.models import get_model, get_model_weights

model_names = sorted(name for name in models.__dict__ if name.islower() and not name.startswith("__"))


def create(arch: str, pretrained: bool, dilation: bool) -> object:
    if pretrained:
        model = models.__dict__[arch](pretrained=True)
    else:
        model = models.__dict__[arch]()
    backbone = getattr(models, arch)(replace_stride_with_dilation=[False, False, dilation], pretrained=pretrained)
    weights = get_model_weights(arch).DEFAULT
    other = get_model(arch, weights=weights)
    return model, backbone, other.eval()

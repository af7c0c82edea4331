"""A builder bound to a name once is that builder: its calls are checked and migrated like direct
ones (patterns from pytorch/vision's detection references, ``model_func = torchvision.models.
detection.ssd300_vgg16``, and hubconf files, ``from torchvision.models.resnet import resnet50 as _resnet50``)."""

import torchvision
from torchvision.models.resnet import resnet50 as _resnet50

build = torchvision.models.resnet50
legacy = build(pretrained=True)
hub_style = _resnet50(pretrained=True)


def detector(num_classes: int) -> object:
    model_func = torchvision.models.detection.ssd300_vgg16
    return model_func(num_classes=num_classes, pretrained_backbone=True)


def chosen_at_run_time(name: str) -> object:
    builders = {"resnet50": torchvision.models.resnet50, "vgg16": torchvision.models.vgg16}
    return builders[name](pretrained=True)  # a dict lookup: not decidable from names

"""A ``weights`` variable reassigned across branches, each value passed to its own builder (the
common way to pick a model from a flag): right at run time, so nothing is reported. The excerpts of
pytorch/executorch and allenai/rslearn in tests/real_code/branch_weights.py show the same with mypy's
view of the whole file."""

import torchvision.models as models


def pick(arch: str) -> object:
    if arch == "mobilenet_v2":
        weights = models.MobileNet_V2_Weights.DEFAULT
        model = models.mobilenet_v2(weights=weights)
    elif arch == "alexnet":
        weights = models.AlexNet_Weights.DEFAULT
        model = models.alexnet(weights=weights)
    else:
        raise ValueError(arch)
    return model

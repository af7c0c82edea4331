# Pattern from pytorch/executorch (examples/qualcomm/oss_scripts/regnet.py) and allenai/rslearn
# (rslearn/models/swin.py): one variable holds the weights of whichever builder a flag picks.
# Right at run time; with the plugin, mypy once typed the variable by its first member and reported
# an [assignment] error and a false weights-mismatch on the second branch.
import torchvision
from torchvision.models import (
    RegNet_X_400MF_Weights,
    RegNet_Y_400MF_Weights,
    Swin_S_Weights,
    Swin_T_Weights,
    regnet_x_400mf,
    regnet_y_400mf,
)


def regnet(name: str) -> object:
    if name == "regnet_y_400mf":
        weights = RegNet_Y_400MF_Weights.DEFAULT
        model = regnet_y_400mf(weights=weights).eval()
    else:
        weights = RegNet_X_400MF_Weights.DEFAULT
        model = regnet_x_400mf(weights=weights).eval()
    return model


def swin(arch: str, pretrained: bool) -> object:
    kwargs = {}
    if arch == "swin_t":
        if pretrained:
            kwargs["weights"] = Swin_T_Weights.IMAGENET1K_V1
        return torchvision.models.swin_t(**kwargs)
    if pretrained:
        kwargs["weights"] = Swin_S_Weights.IMAGENET1K_V1
    return torchvision.models.swin_s(**kwargs)

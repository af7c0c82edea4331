"""A ``weights`` variable reassigned across branches, each value passed to its own builder: right at
run time, so nothing is reported (pattern from pytorch/executorch, examples/qualcomm/oss_scripts/
regnet.py, and allenai/rslearn, rslearn/models/swin.py)."""

import torchvision.models as models
from torchvision.models import RegNet_X_400MF_Weights, RegNet_Y_400MF_Weights, regnet_x_400mf, regnet_y_400mf


def pick(arch: str, pretrained: bool) -> object:
    if arch == "mobilenet_v2":
        weights = models.MobileNet_V2_Weights.DEFAULT
        model = models.mobilenet_v2(weights=weights)
    elif arch == "alexnet":
        weights = models.AlexNet_Weights.DEFAULT
        model = models.alexnet(weights=weights)
    elif arch == "regnet_y_400mf":
        weights = RegNet_Y_400MF_Weights.DEFAULT
        model = regnet_y_400mf(weights=weights).eval()
    else:
        weights = RegNet_X_400MF_Weights.DEFAULT
        model = regnet_x_400mf(weights=weights).eval()
    kwargs = {}
    if pretrained:
        kwargs["weights"] = models.Swin_T_Weights.IMAGENET1K_V1
    swin = models.swin_t(**kwargs)
    if pretrained:
        kwargs["weights"] = models.Swin_S_Weights.IMAGENET1K_V1
    return model, swin, models.swin_s(**kwargs)

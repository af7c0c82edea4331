# Pattern from richzhang/PerceptualSimilarity (lpips/pretrained_networks.py) and
# gordicaleksa/pytorch-neural-style-transfer (models/definitions/vgg_nets.py): slice a
# pretrained network's feature extractor.
import torch
from torchvision import models as tv


class Vgg16(torch.nn.Module):
    def __init__(self, requires_grad: bool = False, pretrained: bool = True) -> None:
        super().__init__()
        features = tv.vgg16(pretrained=pretrained).features
        self.slice1 = torch.nn.Sequential()
        for x in range(4):
            self.slice1.add_module(str(x), features[x])
        self.layers = tv.vgg19(weights=tv.VGG19_Weights.IMAGENET1K_V1).features[:23]


def layer_names() -> list[str]:
    names = []
    for name, layer in tv.vgg19(weights=None).features._modules.items():
        names.append(name)
        layer.requires_grad_(False)
    return names

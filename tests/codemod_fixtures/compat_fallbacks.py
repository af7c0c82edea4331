"""Calls that exist for torchvision releases without weights=: every front end leaves them as they
are and says why (patterns from Tauke190/VLMtoresnet, opengeos/geoai and Lightning-Universe/lightning-bolts)."""
import torchvision
import torchvision.models as models
from packaging import version


def densenet():
    try:
        net = models.densenet121(weights=models.DenseNet121_Weights.DEFAULT)
    except (AttributeError, TypeError):  # torchvision < 0.13
        net = models.densenet121(pretrained=True)
    return net


def resnet(num_classes):
    try:
        model = models.resnet50(weights=None)
    except TypeError:
        model = models.resnet50(pretrained=False)
    return model


def by_name(net, pretrained):
    if version.parse(torchvision.__version__) >= version.parse("0.13"):
        return getattr(torchvision.models, net)(weights="DEFAULT" if pretrained else None)
    else:
        return getattr(torchvision.models, net)(pretrained=pretrained)


def by_feature(pretrained):
    if hasattr(models, "ResNet18_Weights"):
        return models.resnet18(weights=models.ResNet18_Weights.DEFAULT if pretrained else None)
    return models.resnet18(pretrained=pretrained)


try:
    from torchvision.models import VGG16_Weights

    HAS_WEIGHTS = True
except ImportError:
    HAS_WEIGHTS = False


def vgg():
    if HAS_WEIGHTS:
        return models.vgg16(weights=VGG16_Weights.IMAGENET1K_V1)
    return models.vgg16(pretrained=True)


def inception():
    try:
        return models.inception_v3(pretrained=True, init_weights=False)  # an unsafe fix
    except TypeError:
        # torchvision < 0.8 has no init_weights=: the retry is the old release's path, left as is
        return models.inception_v3(pretrained=True)


def plain():
    return models.resnet18(pretrained=True)  # outside the fallbacks: an unsafe fix (older torchvision runs this too)

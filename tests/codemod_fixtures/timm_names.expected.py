# timm names its weights in strings: deprecated names become the name timm maps them to.
from typing import Final

import timm
import timm.models as tm
from timm import create_model
from timm.models import create_model as make_model

backbone = timm.create_model("tf_efficientnet_b4.ns_jft_in1k", pretrained=True)
encoder = create_model(
    'vit_base_patch16_224.augreg_in21k', pretrained=True, num_classes=0
)
features = make_model(
    "resnetv2_50x1_bit.goog_in21k",  # the BiT weights
    pretrained=True,
    features_only=True,
)
teacher = tm.create_model(model_name="swin_large_patch4_window12_384.ms_in22k", pretrained=True)
same = timm.create_model("tf_efficientnet_b4.ns_jft_in1k", pretrained=True)  # already current
by_hub = timm.create_model("hf-hub:timm/tf_efficientnet_b4.ns_jft_in1k", pretrained=True)
exists = timm.is_model("tf_efficientnet_b3.ns_jft_in1k")


def from_flag(arch: str):
    return timm.create_model(arch, pretrained=True)  # a name in a variable is not guessed


BACKBONE: Final = "tf_efficientnet_b3_ns"  # used elsewhere too: reported, not rewritten here
from_constant = timm.create_model(BACKBONE, pretrained=True)

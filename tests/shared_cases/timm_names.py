# timm model names in strings, every import style: the checker and the plugin decide alike.
from typing import Final

import timm
import timm.models as tm
from timm import create_model, is_model
from timm.models import create_model as make_model

ok = timm.create_model("resnet50.a1_in1k", pretrained=True)
ok_bare = create_model("resnet50", pretrained=True)
ok_untrained = timm.create_model("davit_large", pretrained=False)
deprecated = timm.create_model("tf_efficientnet_b4_ns", pretrained=True)  # weights-legacy
typo = make_model("resnet5O", pretrained=True)  # model-unknown, did you mean "resnet50"
bad_tag = tm.create_model("resnet50.a1_in1kk", True)  # weights-unknown, the tags listed
no_weights = timm.create_model("davit_large", pretrained=True)  # weights-unknown: nothing to load
query = is_model("convnext_tiny_hnf2")  # model-unknown
query_tag = timm.is_model("resnet50.any_tag")  # is_model ignores the tag
by_hub = timm.create_model("hf-hub:timm/resnet50.a1_in1k", pretrained=True)
by_path = timm.create_model(model_name="local-dir:/models/resnet", pretrained=True)


BACKBONE: Final = "tf_efficientnet_b3_ns"
from_constant = timm.create_model(BACKBONE, pretrained=True)  # weights-legacy: a Final name is its literal


def pick(name: str) -> object:
    return timm.create_model(name, pretrained=True)  # not guessed


if timm.__version__ < "0.9":
    old = timm.create_model("tf_efficientnet_b4_ns", pretrained=True)  # a note: kept for an older timm

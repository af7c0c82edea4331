"""Star imports in order: the last one that brings a name binds it. ``star_helpers`` brings no
builder, so ``resnet50`` below is torchvision's. (Pattern from bethgelab/model-vs-human and
research code that star-imports torchvision's models beside its own utilities.)"""

from torchvision.models import *  # noqa: F403
from star_helpers import *  # noqa: F403

model = resnet50(False)  # noqa: F405
features = vgg16(pretrained=True).features  # noqa: F405

# The Enum import is merged into an existing import of its module in that import's own layout: one
# name per line stays one name per line, comments stay where they are, unsorted stays unsorted (and
# a one-line import that grows past the line length is wrapped, as isort and ruff wrap it).
# (Layouts from real code: a detection fine-tuning helper, a segmentation trainer.)
from torchvision.models.detection.faster_rcnn import (
    FastRCNNPredictor,
    fasterrcnn_resnet50_fpn,
)
from torchvision.models.segmentation import (  # the heads we use
    deeplabv3_resnet50,  # ADE experiments
)
from torchvision.models import vgg16, resnet18  # unsorted on purpose
from torchvision.models.video import (r3d_18)


def detector(pretrained):
    return fasterrcnn_resnet50_fpn(pretrained=pretrained)


segmenter = deeplabv3_resnet50(pretrained=True)
classifiers = [vgg16(pretrained=True), resnet18(pretrained=True)]
video = r3d_18(pretrained=True)
head = FastRCNNPredictor(1024, 3)

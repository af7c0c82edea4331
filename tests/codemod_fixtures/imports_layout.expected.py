# The Enum import is merged into an existing import of its module in that import's own layout: one
# name per line stays one name per line, comments stay where they are, unsorted stays unsorted (and
# a one-line import that grows past the line length is wrapped, as isort and ruff wrap it).
# (Layouts from real code: a detection fine-tuning helper, a segmentation trainer.)
from torchvision.models.detection.faster_rcnn import (
    FasterRCNN_ResNet50_FPN_Weights,
    FastRCNNPredictor,
    fasterrcnn_resnet50_fpn,
)
from torchvision.models.segmentation import (  # the heads we use
    DeepLabV3_ResNet50_Weights,
    deeplabv3_resnet50,  # ADE experiments
)
from torchvision.models import (  # unsorted on purpose
    vgg16,
    resnet18,
    VGG16_Weights,
    ResNet18_Weights,
)
from torchvision.models.video import (R3D_18_Weights, r3d_18)


def detector(pretrained):
    return fasterrcnn_resnet50_fpn(
        weights=FasterRCNN_ResNet50_FPN_Weights.COCO_V1 if pretrained else None
    )


segmenter = deeplabv3_resnet50(
    weights=DeepLabV3_ResNet50_Weights.COCO_WITH_VOC_LABELS_V1
)
classifiers = [
    vgg16(weights=VGG16_Weights.IMAGENET1K_V1),
    resnet18(weights=ResNet18_Weights.IMAGENET1K_V1),
]
video = r3d_18(weights=R3D_18_Weights.KINETICS400_V1)
head = FastRCNNPredictor(1024, 3)

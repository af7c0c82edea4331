"""Old-style calls, as code written before the weights API looks. The README's main job shows the
codemod's migration of this file:

    python -m codemods.migrate_pretrained examples/legacy_calls.py --diff --library torchvision --library tinyzoo
"""

import torch
import torchvision
from torchvision import models
from torchvision.models.detection import fasterrcnn_resnet50_fpn
from torchvision.models.quantization import resnet50 as quantized_resnet50

from tinyzoo.models import med_resnet18, speech_gru


def load_all(use_pretrained: bool, streaming: bool) -> list[torch.nn.Module]:
    return [
        models.resnet50(pretrained=True),  # loaded IMAGENET1K_V1: DEFAULT is V2
        torchvision.models.mobilenet_v2(pretrained=use_pretrained),
        fasterrcnn_resnet50_fpn(True, False),  # (pretrained, progress): not pretrained_backbone
        fasterrcnn_resnet50_fpn(pretrained=False, pretrained_backbone=True),
        quantized_resnet50(pretrained=True, quantize=True),
        torch.hub.load("pytorch/vision", "vgg16", pretrained=True),
        med_resnet18(pretrained=True),
        speech_gru(pretrained=True, streaming=streaming),
    ]

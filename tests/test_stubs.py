"""The generated stubs (weightlink/stubs/, stubs/, docs/stubs.md), checked with real mypy and pyright.

The stubs are installed the way a user installs them: ``pip install`` into a virtual environment
that also holds torchvision (a link to the installed copy, so that the stubs and the library share
one site-packages folder, as after two ``pip install``). One mypy run (``--strict`` with the
``deprecated`` code enabled, no plugin, no ``follow_untyped_imports``) and one pyright run
(``reportDeprecated`` on) check one project: the case file of mistakes and valid calls, a file of
modules the stubs do not describe, a small user project that must stay clean under strict
settings, and the examples of docs/stubs.md. The tests below read their results.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

import pytest

from tests.environments import build_wheels, overlay_venv, pip_install_wheels
from tests.test_catalog import RFC_CONFIG, RFC_LIBRARY, write_package
from weightlink.catalog.source import Library
from weightlink.cli import main
from weightlink.rules import messages
from weightlink.stubs.distribution import pyproject

ROOT = Path(__file__).resolve().parents[1]
STUBS = ROOT / "stubs"
DOCS_PAGE = ROOT / "docs" / "stubs.md"
# Pages whose ``{.python title=...}`` examples show what mypy and pyright print with the stubs.
CHECKED_PAGES = [DOCS_PAGE, ROOT / "docs" / "editors.md"]

# -- the case file ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One statement of the case file. ``mistake``: None for a call that must pass; otherwise both
    checkers must report an error on its line whose message contains it ("" for any error)."""

    code: str
    mistake: str | None = None
    mypy_reveal: str | None = None  # for ``reveal_type(...)`` lines: what each checker prints
    pyright_reveal: str | None = None


def _legacy(builder: str, replacement: str, *, positional: bool = False, now: str | None = None, param: str = "pretrained", weights: str = "weights", value: str = "True") -> str:
    return messages.legacy_replaced(builder, param, weights, replacement, positional=positional, default_now=now, legacy_value=value).message


def _mismatch(quantize: bool, ours: str, theirs: str) -> str:
    accepted = f'"{ours}" (quantize={quantize!r})'
    return messages.weights_mismatch(accepted, theirs, callee="resnet50", param="weights", example=f"{ours}.DEFAULT").message


def _registry(name: str, enum: str) -> str:
    return messages.registry_arguments_rejected("get_model", name, name, f'"{enum}"')


MISTAKES = [
    # a wrong Enum: builder, backbone, quantized (either way round), the class itself, a guard
    Case("resnet50(weights=ResNet101_Weights.IMAGENET1K_V1)", ""),
    Case("fasterrcnn_resnet50_fpn(weights_backbone=ResNet101_Weights.IMAGENET1K_V1)", ""),
    Case(
        "quantization.resnet50(weights=ResNet50_Weights.DEFAULT, quantize=True)",
        _mismatch(True, "ResNet50_QuantizedWeights", "ResNet50_Weights"),
    ),
    Case(
        "quantization.resnet50(weights=ResNet50_QuantizedWeights.DEFAULT)",
        _mismatch(False, "ResNet50_Weights", "ResNet50_QuantizedWeights"),
    ),
    Case("resnet50(weights=ResNet50_Weights)", ""),
    Case("ResNet50_Weights.verify(ResNet101_Weights.IMAGENET1K_V1)", ""),
    # a wrong or unknown member string, at a builder and at get_model with a literal name
    Case('resnet50(weights="IMAGENET1K_V3")', ""),
    Case('resnet50(weights="ResNet101_Weights.IMAGENET1K_V1")', ""),
    Case('get_model("resnet50", weights="IMAGENET1K_V3")', _registry("resnet50", "ResNet50_Weights")),
    Case('get_model("resnet50", weights=ResNet101_Weights.DEFAULT)', _registry("resnet50", "ResNet50_Weights")),
    # the deprecated interface, by keyword and in the old positional order
    Case("resnet50(pretrained=True)", _legacy("resnet50", "ResNet50_Weights.IMAGENET1K_V1", now="IMAGENET1K_V2")),
    Case("resnet50(pretrained=False)", messages.legacy_false("resnet50", "pretrained", "weights", "False").message),
    Case(
        "resnet50(pretrained=flag)",
        _legacy("resnet50", "ResNet50_Weights.IMAGENET1K_V1 if pretrained else None", now="IMAGENET1K_V2"),
    ),
    Case("resnet50(True)", _legacy("resnet50", "ResNet50_Weights.IMAGENET1K_V1", positional=True, now="IMAGENET1K_V2")),
    Case(
        "resnet50(False, False)",
        messages.legacy_false("resnet50", "pretrained", "weights", "False", positional=True).message,
    ),
    Case(
        "fasterrcnn_resnet50_fpn(pretrained=True, pretrained_backbone=False)",
        _legacy("fasterrcnn_resnet50_fpn", "FasterRCNN_ResNet50_FPN_Weights.COCO_V1"),
    ),
    Case(
        "fasterrcnn_resnet50_fpn(weights=None, pretrained_backbone=True)",
        _legacy(
            "fasterrcnn_resnet50_fpn",
            "ResNet50_Weights.IMAGENET1K_V1",
            now="IMAGENET1K_V2",
            param="pretrained_backbone",
            weights="weights_backbone",
        ),
    ),
    Case(
        'keypointrcnn_resnet50_fpn(pretrained="legacy")',
        _legacy(
            "keypointrcnn_resnet50_fpn", "KeypointRCNN_ResNet50_FPN_Weights.COCO_LEGACY", now="COCO_V1", value='"legacy"'
        ),
    ),
    Case(
        "quantization.resnet50(pretrained=True, quantize=True)",
        _legacy("resnet50", "ResNet50_QuantizedWeights.IMAGENET1K_FBGEMM_V1", now="IMAGENET1K_FBGEMM_V2"),
    ),
    Case("quantization.resnet50(pretrained=True)", _legacy("resnet50", "ResNet50_Weights.IMAGENET1K_V1", now="IMAGENET1K_V2")),
    Case(
        "vit_h_14(pretrained=True)",
        messages.legacy_never_had_weights("vit_h_14", "pretrained", "weights", '"ViT_H_14_Weights"').message,
    ),
    Case(
        "mobilenet_v3_small(pretrained=True)",
        _legacy("mobilenet_v3_small", "MobileNet_V3_Small_Weights.IMAGENET1K_V1"),
    ),
    # other arguments and attributes
    Case('resnet50(weights=None, progress="yes")', ""),
    Case("resnet50(num_class=10)", ""),
    Case("ResNet50_Weights.IMAGENET1K_V3", ""),
    # names that fail at run time on 0.29 stay errors, beside every name that works (WORKING_CODE)
    Case("torchvision.models.resnet.model_urls", ""),  # removed in 0.13; video.resnet keeps one
    Case("torchvision.models.detection.FastRCNNPredictor", ""),  # not in faster_rcnn.__all__
    Case("torchvision.models.mobilenet_v2_all", ""),
    # a library built on weightlink (tinyzoo), its stubs generated by the same command
    Case("med_resnet18(weights=MedResNet34Weights.CHESTMNIST_V1)", ""),
    Case('speech_gru(weights="DEFAULT")', ""),  # a DEFAULT in two Enums of the family: ambiguous
    Case(
        "med_resnet18(pretrained=True)",
        _legacy("med_resnet18", "MedResNet18Weights.PATHMNIST_V1", now="PATHMNIST_V2"),
    ),
    Case('tinyzoo.get_model("med_segnet", weights="NOPE")', _registry("med_segnet", "MedSegNetWeights")),
]

VALID = [
    Case("resnet50()"),
    Case("resnet50(weights=ResNet50_Weights.IMAGENET1K_V2)"),
    Case("resnet50(weights=ResNet50_Weights.DEFAULT)"),
    Case('resnet50(weights="IMAGENET1K_V1")'),
    Case('resnet50(weights="ResNet50_Weights.DEFAULT")'),
    Case("resnet50(weights=None, progress=False, num_classes=10, zero_init_residual=True)"),
    Case("resnet50(**config)"),
    Case("quantization.resnet50(weights=ResNet50_QuantizedWeights.DEFAULT, quantize=True)"),
    Case("quantization.resnet50(weights=ResNet50_Weights.DEFAULT)"),
    Case("quantization.resnet50(weights=ResNet50_QuantizedWeights.DEFAULT, quantize=flag)"),
    Case("fasterrcnn_resnet50_fpn(weights=FasterRCNN_ResNet50_FPN_Weights.DEFAULT, box_score_thresh=0.5)"),
    Case("keypointrcnn_resnet50_fpn(weights=None, weights_backbone=ResNet50_Weights.DEFAULT)"),
    Case("ssd300_vgg16(weights=None, topk_candidates=100)"),
    Case('get_model("resnet50", weights="DEFAULT", num_classes=10)'),
    Case('get_model("resnet50", **config)'),
    Case('get_model(name, weights="anything", anything=1)'),
    Case("get_model_weights(name)"),
    Case("get_weight(name)"),
    Case("torchvision.models.mobilenet_v2(weights=None)"),
    Case('mobilenet_v3_small(weights="DEFAULT")'),
    Case("quantization.mobilenet_v2(weights=None, quantize=False)"),
    Case('ResNet50_Weights.verify("DEFAULT")'),
    Case("ResNet50_Weights.verify(None)"),
    Case("assert v2 == ResNet50_Weights.DEFAULT"),  # strict_equality: DEFAULT is the member it names
    Case("latest: Literal[ResNet50_Weights.IMAGENET1K_V2] = ResNet50_Weights.DEFAULT"),
    Case('speech_gru(weights="EnglishSpeechWeights.DEFAULT")'),
    Case("speech_gru(weights=FrenchSpeechWeights.FR_CA_V1)"),
    Case("med_segnet(weights=None, weights_backbone=MedResNet18Weights.DEFAULT)"),
    Case('tinyzoo.get_model("med_resnet18", weights="DEFAULT")'),
    # Mistakes stubs cannot express (docs/stubs.md lists them, with the plugin as the answer):
    Case('get_model("resnet5")'),
    Case('get_model("resnet50", num_class=3)'),
    Case("resnet50(weights=ResNet50_Weights.DEFAULT, num_classes=10)"),
]

REVEALS = [
    Case("reveal_type(resnet50())", None, "torchvision.models.resnet.ResNet", "ResNet"),
    Case('reveal_type(get_model("resnet50"))', None, "torchvision.models.resnet.ResNet", "ResNet"),
    Case("reveal_type(get_model(name))", None, "torch.nn.modules.module.Module", "Module"),
    Case(
        'reveal_type(get_model_weights("resnet50"))',
        None,
        "type[torchvision.models.resnet.ResNet50_Weights]",
        "type[ResNet50_Weights]",
    ),
    Case(
        'reveal_type(get_weight("ResNet50_Weights.DEFAULT"))',
        None,
        "torchvision.models.resnet.ResNet50_Weights",
        "ResNet50_Weights",
    ),
    Case(
        "reveal_type(ResNet50_Weights.DEFAULT)",
        None,
        "Literal[torchvision.models.resnet.ResNet50_Weights.IMAGENET1K_V2]",
        "Literal[ResNet50_Weights.IMAGENET1K_V2]",
    ),
    Case(
        "reveal_type(quantization.resnet50(quantize=True))",
        None,
        "torchvision.models.quantization.resnet.QuantizableResNet",
        "QuantizableResNet",
    ),
    Case("reveal_type(mobilenet_v3_small())", None, "torchvision.models.mobilenetv3.MobileNetV3", "MobileNetV3"),
    Case("reveal_type(ResNet50_Weights.DEFAULT.meta)", None, "dict[str, Any]", "dict[str, Any]"),
    Case("reveal_type(ResNet50_Weights.DEFAULT.url)", None, "str", "str"),
    Case('reveal_type(ResNet50_Weights.verify("DEFAULT"))', None, "torchvision.models.resnet.ResNet50_Weights", "ResNet50_Weights"),
    Case('reveal_type(tinyzoo.get_model("speech_gru"))', None, "tinyzoo.models.speech.SpeechGRU", "SpeechGRU"),
]

CASES_HEADER = """\
from typing import Any, Literal

import tinyzoo
import torchvision
from tinyzoo.models import (
    FrenchSpeechWeights,
    MedResNet18Weights,
    MedResNet34Weights,
    med_resnet18,
    med_segnet,
    speech_gru,
)
from torchvision.models import (
    ResNet50_Weights,
    ResNet101_Weights,
    get_model,
    get_model_weights,
    get_weight,
    mobilenet_v3_small,
    quantization,
    resnet50,
    vit_h_14,
)
from torchvision.models.detection import (
    FasterRCNN_ResNet50_FPN_Weights,
    fasterrcnn_resnet50_fpn,
    keypointrcnn_resnet50_fpn,
    ssd300_vgg16,
)
from torchvision.models.quantization import ResNet50_QuantizedWeights


def cases(name: str, flag: bool, config: dict[str, Any], v2: Literal[ResNet50_Weights.IMAGENET1K_V2]) -> None:
"""

# Modules the stubs do not describe: each checker sees them as it did without the stubs (mypy skips
# torchvision's untyped modules; pyright reads their source).
UNCHANGED = """\
import torchvision
import torchvision.transforms
from torchvision.models.feature_extraction import create_feature_extractor

reveal_type(torchvision.transforms.Compose)
reveal_type(create_feature_extractor)
reveal_type(torchvision.__version__)
"""

# Ordinary use, which must stay quiet under mypy --strict and pyright's strict mode.
USER_PROJECT = '''\
# pyright: strict
"""Fine-tuning and inference with torchvision models, the way tutorials write it."""

import torch
from torch import nn
from torchvision.models import ResNet50_Weights, VGG16_Weights, get_model, resnet50, vgg16
from torchvision.models.detection import FasterRCNN_ResNet50_FPN_Weights, fasterrcnn_resnet50_fpn


def classifier(num_classes: int) -> nn.Module:
    weights = ResNet50_Weights.DEFAULT
    model = resnet50(weights=weights)
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    model.layer4[0].conv2.stride = (1, 1)
    for parameter in model.parameters():
        parameter.requires_grad = False
    model.eval()
    return model


def features() -> nn.Module:
    vgg = vgg16(weights=VGG16_Weights.IMAGENET1K_V1)
    vgg.classifier[6] = nn.Linear(4096, 10)
    for name, layer in vgg.features._modules.items():
        print(name, layer)
    trunk: nn.Module = vgg.features[:23]
    return trunk


def predict(image: torch.Tensor) -> list[str]:
    weights = ResNet50_Weights.IMAGENET1K_V2
    model = get_model("resnet50", weights=weights).eval()
    preprocess = weights.transforms()
    categories: list[str] = weights.meta["categories"]
    with torch.no_grad():
        scores = model(preprocess(image).unsqueeze(0)).softmax(1)
    model.load_state_dict(weights.get_state_dict(progress=False))
    print(weights.url, weights.value.meta["num_params"])
    return [categories[int(index)] for index in scores.argmax(1)]


def detector() -> nn.Module:
    weights = FasterRCNN_ResNet50_FPN_Weights.DEFAULT
    model = fasterrcnn_resnet50_fpn(weights=weights, box_score_thresh=0.9)
    model.rpn.nms_thresh = 0.6
    return model.eval()
'''

# Working torchvision 0.29 code, every line of it run against torchvision 0.29.1 (issue 26): names the
# stubbed modules import or define outside the weights API (``FastRCNNPredictor``,
# ``faster_rcnn.RPNHead``, ``BasicBlock``), submodules reached as attributes of a package
# (``torchvision.models.detection.backbone_utils`` after ``import torchvision``), modules without a stub
# (``torchvision.ops``, ``torchvision.transforms``, ``feature_extraction``), subclassing model classes.
# Neither checker may report anything. mypy still skips the modules without a stub, as without the
# stubs (``test_modules_without_stubs_are_as_before_for_mypy``); the file silences that report the way
# a project using torchvision under mypy does, and nothing else.
WORKING_CODE = '''\
# mypy: disable-error-code="import-untyped"
"""Working torchvision 0.29 code the way real projects write it: fine-tuning detection and
segmentation heads, feature extraction, subclassing blocks and models, transforms, ops, datasets."""

from collections import OrderedDict
from typing import Any

import torch
import torchvision
import torchvision.models.detection
import torchvision.models.feature_extraction
import torchvision.transforms as T
from torch import Tensor, nn
from torchvision import datasets, models, ops, transforms, tv_tensors
from torchvision.models import ResNet, ResNet18_Weights, ResNet50_Weights, get_model, list_models, resnet18, resnet50
from torchvision.models._utils import IntermediateLayerGetter
from torchvision.models.detection import FasterRCNN, MaskRCNN, fasterrcnn_resnet50_fpn, maskrcnn_resnet50_fpn
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.backbone_utils import BackboneWithFPN, resnet_fpn_backbone
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor, TwoMLPHead
from torchvision.models.detection.faster_rcnn import AnchorGenerator as FasterAnchorGenerator
from torchvision.models.detection.faster_rcnn import MultiScaleRoIAlign, RPNHead
from torchvision.models.detection.mask_rcnn import MaskRCNNHeads, MaskRCNNPredictor
from torchvision.models.detection.retinanet import RetinaNetClassificationHead, RetinaNet_ResNet50_FPN_Weights
from torchvision.models.detection.rpn import AnchorGenerator as RPNAnchorGenerator
from torchvision.models.detection.ssd import SSDClassificationHead
from torchvision.models.detection.ssdlite import SSDLiteClassificationHead
from torchvision.models.detection.transform import GeneralizedRCNNTransform
from torchvision.models.feature_extraction import create_feature_extractor, get_graph_node_names
from torchvision.models.mobilenetv2 import InvertedResidual
from torchvision.models.resnet import BasicBlock, Bottleneck, conv1x1, conv3x3
from torchvision.models.segmentation import deeplabv3_resnet50, fcn_resnet50
from torchvision.models.segmentation.deeplabv3 import ASPP, DeepLabHead
from torchvision.models.segmentation.fcn import FCNHead
from torchvision.models.vision_transformer import EncoderBlock, VisionTransformer
from torchvision.models.video.resnet import BasicStem, Conv3DSimple, model_urls
from torchvision.ops import FeaturePyramidNetwork, box_iou, nms
from torchvision.ops.misc import Conv2dNormActivation, FrozenBatchNorm2d
from torchvision.transforms import functional as TF
from torchvision.transforms import v2
from torchvision.utils import draw_bounding_boxes, make_grid


def fine_tune_faster_rcnn(num_classes: int) -> nn.Module:
    model = fasterrcnn_resnet50_fpn(weights=None, weights_backbone=None)
    in_features = model.roi_heads.box_predictor.cls_score.in_features
    model.roi_heads.box_predictor = FastRCNNPredictor(in_features, num_classes)
    return model


def fine_tune_mask_rcnn(num_classes: int) -> nn.Module:
    model = maskrcnn_resnet50_fpn(weights=None, weights_backbone=None)
    in_features = model.roi_heads.box_predictor.cls_score.in_features
    model.roi_heads.box_predictor = FastRCNNPredictor(in_features, num_classes)
    in_features_mask = model.roi_heads.mask_predictor.conv5_mask.in_channels
    model.roi_heads.mask_predictor = MaskRCNNPredictor(in_features_mask, 256, num_classes)
    return model


def through_the_package(num_classes: int) -> list[Any]:
    head = torchvision.models.detection.faster_rcnn.FastRCNNPredictor(1024, num_classes)
    mask = torchvision.models.detection.mask_rcnn.MaskRCNNPredictor(256, 256, num_classes)
    block = torchvision.models.resnet.BasicBlock(64, 64)
    backbone = torchvision.models.detection.backbone_utils.resnet_fpn_backbone(
        backbone_name="resnet18", weights=None, trainable_layers=3
    )
    deeplab_head = torchvision.models.segmentation.deeplabv3.DeepLabHead(2048, num_classes)
    anchors = torchvision.models.detection.rpn.AnchorGenerator(((32,), (64,)), ((0.5, 1.0, 2.0),) * 2)
    compose = torchvision.transforms.Compose([torchvision.transforms.ToTensor()])
    dataset = torchvision.datasets.FakeData(size=2, transform=compose)
    keep = torchvision.ops.nms
    roi = torchvision.ops.MultiScaleRoIAlign(["0"], 7, 2)
    frozen = torchvision.ops.misc.FrozenBatchNorm2d(8)
    grid = torchvision.utils.make_grid
    decode = torchvision.io.decode_image
    boxes = tv_tensors.BoundingBoxes
    getter = torchvision.models._utils.IntermediateLayerGetter
    nodes = torchvision.models.feature_extraction.get_graph_node_names
    rcnn_utils = torchvision.models.detection._utils.BoxCoder
    return [head, mask, block, backbone, deeplab_head, anchors, compose, dataset, keep, roi, frozen, grid, decode, boxes, getter, nodes, rcnn_utils]


def by_name(name: str) -> nn.Module:
    names = list_models(module=torchvision.models)
    assert name in names
    builder = torchvision.models.__dict__[name]
    model: nn.Module = builder(weights=None)
    classification = torchvision.models.list_models()
    weights_enum = torchvision.models.get_model_weights(name)
    print(classification, weights_enum, torchvision.__version__)
    return get_model(name, weights=None)


def custom_detector(num_classes: int) -> FasterRCNN:
    backbone = torchvision.models.mobilenet_v2(weights=None).features
    backbone.out_channels = 1280
    anchor_generator = RPNAnchorGenerator(sizes=((32, 64, 128, 256, 512),), aspect_ratios=((0.5, 1.0, 2.0),))
    roi_pooler = torchvision.ops.MultiScaleRoIAlign(featmap_names=["0"], output_size=7, sampling_ratio=2)
    other = FasterAnchorGenerator(sizes=((32,),), aspect_ratios=((1.0,),))
    print(other, AnchorGenerator, RPNHead, MultiScaleRoIAlign, TwoMLPHead, MaskRCNNHeads, GeneralizedRCNNTransform)
    return FasterRCNN(backbone, num_classes=num_classes, rpn_anchor_generator=anchor_generator, box_roi_pool=roi_pooler)


def retinanet_head(num_classes: int) -> nn.Module:
    model = torchvision.models.detection.retinanet_resnet50_fpn(weights=None, weights_backbone=None)
    num_anchors = model.head.classification_head.num_anchors
    model.head.classification_head = RetinaNetClassificationHead(256, num_anchors, num_classes)
    print(RetinaNet_ResNet50_FPN_Weights.DEFAULT, SSDClassificationHead, SSDLiteClassificationHead)
    channels = det_utils.retrieve_out_channels(model.backbone, (320, 320))
    print(channels)
    return model


def segmentation(num_classes: int) -> nn.Module:
    model = deeplabv3_resnet50(weights=None, weights_backbone=None, aux_loss=True)
    model.classifier = DeepLabHead(2048, num_classes)
    model.aux_classifier = FCNHead(1024, num_classes)
    fcn = fcn_resnet50(weights=None, weights_backbone=None)
    fcn.classifier[4] = nn.Conv2d(512, num_classes, kernel_size=1)
    print(ASPP(2048, [12, 24, 36]))
    return model


def features(image: Tensor) -> dict[str, Tensor]:
    model = resnet50(weights=ResNet50_Weights.DEFAULT)
    train_nodes, eval_nodes = get_graph_node_names(model)
    extractor = create_feature_extractor(model, return_nodes={"layer4": "out"})
    getter = IntermediateLayerGetter(model, return_layers={"layer3": "aux", "layer4": "out"})
    body = BackboneWithFPN(model, {"layer1": "0", "layer2": "1"}, [256, 512], 256)
    fpn = resnet_fpn_backbone(backbone_name="resnet50", weights=ResNet50_Weights.DEFAULT, trainable_layers=5)
    print(train_nodes, eval_nodes, getter, body, fpn, FeaturePyramidNetwork([256], 256))
    result: dict[str, Tensor] = extractor(image)
    return result


class WideBlock(BasicBlock):
    expansion: int = 1

    def forward(self, x: Tensor) -> Tensor:
        return super().forward(x) * 2


class ScaledBottleneck(Bottleneck):
    def __init__(self, inplanes: int, planes: int, stride: int = 1, downsample: nn.Module | None = None) -> None:
        super().__init__(inplanes, planes, stride, downsample)
        self.extra = conv1x1(planes * self.expansion, planes * self.expansion)
        self.other = conv3x3(planes, planes)


class MyNet(torchvision.models.ResNet):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__(BasicBlock, [2, 2, 2, 2], num_classes=num_classes)
        self.fc = nn.Linear(512 * BasicBlock.expansion, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        x = self.conv1(x)
        x = self.layer1(x)
        return super().forward(x)


class Encoder(ResNet):
    def __init__(self) -> None:
        super().__init__(block=Bottleneck, layers=[3, 4, 6, 3])
        del self.fc

    def _forward_impl(self, x: Tensor) -> Tensor:
        out: Tensor = self.layer4(self.layer3(self.layer2(self.layer1(self.maxpool(self.relu(self.bn1(self.conv1(x))))))))
        return out


class SmallViT(VisionTransformer):
    pass


def make_layers(weights: ResNet18_Weights | None = ResNet18_Weights.DEFAULT) -> nn.Module:
    model = resnet18(weights=weights)
    backbone = nn.Sequential(OrderedDict(list(model.named_children())[:-2]))
    layer = model._make_layer(BasicBlock, 64, 2)
    print(layer, InvertedResidual(16, 24, 2, 6), EncoderBlock, Conv2dNormActivation(3, 16), FrozenBatchNorm2d(16))
    print(BasicStem, Conv3DSimple, model_urls["r3d_18"], torchvision.models.video.resnet.model_urls)
    print(models.resnet.Bottleneck.expansion, models.detection.faster_rcnn.TwoMLPHead)
    return backbone


def data(root: str) -> Any:
    transform = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize([0.485], [0.229])])
    train = datasets.CIFAR10(root, train=True, download=False, transform=transform)
    folder = torchvision.datasets.ImageFolder(root, transform=transforms.ToTensor())
    augment = v2.Compose([v2.RandomHorizontalFlip(), v2.ToDtype(torch.float32, scale=True)])
    image = TF.to_tensor
    return train, folder, augment, image


def boxes(a: Tensor, b: Tensor, scores: Tensor) -> Tensor:
    keep: Tensor = nms(a, scores, 0.5)
    overlap: Tensor = box_iou(a, b)
    print(ops.box_area(a), torchvision.ops.boxes.box_iou, draw_bounding_boxes, make_grid)
    return keep + overlap.sum()
'''

MYPY_INI = """\
[mypy]
strict = True
enable_error_code = deprecated
"""
PYRIGHT_CONFIG = {"reportDeprecated": "error"}


# -- the environment and the two runs -------------------------------------------------------------


@dataclass
class Report:
    file: str
    line: int  # 1-based
    severity: str  # "error", "note" (mypy), "information", "warning" (pyright)
    message: str


@dataclass
class Checked:
    project: Path
    venv_python: Path
    case_lines: dict[int, Case]
    mypy: list[Report] = field(default_factory=list)
    pyright: list[Report] = field(default_factory=list)
    docs_examples: dict[str, Example] = field(default_factory=dict)

    def reports(self, checker: str, file: str, line: int | None = None) -> list[Report]:
        found = self.mypy if checker == "mypy" else self.pyright
        return [r for r in found if r.file == file and (line is None or r.line == line)]


@dataclass(frozen=True)
class Example:
    """A ``{.python title="NAME.py"}`` block of docs/stubs.md and the outputs shown after it."""

    name: str
    code: str
    shown: dict[str, list[str]]  # "mypy" / "pyright" -> lines of the ``{.text title=...}`` block


def docs_examples(page: Path = DOCS_PAGE) -> dict[str, Example]:
    lines = page.read_text(encoding="utf-8").splitlines()
    examples: dict[str, Example] = {}
    current: Example | None = None
    index = 0
    while index < len(lines):
        opening = re.match(r'^```\{\.(python|text) title="([^"]+)"\}$', lines[index])
        if opening is None:
            index += 1
            continue
        close = lines.index("```", index + 1)
        body = lines[index + 1 : close]
        if opening.group(1) == "python":
            current = Example(opening.group(2), "\n".join(body) + "\n", {})
            examples[current.name] = current
        elif current is not None:
            current.shown[opening.group(2)] = body
        index = close + 1
    return examples


def _venv(base: Path) -> tuple[Path, Path]:
    """A virtual environment seeing this interpreter's packages, with torchvision linked into its
    own site-packages: the stubs installed there sit beside the library, as after ``pip install``."""
    python, site_packages = overlay_venv(base)
    spec = find_spec("torchvision")
    assert spec is not None and spec.submodule_search_locations, "torchvision (source) must be installed"
    (site_packages / "torchvision").symlink_to(next(iter(spec.submodule_search_locations)))
    return python, site_packages


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("MYPYPATH", "PYTHONPATH")}


def _run_mypy(project: Path, python: Path, files: list[str], config: str) -> list[Report]:
    (project / "mypy.ini").write_text(config)
    command = [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--python-executable", str(python)]
    command += ["--cache-dir", str(project / ".mypy_cache"), "--show-traceback", *files]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=_clean_env(), check=False)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    reports = []
    for line in result.stdout.splitlines():
        match = re.match(r"^(?P<file>[^:]+\.py):(?P<line>\d+): (?P<severity>error|note): (?P<message>.*)$", line)
        if match:
            reports.append(Report(match["file"], int(match["line"]), match["severity"], match["message"]))
    return reports


def _run_pyright(project: Path, python: Path, files: list[str]) -> list[Report]:
    (project / "pyrightconfig.json").write_text(json.dumps(PYRIGHT_CONFIG))
    command = ["pyright", "--outputjson", "--pythonpath", str(python), *files]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=_clean_env(), check=False)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    reports = []
    for item in json.loads(result.stdout)["generalDiagnostics"]:
        file = Path(item["file"]).relative_to(project.resolve()).as_posix()
        reports.append(Report(file, item["range"]["start"]["line"] + 1, item["severity"], item["message"]))
    return reports


def _write_project(project: Path, examples: dict[str, Example]) -> tuple[list[str], dict[int, Case]]:
    body = []
    case_lines: dict[int, Case] = {}
    first = CASES_HEADER.count("\n") + 1
    for offset, case in enumerate([*MISTAKES, *VALID, *REVEALS]):
        case_lines[first + offset] = case
        body.append(f"    {case.code}\n")
    (project / "cases.py").write_text(CASES_HEADER + "".join(body))
    (project / "forms.py").write_text(_forms_file())
    (project / "unchanged.py").write_text(UNCHANGED)
    (project / "working.py").write_text(WORKING_CODE)
    (project / "app").mkdir()
    (project / "app" / "__init__.py").write_text("")
    (project / "app" / "models.py").write_text(USER_PROJECT)
    files = ["cases.py", "forms.py", "unchanged.py", "working.py", "app"]
    for example in examples.values():
        (project / example.name).write_text(example.code)
        files.append(example.name)
    return files, case_lines


def _forms_file() -> str:
    """Every form of every torchvision builder call that still runs (weightlink.stubs.forms), one a
    line, each through the builder's public name."""
    from weightlink.catalog import load_catalog
    from weightlink.stubs.forms import call_forms

    catalog = load_catalog("torchvision")
    calls: list[str] = []
    for builder in sorted(catalog.builders.values(), key=lambda b: b.qualname):
        public = min(builder.public_names, key=len) if builder.public_names else builder.qualname
        calls += [f"    {form.call(public)}" for form in call_forms(builder, catalog)]
    modules = sorted({line.strip().rpartition("(")[0].split("(")[0].rpartition(".")[0] for line in calls})
    header = ["# Generated: every legacy and positional form of the builders' calls.", *(f"import {m}" for m in modules)]
    return "\n".join([*header, "", "", "def calls(flag: bool) -> None:", *calls]) + "\n"


@functools.cache
def stubs_environment() -> tuple[Path, Path, Path]:
    """(temporary folder, venv python, site-packages) with the torchvision stubs of stubs/ and
    tinyzoo's (generated now) installed; built once per test session, removed at exit."""
    base = Path(tempfile.mkdtemp(prefix="weightlink-stubs-"))
    atexit.register(shutil.rmtree, base, True)
    python, site_packages = _venv(base / "venv")
    torchvision_stubs = base / "dist" / "torchvision"
    shutil.copytree(STUBS, torchvision_stubs, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    tinyzoo_stubs = base / "dist" / "tinyzoo"
    assert main(["stubs", "tinyzoo", "--path", str(ROOT / "examples"), "--out", str(tinyzoo_stubs)]) == 0
    pip_install_wheels(python, build_wheels([torchvision_stubs, tinyzoo_stubs], base / "wheels"))
    return base, python, site_packages


@functools.cache
def checked() -> Checked:
    base, python, _ = stubs_environment()
    project = base / "project"
    project.mkdir()
    examples = {name: example for page in CHECKED_PAGES for name, example in docs_examples(page).items()}
    files, case_lines = _write_project(project, examples)
    result = Checked(project, python, case_lines, docs_examples=examples)
    with ThreadPoolExecutor(max_workers=2) as pool:  # side by side: mypy's cold run dominates
        mypy = pool.submit(_run_mypy, project, python, files, MYPY_INI)
        pyright = pool.submit(_run_pyright, project, python, files)
        result.mypy, result.pyright = mypy.result(), pyright.result()
    return result


CHECKERS = ["mypy", "pyright"]


def _cases(kind: list[Case]) -> Iterator[tuple[int, Case]]:
    result = checked()
    for line, case in result.case_lines.items():
        if case in kind:
            yield line, case


# -- the checked-in stubs -----------------------------------------------------------------------


def test_checked_in_stubs_are_what_the_installed_torchvision_gives(tmp_path: Path) -> None:
    out = tmp_path / "stubs"
    assert main(["stubs", "torchvision", "--out", str(out), "--no-cache"]) == 0
    generated = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()}
    ignored = ("build/", "__pycache__")
    checked_in = {
        p.relative_to(STUBS).as_posix(): p.read_text()
        for p in STUBS.rglob("*")
        if p.is_file() and not any(part in p.relative_to(STUBS).as_posix() for part in ignored)
        and ".egg-info" not in p.as_posix()
    }
    regenerate = "regenerate them: python -m weightlink stubs torchvision --out stubs --no-cache"
    assert sorted(generated) == sorted(checked_in), regenerate
    different = [path for path in generated if generated[path] != checked_in[path]]
    assert not different, f"{different[:5]} differ; {regenerate}"


def test_stubs_name_the_version_they_describe() -> None:
    version = Library("torchvision").version
    assert f'version = "{version}"' in (STUBS / "pyproject.toml").read_text()
    for stub in (STUBS / "torchvision-stubs").rglob("*.pyi"):
        assert f"from torchvision {version}." in stub.read_text().splitlines()[0], stub


def test_a_source_tree_of_unknown_version_still_gives_an_installable_distribution() -> None:
    """The catalog says "unknown" for a tree without a version; pip would refuse that as a version."""
    text = pyproject("torchvision", "unknown", ["torchvision-stubs/models/__init__.pyi"])
    assert tomllib.loads(text)["project"]["version"] == "0"
    assert "the stubs of torchvision unknown" in text


def test_py_typed_is_partial_for_pyright_and_complete_for_mypy() -> None:
    marker = (STUBS / "torchvision-stubs" / "py.typed").read_text()
    assert "partial\n" in marker  # pyright's (and PEP 561's) test
    assert marker.strip() != "partial"  # mypy's: anything else makes the package complete


def test_a_library_described_by_configuration(tmp_path: Path) -> None:
    """rfclib uses its own names for everything; ``--config`` describes them."""
    write_package(tmp_path / "src", RFC_LIBRARY)
    config = tmp_path / "pyproject.toml"
    config.write_text(RFC_CONFIG)
    out = tmp_path / "out"
    assert main(["stubs", "rfclib", "--config", str(config), "--out", str(out), "--no-cache"]) == 0
    zoo = (out / "rfclib-stubs" / "zoo.pyi").read_text()
    assert 'weights: BertWeights | Literal["SST2_V1", "BertWeights.SST2_V1", "DEFAULT", "BertWeights.DEFAULT"] | None' in zoo
    assert "    DEFAULT: Literal[BertWeights.SST2_V1]" in zoo
    replaced = messages.legacy_replaced("bert", "pretrained", "weights", "BertWeights.SST2_V1").message
    assert f"@deprecated({replaced!r})" in zoo
    assert (out / "rfclib-stubs" / "__init__.pyi").is_file() and (out / "pyproject.toml").is_file()


def test_a_library_without_source_gets_no_stubs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stubs", "no_such_lib", "--out", str(tmp_path)]) == 2
    assert "cannot find package 'no_such_lib'" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


# -- what the checkers report ---------------------------------------------------------------------


@pytest.mark.parametrize("checker", CHECKERS)
def test_every_mistake_is_reported(checker: str) -> None:
    result = checked()
    missed = []
    for line, case in _cases(MISTAKES):
        errors = [r for r in result.reports(checker, "cases.py", line) if r.severity == "error"]
        assert case.mistake is not None
        if not any(case.mistake in error.message for error in errors):
            missed.append(f"{line}: {case.code}: {[e.message for e in errors] or 'nothing'}")
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("checker", CHECKERS)
def test_valid_calls_pass(checker: str) -> None:
    result = checked()
    reported = [
        f"{line}: {case.code}: {report.message}"
        for line, case in [*_cases(VALID), *_cases(REVEALS)]
        for report in result.reports(checker, "cases.py", line)
        if report.severity in ("error", "warning")
    ]
    assert not reported, "\n".join(reported)
    header = [r for r in result.reports(checker, "cases.py") if r.line not in result.case_lines]
    assert not header, header


@pytest.mark.parametrize("checker", CHECKERS)
def test_reveals_are_precise(checker: str) -> None:
    result = checked()
    wrong = []
    for line, case in _cases(REVEALS):
        expected = case.mypy_reveal if checker == "mypy" else case.pyright_reveal
        shown = [
            r.message for r in result.reports(checker, "cases.py", line) if r.severity in ("note", "information")
        ]
        text = f'Revealed type is "{expected}"' if checker == "mypy" else f'is "{expected}"'
        if not any(message.endswith(text) for message in shown):
            wrong.append(f"{line}: {case.code}: {shown}")
    assert not wrong, "\n".join(wrong)


def test_modules_without_stubs_are_as_before_for_mypy() -> None:
    """mypy still skips torchvision's untyped modules (the stubs are complete for it, not partial)."""
    reports = [(r.line, r.severity, r.message) for r in checked().reports("mypy", "unchanged.py")]
    untyped = "module is installed, but missing library stubs or py.typed marker  [import-untyped]"
    assert (2, "error", f'Skipping analyzing "torchvision.transforms": {untyped}') in reports
    assert (3, "error", f'Skipping analyzing "torchvision.models.feature_extraction": {untyped}') in reports
    assert [(line, message) for line, _, message in reports if "Revealed" in message] == [
        (5, 'Revealed type is "Any"'),
        (6, 'Revealed type is "Any"'),
        (7, 'Revealed type is "Any"'),
    ]


def test_modules_without_stubs_are_as_before_for_pyright() -> None:
    """pyright still reads them from torchvision's source (the stubs are partial for it)."""
    reports = checked().reports("pyright", "unchanged.py")
    assert not [r for r in reports if r.severity == "error"], reports
    reveals = {r.line: r.message for r in reports if r.severity == "information"}
    assert reveals[5].endswith('is "type[Compose]"')
    assert '"(model: Module' in reveals[6]
    assert reveals[7].endswith('is "str"')


@pytest.mark.parametrize("checker", CHECKERS)
def test_ordinary_use_is_clean_under_strict_settings(checker: str) -> None:
    reports = checked().reports(checker, "app/models.py")
    assert not [r for r in reports if r.severity in ("error", "warning")], reports


@pytest.mark.parametrize("checker", CHECKERS)
def test_working_torchvision_code_is_accepted(checker: str) -> None:
    """Issue 26: every name of WORKING_CODE works at run time, so no checker may report one."""
    reports = checked().reports(checker, "working.py")
    assert not [r for r in reports if r.severity in ("error", "warning")], "\n".join(
        f"{r.line}: {r.message}" for r in reports
    )


# -- the documentation's examples -----------------------------------------------------------------


def _shown_by(checker: str, reports: list[Report]) -> list[str]:
    """What the page shows of a run: mypy's error lines (the notes listing overload variants left
    out, a deprecated variant's signature shortened to ``(...)``) and reveals; pyright's first
    message line, as ``FILE:LINE - severity: message``, and a deprecation's message."""
    shown = []
    for report in reports:
        if checker == "mypy" and (report.severity == "error" or report.message.startswith("Revealed")):
            message = re.sub(r"^overload def \(.*\) -> \S+ of function ", "overload def (...) of function ", report.message)
            shown.append(f"{report.file}:{report.line}: {report.severity}: {message}")
        elif checker == "pyright" and report.severity in ("error", "information"):
            first = report.message.splitlines()[0]
            rest = [line.strip() for line in report.message.splitlines()[1:2] if report.severity == "error"]
            shown.append(f"{report.file}:{report.line} - {report.severity}: {first}")
            shown.extend(f"    {line}" for line in rest if "deprecated" in first)
    return shown


@pytest.mark.parametrize("checker", CHECKERS)
def test_every_form_that_runs_is_accepted_or_deprecated_never_an_error(checker: str) -> None:
    """A deprecated form that still runs is a ``@deprecated`` overload, never a missing one: the
    generated forms file gets no error but deprecation reports."""
    result = checked()
    errors = [r for r in result.reports(checker, "forms.py") if r.severity == "error" and not _is_deprecation(checker, r)]
    assert not errors, "\n".join(f"{r.line}: {r.message}" for r in errors[:20])
    lines = (result.project / "forms.py").read_text().count("\n")
    assert lines > 1000  # every builder's forms are there


def _is_deprecation(checker: str, report: Report) -> bool:
    if checker == "mypy":
        return report.message.endswith("[deprecated]") or " is deprecated" in report.message
    return "is deprecated" in report.message


def test_docs_examples_show_what_the_checkers_print() -> None:
    result = checked()
    assert len(result.docs_examples) > len(CHECKED_PAGES), "the pages have no checked examples"
    for example in result.docs_examples.values():
        assert example.shown, f"{example.name}: no output shown"
        for checker, lines in example.shown.items():
            actual = _shown_by(checker, result.reports(checker, example.name))
            assert [line.rstrip() for line in lines] == actual, f"docs: {example.name} ({checker})"


def test_every_module_the_checked_in_stubs_import_exists() -> None:
    """A stub importing a module that does not exist (``import ys as _sys`` for torchvision's
    ``import sys``) is an error for every type checker that reads it."""
    import importlib.util

    missing = []
    for stub in sorted((ROOT / "stubs" / "torchvision-stubs").rglob("*.pyi")):
        for number, line in enumerate(stub.read_text().splitlines(), start=1):
            found = re.match(r"(?:import|from) ([\w.]+)", line)
            if found is None or found.group(1).startswith(("torchvision", ".")):
                continue
            if importlib.util.find_spec(found.group(1).partition(".")[0]) is None:
                missing.append(f"{stub.relative_to(ROOT)}:{number}: {line}")
    assert not missing

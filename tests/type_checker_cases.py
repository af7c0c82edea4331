"""Legacy and wrong torchvision calls, one a line, for every type checker with the stubs installed.

Read, never imported (a call would download weights): tests/test_type_checkers.py runs mypy (no
plugin), pyright, basedpyright, pyrefly, ty and zuban over this file with the configuration of
docs/type-checkers.md, and the page's table counts these markers. A line's marker says what each
checker must report on it:

- ``# caught``: every checker reports an error. ``as deprecated``: through a ``@deprecated``
  overload of the stubs, so only where deprecation reports are on.
- ``; missed: a, b``: every checker but a and b, which report nothing.
- ``# silenced: a, b``: a deprecated call whose ignore comment silences a and b; every other checker
  reports it.
- no marker: no checker reports anything.
"""

import sys

import torchvision
import torchvision.models as tvm
from torchvision import models
from torchvision.models import ResNet50_Weights, ResNet101_Weights, get_model, quantization, resnet50, vgg16
from torchvision.models import resnet50 as build_resnet50
from torchvision.models.detection import fasterrcnn_resnet50_fpn
from torchvision.models.quantization import ResNet50_QuantizedWeights
from torchvision.models.quantization import resnet50 as quantized_resnet50

TORCHVISION_VERSION = tuple(int(part) for part in torchvision.__version__.split(".")[:2])
use_pretrained = len(sys.argv) > 1
builder = torchvision.models.resnet50

# The deprecated interface, in every import style.
keyword_true = resnet50(pretrained=True)  # caught as deprecated
keyword_false = resnet50(pretrained=False)  # caught as deprecated
keyword_variable = vgg16(pretrained=use_pretrained)  # caught as deprecated
positional = resnet50(True)  # caught as deprecated
positional_two = resnet50(False, False)  # caught as deprecated
module_alias = tvm.resnet50(pretrained=True)  # caught as deprecated
from_import_module = models.vgg16(pretrained=False)  # caught as deprecated
dotted = torchvision.models.resnet50(pretrained=True)  # caught as deprecated
dotted_detection = torchvision.models.detection.fasterrcnn_resnet50_fpn(pretrained=True)  # caught as deprecated
function_alias = build_resnet50(pretrained=True)  # caught as deprecated; missed: pyright, basedpyright
assigned_alias = builder(pretrained=True)  # caught as deprecated; missed: pyright, basedpyright
quantized = quantization.resnet50(pretrained=True, quantize=True)  # caught as deprecated
quantized_alias = quantized_resnet50(pretrained=True, quantize=True)  # caught as deprecated; missed: pyright, basedpyright
backbone = fasterrcnn_resnet50_fpn(weights=None, pretrained_backbone=True)  # caught as deprecated
both_legacy = fasterrcnn_resnet50_fpn(pretrained=True, pretrained_backbone=False)  # caught as deprecated

# Compatibility branches for old torchvision are reported too: a stub describes one release.
try:
    fallback = resnet50(weights=ResNet50_Weights.DEFAULT)
except TypeError:  # torchvision < 0.13
    fallback = resnet50(pretrained=True)  # caught as deprecated
if TORCHVISION_VERSION < (0, 13):
    versioned = resnet50(pretrained=True)  # caught as deprecated
else:
    versioned = resnet50(weights=ResNet50_Weights.DEFAULT)

# Wrong weights, unknown names.
wrong_enum = resnet50(weights=ResNet101_Weights.IMAGENET1K_V1)  # caught
unknown_member = resnet50(weights=ResNet50_Weights.NOPE)  # caught
wrong_string = resnet50(weights="IMAGENET1K_V3")  # caught
other_enum_string = resnet50(weights="ResNet101_Weights.IMAGENET1K_V1")  # caught
misspelt_keyword = resnet50(num_class=10)  # caught
alias_wrong_enum = build_resnet50(weights=ResNet101_Weights.IMAGENET1K_V1)  # caught
quantized_float_weights = quantization.resnet50(weights=ResNet50_Weights.DEFAULT, quantize=True)  # caught as deprecated
registry_wrong_enum = get_model("resnet50", weights=ResNet101_Weights.DEFAULT)  # caught as deprecated
verified = ResNet50_Weights.verify(ResNet101_Weights.IMAGENET1K_V1)  # caught; missed: ty

# Correct calls: nothing may be reported.
current = resnet50(weights=ResNet50_Weights.DEFAULT)
by_member_name = resnet50(weights="IMAGENET1K_V1")
no_weights = models.vgg16(weights=None)
dotted_current = torchvision.models.resnet50(weights=ResNet50_Weights.IMAGENET1K_V2, progress=False)
alias_current = build_resnet50(weights=None, num_classes=10)
quantized_current = quantization.resnet50(weights=ResNet50_QuantizedWeights.DEFAULT, quantize=True)
quantized_alias_current = quantized_resnet50(weights=ResNet50_Weights.DEFAULT)
detector = fasterrcnn_resnet50_fpn(weights=None, weights_backbone=ResNet50_Weights.DEFAULT)
registry = get_model("resnet50", weights="DEFAULT")
checked = ResNet50_Weights.verify("DEFAULT")

# What each checker's ignore comment silences.
type_ignore = resnet50(pretrained=True)  # type: ignore[deprecated]  # silenced: mypy, zuban, pyright, pyrefly
pyright_ignore = resnet50(pretrained=True)  # pyright: ignore[reportDeprecated]  # silenced: pyright, basedpyright
pyrefly_ignore = resnet50(pretrained=True)  # pyrefly: ignore[deprecated]  # silenced: pyrefly
ty_ignore = resnet50(pretrained=True)  # ty: ignore[deprecated]  # silenced: ty
zuban_ignore = resnet50(pretrained=True)  # zuban: ignore[deprecated]  # silenced: zuban
bare_type_ignore = resnet50(pretrained=True)  # type: ignore  # silenced: mypy, zuban, pyright, pyrefly, ty
every_checker = resnet50(pretrained=True)  # type: ignore[deprecated]  # pyright: ignore[reportDeprecated]  # ty: ignore[deprecated]  # silenced: mypy, zuban, pyright, basedpyright, pyrefly, ty

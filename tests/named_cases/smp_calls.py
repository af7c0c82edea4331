# Calls of segmentation_models_pytorch in every import style; a line both front ends report is marked
# with its code.
import segmentation_models_pytorch as smp
from segmentation_models_pytorch import FPN, Unet, create_model

ENCODER = "resnet34"

a = smp.Unet("resnet34", encoder_weights="imagenet", classes=2)
b = Unet("resnext101_32x48d")  # error: weights-unknown
c = FPN(encoder_name="resnet50", encoder_weights="None")  # error: weights-unknown
d = smp.Unet("resnet34", encoder_weights="ssl")  # error: weights-unknown
e = create_model("unet", encoder_name="timm-regnetx_002")  # error: weights-legacy
f = smp.Unet("resnett34")  # error: model-unknown
g = smp.create_model("unett", "resnet34")  # error: model-unknown
h = smp.Unet("tu-resnet50.a1_in1kk")  # error: weights-unknown
i = smp.Unet(encoder_name="resnet34", encoder_weights=None)
j = smp.Unet(ENCODER, encoder_weights="imagenet")
k = smp.DeepLabV3Plus(encoder_name="efficientnet-b4", encoder_weights="imagenet", classes=3)
m = smp.Unet("resnext101_32x48d", encoder_weights="instagram")
kwargs = {"encoder_weights": None}
n = smp.Unet("resnext101_32x48d", **kwargs)
p = smp.PSPNet("resnet34", "imagenet")

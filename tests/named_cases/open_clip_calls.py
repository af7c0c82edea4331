# Calls of open_clip in every import style; a line both front ends report is marked with its code.
import open_clip
import open_clip as oc
from open_clip import create_model_and_transforms, create_model_from_pretrained
from open_clip.factory import create_model

MODEL = "ViT-B-32"

a = open_clip.create_model("ViT-B-32", pretrained="openai")  # error: weights-meta-conflict
b, _, preprocess = create_model_and_transforms("ViT-B-32-quickgelu", pretrained="openai")
c = oc.create_model("ViT-B-32", pretrained="openai", force_quick_gelu=True)
d = create_model("ViT-B-32", pretrained="laion2b_s34b_b79kk")  # error: weights-unknown
e = create_model_from_pretrained("openai")  # error: model-unknown
f = oc.create_model("ViT-B-33", pretrained="openai")  # error: model-unknown
g = oc.create_model("ViT-B/32", pretrained="laion2b_s34b_b79k")
h = oc.create_model("ViT-B-32", pretrained="/checkpoints/epoch_32.pt")
i = oc.create_model("hf-hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K", pretrained="whatever")
j = oc.create_model(MODEL, pretrained=TAG if False else None)  # type: ignore[name-defined]  # noqa: F821
k = oc.create_model("ViT-B-16", pretrained="laion2b_s34b_b88k")
m = oc.create_model("RN50", pretrained="yfcc15m")  # error: weights-meta-conflict
n = oc.create_model("ViT-L-14", "openai")  # error: weights-meta-conflict

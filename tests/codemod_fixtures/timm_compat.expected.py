# A file that still runs on timm < 0.9 keeps the old names: the branch for it is left as it is, and
# a rewrite elsewhere would break there ("arch.tag" names need timm >= 0.9): an unsafe fix.
import timm

if timm.__version__ < "0.9":
    legacy = timm.create_model("tf_efficientnet_b4_ns", pretrained=True)  # an older timm: left as is
else:
    legacy = timm.create_model("tf_efficientnet_b4.ns_jft_in1k", pretrained=True)

backbone = timm.create_model("tf_efficientnet_b3_ns", pretrained=True)  # breaks on timm < 0.9 if rewritten: unsafe

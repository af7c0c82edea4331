# Pattern from facebookresearch/mmf (mmf/modules/encoders.py) and catalyst (examples/detection/
# models/ssd.py): the legacy flag comes from configuration.
import torchvision


class ResNet152ImageEncoder:
    def __init__(self, config: dict[str, object], backbone_path: str) -> None:
        model = torchvision.models.resnet152(pretrained=config.get("pretrained", True))
        self.backbone = torchvision.models.resnet18(pretrained=not backbone_path)
        self.video = torchvision.models.video.r2plus1d_18(pretrained=False)
        self.modules = list(model.children())[:-2]

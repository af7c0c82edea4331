# Pattern from layumi/Person_reID_baseline_pytorch (model.py): change a stride deep inside a
# pretrained ResNet and replace its head.
import torch.nn as nn
from torchvision import models


class ft_net(nn.Module):
    def __init__(self, class_num: int, stride: int = 2) -> None:
        super().__init__()
        model_ft = models.resnet50(pretrained=True)
        if stride == 1:
            model_ft.layer4[0].downsample[0].stride = (1, 1)
            model_ft.layer4[0].conv2.stride = (1, 1)
        model_ft.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        model_ft.fc = nn.Sequential()
        self.model = model_ft
        self.classifier = nn.Linear(2048, class_num)

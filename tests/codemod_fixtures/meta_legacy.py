"""Legacy calls that raise on torchvision >= 0.13: the weights pretrained=True maps to fix an argument
the call also sets (patterns from mseitzer/pytorch-fid, GaParmar/clean-fid and chaofengc/IQA-PyTorch)."""
from torchvision import models

inception = models.inception_v3(pretrained=True, aux_logits=False)
classifier = models.resnet50(pretrained=True, num_classes=10)
vit = models.vit_b_16(pretrained=True, image_size=384)
fine = models.inception_v3(pretrained=False, aux_logits=False)

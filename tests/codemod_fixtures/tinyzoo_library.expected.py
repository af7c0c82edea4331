"""A library built on weightlink, migrated the same way (run with --library tinyzoo)."""
from tinyzoo import models as zoo
from tinyzoo.models import (
    EnglishSpeechWeights,
    MedResNet18Weights,
    MedSegNetWeights,
    med_resnet18,
    med_segnet,
    speech_gru,
)


def build(streaming: bool):
    a = med_resnet18(weights=MedResNet18Weights.PATHMNIST_V1)
    b = zoo.med_resnet18(weights=zoo.MedResNet18Weights.PATHMNIST_V1, progress=False)
    c = med_segnet(
        weights=MedSegNetWeights.PATHMNIST_SEG_V1,
        progress=True,
        num_classes=9,
        weights_backbone=None,
    )
    d = speech_gru(weights=EnglishSpeechWeights.EN_US_STREAMING_V1, streaming=True)
    e = speech_gru(
        weights=EnglishSpeechWeights.EN_US_STREAMING_V1
        if streaming
        else EnglishSpeechWeights.EN_US_V1,
        streaming=streaming,
    )
    f = zoo.med_resnet34(pretrained=True)  # reported: never had legacy weights
    return a, b, c, d, e, f

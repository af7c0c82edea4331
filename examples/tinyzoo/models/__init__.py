"""tinyzoo's models: builders and their weights Enums, re-exported like ``torchvision.models``."""

from tinyzoo.models.med_resnet import MedResNet, MedResNet18Weights, MedResNet34Weights, med_resnet18, med_resnet34
from tinyzoo.models.med_segnet import MedSegNet, MedSegNetWeights, med_segnet
from tinyzoo.models.speech import EnglishSpeechWeights, FrenchSpeechWeights, SpeechGRU, SpeechWeights, speech_gru

__all__ = [
    "EnglishSpeechWeights",
    "FrenchSpeechWeights",
    "MedResNet",
    "MedResNet18Weights",
    "MedResNet34Weights",
    "MedSegNet",
    "MedSegNetWeights",
    "SpeechGRU",
    "SpeechWeights",
    "med_resnet18",
    "med_resnet34",
    "med_segnet",
    "speech_gru",
]

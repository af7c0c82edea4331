"""A library built on weightlink, migrated the same way (run with --library tinyzoo)."""
from tinyzoo import models as zoo
from tinyzoo.models import med_resnet18, med_segnet, speech_gru


def build(streaming: bool):
    a = med_resnet18(pretrained=True)
    b = zoo.med_resnet18(True, False)
    c = med_segnet(True, True, 9, False)
    d = speech_gru(pretrained=True, streaming=True)
    e = speech_gru(pretrained=True, streaming=streaming)
    f = zoo.med_resnet34(pretrained=True)  # reported: never had legacy weights
    return a, b, c, d, e, f

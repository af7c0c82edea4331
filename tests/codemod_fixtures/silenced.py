"""A call the check does not report is never rewritten: ignore comments of every form."""
from torchvision import models

a = models.resnet50(pretrained=True)  # weightlink: ignore
b = models.resnet50(pretrained=True)  # weightlink: ignore[weights-legacy]
c = models.resnet50(pretrained=True)  # type: ignore[deprecated]
d = models.resnet50(pretrained=True)  # type: ignore
e = models.resnet50(pretrained=True)  # weightlink: ignore[weights-mismatch]: another code, so migrated
f = models.resnet50(pretrained=True)

"""Scopes, as Python has them: an import inside one function is not undone by a variable of the same
name in another function, and a name a function binds is that function's own. (Pattern from code
that imports torchvision lazily inside builder functions, such as pytorch/serve's handlers and
lightly's model helpers.)"""


def build():
    import torchvision.models as models

    return models.resnet18(pretrained=True)


def use():
    models = build()
    return models


def shadowed(models):
    return models.resnet18(pretrained=True)  # a parameter: not torchvision's


class Head:
    import torchvision.models as models  # a class attribute: not seen from the method below

    def build(self):
        return models.resnet18(pretrained=True)  # noqa: F821  (the global, which does not exist)

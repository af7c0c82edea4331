"""A project module that ``star_imports.py`` star-imports: it binds no builder name."""

__all__ = ["accuracy"]


def accuracy(correct: int, total: int) -> float:
    return correct / total

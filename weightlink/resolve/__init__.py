"""What the names in a user's source file refer to, decided once for every front end that reads
user code with the stdlib ``ast`` (``weightlink check``, the codemod's decisions and its pre-filter).

Every import style (``import torchvision``, ``import torchvision.models as tvm``, ``from torchvision
import models``, ``from torchvision.models import resnet50 as r``, star imports in order), imports at
every scope, shadowing per scope as Python scopes names, simple aliases (``build =
torchvision.models.resnet50``), ``try``/``except ImportError`` and ``if TYPE_CHECKING:`` imports.
The mypy plugin resolves through mypy instead; ``scripts/differential.py`` holds the two against
each other on real code.
"""

from weightlink.resolve.exports import LibraryAnswer, ModuleExports
from weightlink.resolve.model import FileModel, Resolution
from weightlink.resolve.scopes import Binding, Scope

__all__ = ["Binding", "FileModel", "LibraryAnswer", "ModuleExports", "Resolution", "Scope"]

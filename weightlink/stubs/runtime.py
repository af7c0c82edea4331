"""What a described module binds at run time beyond its own definitions, read statically.

A stub that leaves out a name the module has makes working code an error: pyright, mypy and the
others read a stubbed module from its stub alone (a partial stub package lends them the library's
source only for modules it has no stub for). Besides its classes, functions and variables
(`weightlink.catalog.surface`), a module binds at run time:

- every name it imports, whether or not it is in ``__all__`` (``faster_rcnn.RPNHead``,
  ``mask_rcnn.FastRCNNConvFCHead``, ``resnet.nn``), star imports included;
- for a package, its submodules once imported: Python sets each as an attribute of the package
  (``torchvision.models.detection.backbone_utils`` after ``import torchvision``, since
  ``faster_rcnn`` imports it). Every submodule is declared, whether ``import torchvision`` loads it
  or not: mypy finds ``from torchvision import tv_tensors`` only through the package's stub (for a
  submodule without a stub it reports ``Module "torchvision" has no attribute "tv_tensors"``, which
  no ``ignore_missing_imports`` silences). The price is that ``torchvision.tv_tensors`` after a
  bare ``import torchvision`` passes, where Python raises unless something imported it.

`bound_by_imports` gives both, name -> what it names (fully qualified). Imports inside functions
are not followed (they run later, if ever).
"""

from __future__ import annotations

from collections.abc import Callable

from weightlink.catalog.source import Library, ModuleSource


def bound_by_imports(
    library: Library, module: ModuleSource, exports: Callable[[str], list[str]] | None = None
) -> dict[str, str]:
    """Names ``module`` binds by importing -> what they name (fully qualified), then, for a package,
    its submodules, for the names nothing else binds. ``exports`` gives what a star import of a
    module brings (the catalog knows a computed ``__all__``); ``from __future__`` imports are left
    out (features, not names anyone reads)."""
    exports = exports or library.exports
    result: dict[str, str] = {}
    for name, (source, _) in module.imports.items():
        if source != "__future__":
            result[name] = library.resolve(module.name, name)
    for star in module.star_imports:
        if library.owns(star):  # a star import from outside: its names cannot be listed statically
            for name in exports(star):
                result.setdefault(name, library.resolve(module.name, name))
    if module.is_package:
        prefix = f"{module.name}."
        for name in sorted(library.files):
            child = name[len(prefix) :]
            if name.startswith(prefix) and "." not in child:
                result.setdefault(child, name)
    return result

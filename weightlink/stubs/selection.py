"""Which modules of a library get a stub: the ones that hold or re-export its weights API, and the
packages above them.

For torchvision that is ``torchvision.models`` with the modules defining builders and Enums or the
bases of the models they return, its subpackages and ``torchvision`` itself (a package's stub must exist for its subpackages' to be
found). Every other module (``torchvision.transforms``, ``torchvision.models.feature_extraction``)
has no stub: the stub package is partial for pyright and complete for mypy, so type checkers treat
those modules as they did before the stubs were installed (see docs/stubs.md). The stubs still name
them: a package's stub declares each of its submodules, and a stubbed module every name it imports
(`weightlink.stubs.runtime`).
"""

from __future__ import annotations

from weightlink.stubs.context import StubContext


def described_modules(context: StubContext) -> list[str]:
    catalog, library = context.catalog, context.library
    qualnames = [
        *catalog.builders,
        *catalog.enums,
        *catalog.names,
        *catalog.enum_names,
        *catalog.registry_functions,
        *(name for name in context.dialect.registry_functions | context.dialect.weights_bases if library.owns(name)),
    ]
    qualnames += _model_classes_and_bases(context)
    modules = {qualname.rpartition(".")[0] for qualname in qualnames} | set(catalog.computed_exports)
    modules = {module for module in modules if module in library.files}
    for module in list(modules):
        parts = module.split(".")
        modules.update(".".join(parts[:end]) for end in range(1, len(parts)) if ".".join(parts[:end]) in library.files)
    return sorted(modules)


def _model_classes_and_bases(context: StubContext) -> list[str]:
    """The classes builders return and their bases in the library (``FasterRCNN`` derives from
    ``GeneralizedRCNN``, in a module without builders): a base without a stub would be ``Any`` to
    mypy, and so would every method the model inherits (``model.eval()``)."""
    found: list[str] = []
    pending = [b.return_type for b in context.catalog.builders.values() if b.return_type]
    while pending:
        qualname = pending.pop()
        cls = context.class_surface(qualname)
        if cls is None or qualname in found:
            continue
        found.append(qualname)
        pending += [base for base in cls.bases if base is not None and context.library.owns(base)]
    return found


def stub_path(context: StubContext, module: str) -> str:
    """``torchvision-stubs/models/resnet.pyi``, ``torchvision-stubs/models/__init__.pyi``."""
    parts = module.split(".")
    base = "/".join([f"{parts[0]}-stubs", *parts[1:]])
    return f"{base}/__init__.pyi" if context.library.files[module].name == "__init__.py" else f"{base}.pyi"

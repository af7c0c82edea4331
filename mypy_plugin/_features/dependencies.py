"""Incremental correctness: a module that imports a weights library depends on every module defining
its builders and Enums, so renaming a member there re-checks the strings in user code."""

from __future__ import annotations

from mypy.nodes import ImportBase, MypyFile

from mypy_plugin._knowledge import Knowledge

_PRIORITY_LOW = 20  # mypy.build.PRI_LOW: ordering hint only


def library_dependencies(file: MypyFile, knowledge: Knowledge, libraries: frozenset[str]) -> list[tuple[int, str, int]]:
    own_package = file.fullname.partition(".")[0]
    packages = {
        module.partition(".")[0]
        for module in _imported_modules(file)
        if module.partition(".")[0] in libraries and module.partition(".")[0] != own_package
    }
    deps: set[str] = set()
    for package in packages:
        catalog = knowledge.catalog(package)
        if catalog is None:
            continue
        qualnames = [*catalog.builders, *catalog.enums]
        deps.update(qualname.rpartition(".")[0] for qualname in qualnames)
    return [(_PRIORITY_LOW, module, -1) for module in sorted(deps)]


def _imported_modules(file: MypyFile) -> list[str]:
    modules = []
    for node in file.imports:
        if not isinstance(node, ImportBase):
            continue
        modules.extend(_ids(node))
    return modules


def _ids(node: ImportBase) -> list[str]:
    identifier = getattr(node, "id", None)
    if isinstance(identifier, str):
        return [identifier]
    return [name for name, _ in getattr(node, "ids", [])]

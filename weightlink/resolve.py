"""What a name in a user's source file refers to, from the file's imports (stdlib ``ast``).

Every import style: ``import torchvision``, ``import torchvision.models as tvm``,
``from torchvision import models``, ``from torchvision.models import resnet50 as r``, star imports,
and imports inside functions, ``try`` blocks and ``if`` guards. Used where LibCST would be too
slow (the codemod's pre-filter, ``weightlink check``). Names the file also binds another way (a
``def``, an assignment, a parameter) are ambiguous: `qualify` answers None for them when ``strict``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass
class FileNames:
    imported: dict[str, set[str]] = field(default_factory=dict)  # local name -> what imports bind it to
    star_modules: list[str] = field(default_factory=list)
    bound_otherwise: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, tree: ast.AST) -> FileNames:
        names = cls()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        names._bind(alias.asname, alias.name)
                    else:
                        top = alias.name.partition(".")[0]
                        names._bind(top, top)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name == "*":
                        names.star_modules.append(node.module)
                    else:
                        names._bind(alias.asname or alias.name, f"{node.module}.{alias.name}")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.bound_otherwise.add(node.name)
            elif isinstance(node, ast.arg):
                names.bound_otherwise.add(node.arg)
            elif isinstance(node, ast.Assign) and _is_none(node.value):
                continue  # ``resnet50 = None`` after a failed optional import: never a builder
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.withitem, ast.NamedExpr)):
                for target in _targets(node):
                    names.bound_otherwise.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        return names

    def _bind(self, name: str, qualified: str) -> None:
        self.imported.setdefault(name, set()).add(qualified)

    def qualify(self, node: ast.expr, *, strict: bool = True) -> list[str]:
        """The qualified names a ``Name`` or ``Attribute`` chain may refer to (several when imports in
        different branches bind it differently; star-imported candidates included); [] when unknown
        or, with ``strict``, when the file also binds the name another way."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return []
        if strict and node.id in self.bound_otherwise:
            return []
        suffix = "".join(f".{part}" for part in reversed(parts))
        bases = self.imported.get(node.id)
        if bases:
            return sorted(base + suffix for base in bases)
        return [f"{module}.{node.id}{suffix}" for module in self.star_modules]


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
        return [node.target]
    if isinstance(node, ast.withitem) and node.optional_vars is not None:
        return [node.optional_vars]
    return []

"""What a name in a user's source file refers to, from the file's imports (stdlib ``ast``).

Every import style: ``import torchvision``, ``import torchvision.models as tvm``,
``from torchvision import models``, ``from torchvision.models import resnet50 as r``, star imports,
and imports inside functions, ``try`` blocks and ``if`` guards (of ``if TYPE_CHECKING:``, only the
body, as type checkers read it). Used where LibCST would be too
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
    # ``CHOICE: Final = "IMAGENET1K_V1"``: names a type checker takes as their literal value.
    finals: dict[str, object] = field(default_factory=dict)

    @classmethod
    def of(cls, tree: ast.AST) -> FileNames:
        names = cls()
        for node in _as_type_checkers_see(tree):
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
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and _is_final(node.annotation):
                if isinstance(node.value, ast.Constant):
                    names.finals[node.target.id] = node.value.value
                names.bound_otherwise.add(node.target.id)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.withitem, ast.NamedExpr)):
                for target in _targets(node):
                    # Only names the statement binds: in ``models.vgg.model_urls[k] = url`` it binds none.
                    names.bound_otherwise.update(
                        n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                    )
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


def _as_type_checkers_see(tree: ast.AST) -> list[ast.AST]:
    """Every node, except the ``else`` of ``if TYPE_CHECKING:``: type checkers (and so the plugin) skip
    it, and it usually binds the same names at run time another way (MONAI's
    ``torchvision, has_torchvision = optional_import("torchvision")``)."""
    found: list[ast.AST] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        found.append(node)
        children = list(ast.iter_child_nodes(node))
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            children = [node.test, *node.body]
        pending.extend(reversed(children))
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


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


def _is_final(annotation: ast.expr) -> bool:
    """``Final``, ``typing.Final``, ``Final[str]``."""
    if isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    name = annotation.attr if isinstance(annotation, ast.Attribute) else annotation.id if isinstance(annotation, ast.Name) else ""
    return name == "Final"

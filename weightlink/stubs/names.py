"""Writing a qualified name into one stub file, and the imports that makes it need.

Annotations in the catalog are fully qualified (``typing.Optional[torchvision.models.resnet.
ResNet50_Weights]``). In a stub they become ``Optional[ResNet50_Weights]`` inside the module that
defines ``ResNet50_Weights``, ``torchvision.models.resnet.ResNet50_Weights`` (with ``import
torchvision.models.resnet``) elsewhere, and the typing names are imported from ``typing``.
"""

from __future__ import annotations

import ast
import importlib.machinery
from collections.abc import Callable
from functools import cache
from pathlib import Path

# Generic classes written without arguments in the source (``transforms: Callable``): a stub gives
# them explicit ``Any`` arguments, which pyright reads as Any rather than Unknown (strict mode
# reports Unknown in the user's code).
_ONE = "[{any}]"
_TWO = "[{any}, {any}]"
_BARE_GENERICS = {
    **dict.fromkeys(["builtins.list", "builtins.set", "builtins.frozenset", "builtins.type"], _ONE),
    "builtins.dict": _TWO,
    "builtins.tuple": "[{any}, ...]",
    **dict.fromkeys(["typing.List", "typing.Set", "typing.FrozenSet", "typing.Type"], _ONE),
    **dict.fromkeys(["typing.Sequence", "typing.Iterable", "typing.Iterator"], _ONE),
    **dict.fromkeys(["collections.abc.Sequence", "collections.abc.Iterable", "collections.abc.Iterator"], _ONE),
    **dict.fromkeys(["typing.Dict", "typing.Mapping", "typing.OrderedDict", "collections.OrderedDict"], _TWO),
    **dict.fromkeys(["collections.abc.Mapping", "typing.MutableMapping", "collections.abc.MutableMapping"], _TWO),
    "typing.Tuple": "[{any}, ...]",
    "typing.Callable": "[..., {any}]",
    "collections.abc.Callable": "[..., {any}]",
}


class Names:
    """The names one stub file uses; ``imports()`` lists the statements they need."""

    def __init__(
        self,
        module: str,
        local_names: set[str],
        library_modules: set[str],
        is_type: Callable[[str], bool] = lambda qualname: True,
    ) -> None:
        self.module = module
        self.local_names = local_names  # defined or re-exported by the stub itself
        self.library_modules = library_modules  # every module of the library (stubbed or not)
        # Whether a qualified name may stand in an annotation; others are written as Any.
        self.is_type = is_type
        self._aliases: dict[tuple[str, str], str] = {}  # (module, name) -> the name this file binds
        # Qualified names the stub already binds by re-exporting them -> that name.
        self.bound: dict[str, str] = {}

    def ref(self, qualname: str) -> str:
        """How the stub writes ``qualname``. Names of other modules are imported by name, never
        written as ``package.module.Name``: a package may re-export a function under its module's
        name (``torchvision.models.alexnet`` is the builder, not the module)."""
        module, _, name = qualname.rpartition(".")
        if not module or module == "builtins":
            return name
        if module == self.module and name in self.local_names:
            return name
        if qualname in self.bound:
            return self.bound[qualname]
        owner = self.module_of(qualname)
        head, _, rest = qualname[len(owner) + 1 :].partition(".")
        if owner == self.module:
            return qualname[len(owner) + 1 :]
        if (owner, head) not in self._aliases:
            taken = self.local_names | set(self._aliases.values())
            alias = head
            while alias in taken:
                alias = f"_{owner.rpartition('.')[2]}_{alias}"
            self._aliases[(owner, head)] = alias
        return self._aliases[(owner, head)] + (f".{rest}" if rest else "")

    def typing(self, name: str) -> str:
        return self.ref(f"typing.{name}")

    def annotation(self, qualified: str | None) -> str:
        """A qualified annotation rewritten for this file; ``Any`` for none."""
        if qualified is None:
            return self.typing("Any")
        tree = ast.parse(qualified, mode="eval").body
        return ast.unparse(_Rewriter(self).visit(tree))

    def module_of(self, qualname: str) -> str:
        parts = qualname.split(".")
        for end in range(len(parts) - 1, 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.library_modules:
                return candidate
        return _external_module(qualname)

    def imports(self) -> list[str]:
        """``from module import Name`` (``as _alias`` on a clash): a plain from-import is not a
        re-export in a stub, so these stay private to the file."""
        by_module: dict[str, list[str]] = {}
        for (module, name), alias in self._aliases.items():
            by_module.setdefault(module, []).append(name if alias == name else f"{name} as {alias}")
        return [f"from {module} import {', '.join(sorted(names))}" for module, names in sorted(by_module.items())]


class _Rewriter(ast.NodeTransformer):
    def __init__(self, names: Names) -> None:
        self.names = names

    def _dotted(self, node: ast.expr, *, subscripted: bool = False) -> ast.expr:
        text = ast.unparse(node)
        if not self.names.is_type(text):
            return ast.Name(id=self.names.typing("Any"), ctx=ast.Load())
        written = self.names.ref(text)
        arguments = None if subscripted else _BARE_GENERICS.get(text)
        if arguments is not None:
            written += arguments.format(any=self.names.typing("Any"))
        return ast.Name(id=written, ctx=ast.Load())

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self._dotted(node)

    def visit_Attribute(self, node: ast.Attribute) -> ast.expr:
        return self._dotted(node)

    def visit_Subscript(self, node: ast.Subscript) -> ast.expr:
        is_name = isinstance(node.value, (ast.Name, ast.Attribute))
        value = self._dotted(node.value, subscripted=True) if is_name else self.visit(node.value)
        literal = isinstance(value, ast.Name) and value.id.rpartition(".")[2] == "Literal"
        slice_ = node.slice if literal else self.visit(node.slice)
        return ast.Subscript(value=value, slice=slice_, ctx=ast.Load())


@cache
def _external_module(qualname: str) -> str:
    """The module part of a name outside the library (``torch.nn`` for ``torch.nn.Module``), found
    on the file system without importing anything; all but the last part when it cannot be found."""
    parts = qualname.split(".")
    fallback = ".".join(parts[:-1])
    spec = importlib.machinery.PathFinder.find_spec(parts[0])
    if spec is None:
        return fallback
    if not spec.submodule_search_locations:
        return parts[0]  # a plain module (typing.py): everything after it is an attribute
    directory = Path(next(iter(spec.submodule_search_locations)))
    module = parts[0]
    for part in parts[1:-1]:
        if (directory / part / "__init__.py").is_file() or (directory / part / "__init__.pyi").is_file():
            directory = directory / part
            module = f"{module}.{part}"
        elif (directory / f"{part}.py").is_file() or (directory / f"{part}.pyi").is_file():
            return f"{module}.{part}"
        else:
            break
    return module

"""A library's source, read without importing it: files, parsed modules and name resolution."""

from __future__ import annotations

import ast
import builtins
import importlib.machinery
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from weightlink.catalog.model import Problem
from weightlink.sources import read_source


_BUILTIN_NAMES = frozenset(dir(builtins))


class LibraryNotFound(LookupError):
    """The library's package is not on the search path."""

    def __init__(self, package: str) -> None:
        super().__init__(package)
        self.package = package

    def __str__(self) -> str:
        return self.explain("--path")

    def explain(self, option: str) -> str:
        """The message with the option that adds a folder to the search path in this front end."""
        return f"cannot find package {self.package!r} on the search path (is it installed? pass the folder that holds it with {option})"


@dataclass
class ModuleSource:
    """One parsed module: its top-level definitions and what its names import."""

    name: str
    path: Path
    is_package: bool
    text: str
    tree: ast.Module | None  # None when the file does not parse
    # Local name -> (module, attribute); attribute None for ``import x.y as z``.
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    star_imports: list[str] = field(default_factory=list)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    assignments: dict[str, ast.expr] = field(default_factory=dict)
    all_names: list[str] | None = None

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]


class Library:
    """The files of one top-level package, parsed on demand and cached."""

    def __init__(self, package: str, search_paths: Sequence[str | os.PathLike[str]] | None = None) -> None:
        self.package = package
        paths = [os.fspath(p) for p in search_paths or []] + sys.path
        spec = importlib.machinery.PathFinder.find_spec(package, paths)
        if spec is None or not spec.submodule_search_locations:
            raise LibraryNotFound(package)
        self.root = Path(next(iter(spec.submodule_search_locations)))
        self.files = dict(self._module_files())
        self.problems: list[Problem] = []
        self._modules: dict[str, ModuleSource | None] = {}
        self._texts: dict[str, str] = {}

    @cached_property
    def version(self) -> str:
        """The version of this tree: from the ``.dist-info`` folder beside it, else from the
        ``.egg-info`` an editable install left beside it, else the ``__version__`` string its
        ``version.py`` (or ``_version.py``, ``__init__.py``) assigns, else ``"unknown"``.

        Read from the tree itself, never from an installed copy elsewhere (``--path`` may name a
        source checkout); and cheaply, without importlib.metadata (this runs in every mypy run).
        """
        for info in self.root.parent.glob(f"{self.package}-*.dist-info"):
            return info.name[len(self.package) + 1 : -len(".dist-info")]
        try:
            with (self.root.parent / f"{self.package}.egg-info" / "PKG-INFO").open(encoding="utf-8") as pkg_info:
                for line in pkg_info:
                    if line.startswith("Version:"):
                        return line.partition(":")[2].strip()
        except OSError:
            pass
        for file_name in ("version.py", "_version.py", "__init__.py"):
            try:
                tree = ast.parse((self.root / file_name).read_bytes())
            except (OSError, SyntaxError, ValueError):
                continue
            for node in tree.body:  # a top-level ``__version__ = "..."``
                if (
                    isinstance(node, ast.Assign)
                    and any(isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets)
                    and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)
                ):
                    return node.value.value
        return "unknown"

    def _module_files(self) -> Iterator[tuple[str, Path]]:
        for directory, subdirs, names in os.walk(self.root):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith((".", "__pycache__")))
            relative = Path(directory).relative_to(self.root).parts
            for file_name in sorted(names):
                if not file_name.endswith(".py"):
                    continue
                stem = file_name[:-3]
                parts = [self.package, *relative] + ([] if stem == "__init__" else [stem])
                yield ".".join(parts), Path(directory) / file_name

    def display_path(self, path: Path) -> str:
        """``torchvision/models/resnet.py``: stable across machines, so catalogs can be compared."""
        return path.relative_to(self.root.parent).as_posix()

    def module(self, name: str) -> ModuleSource | None:
        """The parsed module ``name``, or None when it is not part of this library or does not parse."""
        if name not in self._modules:
            self._modules[name] = self._parse(name)
        return self._modules[name]

    def text(self, name: str) -> str:
        """The module's source; "" (and a problem) for a file that cannot be read safely (a dangling
        link, a FIFO, a file over the size limit): one bad file must not cost the whole library."""
        path = self.files.get(name)
        if path is None:
            return ""
        if name not in self._texts:
            try:
                self._texts[name] = read_source(path).text
            except (OSError, UnicodeDecodeError, SyntaxError) as error:  # SyntaxError: a bad coding cookie
                self.problems.append(Problem(self.display_path(path), 0, f"not read: {error}"))
                self._texts[name] = ""
        return self._texts[name]

    def _parse(self, name: str) -> ModuleSource | None:
        path = self.files.get(name)
        if path is None:
            return None
        text = self.text(name)
        try:
            tree = ast.parse(text, filename=str(path))
        except SyntaxError as error:
            self.problems.append(Problem(self.display_path(path), error.lineno or 0, f"syntax error: {error.msg}"))
            tree = None
        except (RecursionError, MemoryError, ValueError) as error:  # too deeply nested; a NUL byte
            self.problems.append(Problem(self.display_path(path), 0, f"not parsed ({type(error).__name__})"))
            tree = None
        module = ModuleSource(name, path, path.name == "__init__.py", text, tree)
        if tree is not None:
            _index_top_level(module, tree)
        return module

    # -- name resolution -------------------------------------------------------------------

    def resolve(self, module_name: str, name: str, _seen: frozenset[tuple[str, str]] = frozenset()) -> str:
        """Fully qualified name of what ``name`` means in ``module_name``: the module that defines it
        (following re-exports and star imports inside the library), or the external qualname."""
        key = (module_name, name)
        if key in _seen:
            return f"{module_name}.{name}"
        seen = _seen | {key}
        module = self.module(module_name)
        if module is None:
            return f"{module_name}.{name}"
        if name in module.classes or name in module.functions:
            return f"{module_name}.{name}"
        if name in module.imports:
            target_module, attribute = module.imports[name]
            if attribute is None:
                return target_module
            if f"{target_module}.{attribute}" in self.files:  # "from pkg import submodule"
                return f"{target_module}.{attribute}"
            if self.owns(target_module):
                return self.resolve(target_module, attribute, seen)
            return f"{target_module}.{attribute}"
        if name in module.assignments:
            return f"{module_name}.{name}"
        for star in module.star_imports:
            star_module = self.module(star)
            if star_module is not None and name in self.exports(star):
                return self.resolve(star, name, seen)
        if f"{module_name}.{name}" in self.files:
            return f"{module_name}.{name}"
        return f"{module_name}.{name}"

    def resolve_expr(self, module_name: str, node: ast.expr, *, strict: bool = False) -> str | None:
        """Qualified name of a ``Name`` or dotted ``Attribute`` chain, or None for other expressions.

        ``strict``: also None when the first name is bound nowhere (neither defined, imported nor a
        builtin), instead of guessing that it belongs to ``module_name``."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        base = self.qualify(module_name, node.id) if strict else self.resolve(module_name, node.id)
        if base is None:
            return None
        for attribute in reversed(parts):
            base = self.resolve(base, attribute) if base in self.files else f"{base}.{attribute}"
        return base

    def qualify(self, module_name: str, name: str) -> str | None:
        """Like `resolve`, but None for a name the module binds nowhere; builtins are ``builtins.X``."""
        module = self.module(module_name)
        if module is None:
            return None
        bound = {*module.classes, *module.functions, *module.assignments, *module.imports}
        if name in bound or any(name in self.exports(star) for star in module.star_imports):
            return self.resolve(module_name, name)
        return f"builtins.{name}" if name in _BUILTIN_NAMES else None

    def owns(self, module_name: str) -> bool:
        return module_name == self.package or module_name.startswith(self.package + ".")

    def exports(self, module_name: str, _seen: frozenset[str] = frozenset()) -> list[str]:
        """Public names of a module: ``__all__`` if it is a literal, else every public top-level name.

        ``_seen`` stops circular star imports (``a`` imports ``*`` from ``b`` and ``b`` from ``a``)."""
        module = self.module(module_name)
        if module is None or module_name in _seen:
            return []
        if module.all_names is not None:
            return module.all_names
        names = {*module.classes, *module.functions, *module.assignments, *module.imports}
        for star in module.star_imports:
            names.update(self.exports(star, _seen | {module_name}))
        return sorted(n for n in names if not n.startswith("_"))


def _index_top_level(module: ModuleSource, tree: ast.Module) -> None:
    for node in _top_level_statements(tree.body):
        if isinstance(node, ast.ClassDef):
            module.classes[node.name] = node
        elif isinstance(node, ast.FunctionDef):
            module.functions[node.name] = node
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    module.imports[alias.asname] = (alias.name, None)
                else:
                    top = alias.name.partition(".")[0]
                    module.imports[top] = (top, None)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute_module(module, node)
            for alias in node.names:
                if alias.name == "*":
                    module.star_imports.append(source)
                else:
                    module.imports[alias.asname or alias.name] = (source, alias.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    module.assignments[target.id] = node.value
                    if target.id == "__all__":
                        module.all_names = _literal_strings(node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            if node.target.id == "__all__" and module.all_names is not None:
                module.all_names += _literal_strings(node.value) or []


def _top_level_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Module statements, looking inside ``if``/``try`` blocks (optional imports, version checks)."""
    for node in body:
        if isinstance(node, ast.If):
            yield from _top_level_statements(node.body)
            yield from _top_level_statements(node.orelse)
        elif isinstance(node, ast.Try):
            yield from _top_level_statements(node.body)
            for handler in node.handlers:
                yield from _top_level_statements(handler.body)
        else:
            yield node


def _absolute_module(module: ModuleSource, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package_parts = module.package.split(".")
    base = package_parts[: len(package_parts) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _literal_strings(node: ast.expr) -> list[str] | None:
    if isinstance(node, (ast.List, ast.Tuple)) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
    ):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return None

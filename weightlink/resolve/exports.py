"""What ``from <module> import *`` brings into a file, so that the resolver knows which of several
star imports a name comes from.

A module of a described model library is answered by its catalog (the front end passes that in);
any other module is looked for as a type checker would: beside the file (a project's own
``utils.py``, a relative import), in the folders above it up to the project's root, then on
``sys.path``, and read without importing it. A module that is not found brings nothing, as for mypy;
one that is found but computes its names (a non-literal ``__all__``, a star import of its own that
cannot be read) may bring anything: the resolver then says so instead of guessing.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from weightlink.sources import parse_python

# (module, name) -> True / False when the front end knows the module (a library's catalog), else None.
LibraryAnswer = Callable[[str, str], "bool | None"]
_PROJECT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg")
_MAX_DEPTH = 4


@dataclass(frozen=True)
class ModuleNames:
    """A module's public names; ``complete`` False when more may be bound than these."""

    names: frozenset[str]
    complete: bool
    stars: tuple[tuple[str, int], ...]  # its own star imports: (module, level)
    path: Path


class ModuleExports:
    def __init__(self, file: str | Path | None, library_answer: LibraryAnswer | None = None) -> None:
        self.folder = Path(file).resolve().parent if file else None
        self.library_answer = library_answer

    def defines(self, module: str, name: str) -> bool | None:
        """Whether ``from <module> import *`` binds ``name``: True, False, or None (it may)."""
        level = len(module) - len(module.lstrip("."))
        return self._defines(module.lstrip("."), level, name, self.folder, 0, frozenset())

    def _defines(
        self, module: str, level: int, name: str, folder: Path | None, depth: int, seen: frozenset[Path]
    ) -> bool | None:
        if level == 0 and self.library_answer is not None:
            known = self.library_answer(module, name)
            if known is not None:
                return known
        path = _locate(module, level, folder)
        if path is None:
            return False  # not found: it binds nothing, as for a type checker
        if path in seen or depth > _MAX_DEPTH:
            return None
        names = _module_names(path)
        if names is None:
            return None  # found but unreadable: it may bind anything
        if name in names.names:
            return True
        verdicts = [
            self._defines(star, star_level, name, path.parent, depth + 1, seen | {path}) for star, star_level in names.stars
        ]
        if True in verdicts:
            return True
        if None in verdicts or not names.complete:
            return None
        return False


def _locate(module: str, level: int, folder: Path | None) -> Path | None:
    parts = [part for part in module.split(".") if part]
    if level:
        if folder is None:
            return None
        base = folder
        for _ in range(level - 1):
            base = base.parent
        return _module_file(base, parts)
    for root in _search_roots(folder):
        found = _module_file(root, parts)
        if found is not None:
            return found
    return None


def _search_roots(folder: Path | None) -> list[Path]:
    roots: list[Path] = []
    current = folder
    while current is not None:
        roots.append(current)
        if any((current / marker).exists() for marker in _PROJECT_MARKERS) or current.parent == current:
            break
        current = current.parent
    roots.extend(Path(entry) for entry in sys.path if entry and Path(entry).is_dir())
    return roots


def _module_file(root: Path, parts: list[str]) -> Path | None:
    if not parts:
        candidate = root / "__init__.py"
        return candidate if candidate.is_file() else None
    base = root.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        try:
            if candidate.is_file():
                return candidate
        except OSError:
            continue
    return None


@lru_cache(maxsize=256)
def _module_names(path: Path) -> ModuleNames | None:
    try:
        tree = parse_python(path.read_text(encoding="utf-8", errors="replace"), filename=str(path))
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    names: set[str] = set()
    stars: list[tuple[str, int]] = []
    all_names: list[str] | None = None
    complete = True
    for statement in tree.body:
        for target_name, value in _bound_names(statement):
            if target_name == "__all__":
                literal = _string_list(value)
                if literal is None:
                    complete = False
                else:
                    all_names = literal
            names.add(target_name)
        if isinstance(statement, ast.ImportFrom) and any(alias.name == "*" for alias in statement.names):
            stars.append((statement.module or "", statement.level))
        elif isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name) and statement.target.id == "__all__":
            complete = False
    if all_names is not None and complete:
        return ModuleNames(frozenset(all_names), True, (), path)
    public = frozenset(name for name in names if not name.startswith("_"))
    return ModuleNames(public, complete, tuple(stars), path)


def _bound_names(statement: ast.stmt) -> list[tuple[str, ast.expr | None]]:
    """Names a top-level statement binds (and the value, for an assignment): imports, definitions,
    assignments, including those inside top-level ``if`` / ``try`` blocks."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [(statement.name, None)]
    if isinstance(statement, ast.Import):
        return [(alias.asname or alias.name.partition(".")[0], None) for alias in statement.names]
    if isinstance(statement, ast.ImportFrom):
        return [(alias.asname or alias.name, None) for alias in statement.names if alias.name != "*"]
    if isinstance(statement, ast.Assign):
        return [(n.id, statement.value) for t in statement.targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return [(statement.target.id, statement.value)]
    found: list[tuple[str, ast.expr | None]] = []
    for block in ("body", "orelse", "finalbody", "handlers"):
        for inner in getattr(statement, block, []) if isinstance(statement, (ast.If, ast.Try)) else []:
            if isinstance(inner, ast.ExceptHandler):
                for nested in inner.body:
                    found.extend(_bound_names(nested))
            else:
                found.extend(_bound_names(inner))
    return found


def _string_list(value: ast.expr | None) -> list[str] | None:
    if isinstance(value, (ast.List, ast.Tuple)) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts
    ):
        return [e.value for e in value.elts]  # type: ignore[attr-defined]
    return None


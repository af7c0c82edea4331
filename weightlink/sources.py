"""A user's source files: finding them (git-aware), and reading and writing them without changing
anything else: encoding (PEP 263 cookie, BOM), line endings, final newline and file mode survive;
writes are atomic. Shared by the codemod and ``weightlink check``."""

from __future__ import annotations

import ast
import fnmatch
import io
import os
import subprocess
import tempfile
import tokenize
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Skipped when walking a folder that git does not manage (virtual environments, build output).
_NEVER_WALKED = {".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "node_modules", ".tox", ".nox", "build", "dist"}


@dataclass
class SourceFile:
    path: Path
    text: str
    encoding: str  # "utf-8-sig" when the file starts with a BOM


def read_source(path: Path) -> SourceFile:
    """Decode with the file's own encoding; newlines are kept exactly as they are."""
    raw = path.read_bytes()
    encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    return SourceFile(path, raw.decode(encoding), encoding)


def parse_python(text: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` without the compiler's SyntaxWarnings ("invalid escape sequence", "'int' object
    is not callable"): they are about the user's code, not about weights, so no front end prints them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(text, filename=filename)


def write_atomic(source: SourceFile, text: str) -> None:
    """Write through a temporary file in the same folder and rename it over the original."""
    mode = source.path.stat().st_mode
    fd, temporary = tempfile.mkstemp(dir=source.path.parent, prefix=f".{source.path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode(source.encoding))
        os.chmod(temporary, mode)
        os.replace(temporary, source.path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def discover(
    paths: Sequence[Path], include: Sequence[str], exclude: Sequence[str], respect_gitignore: bool
) -> list[Path]:
    """Python files under ``paths`` (files are taken as given), filtered by globs on their path."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_file():
            found[path] = None
            continue
        candidates = _git_files(path) if respect_gitignore else None
        for file in candidates if candidates is not None else _walk(path):
            relative = file.relative_to(path).as_posix()
            if _matches(relative, include) and not _matches(relative, exclude):
                found[file] = None
    return list(found)


def _matches(relative: str, patterns: Iterable[str]) -> bool:
    name = relative.rpartition("/")[2]
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _walk(root: Path) -> Iterable[Path]:
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in _NEVER_WALKED and not d.endswith(".egg-info"))
        for name in sorted(files):
            yield Path(directory) / name


def _git_files(root: Path) -> list[Path] | None:
    """Files git does not ignore (tracked and untracked), or None outside a git work tree."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "."],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if result.returncode != 0:
        return None
    names = [name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name]
    return sorted({root / name for name in names if (root / name).is_file()})

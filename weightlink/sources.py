"""A user's source files: finding them (git-aware), and reading and writing them without changing
anything else: encoding (PEP 263 cookie, BOM), line endings, final newline, file mode and owner
survive; writes are atomic, go through symbolic links to the real file, and never overwrite a file
that changed since it was read. Shared by the codemod and ``weightlink check``.

What cannot be read or written safely raises `SourceError` with the reason (a FIFO, a file over the
size budget, a hard-linked file, a file edited during the run, a full disk); the caller names the
file and goes on with the others."""

from __future__ import annotations

import ast
import fnmatch
import io
import os
import re
import stat
import subprocess
import tempfile
import tokenize
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Skipped when walking a folder that git does not manage (virtual environments, build output).
_NEVER_WALKED = {".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "node_modules", ".tox", ".nox", "build", "dist"}


# Larger files are named and skipped: far beyond any hand-written module (the checker and the codemod
# are linear in a file's size; see bench/bench_large_files.py).
MAX_FILE_BYTES = 64 * 1024 * 1024


class SourceError(OSError):
    """A file that cannot be read or written safely; the message says why."""


@dataclass
class SourceFile:
    path: Path
    text: str
    encoding: str  # "utf-8-sig" when the file starts with a BOM
    # What the file was when read (device, inode, size, modification time): a rewrite is written
    # only if it still is.
    identity: tuple[int, int, int, int] = (0, 0, 0, 0)


def read_source(path: Path) -> SourceFile:
    """Decode with the file's own encoding; newlines are kept exactly as they are. Raises
    `SourceError` for what is not a regular file (a FIFO would block) or too large."""
    try:
        status = os.stat(path)
    except FileNotFoundError as error:
        raise SourceError(f"no such file{' (a broken link)' if os.path.islink(path) else ''}") from error
    if not stat.S_ISREG(status.st_mode):
        raise SourceError("not a regular file (a FIFO, device or folder)")
    if status.st_size > MAX_FILE_BYTES:
        raise SourceError(f"{status.st_size // (1024 * 1024)} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB a file may have")
    raw = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as error:  # an unknown encoding cookie, or a BOM beside another cookie
        raise SourceError(f"cannot be decoded ({error.msg})") from error
    try:
        return SourceFile(path, raw.decode(encoding), encoding, _identity(status))
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise SourceError(f"not {encoding} (line {line}: byte 0x{raw[error.start]:02x}, {error.reason})") from error


def why_unparsable(error: SyntaxError | ValueError | RecursionError | MemoryError) -> str:
    """What a front end says about a file its parser gave up on (the run goes on with the others)."""
    if isinstance(error, SyntaxError):
        where = f"line {error.lineno}: " if error.lineno else ""
        return f"does not parse ({where}{error.msg})"
    if isinstance(error, RecursionError):
        return "too deeply nested to parse"
    if isinstance(error, MemoryError):
        return "too large to parse (out of memory)"
    return f"does not parse ({error})"  # e.g. a NUL byte


def _identity(status: os.stat_result) -> tuple[int, int, int, int]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


# What Python counts as a line break (``str.splitlines`` also splits at form feeds, ``\x1c`` or
# ``\u2028``, which would shift every line number the parser reports after one).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """The lines of the source as the parser numbers them (line ``n`` is ``source_lines(text)[n - 1]``)."""
    return _LINE_BREAK.split(text)


def line_starts(text: str) -> list[int]:
    """The offset of each line's first character, as the parser numbers lines."""
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def parse_python(text: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` without the compiler's SyntaxWarnings ("invalid escape sequence", "'int' object
    is not callable"): they are about the user's code, not about weights, so no front end prints them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(text, filename=filename)


def write_atomic(source: SourceFile, text: str) -> None:
    """Write through a temporary file in the real file's folder (a symbolic link stays a link to
    it), with the file's mode and owner, renamed over it only if the file is still what was read.
    Raises `SourceError` (nothing written) for a hard-linked file, a file changed since it was read,
    an owner that cannot be kept, or a failed write (a full disk, a read-only folder)."""
    target = Path(os.path.realpath(source.path))
    try:
        status = os.stat(target)
    except FileNotFoundError as error:
        raise SourceError("deleted while being migrated; nothing written") from error
    if status.st_nlink > 1:
        raise SourceError(f"has {status.st_nlink} hard links, which a rewrite would split; not rewritten")
    if source.identity != (0, 0, 0, 0) and _identity(status) != source.identity:
        raise SourceError("changed on disk while being migrated; left as it is")
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode(source.encoding))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        if (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
            os.chown(temporary, status.st_uid, status.st_gid)  # keeps another user's file theirs
        if _identity(os.stat(target)) != _identity(status):
            raise SourceError("changed on disk while being migrated; left as it is")
        os.replace(temporary, target)
        temporary = None
    except PermissionError as error:
        raise SourceError(f"cannot be written with its owner and mode kept ({error.strerror})") from error
    except SourceError:
        raise
    except OSError as error:
        raise SourceError(f"could not be written ({error.strerror or error}); left as it is") from error
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def missing(paths: Iterable[Path]) -> list[str]:
    """Paths named on a command line that do not exist (a usage error). A broken link exists: it is a
    file the run names as unreadable, beside the others it checks."""
    return [str(path) for path in paths if not os.path.lexists(path)]


def discover(
    paths: Sequence[Path],
    include: Sequence[str],
    exclude: Sequence[str],
    respect_gitignore: bool,
    *,
    force_exclude: bool = False,
    roots: Sequence[Path] = (),
) -> list[Path]:
    """Python files under ``paths``, filtered by globs on their path. A file named on the command
    line is taken as given, unless ``force_exclude`` (pre-commit names every file it passes:
    ``exclude`` must hold for those too, as ruff's ``--force-exclude`` does); its globs then match
    from each of ``roots`` (the project's root, the current folder)."""
    found: dict[Path, None] = {}
    for path in paths:
        if not path.is_dir():  # a file named on the command line is taken as given (a FIFO is then named)
            if not (force_exclude and excluded_by(path, exclude, roots or (Path.cwd(),))):
                found[path] = None
            continue
        candidates = _git_files(path) if respect_gitignore else None
        files = _walk(path) if candidates is None else _outside_environments(path, candidates)
        for file in files:
            relative = file.relative_to(path).as_posix()
            if _matches(relative, include) and not _excluded(relative, exclude):
                found[file] = None
    return list(found)


def excluded_by(path: Path, patterns: Sequence[str], roots: Sequence[Path]) -> bool:
    """Whether a glob of ``patterns`` matches ``path`` seen from one of ``roots``."""
    if not patterns:
        return False
    for root in roots:
        try:
            relative = path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            continue
        if _excluded(relative, patterns):
            return True
    return _excluded(path.name, patterns)


def _excluded(relative: str, patterns: Iterable[str]) -> bool:
    """A glob matches the path, its name, or one of the folders it is in (``build``, ``tests/data``)."""
    parts = relative.split("/")
    candidates = [relative, *parts, *("/".join(parts[: i + 1]) for i in range(len(parts) - 1))]
    return any(fnmatch.fnmatch(candidate, pattern.rstrip("/")) for candidate in candidates for pattern in patterns)


def _matches(relative: str, patterns: Iterable[str]) -> bool:
    name = relative.rpartition("/")[2]
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


def is_environment(folder: Path) -> bool:
    """A virtual environment or a conda one, known by what it is, whatever its name (``env/``)."""
    return (folder / "pyvenv.cfg").is_file() or (folder / "conda-meta").is_dir()


def _walk(root: Path) -> Iterable[Path]:
    for directory, subdirs, files in os.walk(root):
        base = Path(directory)
        subdirs[:] = sorted(
            d for d in subdirs if d not in _NEVER_WALKED and not d.endswith(".egg-info") and not is_environment(base / d)
        )
        for name in sorted(files):
            # FIFOs, sockets and broken links too: reading refuses them, and the run names them.
            yield base / name


def _outside_environments(root: Path, files: list[Path]) -> list[Path]:
    """Files git lists that are not inside a virtual environment (an untracked ``env/`` not in
    .gitignore is listed by ``git ls-files --others``)."""
    verdicts: dict[Path, bool] = {}

    def inside(folder: Path) -> bool:
        if folder in verdicts:
            return verdicts[folder]
        verdict = folder != root and folder != folder.parent and (is_environment(folder) or inside(folder.parent))
        verdicts[folder] = verdict
        return verdict

    return [file for file in files if not inside(file.parent)]


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
    return sorted({root / name for name in names if not (root / name).is_dir()})

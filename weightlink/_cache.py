"""Which file of a torch.hub-style cache may serve a URL: origin records, a lock per file name.

torch.hub keys its cache by the URL's file name alone, so two URLs ending in the same name share
one file. weightlink keeps that folder and naming (files torchvision downloaded are reused) and
writes beside each file a record of the URLs it is known to hold, ``<file>.origin`` (JSON). A
file serves a URL when its record names the URL, or when the entry's digest verifies its bytes.
A URL that no existing file may serve is downloaded to ``by-url/<hash of the URL>/<name>``.

Records are one small file per cached file rather than one index for the folder: a reader needs
no lock (each record is replaced whole: temporary file, then rename), writers of different files
never contend for one index, and deleting a weights file by hand cannot leave an index entry
vouching for whatever later takes its name (a lone record only matches a file of its size).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

_CHUNK = 1 << 20
ORIGIN_SUFFIX = ".origin"
ALTERNATES = "by-url"


@dataclass(frozen=True)
class Origin:
    """What a cached file holds (the bytes with this digest, as served by these URLs), and which
    file that was: its size and modification time when recorded. A file that no longer has both
    was replaced or changed since (by torch.hub for another URL, by hand), so the record no longer
    speaks for it. (Same-architecture weights often have equal sizes, so size alone is not enough.)"""

    urls: tuple[str, ...]
    sha256: str
    size: int
    mtime_ns: int

    def describes(self, path: Path) -> bool:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == (self.size, self.mtime_ns)


def origin_path(path: Path) -> Path:
    return path.with_name(path.name + ORIGIN_SUFFIX)


def alternate_path(cache_dir: Path, url: str, name: str) -> Path:
    """Where ``url`` goes when the torch.hub-named file belongs to another URL."""
    return cache_dir / ALTERNATES / hashlib.sha256(url.encode()).hexdigest()[:16] / name


def read_origin(path: Path) -> Origin | None:
    """The record of ``path`` if it still describes the file there; None when the origin is
    unknown (no record, an unreadable one, or one written for bytes that are gone)."""
    try:
        data = json.loads(origin_path(path).read_text(encoding="utf-8"))
        origin = Origin(tuple(map(str, data["urls"])), str(data["sha256"]), int(data["size"]), int(data["mtime_ns"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return origin if origin.describes(path) else None


def holds(path: Path, url: str) -> bool:
    """Whether the file at ``path`` is, by its record, what ``url`` served."""
    origin = read_origin(path)
    return origin is not None and url in origin.urls


def serves(path: Path, url: str, digest: str | None) -> bool:
    """Whether ``path`` may be loaded for ``url`` on its record alone, without hashing it."""
    origin = read_origin(path)
    return origin is not None and url in origin.urls and (digest is None or origin.sha256.startswith(digest))


def write_origin(path: Path, urls: tuple[str, ...], sha256: str) -> None:
    """Record that ``path``, as it is now, holds the bytes with ``sha256`` served by ``urls``.
    The record is replaced whole, so a reader never sees half of one."""
    stat = path.stat()
    record = {"urls": list(urls), "sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _write_atomically(origin_path(path), json.dumps(record))


def add_url(path: Path, url: str, sha256: str) -> None:
    """Record that ``path`` (whose digest is ``sha256``) serves ``url`` too. Best effort: in a
    read-only cache the file is still used, and verified again next time."""
    known = read_origin(path)
    urls = known.urls if known is not None and known.sha256 == sha256 else ()
    try:
        write_origin(path, urls if url in urls else (*urls, url), sha256)
    except OSError:
        pass


def record_origin(path: str | os.PathLike[str], url: str) -> None:
    """Record that the file at ``path`` is what ``url`` serves, e.g. a file placed in the cache by
    hand or by a mirror script. Only do this for bytes that really came from ``url``."""
    add_url(Path(path), url, sha256_of(Path(path)))


def forget(path: Path) -> None:
    """Remove a cached file and its record (a file that failed to load)."""
    path.unlink(missing_ok=True)
    origin_path(path).unlink(missing_ok=True)


def sha256_of(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(_CHUNK), b""):
            sha.update(chunk)
    return sha.hexdigest()


@contextlib.contextmanager
def name_lock(path: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` beside ``path``: one process decides and downloads, the others wait,
    then find the finished file. The OS drops the lock when its holder dies, so a crashed
    download never blocks later ones. The lock file itself stays (deleting it would race)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_name(f".{path.name}.lock"), "a+b")  # noqa: SIM115 (closed below)
    except OSError:  # a read-only cache: nothing will be written there, so nothing to guard
        handle = None
    if handle is None:
        yield
        return
    with handle:
        _lock(handle)
        yield  # closing the handle releases the lock


def _lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        while True:
            try:  # LK_LOCK gives up after about 10 s; a download may take longer
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise

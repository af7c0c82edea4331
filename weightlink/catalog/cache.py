"""On-disk cache of extracted catalogs, keyed by library version, extractor version, dialect and the
contents of every file of the package."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from weightlink.catalog.model import Catalog
from weightlink.catalog.source import Library
from weightlink.dialect import Dialect

# The extractor's own sources (and the dialect it asks) are part of the key: a changed extractor
# never reuses old entries.
def _extractor_fingerprint() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for path in [*sorted(Path(__file__).parent.glob("*.py")), Path(__file__).parent.parent / "dialect.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


EXTRACTOR_VERSION = _extractor_fingerprint()


def cache_dir() -> Path:
    configured = os.environ.get("WEIGHTLINK_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "weightlink"


def cache_key(library: Library, dialect: Dialect) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{EXTRACTOR_VERSION}\0{library.version}\0{dialect.fingerprint()}".encode())
    for name, path in sorted(library.files.items()):
        digest.update(name.encode() + b"\0")
        digest.update(_content(path))
    return f"{library.package}-{library.version}-{digest.hexdigest()}"


def _content(path: Path) -> bytes:
    """The file's bytes; a marker for what cannot be read (a dangling link, a FIFO, which would
    block): the extractor reports those as problems, the key only has to notice a change."""
    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            return path.read_bytes()
        return b"\0not a regular file"
    except OSError:
        return b"\0unreadable"


def read(key: str) -> Catalog | None:
    data = read_json(key)
    try:
        return Catalog.from_json(data) if data is not None else None
    except (ValueError, KeyError, TypeError):
        return None  # written by another version: rebuild


def read_json(key: str) -> dict[str, Any] | None:
    path = cache_dir() / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing or unreadable: rebuild
    return data if isinstance(data, dict) else None


def write(key: str, catalog: Catalog) -> None:
    write_json(key, catalog.to_json())


def write_json(key: str, data: dict[str, Any]) -> None:
    """Atomic write; a cache that cannot be written (read-only home) is not an error."""
    import tempfile

    directory = cache_dir()
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(tmp, directory / f"{key}.json")
        tmp = None
        _prune(directory, key.partition("-")[0])
    except OSError:
        pass
    finally:
        if tmp is not None:  # the disk filled up mid-write: leave no empty temp file behind
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(directory: Path, package: str, keep: int = 8) -> None:
    """Keep the newest few entries per package: edited sources leave older keys behind."""
    entries = sorted(directory.glob(f"{package}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[keep:]:
        stale.unlink(missing_ok=True)

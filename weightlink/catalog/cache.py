"""On-disk cache of extracted catalogs, keyed by library version, extractor version, dialect and the
contents of every file of the package."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

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
        digest.update(path.read_bytes())
    return f"{library.package}-{library.version}-{digest.hexdigest()}"


def read(key: str) -> Catalog | None:
    path = cache_dir() / f"{key}.json"
    try:
        return Catalog.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or unreadable: rebuild


def write(key: str, catalog: Catalog) -> None:
    """Atomic write; a cache that cannot be written (read-only home) is not an error."""
    import tempfile

    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(catalog.to_json(), out)
        os.replace(tmp, directory / f"{key}.json")
        _prune(directory, key.partition("-")[0])
    except OSError:
        pass


def _prune(directory: Path, package: str, keep: int = 8) -> None:
    """Keep the newest few entries per package: edited sources leave older keys behind."""
    entries = sorted(directory.glob(f"{package}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[keep:]:
        stale.unlink(missing_ok=True)

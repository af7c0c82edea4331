"""The catalog of a library that names its weights in strings (timm, open_clip, smp): read from its
installed source (found on the search path, never imported), cached on disk under a key made of
the files the reader reads, else the catalog bundled with weightlink. Shared by their loaders."""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.resources
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from weightlink.catalog import cache

T = TypeVar("T", bound="Serialised")


class Serialised(Protocol):
    def to_json(self) -> dict[str, Any]: ...


def find_package(name: str, paths: Sequence[str | os.PathLike[str]], looks_right: Callable[[Path], bool]) -> Path | None:
    """The folder of package ``name`` on ``paths`` then ``sys.path`` (not imported), or None when it
    is absent or ``looks_right`` says it is not the library's source."""
    search = [os.fspath(p) for p in paths] + sys.path
    spec = importlib.machinery.PathFinder.find_spec(name, search)
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    return package if looks_right(package) else None


def files_key(prefix: str, package: Path, files: Iterable[Path]) -> str:
    """A cache key from the size and modification time of every file the reader reads (reading
    their bytes would cost more than the cache saves on a warm run), the reader's own fingerprint,
    and the folder."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{cache.EXTRACTOR_VERSION}\0{package.resolve()}".encode())
    for path in sorted(files):
        name = path.relative_to(package) if path.is_relative_to(package) else path.name
        try:
            status = os.stat(path)
            digest.update(f"{name}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
        except OSError:
            digest.update(f"{name}\0unreadable\0".encode())
    return f"{prefix}-{digest.hexdigest()}"


def load_installed(
    package: Path | None,
    *,
    key: Callable[[Path], str] | None,
    read: Callable[[Path], T],
    from_json: Callable[[dict[str, Any]], T],
    bundled: str,
) -> T:
    """The catalog read from ``package`` (from the cache under ``key(package)`` when its files are
    unchanged; ``key`` None: no cache), or the bundled file ``bundled`` when it is not installed."""
    if package is None:
        return bundled_catalog(bundled, from_json)
    found = key(package) if key is not None else None
    if found is not None:
        data = cache.read_json(found)
        if data is not None:
            try:
                return from_json(data)
            except ValueError:
                pass  # an entry of another shape: read the source again
    catalog = read(package)
    if found is not None:
        cache.write_json(found, catalog.to_json())
    return catalog


def bundled_catalog(file: str, from_json: Callable[[dict[str, Any]], T]) -> T:
    data = importlib.resources.files("weightlink.catalog").joinpath("data", file).read_text(encoding="utf-8")
    return from_json(json.loads(data))

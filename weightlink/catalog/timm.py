"""timm's catalog for the front ends: read from the timm source on the search path (never imported),
cached on disk, else the bundled catalog of a current timm release.

    from weightlink.catalog.timm import load_timm_catalog
    load_timm_catalog().deprecations["tf_efficientnet_b4_ns"]   # 'tf_efficientnet_b4.ns_jft_in1k'
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from weightlink.catalog import cache
from weightlink.catalog.timm_reader import TimmCatalog, read_timm_catalog

BUNDLED_TIMM = "timm-1.0.31.json"


def find_timm(paths: Sequence[str | os.PathLike[str]] = ()) -> Path | None:
    """The folder of the ``timm`` package on ``paths`` then ``sys.path`` (not imported), or None."""
    search = [os.fspath(p) for p in paths] + sys.path
    spec = importlib.machinery.PathFinder.find_spec("timm", search)
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    return package if (package / "models").is_dir() else None


def load_timm_catalog(paths: Sequence[str | os.PathLike[str]] = (), *, use_cache: bool = True) -> TimmCatalog:
    """The catalog of the timm found on ``paths`` / ``sys.path``, from the cache when its files are
    unchanged; the bundled one (timm 1.0.31) when timm is not installed."""
    package = find_timm(paths)
    if package is None:
        return bundled_timm_catalog()
    key = _cache_key(package) if use_cache else None
    if key is not None:
        cached = _read(key)
        if cached is not None:
            return cached
    catalog = read_timm_catalog(package.parent)
    if key is not None:
        cache.write_json(key, catalog.to_json())
    return catalog


def bundled_timm_catalog() -> TimmCatalog:
    import importlib.resources

    data = importlib.resources.files("weightlink.catalog").joinpath("data", BUNDLED_TIMM).read_text(encoding="utf-8")
    return TimmCatalog.from_json(json.loads(data))


def _cache_key(package: Path) -> str:
    """Size and modification time of every model file (reading 300 files' bytes would cost more than
    the cache saves on a warm run), the reader's own fingerprint, and the folder."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{cache.EXTRACTOR_VERSION}\0{package.resolve()}".encode())
    for path in sorted([package / "version.py", *(package / "models").rglob("*.py")]):
        try:
            status = os.stat(path)
            digest.update(f"{path.name}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
        except OSError:
            digest.update(f"{path.name}\0unreadable\0".encode())
    return f"timm-{digest.hexdigest()}"


def _read(key: str) -> TimmCatalog | None:
    data = cache.read_json(key)
    if data is None:
        return None
    try:
        return TimmCatalog.from_json(data)
    except ValueError:
        return None

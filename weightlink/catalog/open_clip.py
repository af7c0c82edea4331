"""open_clip's catalog for the front ends: read from the open_clip source on the search path (never
imported), cached on disk, else the bundled catalog of a current open_clip release.

    from weightlink.catalog.open_clip import load_open_clip_catalog
    load_open_clip_catalog().tags("ViT-B-32")[0]   # 'openai'
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
from weightlink.catalog.open_clip_reader import OpenClipCatalog, read_open_clip_catalog

__all__ = ["BUNDLED_OPEN_CLIP", "bundled_open_clip_catalog", "find_open_clip", "load_open_clip_catalog"]

BUNDLED_OPEN_CLIP = "open_clip-3.3.0.json"


def find_open_clip(paths: Sequence[str | os.PathLike[str]] = ()) -> Path | None:
    """The folder of the ``open_clip`` package on ``paths`` then ``sys.path`` (not imported), or None."""
    search = [os.fspath(p) for p in paths] + sys.path
    spec = importlib.machinery.PathFinder.find_spec("open_clip", search)
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    return package if (package / "model_configs").is_dir() and (package / "pretrained.py").is_file() else None


def load_open_clip_catalog(paths: Sequence[str | os.PathLike[str]] = (), *, use_cache: bool = True) -> OpenClipCatalog:
    """The catalog of the open_clip found on ``paths`` / ``sys.path``, from the cache when its files
    are unchanged; the bundled one (open_clip 3.3.0) when open_clip is not installed."""
    package = find_open_clip(paths)
    if package is None:
        return bundled_open_clip_catalog()
    key = _cache_key(package) if use_cache else None
    if key is not None:
        cached = _read(key)
        if cached is not None:
            return cached
    catalog = read_open_clip_catalog(package)
    if key is not None:
        cache.write_json(key, catalog.to_json())
    return catalog


def bundled_open_clip_catalog() -> OpenClipCatalog:
    import importlib.resources

    data = importlib.resources.files("weightlink.catalog").joinpath("data", BUNDLED_OPEN_CLIP).read_text(encoding="utf-8")
    return OpenClipCatalog.from_json(json.loads(data))


def _cache_key(package: Path) -> str:
    """Size and modification time of every file the reader reads, the reader's own fingerprint,
    and the folder."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{cache.EXTRACTOR_VERSION}\0{package.resolve()}".encode())
    for path in [package / "version.py", package / "pretrained.py", *sorted((package / "model_configs").glob("*.json"))]:
        try:
            status = os.stat(path)
            digest.update(f"{path.name}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
        except OSError:
            digest.update(f"{path.name}\0unreadable\0".encode())
    return f"open_clip-{digest.hexdigest()}"


def _read(key: str) -> OpenClipCatalog | None:
    data = cache.read_json(key)
    if data is None:
        return None
    try:
        return OpenClipCatalog.from_json(data)
    except ValueError:
        return None

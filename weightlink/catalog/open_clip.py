"""open_clip's catalog for the front ends: read from the open_clip source on the search path (never
imported), cached on disk, else the bundled catalog of a current open_clip release.

    from weightlink.catalog.open_clip import load_open_clip_catalog
    load_open_clip_catalog().tags("ViT-B-32")[0]   # 'openai'
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from weightlink.catalog.installed import bundled_catalog, files_key, find_package, load_installed
from weightlink.catalog.open_clip_reader import OpenClipCatalog, read_open_clip_catalog

__all__ = ["BUNDLED_OPEN_CLIP", "bundled_open_clip_catalog", "find_open_clip", "load_open_clip_catalog"]

BUNDLED_OPEN_CLIP = "open_clip-3.3.0.json"


def find_open_clip(paths: Sequence[str | os.PathLike[str]] = ()) -> Path | None:
    """The folder of the ``open_clip`` package on ``paths`` then ``sys.path`` (not imported), or None."""
    return find_package(
        "open_clip", paths, lambda package: (package / "model_configs").is_dir() and (package / "pretrained.py").is_file()
    )


def load_open_clip_catalog(paths: Sequence[str | os.PathLike[str]] = (), *, use_cache: bool = True) -> OpenClipCatalog:
    """The catalog of the open_clip found on ``paths`` / ``sys.path``, from the cache when its files
    are unchanged; the bundled one (open_clip 3.3.0) when open_clip is not installed."""
    return load_installed(
        find_open_clip(paths),
        key=_cache_key if use_cache else None,
        read=read_open_clip_catalog,
        from_json=OpenClipCatalog.from_json,
        bundled=BUNDLED_OPEN_CLIP,
    )


def bundled_open_clip_catalog() -> OpenClipCatalog:
    return bundled_catalog(BUNDLED_OPEN_CLIP, OpenClipCatalog.from_json)


def _cache_key(package: Path) -> str:
    files = [package / "version.py", package / "pretrained.py", *(package / "model_configs").glob("*.json")]
    return files_key("open_clip", package, files)

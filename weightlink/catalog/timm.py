"""timm's catalog for the front ends: read from the timm source on the search path (never imported),
cached on disk, else the bundled catalog of a current timm release.

    from weightlink.catalog.timm import load_timm_catalog
    load_timm_catalog().deprecations["tf_efficientnet_b4_ns"]   # 'tf_efficientnet_b4.ns_jft_in1k'
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from weightlink.catalog.installed import bundled_catalog, files_key, find_package, load_installed
from weightlink.catalog.timm_reader import TimmCatalog, read_timm_catalog

BUNDLED_TIMM = "timm-1.0.31.json"


def find_timm(paths: Sequence[str | os.PathLike[str]] = ()) -> Path | None:
    """The folder of the ``timm`` package on ``paths`` then ``sys.path`` (not imported), or None."""
    return find_package("timm", paths, lambda package: (package / "models").is_dir())


def load_timm_catalog(paths: Sequence[str | os.PathLike[str]] = (), *, use_cache: bool = True) -> TimmCatalog:
    """The catalog of the timm found on ``paths`` / ``sys.path``, from the cache when its files are
    unchanged; the bundled one (timm 1.0.31) when timm is not installed."""
    return load_installed(
        find_timm(paths),
        key=_cache_key if use_cache else None,
        read=lambda package: read_timm_catalog(package.parent),
        from_json=TimmCatalog.from_json,
        bundled=BUNDLED_TIMM,
    )


def bundled_timm_catalog() -> TimmCatalog:
    return bundled_catalog(BUNDLED_TIMM, TimmCatalog.from_json)


def _cache_key(package: Path) -> str:
    return files_key("timm", package, [package / "version.py", *(package / "models").rglob("*.py")])

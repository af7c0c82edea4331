"""segmentation_models_pytorch's catalog for the front ends: read from its source on the search path
(never imported), cached on disk, else the bundled catalog of smp 0.6.0.

    from weightlink.catalog.smp import load_smp_catalog
    load_smp_catalog().encoders["resnet50"]   # ('imagenet', 'ssl', 'swsl')
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
from weightlink.catalog.smp_reader import PACKAGE, SmpCatalog, read_smp_catalog

BUNDLED_SMP = "segmentation_models_pytorch-0.6.0.json"


def find_smp(paths: Sequence[str | os.PathLike[str]] = ()) -> Path | None:
    """The folder of the ``segmentation_models_pytorch`` package on ``paths`` then ``sys.path``
    (not imported), or None."""
    search = [os.fspath(p) for p in paths] + sys.path
    spec = importlib.machinery.PathFinder.find_spec(PACKAGE, search)
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    return package if (package / "encoders").is_dir() else None


def load_smp_catalog(paths: Sequence[str | os.PathLike[str]] = (), *, use_cache: bool = True) -> SmpCatalog:
    """The catalog of the smp found on ``paths`` / ``sys.path``, from the cache when its files are
    unchanged; the bundled one (smp 0.6.0) when smp is not installed."""
    package = find_smp(paths)
    if package is None:
        return bundled_smp_catalog()
    key = _cache_key(package) if use_cache else None
    if key is not None:
        cached = _read(key)
        if cached is not None:
            return cached
    catalog = read_smp_catalog(package)
    if key is not None:
        cache.write_json(key, catalog.to_json())
    return catalog


def bundled_smp_catalog() -> SmpCatalog:
    import importlib.resources

    data = importlib.resources.files("weightlink.catalog").joinpath("data", BUNDLED_SMP).read_text(encoding="utf-8")
    return SmpCatalog.from_json(json.loads(data))


def _cache_key(package: Path) -> str:
    """Size and modification time of the files the reader reads (the package's ``__init__``, its
    version, the encoders and decoders), the reader's own fingerprint, and the folder."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{cache.EXTRACTOR_VERSION}\0{package.resolve()}".encode())
    files = [package / "__init__.py", package / "__version__.py", *(package / "encoders").glob("*.py")]
    for path in sorted([*files, *(package / "decoders").rglob("*.py")]):
        try:
            status = os.stat(path)
            digest.update(f"{path.relative_to(package)}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
        except OSError:
            digest.update(f"{path.name}\0unreadable\0".encode())
    return f"smp-{digest.hexdigest()}"


def _read(key: str) -> SmpCatalog | None:
    data = cache.read_json(key)
    if data is None:
        return None
    try:
        return SmpCatalog.from_json(data)
    except ValueError:
        return None

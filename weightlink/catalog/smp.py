"""segmentation_models_pytorch's catalog for the front ends: read from its source on the search path
(never imported), cached on disk, else the bundled catalog of smp 0.6.0.

    from weightlink.catalog.smp import load_smp_catalog
    load_smp_catalog().encoders["resnet50"]   # ('imagenet', 'ssl', 'swsl')
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from weightlink.catalog.installed import bundled_catalog, files_key, find_package, load_installed
from weightlink.catalog.smp_reader import PACKAGE, SmpCatalog, read_smp_catalog

BUNDLED_SMP = "segmentation_models_pytorch-0.6.0.json"


def find_smp(paths: Sequence[str | os.PathLike[str]] = ()) -> Path | None:
    """The folder of the ``segmentation_models_pytorch`` package on ``paths`` then ``sys.path``
    (not imported), or None."""
    return find_package(PACKAGE, paths, lambda package: (package / "encoders").is_dir())


def load_smp_catalog(paths: Sequence[str | os.PathLike[str]] = (), *, use_cache: bool = True) -> SmpCatalog:
    """The catalog of the smp found on ``paths`` / ``sys.path``, from the cache when its files are
    unchanged; the bundled one (smp 0.6.0) when smp is not installed."""
    return load_installed(
        find_smp(paths), key=_cache_key if use_cache else None, read=read_smp_catalog, from_json=SmpCatalog.from_json, bundled=BUNDLED_SMP
    )


def bundled_smp_catalog() -> SmpCatalog:
    return bundled_catalog(BUNDLED_SMP, SmpCatalog.from_json)


def _cache_key(package: Path) -> str:
    """The files the reader reads: the package's ``__init__``, its version, the encoders and decoders."""
    files = [package / "__init__.py", package / "__version__.py", *(package / "encoders").glob("*.py"), *(package / "decoders").rglob("*.py")]
    return files_key("smp", package, files)

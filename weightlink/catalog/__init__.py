"""The catalog: every builder's weights facts, read statically from a library's source.

The single way in for the front ends (mypy plugin, codemod, stubs, checker)::

    from weightlink.catalog import load_catalog
    catalog = load_catalog("torchvision")
    catalog.builder("torchvision.models.resnet50").legacy[0].default.member
    # 'torchvision.models.resnet.ResNet50_Weights.IMAGENET1K_V1'
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from weightlink.catalog import cache
from weightlink.catalog.extract import extract_catalog
from weightlink.catalog.model import (
    BuilderInfo,
    Catalog,
    EnumInfo,
    LegacyDefault,
    LegacyParam,
    MemberInfo,
    MetaOverride,
    Param,
    Problem,
    WeightsParam,
)
from weightlink.catalog.source import Library, LibraryNotFound
from weightlink.config import dialect_from_config
from weightlink.dialect import Dialect

__all__ = [
    "BuilderInfo",
    "Catalog",
    "Dialect",
    "EnumInfo",
    "LegacyDefault",
    "LegacyParam",
    "LibraryNotFound",
    "MemberInfo",
    "MetaOverride",
    "Param",
    "Problem",
    "WeightsParam",
    "build_catalog",
    "bundled_catalog",
    "dialect_from_config",
    "load_catalog",
]

# Catalogs generated from a library release and shipped with weightlink: used where the library
# itself is not installed (a codemod or checker run in a light environment).
BUNDLED = {"torchvision": "torchvision-0.29.json"}


def build_catalog(
    package: str, *, paths: Sequence[str | os.PathLike[str]] = (), dialect: Dialect | None = None
) -> Catalog:
    """Extract the catalog of ``package`` from its source, without the cache."""
    dialect = dialect or Dialect()
    return extract_catalog(Library(package, [*paths, *dialect.paths]), dialect)


def load_catalog(
    package: str,
    *,
    paths: Sequence[str | os.PathLike[str]] = (),
    dialect: Dialect | None = None,
    use_cache: bool = True,
) -> Catalog:
    """The catalog of ``package``: from the cache when the source is unchanged, else extracted.

    When the package is not installed, a bundled catalog (torchvision 0.29) is returned instead;
    otherwise `LibraryNotFound` is raised.
    """
    dialect = dialect or Dialect()
    try:
        library = Library(package, [*paths, *dialect.paths])
    except LibraryNotFound:
        bundled = bundled_catalog(package)
        if bundled is None:
            raise
        return bundled
    key = cache.cache_key(library, dialect) if use_cache else None
    if key is not None:
        cached = cache.read(key)
        if cached is not None:
            return cached
    catalog = extract_catalog(library, dialect)
    if key is not None:
        cache.write(key, catalog)
    return catalog


def bundled_catalog(package: str) -> Catalog | None:
    file_name = BUNDLED.get(package)
    if file_name is None:
        return None
    import importlib.resources

    data = importlib.resources.files("weightlink.catalog").joinpath("data", file_name).read_text(encoding="utf-8")
    return Catalog.from_json(json.loads(data))

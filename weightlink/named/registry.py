"""Which string-named libraries are checked: the built-in ones (each turned off by its setting,
``timm = false``), and any a project names in ``string_libraries = ["module:ATTRIBUTE"]``
(a `weightlink.named.NamedLibrary` of its own: a reader module and its rules, nothing else)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from weightlink.named import NamedLibrary

# setting -> where the library is defined (imported only when a project checks it).
BUILT_IN: dict[str, str] = {
    "timm": "weightlink.named.timm:TIMM",
    "open_clip": "weightlink.named.open_clip:OPEN_CLIP",
    "smp": "weightlink.named.smp:SMP",
}


def named_libraries(
    turned_off: Sequence[str] = (), registered: Sequence[str] = (), *, base: Path | None = None
) -> list[NamedLibrary[object]]:
    """The libraries a project checks; ``registered`` ones are imported from ``base`` (the folder
    of the configuration that names them) too. Raises ValueError for a ``module:ATTRIBUTE`` that
    cannot be imported or is not a library."""
    found = [_load(where) for setting, where in BUILT_IN.items() if setting not in turned_off]
    return found + [_load(where, base) for where in registered]


def _load(where: str, base: Path | None = None) -> NamedLibrary[object]:
    module, _, attribute = where.partition(":")
    added = base is not None and str(base) not in sys.path
    if added:
        sys.path.insert(0, str(base))
    try:
        library = getattr(importlib.import_module(module), attribute or "LIBRARY")
    except (ImportError, AttributeError) as error:
        raise ValueError(f"string library {where!r} cannot be loaded: {error}") from error
    finally:
        if added:
            sys.path.remove(str(base))
    if not all(hasattr(library, name) for name in ("name", "functions", "screen", "load_catalog", "judge")):
        raise ValueError(f"string library {where!r} is not a weightlink.named.NamedLibrary")
    return library  # type: ignore[no-any-return]

"""Stubs for type checkers without a plugin (pyright, plain mypy), generated from the catalog.

``generate_stubs`` returns the files of a stub distribution for one library: a ``<library>-stubs``
package with a ``.pyi`` for every module that holds or re-exports the weights API (see
`weightlink.stubs.selection`), plus ``pyproject.toml`` and ``README.md``. ``write_stubs`` writes them.
The command line is ``weightlink stubs LIBRARY --out DIR``; docs/stubs.md explains the result.
"""

from __future__ import annotations

from pathlib import Path

from weightlink.catalog.model import Catalog
from weightlink.catalog.source import Library
from weightlink.dialect import Dialect
from weightlink.stubs.context import StubContext
from weightlink.stubs.distribution import distribution_name, py_typed, pyproject, readme
from weightlink.stubs.module import render_module
from weightlink.stubs.selection import described_modules, stub_path

__all__ = ["distribution_name", "generate_stubs", "write_stubs"]


def generate_stubs(catalog: Catalog, library: Library, dialect: Dialect | None = None) -> dict[str, str]:
    """Relative path -> text of every file of the stub distribution."""
    context = StubContext(catalog, library, dialect or Dialect())
    files: dict[str, str] = {}
    for module in described_modules(context):
        text = render_module(context, module)
        if text is not None:
            files[stub_path(context, module)] = text
    files[f"{library.package}-stubs/py.typed"] = py_typed()
    files["pyproject.toml"] = pyproject(library.package, library.version, [f for f in files if f.endswith(".pyi")])
    files["README.md"] = readme(library.package, library.version)
    return files


def write_stubs(files: dict[str, str], out: Path) -> list[Path]:
    """Write ``files`` under ``out``; stub files left from an earlier run that are no longer generated
    are removed (only ``.pyi`` files inside the ``-stubs`` folders are touched)."""
    written = []
    for relative, text in sorted(files.items()):
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    roots = {out / relative.partition("/")[0] for relative in files if relative.endswith(".pyi")}
    for root in roots:
        for stale in sorted(root.rglob("*.pyi")):
            if stale not in written:
                stale.unlink()
    return written

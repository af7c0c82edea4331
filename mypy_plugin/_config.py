"""The plugin's settings: the ``[weightlink]`` section of mypy.ini / setup.cfg or ``[tool.weightlink]``
of pyproject.toml, the same lists the catalog reads (see docs/catalog.md)."""

from __future__ import annotations

import sys

from weightlink.catalog import Dialect, dialect_from_config


def read_dialect(config_file: str | None) -> Dialect:
    """A bad setting is named on stderr and ignored; mypy still runs."""
    try:
        return dialect_from_config(config_file)
    except (ValueError, OSError) as error:
        print(f"weightlink: ignoring the [weightlink] settings: {error}", file=sys.stderr)
        return Dialect()

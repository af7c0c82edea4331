"""The plugin's settings: the ``[weightlink]`` section of mypy.ini / setup.cfg or ``[tool.weightlink]``
of pyproject.toml, the same section the catalog and the codemod read (see docs/catalog.md)."""

from __future__ import annotations

import sys

from weightlink.config import Settings, load_settings


def read_settings(config_file: str | None) -> Settings:
    """A bad setting is named on stderr and ignored; mypy still runs."""
    try:
        return load_settings(config_file)
    except (ValueError, OSError) as error:
        print(f"weightlink: ignoring the [weightlink] settings: {error}", file=sys.stderr)
        return Settings()

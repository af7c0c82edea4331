"""The plugin's settings: the ``[weightlink]`` section of mypy.ini / setup.cfg or ``[tool.weightlink]``
of pyproject.toml, the same section the catalog and the codemod read (see docs/catalog.md)."""

from __future__ import annotations

import sys

from weightlink.config import Settings, load_settings


def read_settings(config_file: str | None) -> Settings:
    """A bad setting stops mypy with one line naming it (exit 2, as mypy does for its own bad
    options): going on without it would drop what the user configured without a word."""
    try:
        return load_settings(config_file)
    except (ValueError, OSError) as error:
        print(f"weightlink: cannot use the [weightlink] settings: {error}", file=sys.stderr)
        raise SystemExit(2) from None

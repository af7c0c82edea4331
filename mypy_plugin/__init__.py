"""weightlink's mypy plugin: ``plugins = mypy_plugin`` in mypy.ini (or pyproject.toml).

It enforces the link between model builders and their weights Enums. See docs/mypy-plugin.md.
"""

from mypy_plugin._plugin import WeightlinkPlugin, plugin

__all__ = ["WeightlinkPlugin", "plugin"]

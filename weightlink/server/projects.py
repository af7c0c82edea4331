"""The project a document belongs to: the nearest configuration file with a weightlink section
above it, read once, one `Project` (catalogs loaded once) and `Checker` per file. A configuration
file that changed (its modification time and size, compared on every check, or the client's file
watcher) is read again; its project keeps the loaded catalogs unless what they are read with
changed (libraries, conventions, string-named libraries)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from weightlink.check.run import Checker
from weightlink.config import Settings, find_config, load_settings
from weightlink.project import Project


@dataclass
class _Entry:
    project: Project
    checker: Checker
    stamp: tuple[int, int] | None


class Projects:
    def __init__(self) -> None:
        self._configs: dict[Path, Path | None] = {}  # a document's folder -> its configuration file
        self._entries: dict[Path | None, _Entry] = {}

    def checker(self, path: Path) -> Checker:
        """The checker of the project ``path`` belongs to. Raises `weightlink.config.ConfigError`
        (a ValueError) or OSError for a configuration file that cannot be read."""
        config = self._config_of(path.parent)
        stamp = _stamp(config)
        if config is not None and stamp is None:  # deleted since: look again
            self._configs.clear()
            config = self._config_of(path.parent)
            stamp = _stamp(config)
        entry = self._entries.get(config)
        if entry is None:
            project = Project(load_settings(config))
            entry = self._entries[config] = _Entry(project, Checker(project=project), stamp)
        elif entry.stamp != stamp:
            _reconfigure(entry.project, load_settings(config))
            entry.checker, entry.stamp = Checker(project=entry.project), stamp
        return entry.checker

    def _config_of(self, folder: Path) -> Path | None:
        if folder not in self._configs:
            self._configs[folder] = find_config(folder)
        return self._configs[folder]

    def forget_locations(self) -> None:
        """A configuration file was created, moved or deleted: look each folder's up again."""
        self._configs.clear()


def _reconfigure(project: Project, settings: Settings) -> None:
    if _catalog_inputs(settings) != _catalog_inputs(project.settings):
        project.invalidate()
    project.settings = settings


def _catalog_inputs(settings: Settings) -> tuple[object, ...]:
    return settings.dialect, settings.libraries, settings.named_off, settings.string_libraries


def _stamp(config: Path | None) -> tuple[int, int] | None:
    if config is None:
        return None
    try:
        status = os.stat(config)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size

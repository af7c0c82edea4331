"""One project: its settings, the catalogs of the libraries it checks, and which of its files are
excluded, for every front end (``weightlink check``, the codemod, the pre-commit hooks, the editor
server). Catalogs are loaded on first use and kept until `Project.invalidate` (the editor server
calls it when a library or the settings change).

A command-line ``--library X`` adds X to the configured libraries, everywhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from weightlink.catalog import Catalog, load_catalog
from weightlink.config import Settings, find_config, load_settings
from weightlink.named import Loaded
from weightlink.named.registry import named_libraries
from weightlink.resolve.targets import Libraries
from weightlink.sources import discover, excluded_by

# What a folder walk checks: Python files and Jupyter notebooks (exclude "*.ipynb" to leave them out).
SOURCE_FILES = ("*.py", "*.ipynb")


class Project:
    def __init__(self, settings: Settings, library_paths: Sequence[str] = ()) -> None:
        self.settings = settings
        self.library_paths = tuple(library_paths)
        self._catalogs: list[Catalog] | None = None
        self._libraries: Libraries | None = None
        self._named: list[Loaded] | None = None

    @classmethod
    def configured(
        cls,
        config: str | Path | None = None,
        *,
        start: str | Path = ".",
        libraries: Sequence[str] = (),
        library_paths: Sequence[str] = (),
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        exclude: Sequence[str] = (),
    ) -> Project:
        """The settings of ``config`` (or the nearest config file above ``start``) with what a command
        line adds: libraries, ignored codes and excluded globs are added; ``select`` replaces."""
        settings = load_settings(config if config is not None else find_config(Path(start)))
        settings = replace(
            settings,
            extra_libraries=(*settings.extra_libraries, *libraries),
            select=tuple(select) or settings.select,
            ignore=(*settings.ignore, *ignore),
            exclude=(*settings.exclude, *exclude),
        )
        return cls(settings, library_paths)

    # -- what the front ends share --------------------------------------------------------------

    @property
    def catalogs(self) -> list[Catalog]:
        if self._catalogs is None:
            dialect = self.settings.dialect
            self._catalogs = [load_catalog(name, paths=self.library_paths, dialect=dialect) for name in self.settings.libraries]
        return self._catalogs

    @property
    def named(self) -> list[Loaded]:
        """The string-named libraries the project checks (their catalogs load at their first call)."""
        if self._named is None:
            settings = self.settings
            base = settings.source.parent if settings.source is not None else None
            libraries = named_libraries(settings.named_off, settings.string_libraries, base=base)
            self._named = [Loaded(library, self.library_paths) for library in libraries]
        return self._named

    @property
    def libraries(self) -> Libraries:
        if self._libraries is None:
            self._libraries = Libraries(self.catalogs, self.settings.dialect, self.named)
        return self._libraries

    def invalidate(self) -> None:
        """Forget the loaded catalogs (a library was installed or edited; the settings changed)."""
        self._catalogs = None
        self._named = None
        self._libraries = None

    # -- files ---------------------------------------------------------------------------------

    @property
    def root(self) -> Path:
        """Where relative ``exclude`` globs start: the config file's folder, else the current one."""
        return self.settings.source.parent if self.settings.source is not None else Path.cwd()

    def excluded(self, path: Path) -> bool:
        """Whether an ``exclude`` glob matches the file, seen from the project's root or the current
        folder (its path, its name, or a folder it is in), as ruff's ``--force-exclude`` matches a
        file named on the command line."""
        return excluded_by(path, self.settings.exclude, (self.root, Path.cwd()))

    def files(
        self,
        paths: Sequence[Path],
        *,
        respect_gitignore: bool = True,
        force_exclude: bool = False,
        include: Sequence[str] = SOURCE_FILES,
    ) -> list[Path]:
        """The files under ``paths`` this project checks (``include`` globs, less ``exclude``)."""
        return discover(
            paths, list(include), list(self.settings.exclude), respect_gitignore,
            force_exclude=force_exclude, roots=(self.root, Path.cwd()),
        )

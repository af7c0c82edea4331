"""A project's weightlink settings: ``[tool.weightlink]`` in pyproject.toml or ``[weightlink]`` in
mypy.ini / setup.cfg. One section serves every front end (mypy plugin, codemod, checker).

Keys are lists of strings (in an ini file: comma- or newline-separated) or booleans. The `Dialect`
keys extend the built-in conventions (see docs/catalog.md); ``libraries`` names model libraries to
check and migrate besides torchvision and the libraries the dialect describes; ``precise_types``
lets the mypy plugin give builder and registry calls their precise return types; ``select``,
``ignore`` (codes), ``paths`` (what to check when no path is given, relative to the config file) and
``exclude`` (file globs) configure ``weightlink check``.
"""

from __future__ import annotations

import configparser
import sys
from dataclasses import dataclass, field
from pathlib import Path

from weightlink.dialect import DEFAULT_DIALECT, DIALECT_KEYS, Dialect

LIST_SETTINGS = frozenset({"libraries", "select", "ignore", "paths", "exclude"})
BOOLEAN_SETTINGS = frozenset({"precise_types"})
SETTING_KEYS = LIST_SETTINGS | BOOLEAN_SETTINGS
CONFIG_FILES = ("pyproject.toml", "setup.cfg", "mypy.ini", ".mypy.ini")


@dataclass(frozen=True)
class Settings:
    dialect: Dialect = DEFAULT_DIALECT
    extra_libraries: tuple[str, ...] = ()
    precise_types: bool = False
    # weightlink check: codes to report (empty: all) and to leave out, what to check when no path
    # is given (absolute), and globs of files to skip.
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    source: Path | None = field(default=None, compare=False)  # the file they came from

    @property
    def libraries(self) -> tuple[str, ...]:
        """torchvision, the configured libraries and every library the dialect describes."""
        found = dict.fromkeys(["torchvision", *self.extra_libraries, *sorted(self.dialect.described_packages())])
        return tuple(found)


def load_settings(path: str | Path | None) -> Settings:
    """The settings in ``path`` (built-in defaults for None or a file without the section).

    Raises `ValueError` naming the file for an unknown key, `OSError` for an unreadable file.
    """
    if path is None:
        return Settings()
    config_path = Path(path)
    if not config_path.is_file():
        raise OSError(f"{config_path}: no such config file")
    section = read_section(config_path)
    unknown = set(section) - DIALECT_KEYS - SETTING_KEYS
    if unknown:
        raise ValueError(f"{config_path}: unknown weightlink setting(s): {', '.join(sorted(unknown))}")
    dialect_part = {key: values for key, values in section.items() if key in DIALECT_KEYS}
    return Settings(
        dialect=DEFAULT_DIALECT.extended(dialect_part, base_dir=str(config_path.parent)),
        extra_libraries=tuple(section.get("libraries", [])),
        select=tuple(section.get("select", [])),
        ignore=tuple(section.get("ignore", [])),
        paths=tuple(str(config_path.parent / path) for path in section.get("paths", [])),
        exclude=tuple(section.get("exclude", [])),
        precise_types=_boolean(config_path, "precise_types", section.get("precise_types", ["false"])),
        source=config_path,
    )


def _boolean(path: Path, key: str, values: list[str]) -> bool:
    text = values[0].strip().lower() if len(values) == 1 else ""
    if text in {"true", "yes", "on", "1"}:
        return True
    if text in {"false", "no", "off", "0"}:
        return False
    raise ValueError(f"{path}: weightlink setting {key} must be true or false, got {', '.join(values)!r}")


def dialect_from_config(path: str | Path | None) -> Dialect:
    """The built-in dialect extended with a project's ``[tool.weightlink]`` / ``[weightlink]`` lists."""
    return load_settings(path).dialect


def find_config(start: str | Path) -> Path | None:
    """The nearest config file with a weightlink section, from ``start`` up to the file system root."""
    folder = Path(start).resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_folder / name
            if candidate.is_file() and _has_section(candidate):
                return candidate
    return None


def read_section(path: Path) -> dict[str, list[str]]:
    if path.suffix == ".toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # mypy depends on tomli there
            import tomli as tomllib

        data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("weightlink", {})
        return {key: _as_list(value) for key, value in data.items()}
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    if not parser.has_section("weightlink"):
        return {}
    return {
        key: [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]
        for key, value in parser.items("weightlink")
    }


def _as_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def _has_section(path: Path) -> bool:
    try:
        if path.suffix == ".toml":
            return "weightlink" in path.read_text(encoding="utf-8") and bool(read_section(path))
        parser = configparser.ConfigParser()
        parser.read(path, encoding="utf-8")
        return parser.has_section("weightlink")
    except (OSError, ValueError, configparser.Error):
        return False

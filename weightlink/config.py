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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from weightlink.dialect import DEFAULT_DIALECT, DIALECT_KEYS, Dialect
from weightlink.named.registry import BUILT_IN

LIST_SETTINGS = frozenset({"libraries", "select", "ignore", "paths", "exclude", "string_libraries"})
# Each string-named library weightlink knows (weightlink.named.registry: timm, ...) can be turned off.
NAMED_SETTINGS = frozenset(BUILT_IN)
BOOLEAN_SETTINGS = frozenset({"precise_types"}) | NAMED_SETTINGS
SETTING_KEYS = LIST_SETTINGS | BOOLEAN_SETTINGS
CONFIG_FILES = ("pyproject.toml", "setup.cfg", "mypy.ini", ".mypy.ini")


class ConfigError(ValueError):
    """A config file that mentions weightlink but cannot be read: named with the position, never
    skipped (skipping would drop the user's ``ignore``/``exclude`` without a word)."""


@dataclass(frozen=True)
class Settings:
    dialect: Dialect = DEFAULT_DIALECT
    extra_libraries: tuple[str, ...] = ()
    precise_types: bool = False
    # String-named libraries (timm's model names in create_model/is_model strings, ...): the
    # built-in ones turned off (their settings set to false, ``timm = false``), and those a project
    # adds ("module:ATTRIBUTE", see weightlink.named).
    named_off: tuple[str, ...] = ()
    string_libraries: tuple[str, ...] = ()
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
        return builder_libraries(["torchvision", *self.extra_libraries, *sorted(self.dialect.described_packages())])


def builder_libraries(names: Iterable[str]) -> tuple[str, ...]:
    """The libraries whose builders take weights Enums, once each. timm is left out: it names its
    weights in strings, checked as a string-named library (the ``timm`` setting), not as builders."""
    return tuple(name for name in dict.fromkeys(names) if name != "timm")


def load_settings(path: str | Path | None) -> Settings:
    """The settings in ``path`` (built-in defaults for None or a file without the section).

    Raises `ConfigError` (a `ValueError`) naming the file for an unknown key or a file that cannot
    be parsed, `OSError` for an unreadable file.
    """
    if path is None:
        return Settings()
    config_path = Path(path)
    if not config_path.is_file():
        raise OSError(f"{config_path}: no such config file")
    section = read_section(config_path)
    unknown = set(section) - DIALECT_KEYS - SETTING_KEYS
    if unknown:
        raise ConfigError(f"{config_path}: unknown weightlink setting(s): {', '.join(sorted(unknown))}")
    dialect_part = {key: values for key, values in section.items() if key in DIALECT_KEYS}
    return Settings(
        dialect=DEFAULT_DIALECT.extended(dialect_part, base_dir=str(config_path.parent)),
        extra_libraries=tuple(section.get("libraries", [])),
        select=tuple(section.get("select", [])),
        ignore=tuple(section.get("ignore", [])),
        paths=tuple(str(config_path.parent / path) for path in section.get("paths", [])),
        exclude=tuple(section.get("exclude", [])),
        precise_types=_boolean(config_path, "precise_types", section.get("precise_types", ["false"])),
        named_off=tuple(sorted(key for key in NAMED_SETTINGS if not _boolean(config_path, key, section.get(key, ["true"])))),
        string_libraries=tuple(section.get("string_libraries", [])),
        source=config_path,
    )


def _boolean(path: Path, key: str, values: list[str]) -> bool:
    text = values[0].strip().lower() if len(values) == 1 else ""
    if text in {"true", "yes", "on", "1"}:
        return True
    if text in {"false", "no", "off", "0"}:
        return False
    raise ConfigError(f"{path}: weightlink setting {key} must be true or false, got {', '.join(values)!r}")


def dialect_from_config(path: str | Path | None) -> Dialect:
    """The built-in dialect extended with a project's ``[tool.weightlink]`` / ``[weightlink]`` lists."""
    return load_settings(path).dialect


def find_config(start: str | Path) -> Path | None:
    """The nearest config file with a weightlink section, from ``start`` up to the file system root.

    A file that mentions weightlink but cannot be parsed raises `ConfigError`; one that does not
    mention it is another tool's business and is passed over.
    """
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
    text = _read_text(path)
    if path.suffix == ".toml":
        return _toml_section(path, text)
    parser = _ini(path, text)
    if not parser.has_section("weightlink"):
        return {}
    return {
        key: [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]
        for key, value in parser.items("weightlink")
    }


def _ini(path: Path, text: str) -> configparser.ConfigParser:
    # No interpolation: a "%" in a value is a character, not a syntax error.
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as error:
        raise ConfigError(f"{path}: cannot be parsed: {_one_line(error)}") from None
    return parser


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 (byte {error.start}: {error.reason})") from None


def _toml_section(path: Path, text: str) -> dict[str, list[str]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # mypy depends on tomli there
        import tomli as tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    tool = data.get("tool", {})
    section = tool.get("weightlink", {}) if isinstance(tool, dict) else {}
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool] weightlink must be a table ([tool.weightlink]), got {section!r}")
    return {key: _as_list(path, key, value) for key, value in section.items()}


def _as_list(path: Path, key: str, value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, (str, bool, int, float)):
            raise ConfigError(
                f"{path}: weightlink setting {key} must be a string, a boolean or a list of them, got {value!r}"
            )
    return [str(item).lower() if isinstance(item, bool) else str(item) for item in items]


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _has_section(path: Path) -> bool:
    try:
        if b"weightlink" not in path.read_bytes():
            return False
    except OSError:
        return False
    if path.suffix == ".toml":
        return bool(read_section(path))
    return _ini(path, _read_text(path)).has_section("weightlink")

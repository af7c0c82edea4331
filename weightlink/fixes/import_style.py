"""How the project orders, wraps and sections its imports and how long its lines may be, so that a
fix writes what isort, ruff or black would: the line length and the isort options a project
configures (``[tool.ruff]`` and ruff.toml, ``[tool.isort]``, ``[isort]`` in setup.cfg, tox.ini or
.isort.cfg, ``[tool.black]``, flake8's ``max-line-length``), the sections (standard library,
third party, the project's own packages as ruff and isort find them: in the project's root or its
``src/``, or named by ``known-first-party``), and the sort keys isort and ruff use (modules
case-insensitive in natural order; names constants first, then classes, then the rest, when
``order-by-type`` is on, as by default).
"""

from __future__ import annotations

import configparser
import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - mypy depends on tomli there
    import tomli as tomllib

_NUMBER = re.compile(r"(\d+)")


@dataclass(frozen=True)
class ImportStyle:
    line_length: int = 88  # ruff's and black's default
    order_by_type: bool = True
    force_single_line: bool = False  # every name on its own ``from m import x`` line
    force_sort_within_sections: bool = False  # ``import x`` and ``from x import`` sorted together
    combine_as_imports: bool = False  # ``from m import a as b`` may share a line with other names
    first_party: frozenset[str] = frozenset()  # named first party by the configuration
    third_party: frozenset[str] = frozenset()  # named third party by the configuration
    roots: tuple[str, ...] = ()  # the project's source roots (its folder and its src/)

    def section(self, module: str) -> str:
        """The isort section of an import of ``module`` ("future", "stdlib", "third", "first", "local")."""
        if module.startswith("."):
            return "local"
        top = module.partition(".")[0]
        if top == "__future__":
            return "future"
        if top in self.third_party:
            return "third"
        if top in self.first_party or any(_in_root(root, module) for root in self.roots):
            return "first"
        return "stdlib" if top in sys.stdlib_module_names else "third"


@lru_cache(maxsize=4096)
def _in_root(root: str, module: str) -> bool:
    """What ruff takes for first party: the module's whole path is a package or a module under one
    of the project's source roots (``myproject/data.py`` for ``myproject.data``)."""
    path = Path(root, *module.split("."))
    return path.is_dir() or path.with_suffix(".py").is_file() or path.with_suffix(".pyi").is_file()


def natural_key(text: str) -> tuple[object, ...]:
    """Case-insensitive, numbers by value: ``ResNet18`` < ``ResNet50`` < ``ResNet101``."""
    return tuple(int(part) if part.isdigit() else part for part in _NUMBER.split(text.lower()))


def member_key(name: str, style: ImportStyle) -> tuple[object, ...]:
    """Where ``name`` sorts among the names of a ``from m import ...``."""
    if not style.order_by_type:
        return (0, natural_key(name), name)
    if len(name) > 1 and name.isupper():
        kind = 0  # CONSTANT
    elif name[:1].isupper():
        kind = 1  # Class
    else:
        kind = 2  # everything else
    return (kind, natural_key(name), name)


def statement_key(
    module: str, is_from: bool, style: ImportStyle, aliased: bool = False, first_name: str = ""
) -> tuple[object, ...]:
    """Where an import statement sorts within its section: by module, an ``as`` import after the
    plain one, then by its first name (one name a line, with ``force-single-line``)."""
    name = member_key(first_name, style) if first_name else ()
    if style.force_sort_within_sections:
        return (natural_key(module), is_from, aliased, name)
    return (is_from, natural_key(module), aliased, name)


# What the style is read from (the editor server watches them, and forgets the style on a change).
STYLE_FILES = ("pyproject.toml", "ruff.toml", ".ruff.toml", "setup.cfg", "tox.ini", ".isort.cfg", ".flake8")


def forget_styles() -> None:
    """Read every project's style again on next use (a configuration file changed)."""
    _style_in.cache_clear()
    _in_root.cache_clear()


def style_for(path: str | Path | None) -> ImportStyle:
    """The style configured for the project ``path`` belongs to (defaults when none is)."""
    folder = Path(path).resolve().parent if path else Path.cwd()
    return _style_in(folder)


@lru_cache(maxsize=64)
def _style_in(folder: Path) -> ImportStyle:
    for directory in (folder, *folder.parents):
        found = _configured(directory)
        if found is not None:
            return replace(found, roots=(str(directory), str(directory / "src")))
    return ImportStyle()


def _configured(directory: Path) -> ImportStyle | None:
    """The style of the first configuration in ``directory`` that says anything about imports, with
    the shortest line length any of its tools sets: MONAI formats with black at 120 and lints with
    ruff at 133, and a fixed line must pass both."""
    style = _first_configured(directory)
    if style is None:
        return None
    tool = _toml(directory / "pyproject.toml").get("tool")
    black = tool.get("black") if isinstance(tool, dict) else None
    lengths = [style.line_length]
    if isinstance(black, dict) and "line-length" in black:
        lengths.append(_number(black["line-length"], style.line_length))
    flake8 = _ini_section(directory, ("flake8",), files=("setup.cfg", "tox.ini", ".flake8")) or {}
    length = flake8.get("max-line-length", flake8.get("max_line_length"))
    if length is not None:
        lengths.append(_number(length, style.line_length))
    return replace(style, line_length=min(lengths))


def _first_configured(directory: Path) -> ImportStyle | None:
    pyproject = _toml(directory / "pyproject.toml")
    tool = pyproject.get("tool", {}) if isinstance(pyproject.get("tool"), dict) else {}
    for ruff in (tool.get("ruff"), _toml(directory / "ruff.toml") or None, _toml(directory / ".ruff.toml") or None):
        if isinstance(ruff, dict):
            return _from_ruff(ruff)
    isort = tool.get("isort") if isinstance(tool.get("isort"), dict) else _ini_section(directory, ("isort", "tool:isort"))
    if isort is not None:
        return _from_isort(isort, black=tool.get("black"))
    black = tool.get("black")
    if isinstance(black, dict):
        return ImportStyle(line_length=int(black.get("line-length", 88)))
    flake8 = _ini_section(directory, ("flake8",), files=("setup.cfg", "tox.ini", ".flake8")) or {}
    length = flake8.get("max-line-length", flake8.get("max_line_length"))
    if length is not None:
        return ImportStyle(line_length=_number(length, 79))
    if (directory / "pyproject.toml").is_file() or (directory / ".git").exists():
        return ImportStyle()  # the project's root, configured with defaults
    return None


def _number(value: object, default: int) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return default


def _names(value: object) -> frozenset[str]:
    """A list setting (``known-first-party``), as TOML gives it or as an ini value."""
    items = value if isinstance(value, list) else str(value or "").replace("\n", ",").split(",")
    return frozenset(str(item).strip() for item in items if str(item).strip())


def _from_ruff(ruff: dict[str, Any]) -> ImportStyle:
    lint = ruff.get("lint")
    isort = (lint.get("isort") if isinstance(lint, dict) else None) or ruff.get("isort")
    if not isinstance(isort, dict):
        isort = {}
    return ImportStyle(
        line_length=_number(ruff.get("line-length", 88), 88),
        order_by_type=bool(isort.get("order-by-type", True)),
        force_single_line=bool(isort.get("force-single-line", False)),
        force_sort_within_sections=bool(isort.get("force-sort-within-sections", False)),
        combine_as_imports=bool(isort.get("combine-as-imports", False)),
        first_party=_names(isort.get("known-first-party", [])),
        third_party=_names(isort.get("known-third-party", [])),
    )


_PROFILES: dict[str, dict[str, Any]] = {
    "black": {"line_length": 88, "combine_as_imports": True},
    "google": {"line_length": 1000, "force_single_line": True, "force_sort_within_sections": True},
    "django": {"line_length": 79},
    "pycharm": {"line_length": 79},
    "open_stack": {"force_single_line": True, "force_sort_within_sections": True, "line_length": 79},
    "plone": {"force_single_line": True, "force_sort_within_sections": True, "line_length": 200},
    "attrs": {"line_length": 79},
    "hug": {"line_length": 100},
    "wemake": {"line_length": 80},
}


def _from_isort(isort: dict[str, Any], black: object) -> ImportStyle:
    settings = {**_PROFILES.get(str(isort.get("profile", "")), {}), **isort}
    default_length = int(black.get("line-length", 79)) if isinstance(black, dict) else 79
    return ImportStyle(
        line_length=_number(settings.get("line_length", default_length), default_length),
        order_by_type=_true(settings.get("order_by_type", True)),
        force_single_line=_true(settings.get("force_single_line", False)),
        force_sort_within_sections=_true(settings.get("force_sort_within_sections", False)),
        combine_as_imports=_true(settings.get("combine_as_imports", False)),
        first_party=_names(settings.get("known_first_party", [])),
        third_party=_names(settings.get("known_third_party", [])),
    )


def _true(value: object) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1", "yes", "on")


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # a file the formatter cannot read either: its defaults


def _ini_section(
    directory: Path, sections: tuple[str, ...], files: tuple[str, ...] = ("setup.cfg", "tox.ini", ".isort.cfg")
) -> dict[str, Any] | None:
    for name in files:
        path = directory / name
        if not path.is_file():
            continue
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read(path, encoding="utf-8")
        except (OSError, UnicodeDecodeError, configparser.Error):
            continue
        for section in sections:
            if parser.has_section(section):
                return dict(parser.items(section))
        if name == ".isort.cfg" and parser.has_section("settings"):
            return dict(parser.items("settings"))
    return None

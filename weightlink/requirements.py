"""Which versions of a library a project says it supports: the requirements it declares in
pyproject.toml (``[project]`` dependencies and extras), setup.cfg (``install_requires``), setup.py
(requirement strings), and requirements*.txt files. A fix that needs a newer release than the
project admits (``weights=`` needs torchvision 0.13) is unsafe there.

A requirement without a version says nothing about old releases; only a declared bound counts.
Read with the stdlib alone, cached per folder."""

from __future__ import annotations

import configparser
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - tomli there
    import tomli as tomllib

_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt")
_REQUIREMENT = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?P<spec>[^;#]*)")
_CLAUSE = re.compile(r"(===|==|~=|!=|>=|<=|>|<)\s*([0-9][0-9A-Za-z.*+!-]*)")
_SETUP_STRING = re.compile(r"""["']([A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*(?:===|==|~=|>=|<=|>|<)[^"']*)["']""")


@dataclass(frozen=True)
class Declared:
    """A requirement of the project: where it is and the oldest release it admits (None: no bound)."""

    text: str
    source: str  # "pyproject.toml", "requirements.txt", ...
    oldest: tuple[int, ...] | None
    below: tuple[int, ...] | None  # an upper bound (exclusive), when there is one

    def admits_before(self, version: tuple[int, ...]) -> bool:
        """Whether a release older than ``version`` satisfies the requirement."""
        if self.oldest is not None:
            return self.oldest < version
        return self.below is not None and self.below <= version


def declared(package: str, start: Path) -> list[Declared]:
    """The project's requirements on ``package``, from the project folder ``start`` is in."""
    root = _project_root(start.resolve() if start.is_dir() else start.resolve().parent)
    if root is None:
        return []
    wanted = _canonical(package)
    return [found for found in _requirements(root) if _canonical(_REQUIREMENT.match(found.text).group("name")) == wanted]  # type: ignore[union-attr]


def admits_before(package: str, version: str, start: Path) -> Declared | None:
    """The first requirement that lets the project run ``package`` older than ``version``."""
    bound = _version(version)
    return next((found for found in declared(package, start) if bound and found.admits_before(bound)), None)


def forget_requirements() -> None:
    """Read every project's requirements again on next use (a requirements file changed)."""
    _project_root.cache_clear()
    _requirements.cache_clear()


@lru_cache(maxsize=256)
def _project_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).is_file() for marker in _MARKERS):
            return candidate
        if (candidate / ".git").exists():
            return None
    return None


@lru_cache(maxsize=64)
def _requirements(root: Path) -> tuple[Declared, ...]:
    found: list[Declared] = []
    pyproject = _read(root / "pyproject.toml")
    if pyproject:
        try:
            data = tomllib.loads(pyproject)
        except tomllib.TOMLDecodeError:
            data = {}
        project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
        texts = list(project.get("dependencies", []) or [])
        for extra in (project.get("optional-dependencies", {}) or {}).values():
            texts += list(extra or [])
        poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
        for name, spec in (poetry.get("dependencies", {}) or {}).items() if isinstance(poetry, dict) else []:
            if isinstance(spec, str):
                texts.append(f"{name}{_poetry(spec)}")
        found += [_parse(text, "pyproject.toml") for text in texts if isinstance(text, str)]
    setup_cfg = _read(root / "setup.cfg")
    if setup_cfg:
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(setup_cfg)
            texts = parser.get("options", "install_requires", fallback="").splitlines()
        except configparser.Error:
            texts = []
        found += [_parse(text, "setup.cfg") for text in texts if text.strip()]
    setup_py = _read(root / "setup.py")
    found += [_parse(text, "setup.py") for text in _SETUP_STRING.findall(setup_py)]
    for path in sorted([*root.glob("requirements*.txt"), *root.glob("requirements/*.txt")]):
        for line in _read(path).splitlines():
            if line.strip() and not line.lstrip().startswith(("#", "-")):
                found.append(_parse(line, path.relative_to(root).as_posix()))
    return tuple(found)


def _parse(text: str, source: str) -> Declared:
    match = _REQUIREMENT.match(text)
    spec = match.group("spec") if match else ""
    oldest: tuple[int, ...] | None = None
    below: tuple[int, ...] | None = None
    for operator, version in _CLAUSE.findall(spec):
        parsed = _version(version.rstrip(".*"))
        if not parsed:
            continue
        if operator in (">=", ">", "==", "===", "~="):
            oldest = parsed if oldest is None else max(oldest, parsed)
        elif operator in ("<", "<="):
            below = parsed if below is None else min(below, parsed)
    return Declared(text.strip(), source, oldest, below)


def _poetry(spec: str) -> str:
    """Poetry's ``^0.8`` / ``~0.8`` / ``0.8.*`` as a lower bound."""
    spec = spec.strip()
    if spec.startswith(("^", "~")) and not spec.startswith("~="):
        return f">={spec[1:]}"
    return spec if spec[:1] in "<>=!~" else (f"=={spec}" if spec and spec != "*" else "")


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for part in text.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        parts.append(int(digits.group()))
    return tuple(parts)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError):
        return ""

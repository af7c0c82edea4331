"""Helper virtual environments for tests that install something (stubs, a built wheel).

Built from the *running* interpreter's environment, never from the base interpreter's: in a virtual
environment, ``system_site_packages=True`` would give the helper the base interpreter's
site-packages (an old setuptools, no torch, no weightlink), not the packages the suite runs with.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path


def running_site_dirs() -> list[str]:
    """The running interpreter's site folders, user site included when it is on ``sys.path``."""
    folders = [*site.getsitepackages()]
    user_site = site.getusersitepackages()
    if site.ENABLE_USER_SITE and user_site in sys.path:
        folders.append(user_site)
    return [folder for folder in dict.fromkeys(folders) if Path(folder).is_dir()]


def python_of(base: Path) -> Path:
    return base / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def site_packages_of(base: Path) -> Path:
    return Path(sysconfig.get_path("purelib", vars={"base": str(base), "platbase": str(base)}))


def overlay_venv(base: Path) -> tuple[Path, Path]:
    """(python, site-packages) of a new virtual environment whose own site-packages come first and
    which then sees every package of the running environment, ``.pth`` files (editable installs)
    included: ``site.addsitedir`` in a ``.pth`` line processes them, a plain path line would not.

    Each folder is also written as a plain path line, first: checkers that read site-packages without
    running Python (ty, zuban) follow only those, and so find torch there as in a user's one
    environment. Python's ``sys.path`` is the same with them (``addsitedir`` does not add a folder
    twice, but still processes its ``.pth`` files)."""
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(base)
    site_packages = site_packages_of(base)
    folders = running_site_dirs()
    lines = "".join(f"{folder}\n" for folder in folders)
    lines += "".join(f"import site; site.addsitedir({folder!r})\n" for folder in folders)
    # "zz": .pth files are read in name order; the running environment's come after the helper's own.
    (site_packages / "zz_running_environment.pth").write_text(lines, encoding="utf-8")
    return python_of(base), site_packages


def clean_venv(base: Path) -> Path:
    """A virtual environment with pip and nothing else (no checkout, no running-environment packages)."""
    venv.EnvBuilder(with_pip=True, symlinks=os.name != "nt").create(base)
    return python_of(base)


def build_wheels(sources: list[Path], out: Path) -> list[Path]:
    """Wheels of local source trees, built by the running interpreter (its setuptools, no download)."""
    out.mkdir(parents=True, exist_ok=True)
    before = set(out.glob("*.whl"))
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    run([*command, "--no-index", "--wheel-dir", str(out), *map(str, sources)])
    return sorted(set(out.glob("*.whl")) - before)


def pip_install_wheels(python: Path, wheels: list[Path]) -> None:
    """Installs ready wheels into another environment: nothing is built there, nothing downloaded."""
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", *map(str, wheels)])


def run(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
    """Runs a command; a failure shows its output instead of a bare ``CalledProcessError``."""
    result = subprocess.run(command, capture_output=True, text=True, check=False, **options)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result

"""weightlink as a user installs it: ``python -m build`` makes an sdist and a wheel that ``twine check``
accepts; the wheel, installed into a clean virtual environment with no checkout on the path, runs
the checker and the codemod with no extra, and with its extras runs the home page's quickstart, the
LibCST command and the mypy plugin.

The extras' dependencies (mypy, LibCST, torchvision's source) come from the package index, pinned
by constraints.txt as in the suite's own environment.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.environments import clean_venv, run
from tests.test_docs import console_commands, environment_with_bin, read_blocks, run_commands, titled_files

ROOT = Path(__file__).resolve().parents[1]
# What a build of the package needs: the distribution's own files, nothing else of the checkout.
PACKAGE_FILES = ["pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "weightlink", "mypy_plugin", "codemods"]


@functools.cache
def built() -> tuple[Path, Path]:
    """(sdist, wheel), built from a copy of the package's files (the checkout stays untouched)."""
    base = Path(tempfile.mkdtemp(prefix="weightlink-build-"))
    source = base / "source"
    for name in PACKAGE_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(base / "dist"), str(source)])
    (sdist,) = (base / "dist").glob("*.tar.gz")
    (wheel,) = (base / "dist").glob("*.whl")
    return sdist, wheel


@functools.cache
def installed() -> Path:
    """A clean virtual environment with only the wheel (no extras) installed; returns its bin folder."""
    _, wheel = built()
    python = clean_venv(Path(tempfile.mkdtemp(prefix="weightlink-venv-")) / "venv")
    run([str(python), "-m", "pip", "install", "--quiet", str(wheel)])
    return python.parent


def user_project(tmp_path: Path) -> Path:
    """The home page's quickstart project, outside the checkout."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name, text in titled_files(ROOT / "docs" / "index.md").items():
        (tmp_path / name).write_text(text)
    return tmp_path


def shell(command: str, folder: Path, bin_folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], cwd=folder, env=environment_with_bin(bin_folder),
        capture_output=True, text=True, check=False, timeout=600,
    )


def test_the_sdist_and_the_wheel_pass_twine_check() -> None:
    sdist, wheel = built()
    result = run([sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)])
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_the_wheel_carries_the_bundled_catalog_and_the_type_marker() -> None:
    import zipfile

    _, wheel = built()
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"weightlink/py.typed", "weightlink/catalog/data/torchvision-0.29.json"} <= names
    assert any(name.endswith("licenses/LICENSE") for name in names)
    assert not any(name.startswith(("tests/", "examples/", "docs/")) for name in names)


def test_from_the_wheel_alone_the_checker_and_the_codemod_run(tmp_path: Path) -> None:
    """No extra needed: the checker, its fixes and the codemod use the stdlib parser alone."""
    bin_folder = installed()
    project = user_project(tmp_path)
    where = shell("python -c 'import weightlink; print(weightlink.__file__)'", project, bin_folder)
    assert str(bin_folder.parent) in where.stdout and str(ROOT) not in where.stdout, where.stdout
    assert shell("python -c 'import libcst'", project, bin_folder).returncode == 1  # really without it

    check = shell("weightlink check .", project, bin_folder)
    assert check.returncode == 1 and check.stdout.count("weights-legacy") == 2, check.stdout + check.stderr
    diff = shell("python -m codemods.migrate_pretrained --diff train.py", project, bin_folder)
    assert diff.returncode == 0 and "+model = resnet50(weights=ResNet50_Weights.IMAGENET1K_V1)" in diff.stdout, diff.stderr
    fixed = shell("weightlink check --fix .", project, bin_folder)
    assert "fixed train.py: 2 calls migrated" in fixed.stderr, fixed.stderr
    assert "pretrained=" not in (project / "train.py").read_text()
    server = shell("weightlink server < /dev/null", project, bin_folder)  # without its extra: one line
    assert (server.returncode, server.stderr) == (2, "weightlink server needs pygls: pip install 'weightlink[server]'\n"), server.stderr


def test_with_its_extras_the_wheel_runs_the_quickstart_the_codemod_and_the_plugin(tmp_path: Path) -> None:
    bin_folder = installed()
    _, wheel = built()
    constraints = str(ROOT / "constraints.txt")
    run([str(bin_folder / "python"), "-m", "pip", "install", "--quiet", "-c", constraints, f"{wheel}[codemod,mypy]"])
    run([str(bin_folder / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "torchvision==0.29.1"])

    # The quickstart, exactly as the home page shows it (check, then --fix).
    project = user_project(tmp_path / "quickstart")
    wrong = run_commands(console_commands(ROOT / "docs" / "index.md"), project, environment_with_bin(bin_folder))
    assert not wrong, "\n\n".join(wrong)

    # The codemod's own entry point and the mypy plugin, on a fresh copy of the project.
    project = user_project(tmp_path / "tools")
    (project / "mypy.ini").write_text("[mypy]\nplugins = mypy_plugin\n")
    mypy = shell("mypy train.py", project, bin_folder)
    assert mypy.returncode == 1 and mypy.stdout.count("[weights-legacy]") == 2, mypy.stdout + mypy.stderr
    assert "[weights-mismatch]" in mypy.stdout, mypy.stdout
    codemod = shell("python -m codemods.migrate_pretrained train.py", project, bin_folder)
    assert codemod.returncode == 0, codemod.stderr
    assert "2 call sites rewritten" in codemod.stderr and "pretrained=" not in (project / "train.py").read_text()

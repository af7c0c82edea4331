"""One hostile file never takes down a run: every front end names it with the reason, exits 2, and
still checks or migrates the normal file beside it; the hostile files' bytes are never touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import codemods.migrate_pretrained.runner as runner
from weightlink import sources

LEGACY = "from torchvision.models import resnet50\nmodel = resnet50(pretrained=True)\n"

# Each defeats a parser in its own way: recursion (Python's parser, LibCST's native one, which
# segfaults), memory (Python 3.11 raises MemoryError), or time (LibCST on long flat chains).
HOSTILE_TEXT = {
    "deep.py": "y = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "unary.py": "y = " + "-" * 7000 + "1\n",
    "chain.py": "y = " + "+".join(["a"] * 100_000) + "\n",
    "attrs.py": "y = a" + ".a" * 100_000 + "\n",
    "ifs.py": "if x == 0:\n    y = 0\n" + "".join(f"elif x == {i}:\n    y = {i}\n" for i in range(1, 20_000)) + "else:\n    y = -1\n",
}
HOSTILE_BYTES = {
    "latin.py": LEGACY.encode() + b"name = '\xff'\n",
    "nul.py": LEGACY.encode() + b"x = 1\0\n",
}


def hostile_folder(root: Path) -> list[str]:
    """The normal file, every hostile file (each starts like the normal one, so no pre-filter can
    skip it), a FIFO and a broken link. Returns the names a run must report."""
    (root / "normal.py").write_text(LEGACY)
    for name, text in HOSTILE_TEXT.items():
        (root / name).write_text(LEGACY + text)
    for name, data in HOSTILE_BYTES.items():
        (root / name).write_bytes(data)
    os.mkfifo(root / "fifo.py")
    (root / "dangling.py").symlink_to(root / "missing.py")
    return [*HOSTILE_TEXT, *HOSTILE_BYTES, "fifo.py", "dangling.py"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.iterdir() if p.is_file() and not p.is_symlink() and p.name != "normal.py"}


def run(module: str, *args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)


def test_the_checker_names_every_hostile_file_and_checks_the_normal_one(tmp_path: Path) -> None:
    bad = hostile_folder(tmp_path)
    before = snapshot(tmp_path)
    result = run("weightlink", "check", *sorted(p.name for p in tmp_path.iterdir()), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "normal.py:2:" in result.stdout and "weights-legacy" in result.stdout
    for name in bad:
        assert name in result.stdout + result.stderr, name
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_codemod_names_every_hostile_file_and_migrates_the_normal_one(tmp_path: Path, jobs: str) -> None:
    bad = hostile_folder(tmp_path)
    before = snapshot(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    result = run("codemods.migrate_pretrained", "-j", jobs, "--timeout", "60", *names, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "weights=ResNet50_Weights.IMAGENET1K_V1" in (tmp_path / "normal.py").read_text()
    for name in bad:
        assert f"{name}: error:" in result.stderr, (name, result.stderr)
    assert "line None" not in result.stderr
    assert snapshot(tmp_path) == before


def hostile_library(root: Path) -> None:
    """``hostlib``: one good builder beside star imports in a circle, files Python's parser gives up
    on (each mentions what the catalog looks for, so no text screen passes it over), a FIFO and a
    broken link."""
    library = root / "hostlib"
    library.mkdir()
    (library / "__init__.py").write_text("from .a import *\nfrom .good import *\n")
    (library / "a.py").write_text("from .b import *\n")
    (library / "b.py").write_text("from .a import *\n")
    (library / "good.py").write_text(
        textwrap.dedent(
            """
            from weightlink import WeightEntry, Weights, register_model

            class Net_Weights(Weights):
                V1 = WeightEntry(url="https://x.invalid/v1.pt", meta={})

            @register_model()
            def net(*, weights: Net_Weights | None = None):
                return None
            """
        )
    )
    mention = "from weightlink import register_model\n"
    (library / "deep.py").write_text(mention + "y = " + "(" * 5000 + "1" + ")" * 5000 + "\n")
    (library / "unary.py").write_text(mention + "y = " + "-" * 7000 + "1\n")
    (library / "nul.py").write_bytes(mention.encode() + b"x = 1\0\n")
    os.mkfifo(library / "fifo.py")
    (library / "dangling.py").symlink_to(library / "missing.py")


USE = "from hostlib import net\nfrom hostlib.good import Net_Weights\nnet(weights=Net_Weights.V1)\nnet(weights='V2')\n"


def test_the_catalog_lists_what_it_cannot_read_in_a_library_and_reads_the_rest(tmp_path: Path) -> None:
    hostile_library(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.weightlink]\nlibraries = ["hostlib"]\n')
    catalog = run("weightlink", "catalog", "hostlib", "--path", str(tmp_path), cwd=tmp_path, timeout=60)
    assert catalog.returncode == 0, catalog.stderr
    assert "Traceback" not in catalog.stderr
    for name in ("deep.py", "unary.py", "nul.py", "fifo.py", "dangling.py"):
        assert name in catalog.stdout + catalog.stderr, name
    (tmp_path / "use.py").write_text(USE)
    check = run("weightlink", "check", "use.py", "--library-path", str(tmp_path), cwd=tmp_path, timeout=60)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "use.py:4:" in check.stdout and "use.py:3:" not in check.stdout


def test_the_plugin_survives_a_hostile_library(tmp_path: Path) -> None:
    hostile_library(tmp_path)
    (tmp_path / "mypy.ini").write_text("[mypy]\nplugins = mypy_plugin\nmypy_path = .\n\n[weightlink]\nlibraries = hostlib\n")
    (tmp_path / "use.py").write_text(USE)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "use.py"], cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False
    )
    assert "INTERNAL ERROR" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "use.py:4: error:" in result.stdout and "[weights-unknown]" in result.stdout, result.stdout


BAD_SETTINGS = {
    "toml-syntax": ("pyproject.toml", b"[tool.weightlink]\nignore = [\n", "pyproject.toml: not valid TOML"),
    "toml-not-utf8": ("pyproject.toml", b"[tool.weightlink]\nignore = ['\xff']\n", "pyproject.toml:2: not UTF-8"),
    "toml-not-a-table": ("pyproject.toml", b"[tool]\nweightlink = 'x'\n", "must be a table"),
    "toml-exclude-a-table": ("pyproject.toml", b"[tool.weightlink]\nexclude = {a = 1}\n", "exclude"),
    "ini-duplicate-key": ("setup.cfg", b"[weightlink]\nignore = weights-legacy\nignore = weights-unknown\n", "setup.cfg: cannot be parsed"),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
@pytest.mark.parametrize("front_end", ["check", "codemod"])
def test_settings_that_cannot_be_read_are_an_error_naming_the_file(tmp_path: Path, case: str, front_end: str) -> None:
    name, data, expected = BAD_SETTINGS[case]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "train.py").write_text(LEGACY)
    if front_end == "check":
        result = run("weightlink", "check", "train.py", cwd=tmp_path, timeout=60)
    else:
        result = run("codemods.migrate_pretrained", "train.py", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "train.py").read_text() == LEGACY  # nothing is migrated under settings it could not read


def test_settings_of_other_tools_that_cannot_be_parsed_are_passed_over(tmp_path: Path) -> None:
    # A setup.cfg that never mentions weightlink is not ours to judge.
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-line-length = 100\nmax-line-length = 120\n")
    (tmp_path / "train.py").write_text(LEGACY)
    result = run("weightlink", "check", "train.py", cwd=tmp_path, timeout=60)
    assert result.returncode == 1 and "weights-legacy" in result.stdout


def test_a_percent_sign_in_an_ini_setting_is_a_character(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[weightlink]\nexclude = 100%_*.py\n")
    (tmp_path / "100%_old.py").write_text(LEGACY)
    (tmp_path / "train.py").write_text(LEGACY)
    result = run("weightlink", "check", ".", cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "train.py" in result.stdout and "100%_old.py" not in result.stdout


def test_a_library_path_that_is_not_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(LEGACY)
    result = run("weightlink", "check", "train.py", "--library-path", "train.py", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert "not a folder: train.py" in result.stderr


def test_a_library_that_cannot_be_found_names_the_option_that_finds_it(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(LEGACY)
    for module, args in (("weightlink", ["check"]), ("codemods.migrate_pretrained", [])):
        result = run(module, *args, "--library", "nosuchlib", "train.py", cwd=tmp_path, timeout=60)
        assert result.returncode == 2, (module, result.stderr)
        assert "nosuchlib" in result.stderr and "--library-path" in result.stderr, result.stderr


# The codemod's write.


def test_a_symlinked_file_stays_a_link_and_its_target_is_migrated(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "train.py").write_text(LEGACY)
    work = tmp_path / "work"
    work.mkdir()
    (work / "train.py").symlink_to(real / "train.py")
    result = run("codemods.migrate_pretrained", "train.py", cwd=work, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (work / "train.py").is_symlink()
    assert "weights=ResNet50_Weights.IMAGENET1K_V1" in (real / "train.py").read_text()


def test_a_hard_linked_file_is_refused_not_split(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(LEGACY)
    os.link(tmp_path / "train.py", tmp_path / "other_name.py")
    (tmp_path / "normal.py").write_text(LEGACY)
    result = run("codemods.migrate_pretrained", "train.py", "normal.py", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert "train.py: error:" in result.stderr and "link" in result.stderr
    assert os.stat(tmp_path / "train.py").st_ino == os.stat(tmp_path / "other_name.py").st_ino
    assert (tmp_path / "train.py").read_text() == LEGACY
    assert "weights=" in (tmp_path / "normal.py").read_text()


def test_mode_is_kept(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(LEGACY)
    os.chmod(tmp_path / "train.py", 0o750)
    assert run("codemods.migrate_pretrained", "train.py", cwd=tmp_path, timeout=60).returncode == 0
    assert os.stat(tmp_path / "train.py").st_mode & 0o777 == 0o750


def test_a_file_edited_while_the_run_is_in_progress_is_left_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "train.py").write_text(LEGACY)
    read = sources.read_source

    def read_then_someone_edits(path: Path) -> sources.SourceFile:
        source = read(path)
        time.sleep(0.01)
        path.write_text(LEGACY + "# the user's edit\n")
        return source

    monkeypatch.setattr(runner, "read_source", read_then_someone_edits)
    result = runner.migrate_file(tmp_path / "train.py", runner.RunSettings())
    assert result.error is not None and "changed on disk" in result.error
    assert not result.changed
    assert (tmp_path / "train.py").read_text() == LEGACY + "# the user's edit\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.py").write_text(LEGACY)
    (tmp_path / "b.py").write_text(LEGACY)
    os.chmod(locked, 0o555)
    try:
        result = run("codemods.migrate_pretrained", "-j", "2", "locked/a.py", "b.py", cwd=tmp_path, timeout=60)
    finally:
        os.chmod(locked, 0o755)
    assert result.returncode == 2
    assert "locked/a.py: error: not written" in result.stderr
    assert "weights=" in (tmp_path / "b.py").read_text()


def test_a_file_deleted_after_reading_is_reported_not_recreated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "train.py").write_text(LEGACY)
    read = sources.read_source

    def read_then_deleted(path: Path) -> sources.SourceFile:
        source = read(path)
        path.unlink()
        return source

    monkeypatch.setattr(runner, "read_source", read_then_deleted)
    result = runner.migrate_file(tmp_path / "train.py", runner.RunSettings())
    assert result.error is not None and result.error.startswith("not written")
    assert not (tmp_path / "train.py").exists()  # not recreated from a stale read


def many_files(root: Path, count: int) -> None:
    for i in range(count):
        (root / f"m{i}.py").write_text(LEGACY * 200)


def test_ctrl_c_ends_with_a_short_message_and_exit_130(tmp_path: Path) -> None:
    many_files(tmp_path, 60)
    process = subprocess.Popen(
        [sys.executable, "-m", "codemods.migrate_pretrained", "-j", "2", "."], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the run ended before the interrupt")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    for path in tmp_path.glob("*.py"):
        text = path.read_text()
        assert text == LEGACY * 200 or "pretrained=True" not in text  # untouched or fully migrated
    assert not [p for p in tmp_path.iterdir() if not p.name.endswith(".py")]  # no temp file left


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    many_files(tmp_path, 60)
    process = subprocess.Popen(
        [sys.executable, "-m", "codemods.migrate_pretrained", "-j", "2", "."],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(3)
    children = _children(process.pid)
    process.kill()
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)]
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"

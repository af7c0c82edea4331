"""The plugin on excerpts of real code (tests/real_code/): turning it on adds its own reports and
nothing else, with the one-line setup and with a setup that already follows torchvision.

Each configuration is one mypy run over the whole folder (cold runs cost ~15 s each).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from weightlink.catalog import load_catalog
from weightlink.rules.codes import CODES

REAL_CODE = Path(__file__).parent / "real_code"
PLUGIN_CODES = {code.name for code in CODES}
_LINE = re.compile(r"^(?P<file>[\w.]+\.py):(?P<line>\d+): (?P<severity>error|note): (?P<message>.*?)(?:  \[(?P<code>[\w-]+)\])?$")

BASE = "[mypy]\ncheck_untyped_defs = True\n"
FOLLOWS_TORCHVISION = "\n[mypy-torchvision.*]\nfollow_untyped_imports = True\n"
CONFIGS = {
    "plain": BASE,
    "plain+plugin": BASE + "plugins = mypy_plugin\n",
    "follows": BASE + FOLLOWS_TORCHVISION,
    "follows+plugin": BASE + "plugins = mypy_plugin\n" + FOLLOWS_TORCHVISION,
}

# Every deprecated call in the excerpts, by file and line.
LEGACY_CALLS = {
    ("config_values.py", 8),
    ("config_values.py", 9),
    ("config_values.py", 10),
    ("detection_heads.py", 9),
    ("feature_slicing.py", 11),
    ("layer_surgery.py", 10),
    ("typed_models.py", 18),
}


def run_mypy(folder: Path, config: str) -> Counter[tuple[str, int, str, str, str | None]]:
    (folder / "mypy.ini").write_text(config)
    files = sorted(p.name for p in folder.glob("*.py"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--cache-dir", str(folder / ".cache"), *files],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    found: Counter[tuple[str, int, str, str, str | None]] = Counter()
    for line in result.stdout.splitlines():
        match = _LINE.match(line)
        if match:
            found[(match["file"], int(match["line"]), match["severity"], match["message"], match["code"])] += 1
    return found


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Counter[tuple[str, int, str, str, str | None]]]:
    results = {}
    for name, config in CONFIGS.items():
        folder = tmp_path_factory.mktemp(name.replace("+", "_"))
        for source in REAL_CODE.glob("*.py"):
            shutil.copy(source, folder / source.name)
        results[name] = run_mypy(folder, config)
    return results


BUILDERS = {builder.name for builder in load_catalog("torchvision").builders.values()}


def _builder_argument(report: tuple[str, int, str, str, str | None]) -> bool:
    """mypy's own error for a keyword a builder does not take, and its note on where the builder is:
    the plugin's argument checks of builder calls (docs/mypy-plugin.md)."""
    _, _, severity, message, code = report
    if code == "call-arg":
        return any(message.endswith(f'for "{name}"') or f'for "{name}";' in message for name in BUILDERS)
    return severity == "note" and any(message.startswith(f'"{name}" defined in ') for name in BUILDERS)


def _compat_note(report: tuple[str, int, str, str, str | None]) -> bool:
    """The plugin's weights-legacy note on a legacy call kept for an old torchvision (mypy prints
    notes without their code)."""
    _, _, severity, message, _ = report
    return severity == "note" and message.startswith("compatibility branch for ")


@pytest.mark.parametrize(("without", "with_plugin"), [("plain", "plain+plugin"), ("follows", "follows+plugin")])
def test_enabling_the_plugin_adds_only_its_own_reports(
    reports: dict[str, Counter[tuple[str, int, str, str, str | None]]], without: str, with_plugin: str
) -> None:
    added = reports[with_plugin] - reports[without]
    foreign = [
        report
        for report in added.elements()
        if report[4] not in PLUGIN_CODES and not _builder_argument(report) and not _compat_note(report)
    ]
    assert not foreign, "\n".join(map(str, foreign))
    removed = reports[without] - reports[with_plugin]
    # The one-line setup makes mypy read torchvision.models: its import-untyped reports go away. Where
    # mypy itself types a weights argument (torchvision followed by hand), the plugin says it instead.
    rephrased = {(r[0], r[1]) for r in added.elements() if r[4] == "weights-mismatch"}
    unexpected = [r for r in removed.elements() if r[4] not in ("import-untyped", None) and not (r[4] == "arg-type" and (r[0], r[1]) in rephrased)]
    assert not unexpected, unexpected


@pytest.mark.parametrize("config", ["plain+plugin", "follows+plugin"])
def test_every_deprecated_call_is_reported(
    reports: dict[str, Counter[tuple[str, int, str, str, str | None]]], config: str
) -> None:
    legacy = {(r[0], r[1]) for r in reports[config] if r[4] == "weights-legacy"}
    assert legacy == LEGACY_CALLS


def test_the_messages_read_as_a_user_needs_them(reports: dict[str, Counter[tuple[str, int, str, str, str | None]]]) -> None:
    messages = {(r[0], r[1]): r[3] for r in reports["plain+plugin"] if r[4] == "weights-legacy"}
    assert messages[("config_values.py", 8)] == (
        'pretrained= of "resnet152" is deprecated; use weights=ResNet152_Weights.IMAGENET1K_V1 if '
        'config.get(\'pretrained\', True) else None (the weights pretrained=True loaded; DEFAULT is now IMAGENET1K_V2)'
    )
    assert messages[("config_values.py", 10)] == 'pretrained= of "r2plus1d_18" is deprecated (pretrained=False); use weights=None'

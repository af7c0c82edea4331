"""Run `weightlink check` and mypy with the plugin on the same tree, and list every (file, line, code)
only one of them reports. A disagreement is a bug in one of them, or an undecidable pattern listed
in docs/checker.md.

    python scripts/differential.py TREE [TREE ...] [--noise] [--json OUT]

Each immediate folder of TREE that holds Python files is one project (a corpus laid out as
``<owner>+<repo>/...``); a TREE with Python files at its top is one project itself. mypy runs once
per project (``check_untyped_defs``, ``ignore_missing_imports``, ``follow_imports = silent``, one
cache for all) so that files of different projects never clash as modules.

``--noise`` also runs mypy without the plugin and lists what the plugin adds that is not one of its
own findings: the plugin promises to add nothing else.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from weightlink.catalog import load_catalog
from weightlink.rules import messages
from weightlink.rules.codes import CODES

OWN_CODES = {code.name for code in CODES}
# mypy's own codes the plugin raises at builder calls (the checker reports them the same way).
CALL_CODES = {"call-arg", "attr-defined"}
MYPY_LINE = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|note): (?P<message>.*?)(?:  \[(?P<code>[\w-]+)\])?$")


@dataclass(frozen=True)
class Report:
    file: str  # relative to the tree
    line: int
    code: str
    message: str
    tool: str

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.file, self.line, self.code)


def projects(tree: Path) -> list[Path]:
    if any(tree.glob("*.py")):
        return [tree]
    return sorted(folder for folder in tree.iterdir() if folder.is_dir() and any(folder.rglob("*.py")))


LIBRARIES: list[str] = []  # --library: other model libraries, for both front ends


def mypy_config(plugin: bool) -> str:
    lines = ["[mypy]", "ignore_missing_imports = True", "check_untyped_defs = True", "follow_imports = silent"]
    lines += ["explicit_package_bases = True", "namespace_packages = True", "show_column_numbers = True"]
    lines += ["hide_error_context = True", "no_error_summary = True", "warn_unused_configs = False"]
    if plugin:
        lines.append("plugins = mypy_plugin")
        if LIBRARIES:
            lines += ["", "[weightlink]", f"libraries = {', '.join(LIBRARIES)}"]
    return "\n".join(lines) + "\n"


def run_mypy(project: Path, tree: Path, plugin: bool, cache: Path) -> list[Report]:
    files = sorted(str(path.relative_to(project)) for path in project.rglob("*.py"))
    reports, clash = _mypy(project, tree, plugin, cache, files)
    if clash:  # two files map to one module name (folders that are not packages): one file a run
        reports = [report for file in files for report in _mypy(project, tree, plugin, cache, [file])[0]]
    return reports


def _mypy(project: Path, tree: Path, plugin: bool, cache: Path, files: list[str]) -> tuple[list[Report], bool]:
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "mypy.ini"
        config.write_text(mypy_config(plugin))
        command = [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache), *files]
        done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    if "Duplicate module named" in done.stdout:
        return [], True
    if done.returncode not in (0, 1):
        print(f"mypy failed on {project}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}", file=sys.stderr)
    reports = []
    for line in done.stdout.splitlines():
        match = MYPY_LINE.match(line)
        if match:
            file = str((project / match["file"]).relative_to(tree))
            code = match["code"] or match["severity"]
            reports.append(Report(file, int(match["line"]), code, match["message"], "plugin" if plugin else "mypy"))
    return reports, False


def run_checker(tree: Path) -> list[Report]:
    command = [sys.executable, "-m", "weightlink", "check", "--format", "json", "--no-gitignore", "."]
    command += [f"--library={library}" for library in LIBRARIES]
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False)
    found = json.loads(done.stdout or '{"findings": []}')
    return [Report(f["path"].removeprefix("./"), f["line"], f["code"], f["message"], "checker") for f in found["findings"]]


def builder_names() -> set[str]:
    catalog = load_catalog("torchvision")
    return {builder.name for builder in catalog.builders.values()} | {enum.name for enum in catalog.enums.values()}


def weights_related(report: Report, names: set[str]) -> bool:
    """The plugin's own codes, and mypy's call-arg / attr-defined where they name a builder or Enum."""
    if report.code in OWN_CODES:
        return True
    if report.code == "call-arg":
        return any(report.message.endswith(f'for "{name}"') or f'for "{name}";' in report.message for name in names)
    if report.code == "attr-defined":
        return report.message.startswith(('"type[', 'Module "torchvision'))
    return False


# Legacy-call notes: mypy prints a plugin's notes without their code.
_NOTE_WORDING = re.compile(r"^compatibility branch for |before weights= \(0\.13\)|^not checked: ")


def with_note_codes(reports: list[Report]) -> list[Report]:
    return [
        Report(r.file, r.line, "weights-legacy", r.message, r.tool) if r.code == "note" and _NOTE_WORDING.search(r.message) else r
        for r in reports
    ]


# Undecidable for the plugin, listed in docs/checker.md: a builder picked at run time.
UNDECIDABLE = {messages.dynamic_builder_call(keyword) for keyword in ("pretrained", "pretrained_backbone")} | {
    messages.compat_branch_left("torchvision", version, picked_at_run_time=True) for version in (None, "0.13")
}


def compare(left: Iterable[Report], right: Iterable[Report]) -> tuple[list[Report], list[Report], int]:
    left_keys = {r.key: r for r in left}
    right_keys = {r.key: r for r in right}
    only_left = [r for key, r in left_keys.items() if key not in right_keys]
    only_right = [r for key, r in right_keys.items() if key not in left_keys]
    return sorted(only_left, key=lambda r: r.key), sorted(only_right, key=lambda r: r.key), len(left_keys.keys() & right_keys.keys())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--noise", action="store_true", help="also list what the plugin adds beyond its own findings")
    parser.add_argument("--json", type=Path, help="write every report and difference here")
    parser.add_argument("--library", action="append", default=[], help="another model library to check (repeatable)")
    args = parser.parse_args(argv)
    LIBRARIES[:] = args.library
    names = builder_names()
    everything: dict[str, object] = {}
    disagreements = 0
    with tempfile.TemporaryDirectory() as cache_folder:
        cache = Path(cache_folder)
        for tree in (path.resolve() for path in args.trees):
            checker = [r for r in run_checker(tree) if weights_related(r, names)]
            plugin_all: list[Report] = []
            plain: list[Report] = []
            for project in projects(tree):
                plugin_all += run_mypy(project, tree, plugin=True, cache=cache / "plugin")
                if args.noise:
                    plain += run_mypy(project, tree, plugin=False, cache=cache / "plain")
            plugin = [r for r in with_note_codes(plugin_all) if weights_related(r, names)]
            only_checker, only_plugin, shared = compare(checker, plugin)
            undecidable = [r for r in only_checker if r.message in UNDECIDABLE]
            only_checker = [r for r in only_checker if r.message not in UNDECIDABLE]
            disagreements += len(only_checker) + len(only_plugin)
            print(f"{tree}: {len(set(r.file for r in checker + plugin))} files with findings; {shared} shared, "
                  f"{len(only_checker)} only the checker's, {len(only_plugin)} only the plugin's, "
                  f"{len(undecidable)} undecidable for the plugin (a builder picked at run time)")
            for report in only_checker + only_plugin:
                print(f"  only {report.tool}: {report.file}:{report.line}: {report.code}: {report.message}")
            noise: list[Report] = []
            if args.noise:
                added, _, _ = compare(plugin_all, plain)
                noise = [r for r in added if not weights_related(r, names) and r.code != "note"]
                print(f"  the plugin adds {len(noise)} other diagnostics")
                for report in noise:
                    print(f"  noise: {report.file}:{report.line}: {report.code}: {report.message}")
            everything[str(tree)] = {
                "checker": [asdict(r) for r in checker],
                "plugin": [asdict(r) for r in plugin],
                "only_checker": [asdict(r) for r in only_checker],
                "only_plugin": [asdict(r) for r in only_plugin],
                "undecidable": [asdict(r) for r in undecidable],
                "noise": [asdict(r) for r in noise],
            }
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1))
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())

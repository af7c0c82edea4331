"""``weightlink check`` vs mypy with the plugin (cold cache) and vs TorchFix 0.7.0, side by side in one run.

Run: python bench/bench_checker.py [--modules 60] [--real DIR] [--repeat 3] [--json OUT] [--torchfix-venv DIR]
Targets: at least 20x faster than mypy + plugin with a cold cache on a generated project, at least 30x
on real code, and at least 50x faster than TorchFix on a 300-file repository (pytorch-image-models).

1. A generated project of --modules modules calling torchvision builders, one call in four wrong
   (another builder's weights, an unknown name, pretrained=, a meta conflict). ``weightlink check``
   against ``mypy`` with the one-line plugin setup and a fresh cache each run. Both tools' findings are
   compared too: the checker must report what the plugin reports, line for line.
2. Real code: every ``.py`` file under --real (a folder of public files that call torchvision, such
   as a corpus gathered for scripts/differential.py), copied flat into one project; without --real,
   the real-code excerpts and shared cases of this repository. Same comparison as 1.
3. pytorch-image-models from PyPI (as in bench_codemod.py; generated in its shape without network):
   ``weightlink check``, its timm model-name checks on, against ``torchfix`` (report only, its
   default rules).

Every tool runs as a subprocess, as a user runs it, timed with the wall clock; each row is the median
of --repeat runs, the tools interleaved so that a busy machine slows them alike. Exit code 0, or 2
when TorchFix cannot be set up.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_codemod import DEFAULT_VENV, REPO, TORCHFIX_VERSION, SetupError, _clean_env, ensure_torchfix, timm_tree  # noqa: E402

MYPY_TARGET, REAL_TARGET, TORCHFIX_TARGET = 20.0, 30.0, 50.0
# Without --real: this repository's own real-code excerpts and shared cases.
IN_REPO_REAL_CODE = [REPO / "tests" / "real_code", REPO / "tests" / "shared_cases", REPO / "examples" / "plugin_demo"]

CALLS = [
    "models.resnet50(weights=models.ResNet50_Weights.DEFAULT)",
    'models.resnet18(weights="IMAGENET1K_V1", progress=False)',
    "detection.fasterrcnn_resnet50_fpn(weights=None, weights_backbone=models.ResNet50_Weights.IMAGENET1K_V2, num_classes=3)",
    'models.get_model("vit_b_16", weights="DEFAULT")',
    # the wrong ones
    "models.resnet50(weights=models.ResNet101_Weights.IMAGENET1K_V2)",
    'models.resnet18(weights="IMAGENET1K_V9")',
    "models.vgg16(pretrained=True)",
    "models.resnet50(weights=models.ResNet50_Weights.IMAGENET1K_V2, num_classes=10)",
]

MODULE = """\
from torchvision import models
from torchvision.models import detection


def build_{index}(pretrained: bool) -> object:
    if pretrained:
        return {first}
    return {second}
"""

# One code per plugin diagnostic the checker shares (mypy prints them as "error: ... [code]").
SHARED_CODES = ("weights-mismatch", "weights-unknown", "model-unknown", "weights-legacy", "weights-meta-conflict", "call-arg")
# Errors only (notes are informational, and mypy prints a plugin's notes without their code).
_MYPY_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): error: (?P<message>.*)  \[(?P<code>[\w-]+)\]$")
_CHECK_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):\d+: (?P<code>[\w-]+) (?!note: )(?P<message>.*)$")
_CALLEE = re.compile(r'for "(?P<callee>[\w.]+)"')


@dataclass
class Row:
    tool: str
    seconds: float  # median wall clock
    runs: list[float] = field(default_factory=list)
    findings: int = 0


@dataclass
class Comparison:
    title: str
    files: int
    baseline: str
    target: float
    rows: list[Row]
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.rows[1].seconds / self.rows[0].seconds

    def print(self) -> None:
        print(f"\n{self.title}: {self.files} .py files")
        print(f"{'tool':34} {'median s':>9} {'findings':>9} {'x faster':>9}")
        for row in self.rows:
            print(f"{row.tool:34} {row.seconds:9.2f} {row.findings:9} {self.rows[1].seconds / row.seconds:8.1f}x")
        for note in self.notes:
            print(f"  {note}")
        verdict = "ok" if self.ratio >= self.target else "MISSED"
        print(f"  weightlink check vs {self.baseline}: {self.ratio:.1f}x (target >= {self.target:.0f}x) {verdict}")


def generate_project(root: Path, modules: int) -> None:
    package = root / "project"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for index in range(modules):
        first, second = CALLS[index % len(CALLS)], CALLS[(index * 3 + 1) % 4]  # the second call is always right
        (package / f"mod_{index}.py").write_text(MODULE.format(index=index, first=first, second=second))
    (root / "mypy.ini").write_text("[mypy]\nplugins = mypy_plugin\n")


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1) or "Traceback (most recent call last)" in done.stderr:
        raise SetupError(f"{command[:3]} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds, done.stdout


def findings_of(output: str, pattern: re.Pattern[str]) -> set[tuple[str, int, str]]:
    """(file, line, code) of the weights findings; mypy's call-arg only where it names a builder."""
    from weightlink.catalog import load_catalog

    builders = {builder.name for builder in load_catalog("torchvision").builders.values()}
    found = set()
    for line in output.splitlines():
        match = pattern.match(line)
        callee = _CALLEE.search(match["message"]) if match and match["code"] == "call-arg" else None
        if match and match["code"] == "call-arg" and (callee is None or callee["callee"] not in builders):
            continue
        if match and match["code"] in SHARED_CODES:
            found.add((Path(match["path"]).as_posix(), int(match["line"]), match["code"]))
    return found


def real_project(root: Path, sources: list[Path]) -> int:
    """Every .py file under ``sources``, copied into ``root/project`` under a flat unique name (so that
    mypy sees no two modules of one name); returns how many."""
    package = root / "project"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    count = 0
    for source in sources:
        for path in sorted(source.rglob("*.py")):
            relative = path.relative_to(source).with_suffix("").as_posix()
            flat = re.sub(r"\W", "_", f"{source.name}_{relative}")
            (package / f"m_{flat}.py").write_bytes(path.read_bytes())
            count += 1
    config = "[mypy]\nplugins = mypy_plugin\ncheck_untyped_defs = True\nignore_missing_imports = True\n"
    if sources == IN_REPO_REAL_CODE:
        # Its cases call torchgeo and tinyzoo too: both tools are told so, as a project would tell them
        # (the plugin would otherwise still see them by their types; the checker needs the setting).
        config += "\n[weightlink]\nlibraries = torchgeo, tinyzoo\n"
    (root / "mypy.ini").write_text(config)
    return count


def against_mypy(root: Path, modules: int, repeat: int, real: list[Path] | None = None) -> Comparison:
    if real is None:
        generate_project(root, modules)
        title, files, target = f"generated project ({modules} modules calling torchvision)", modules + 1, MYPY_TARGET
    else:
        files = real_project(root, real)
        title, target = f"real code ({', '.join(path.name for path in real)})", REAL_TARGET
    env = {**os.environ, "WEIGHTLINK_CACHE_DIR": str(root / ".weightlink-cache")}
    check = [sys.executable, "-m", "weightlink", "check", "project"]
    timed(check, root, env)  # builds the catalog cache once: both tools read the same cached catalog
    runs: dict[str, list[float]] = {"check": [], "mypy": []}
    outputs: dict[str, str] = {}
    for attempt in range(repeat):
        seconds, outputs["check"] = timed(check, root, env)
        runs["check"].append(seconds)
        cache = root / f".mypy-cache-{attempt}"
        seconds, outputs["mypy"] = timed([sys.executable, "-m", "mypy", "--cache-dir", str(cache), "project"], root, env)
        runs["mypy"].append(seconds)
        shutil.rmtree(cache, ignore_errors=True)
    checker, plugin = findings_of(outputs["check"], _CHECK_LINE), findings_of(outputs["mypy"], _MYPY_LINE)
    notes = [f"findings on the same (file, line, code): {len(checker & plugin)} shared, "
             f"{len(checker - plugin)} only the checker's, {len(plugin - checker)} only the plugin's"]
    rows = [
        Row("weightlink check", statistics.median(runs["check"]), runs["check"], len(checker)),
        Row("mypy + plugin (cold cache)", statistics.median(runs["mypy"]), runs["mypy"], len(plugin)),
    ]
    return Comparison(title, files, "mypy + plugin (cold cache)", target, rows, notes)


def against_torchfix(root: Path, torchfix: Path, cache: Path, repeat: int) -> Comparison:
    source = timm_tree(root, cache, files=304)
    files = sum(1 for _ in (root / "timm").rglob("*.py"))
    check = [sys.executable, "-m", "weightlink", "check", "timm", "--no-gitignore"]
    # Builds the catalog caches once (the timm catalog of this tree, read from it: `python -m` puts the
    # tree on sys.path); TorchFix keeps no cache to warm.
    timed(check, root, dict(os.environ))
    runs: dict[str, list[float]] = {"check": [], "torchfix": []}
    outputs: dict[str, str] = {}
    for _ in range(repeat):
        seconds, outputs["check"] = timed(check, root, dict(os.environ))
        runs["check"].append(seconds)
        seconds, outputs["torchfix"] = timed([str(torchfix), "timm"], root, _clean_env())
        runs["torchfix"].append(seconds)
    rows = [
        Row("weightlink check", statistics.median(runs["check"]), runs["check"], len(outputs["check"].splitlines())),
        Row(f"TorchFix {TORCHFIX_VERSION} (report only)", statistics.median(runs["torchfix"]), runs["torchfix"],
            len(outputs["torchfix"].splitlines())),
    ]
    return Comparison(f"pytorch-image-models ({source})", files, f"TorchFix {TORCHFIX_VERSION}", TORCHFIX_TARGET, rows,
                      ["timm's model-name checks on (the default)",
                       "findings differ by design: TorchFix's rules are about torch APIs, the checker's about weights"])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--modules", type=int, default=60, help="modules of the generated project (default 60)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the median counts")
    parser.add_argument("--real", type=Path, action="append", help="a folder of real code (repeatable; default: the repo's excerpts)")
    parser.add_argument("--torchfix-venv", type=Path, default=DEFAULT_VENV, help="virtualenv for TorchFix")
    parser.add_argument("--json", type=Path, help="also write the results to this file (bench/benchmarks_page.py reads it)")
    args = parser.parse_args(argv)
    if args.modules < 8 or args.repeat < 1:
        parser.error("--modules must be at least 8 and --repeat at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        torchfix = ensure_torchfix(args.torchfix_venv.expanduser())
        with tempfile.TemporaryDirectory(prefix="bench-checker-") as temporary:
            scratch = Path(temporary)
            for name in ("mypy", "real", "timm"):
                (scratch / name).mkdir()
            real = [path.resolve() for path in args.real] if args.real else IN_REPO_REAL_CODE
            comparisons = [
                against_mypy(scratch / "mypy", args.modules, args.repeat),
                against_mypy(scratch / "real", args.modules, args.repeat, real=real),
                against_torchfix(scratch / "timm", torchfix, args.torchfix_venv.expanduser().parent, args.repeat),
            ]
    except SetupError as error:
        print(f"bench_checker: setup failed: {error}", file=sys.stderr)
        return 2
    print(f"weightlink check from {REPO}, run by {sys.executable}")
    for comparison in comparisons:
        comparison.print()
    met = all(c.ratio >= c.target for c in comparisons)
    print(f"\n{'all targets met' if met else 'target missed'}")
    if args.json:
        args.json.write_text(json.dumps([{**asdict(c), "ratio": c.ratio} for c in comparisons], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

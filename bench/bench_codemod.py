"""The pretrained= -> weights= codemod vs TorchFix 0.7.0 (rule TOR201), side by side in one run.

Run: python bench/bench_codemod.py [--files 2000] [--repeat 3] [--torchfix-venv DIR] [--no-single-core]
Targets: throughput (files/s) at least 10x TorchFix's on the first two trees, and ``--check`` at
least 50x faster than TorchFix's report-only run on the pytorch-image-models tree (all-cores rows).

Both tools rewrite files in place, so every run of every tool gets a fresh copy of its tree, made
before the clock starts. Two trees:

1. torchvision's own source (found without importing it): large, real modules; no legacy calls.
2. A generated project of --files modules of 40-120 lines (fixed seed, so runs are comparable):
   1 in 20 modules calls a builder the legacy way (five forms, round robin), 15% use torchvision the
   modern way, 60% use only torch, 20% use neither.
3. pytorch-image-models (timm): a large real repository with few torchvision calls whose own
   builders take ``pretrained=``. Its package comes from PyPI (``pip download timm``, cached beside
   TorchFix's virtualenv); without network, a generated tree of the same shape (--timm-files
   modules defining timm-style builders, a few of them importing torchvision). Here both tools
   only report: ``--check`` against TorchFix without ``--fix``.

Each tool runs as its users run it, as a subprocess timed with the wall clock: ours is
``python -m codemods.migrate_pretrained DIR --no-gitignore`` (default --jobs: all cores), TorchFix is
``torchfix --fix --select TOR201 DIR`` (its default --jobs is also all cores). The --jobs 1 rows of
both give the single-core ratio. Each row is the median of --repeat runs, interleaved so that a
busy machine slows every tool alike. Next to the timing: files each tool changed, files whose
rewrite does not parse, and ``pretrained=`` / ``pretrained_backbone=`` left in the tree.

TorchFix 0.7.0 needs libcst<1.6 and the project uses libcst 1.9, so TorchFix lives in its own
virtualenv, created once (default ~/.cache/weightlink/bench-torchfix-venv). Exit code 0, or 2 when
that setup fails.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TORCHFIX_VERSION = "0.7.0"
DEFAULT_VENV = Path.home() / ".cache" / "weightlink" / "bench-torchfix-venv"
TARGET_RATIO = 10.0
TIMM_TARGET_RATIO = 50.0
TIMM_VERSION = "1.0.31"  # 304 modules: the "300-file repository" of the targets
SEED = 20240611
LEGACY_ARGUMENT = re.compile(rb"\bpretrained(?:_backbone)?\s*=")


class SetupError(Exception):
    """The benchmark cannot run: the message says why."""


# --- TorchFix's virtualenv -------------------------------------------------------------------


def ensure_torchfix(venv: Path) -> Path:
    """The torchfix executable of ``venv``, creating the virtualenv and installing TorchFix once."""
    executable = venv / "bin" / "torchfix"
    if _torchfix_version(executable) == TORCHFIX_VERSION:
        return executable
    print(f"setting up TorchFix {TORCHFIX_VERSION} in {venv} (once)...", file=sys.stderr)
    if not (venv / "bin" / "python").exists():
        _setup_step([sys.executable, "-m", "venv", str(venv)], "create the virtualenv")
    _setup_step(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", f"torchfix=={TORCHFIX_VERSION}"],
        f"pip install torchfix=={TORCHFIX_VERSION}",
    )
    if _torchfix_version(executable) != TORCHFIX_VERSION:
        raise SetupError(f"{executable} does not report version {TORCHFIX_VERSION} after installing it")
    return executable


def _torchfix_version(executable: Path) -> str | None:
    if not executable.exists():
        return None
    done = subprocess.run([str(executable), "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def _setup_step(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=_clean_env())
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise SetupError(f"could not {what} (exit {done.returncode}):\n{tail}")


def _clean_env() -> dict[str, str]:
    """No PYTHONPATH: TorchFix must see its own libcst, not ours."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


# --- the trees ---------------------------------------------------------------------------------


def torchvision_source() -> Path:
    """The installed torchvision package folder, found without importing torchvision."""
    spec = importlib.util.find_spec("torchvision")
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise SetupError("torchvision is not installed: cannot find its source tree")
    return Path(locations[0])


LEGACY_FORMS: list[tuple[str, str]] = [
    ("from torchvision import models", "models.resnet50(pretrained=True)"),
    ("import torchvision", "torchvision.models.resnet18(pretrained=False)"),
    ("from torchvision.models import vgg16", "vgg16(pretrained=True)"),
    (
        "from torchvision.models.detection import fasterrcnn_resnet50_fpn",
        "fasterrcnn_resnet50_fpn(pretrained=True, pretrained_backbone=False)",
    ),
    ("import torchvision", "torchvision.models.quantization.resnet50(pretrained=True, quantize=True)"),
]

MODERN_VISION: list[tuple[str, str]] = [
    ("from torchvision import transforms", "transforms.Compose([transforms.Resize({n}), transforms.ToTensor()])"),
    ("from torchvision.models import resnet50, ResNet50_Weights", "resnet50(weights=ResNet50_Weights.DEFAULT)"),
    ("import torchvision", "torchvision.datasets.ImageFolder(root, transform=None)"),
    ("from torchvision.ops import nms", "nms(boxes, scores, iou_threshold=0.{n})"),
]

WORDS = (
    "anchor batch block cache channel crop embed feature frame grid head image label layer loss mask "
    "metric patch pixel pool query region sample scale score stage token voxel window"
).split()
VERBS = "apply build collect compute encode filter gather load merge normalize prepare project reduce split".split()


@dataclass
class ModulePlan:
    kind: str  # "plain", "torch", "vision" or "legacy"
    imports: list[str] = field(default_factory=list)
    init_lines: list[str] = field(default_factory=list)  # extra lines in the class's __init__


def timm_tree(destination: Path, cache: Path, files: int) -> str:
    """pytorch-image-models' package from PyPI, or a generated tree of its shape; says which."""
    wheel_dir = cache / f"timm-{TIMM_VERSION}"
    if not any(wheel_dir.glob("*.whl")):
        wheel_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", f"timm=={TIMM_VERSION}", "-d", str(wheel_dir)]
        subprocess.run(command, capture_output=True, check=False)
    wheels = sorted(wheel_dir.glob("*.whl"))
    if wheels:
        import zipfile

        with zipfile.ZipFile(wheels[0]) as archive:
            members = [name for name in archive.namelist() if name.startswith("timm/") and name.endswith(".py")]
            archive.extractall(destination, members)
        return f"timm {TIMM_VERSION} from PyPI"
    _generate_timm_like(destination / "timm", files)
    return "generated in timm's shape (PyPI not reachable)"


def _generate_timm_like(root: Path, count: int, seed: int = SEED) -> None:
    """Modules that define and call their own ``pretrained=`` builders; 1 in 16 imports torchvision."""
    rng = random.Random(seed)
    for index in range(count):
        folder = root / ("models" if index % 3 else rng.choice(["layers", "data", "utils"]))
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{rng.choice(WORDS)}net_{index}"
        lines = ["from functools import partial", "", "import torch", "from torch import nn", ""]
        if index % 16 == 0:
            lines[2:2] = ["import torchvision", "from torchvision.models import resnet50, ResNet50_Weights"]
        lines += [f"def _create_{name}(variant, pretrained=False, **kwargs):", "    return build_model_with_cfg(variant, pretrained, **kwargs)", ""]
        for depth in rng.sample([18, 26, 34, 50, 101, 152], 3):
            lines += [
                f"def {name}{depth}(pretrained=False, **kwargs) -> nn.Module:",
                f"    model_args = dict(depth={depth}, width={rng.randint(16, 256)})",
                f"    return _create_{name}('{name}{depth}', pretrained=pretrained, **dict(model_args, **kwargs))",
                "",
            ]
        if index % 16 == 0:
            lines += ["def teacher():", "    return resnet50(weights=ResNet50_Weights.DEFAULT)", ""]
        lines += _torch_function(rng)
        (folder / f"{name}.py").write_text("\n".join(lines) + "\n")


def generate_tree(root: Path, count: int, seed: int = SEED) -> dict[str, int]:
    """Write ``count`` modules under ``root``; return how many of each kind."""
    rng = random.Random(seed)
    legacy = set(rng.sample(range(count), count // 20))
    kinds: dict[str, int] = {}
    for index in range(count):
        plan = _plan(rng, legacy_form=kinds.get("legacy", 0) if index in legacy else None)
        kinds[plan.kind] = kinds.get(plan.kind, 0) + 1
        path = root / f"pkg_{index // 50:02d}" / f"{rng.choice(WORDS)}_{index:04d}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_module_text(rng, plan), encoding="utf-8")
    return kinds


def _plan(rng: random.Random, legacy_form: int | None) -> ModulePlan:
    if legacy_form is not None:
        import_line, call = LEGACY_FORMS[legacy_form % len(LEGACY_FORMS)]
        plan = ModulePlan("legacy", [import_line], [f"self.backbone = {call}"])
        if rng.random() < 0.3:  # a second call site of another form
            import_line, call = LEGACY_FORMS[(legacy_form + 2) % len(LEGACY_FORMS)]
            plan.imports.append(import_line)
            plan.init_lines.append(f"self.extra = {call}")
        return plan
    roll = rng.random() * 0.95  # the legacy 5% are already taken
    if roll < 0.15:
        import_line, expression = rng.choice(MODERN_VISION)
        return ModulePlan("vision", [import_line], [f"self.vision = {expression.format(n=rng.randint(2, 9))}"])
    if roll < 0.75:
        return ModulePlan("torch")
    return ModulePlan("plain")


def _module_text(rng: random.Random, plan: ModulePlan) -> str:
    uses_torch = plan.kind != "plain"
    header = _header(rng, plan, uses_torch)
    klass = _torch_class(rng, plan) if uses_torch else _config_class(rng)
    lines = header + klass
    goal = rng.randint(42, 105)  # a function is at most 14 lines: modules end up 40-120 lines long
    while len(lines) < goal:
        lines += _torch_function(rng) if uses_torch and rng.random() < 0.6 else _plain_function(rng)
    return "\n".join(lines).rstrip() + "\n"


def _header(rng: random.Random, plan: ModulePlan, uses_torch: bool) -> list[str]:
    standard = sorted(["import logging", "import os", *rng.sample(["import json", "import math", "import time"], 2)])
    imports = ["from __future__ import annotations", "", *standard, "from dataclasses import dataclass"]
    if uses_torch:
        imports += ["", "import torch", "import torch.nn as nn", "import torch.nn.functional as F"]
    imports += sorted(set(plan.imports))
    topic = rng.choice(WORDS)
    return [f'"""{topic.capitalize()} utilities for the {rng.choice(WORDS)} pipeline."""', "", *imports, "",
            "logger = logging.getLogger(__name__)",
            f"DEFAULT_{topic.upper()}_SIZE = {rng.randint(8, 512)}", ""]


def _torch_class(rng: random.Random, plan: ModulePlan) -> list[str]:
    name = f"{rng.choice(WORDS).capitalize()}{rng.choice(['Block', 'Head', 'Encoder', 'Decoder', 'Net'])}"
    channels, hidden = rng.choice([3, 16, 32, 64]), rng.choice([64, 128, 256])
    lines = [
        "",
        f"class {name}(nn.Module):",
        f'    """A {rng.choice(WORDS)} {rng.choice(WORDS)} module."""',
        "",
        f"    def __init__(self, in_channels: int = {channels}, hidden: int = {hidden}) -> None:",
        "        super().__init__()",
        "        self.conv = nn.Conv2d(in_channels, hidden, kernel_size=3, padding=1)",
        "        self.norm = nn.BatchNorm2d(hidden)",
        f"        self.dropout = nn.Dropout(p=0.{rng.randint(1, 5)})",
        *[f"        {line}" for line in plan.init_lines],
        "",
        "    def forward(self, x: torch.Tensor) -> torch.Tensor:",
        "        x = F.relu(self.norm(self.conv(x)))",
        "        x = self.dropout(x)",
        f"        return x.flatten({rng.randint(1, 2)})",
        "",
    ]
    return lines


def _config_class(rng: random.Random) -> list[str]:
    fields = rng.sample(WORDS, rng.randint(3, 6))
    return [
        "",
        "@dataclass",
        f"class {rng.choice(WORDS).capitalize()}Config:",
        *[f"    {name}_count: int = {rng.randint(1, 100)}" for name in fields],
        f'    output_dir: str = "{rng.choice(WORDS)}s"',
        "",
        "    def describe(self) -> str:",
        f"        return str(sorted(self.__dict__.items()))[:{rng.randint(40, 200)}]",
        "",
    ]


def _torch_function(rng: random.Random) -> list[str]:
    noun = rng.choice(WORDS)
    lines = [
        "",
        f"def {rng.choice(VERBS)}_{noun}s(x: torch.Tensor, scale: float = {rng.uniform(0.1, 4):.2f}) -> torch.Tensor:",
        f'    """{rng.choice(VERBS).capitalize()} the {noun} tensor."""',
        "    y = x * scale",
    ]
    for step in range(rng.randint(1, 5)):
        lines += rng.choice([
            [f"    y = torch.clamp(y, min=-{rng.randint(1, 9)}, max={rng.randint(1, 9)})"],
            [f"    if y.dim() > {rng.randint(2, 4)}:", f"        y = y.flatten({rng.randint(1, 2)})"],
            [f"    y = F.softmax(y, dim=-1) * {rng.randint(1, 5)}"],
            [f"    y = torch.cat([y, y.mean(dim=0, keepdim=True)], dim=0)  # step {step}"],
            [f'    logger.debug("{noun} step {step}: %s", tuple(y.shape))'],
        ])
    return [*lines, "    return y", ""]


def _plain_function(rng: random.Random) -> list[str]:
    noun = rng.choice(WORDS)
    lines = [
        "",
        f"def {rng.choice(VERBS)}_{noun}_counts(items: list[str], limit: int = {rng.randint(10, 999)})"
        " -> dict[str, int]:",
        f'    """Count the {noun}s, at most ``limit`` of them."""',
        "    counts: dict[str, int] = {}",
        "    for item in items[:limit]:",
        "        key = item.strip().lower()",
        "        counts[key] = counts.get(key, 0) + 1",
    ]
    if rng.random() < 0.5:
        lines += [f"    if len(counts) > {rng.randint(5, 50)}:",
                  f'        logger.info("many {noun}s: %d", len(counts))']
    if rng.random() < 0.5:
        lines += ['    path = os.path.join("out", f"{len(counts)}.json")', "    start = time.time()"]
    return [*lines, "    return counts", ""]


# --- running the tools -------------------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    name: str  # "ours" or "TorchFix"
    jobs: str  # "1" or "all (N)"
    command: Callable[[Path], list[str]]
    cwd: Path
    env: dict[str, str]

    @property
    def label(self) -> str:
        return f"{self.name} --jobs {self.jobs}"


@dataclass
class Outcome:
    """What one run left in its copy of the tree."""

    seconds: float
    cpu_seconds: float  # user + system time of the tool and its worker processes
    exit_code: int
    changed: set[str]
    legacy_left: int
    unparsable: dict[str, str]
    stray_files: list[str]
    messages: list[str]


def tools(torchfix: Path, single_core: bool, check_only: bool = False) -> list[Tool]:
    """The two tools, rewriting (``--fix``) or only reporting (``--check`` / no ``--fix``)."""
    all_cores = f"all ({len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()})"
    ours = [sys.executable, "-m", "codemods.migrate_pretrained", *(["--check"] if check_only else [])]
    theirs = [str(torchfix), *([] if check_only else ["--fix"]), "--select", "TOR201"]
    result = [
        Tool("ours", all_cores, lambda tree: [*ours, str(tree), "--no-gitignore"], REPO, dict(os.environ)),
        Tool("TorchFix", all_cores, lambda tree: [*theirs, str(tree)], REPO, _clean_env()),
    ]
    if single_core:
        result += [
            Tool("ours", "1", lambda tree: [*ours, str(tree), "--no-gitignore", "--jobs", "1"], REPO, dict(os.environ)),
            Tool("TorchFix", "1", lambda tree: [*theirs, "--jobs", "1", str(tree)], REPO, _clean_env()),
        ]
    return result


def run_once(tool: Tool, pristine: Path, scratch: Path) -> Outcome:
    """Copy the tree, run the tool on the copy, measure what it changed, delete the copy."""
    tree = Path(tempfile.mkdtemp(prefix=f"{tool.name}-", dir=scratch)) / "tree"
    shutil.copytree(pristine, tree)
    cpu_before, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(tool.command(tree), cwd=tool.cwd, env=tool.env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    outcome = inspect_result(pristine, tree, seconds, done.returncode)
    outcome.cpu_seconds = _children_cpu() - cpu_before
    outcome.messages = _interesting_output(done)
    shutil.rmtree(tree.parent)
    return outcome


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def inspect_result(pristine: Path, tree: Path, seconds: float, exit_code: int) -> Outcome:
    before = {path.relative_to(pristine).as_posix() for path in pristine.rglob("*") if path.is_file()}
    after = {path.relative_to(tree).as_posix() for path in tree.rglob("*") if path.is_file()}
    outcome = Outcome(seconds, 0.0, exit_code, set(), 0, {}, sorted(after - before), [])
    for name in sorted(name for name in after if name.endswith(".py")):
        text = (tree / name).read_bytes()
        outcome.legacy_left += len(LEGACY_ARGUMENT.findall(text))
        if name in before and text != (pristine / name).read_bytes():
            outcome.changed.add(name)
            error = _parse_error(text, name)
            if error:
                outcome.unparsable[name] = error
    return outcome


def _parse_error(text: bytes, name: str) -> str | None:
    try:
        ast.parse(text, filename=name)
    except (SyntaxError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
    return None


def _interesting_output(done: subprocess.CompletedProcess[str]) -> list[str]:
    """Tracebacks, per-file errors and calls left unmigrated; progress and summary lines are left out."""
    lines = done.stderr.splitlines()
    if done.returncode not in (0, 1, 2) or "Traceback (most recent call last):" in done.stderr:
        return lines[-20:]
    wanted = (": error: ", ": NOT MIGRATED: ", "could not be processed")
    return [line for line in lines if any(marker in line for marker in wanted)][:20]


def count_legacy(tree: Path) -> int:
    return sum(len(LEGACY_ARGUMENT.findall(path.read_bytes())) for path in tree.rglob("*.py"))


def benchmark(pristine: Path, candidates: Sequence[Tool], repeat: int, scratch: Path) -> dict[str, list[Outcome]]:
    """Run every tool ``repeat`` times, round robin, each on a fresh copy."""
    outcomes: dict[str, list[Outcome]] = {tool.label: [] for tool in candidates}
    for round_number in range(1, repeat + 1):
        for tool in candidates:
            outcome = run_once(tool, pristine, scratch)
            outcomes[tool.label].append(outcome)
            print(f"  run {round_number}/{repeat} {tool.label:22} {outcome.seconds:8.2f} s wall "
                  f"{outcome.cpu_seconds:8.2f} s cpu (load average {os.getloadavg()[0]:.2f})", file=sys.stderr)
    return outcomes


# --- the report --------------------------------------------------------------------------------


@dataclass
class Row:
    tool: Tool
    files: int
    seconds: float  # median wall clock
    cpu_seconds: float  # median
    first: Outcome

    @property
    def rate(self) -> float:
        return self.files / self.seconds


def report_tree(title: str, files: int, legacy_before: int, candidates: Sequence[Tool],
                outcomes: dict[str, list[Outcome]], record: list[dict[str, object]]) -> float:
    """Print the tree's table and notes, add it to ``record``; return the all-cores ratio."""
    rows = {tool.label: _row(tool, files, outcomes[tool.label]) for tool in candidates}
    record.append({
        "title": title, "files": files,
        "rows": [{"tool": row.tool.label, "seconds": row.seconds, "changed": len(row.first.changed),
                  "unparsable": len(row.first.unparsable), "legacy_left": row.first.legacy_left} for row in rows.values()],
    })
    print(f"\n{title}: {files} .py files, {legacy_before} pretrained=/pretrained_backbone= before")
    print(f"{'tool':23} {'files':>5} {'median s':>9} {'files/s':>8} {'ratio':>6} {'cpu s':>7} {'changed':>7} "
          f"{'unparsable':>10} {'pretrained left':>15}")
    for row in rows.values():
        baseline = rows[f"TorchFix --jobs {row.tool.jobs}"]
        print(f"{row.tool.label:23} {row.files:5} {row.seconds:9.2f} {row.rate:8.1f} {row.rate / baseline.rate:5.1f}x "
              f"{row.cpu_seconds:7.1f} {len(row.first.changed):7} {len(row.first.unparsable):10} "
              f"{row.first.legacy_left:15}")
    _print_notes(list(rows.values()))
    ours, theirs = rows[candidates[0].label], rows[candidates[1].label]
    return ours.rate / theirs.rate


def _row(tool: Tool, files: int, outcomes: list[Outcome]) -> Row:
    seconds = statistics.median(outcome.seconds for outcome in outcomes)
    cpu_seconds = statistics.median(outcome.cpu_seconds for outcome in outcomes)
    return Row(tool, files, seconds, cpu_seconds, outcomes[0])


def _print_notes(rows: list[Row]) -> None:
    """Exit codes, errors and differences, from each tool's first run (later runs repeat them)."""
    for row in rows:
        if row.first.exit_code != 0:
            print(f"  note: {row.tool.label} exited {row.first.exit_code}")
        for line in row.first.messages:
            print(f"    {line}")
        for name, error in row.first.unparsable.items():
            print(f"  UNPARSABLE after {row.tool.label}: {name}: {error}")
        if row.first.stray_files:
            print(f"  note: {row.tool.label} left new files: {', '.join(row.first.stray_files[:5])}")
    ours, theirs = rows[0].first.changed, rows[1].first.changed
    for label, only in (("ours", ours - theirs), ("TorchFix", theirs - ours)):
        if only:
            shown = ", ".join(sorted(only)[:6]) + (", ..." if len(only) > 6 else "")
            print(f"  changed by {label} only: {len(only)} files ({shown})")


def run_tree(title: str, pristine: Path, candidates: Sequence[Tool], repeat: int, scratch: Path,
             record: list[dict[str, object]]) -> float:
    files = sum(1 for _ in pristine.rglob("*.py"))
    print(f"{title}: {files} files, {repeat} run(s) per tool", file=sys.stderr)
    outcomes = benchmark(pristine, candidates, repeat, scratch)
    return report_tree(title, files, count_legacy(pristine), candidates, outcomes, record)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=2000, help="modules in the generated tree (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool and tree; the median counts")
    parser.add_argument("--torchfix-venv", type=Path, default=DEFAULT_VENV, help="virtualenv for TorchFix")
    parser.add_argument("--no-single-core", action="store_true", help="skip the --jobs 1 rows")
    parser.add_argument("--json", type=Path, help="also write the results to this file (bench/benchmarks_page.py reads it)")
    parser.add_argument("--timm-files", type=int, default=304, help="modules of the timm-shaped tree when PyPI is not reachable")
    args = parser.parse_args(argv)
    if args.files < 20 or args.repeat < 1:
        parser.error("--files must be at least 20 and --repeat at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        torchfix = ensure_torchfix(args.torchfix_venv.expanduser())
        torchvision = torchvision_source()
    except SetupError as error:
        print(f"bench_codemod: setup failed: {error}", file=sys.stderr)
        return 2
    candidates = tools(torchfix, single_core=not args.no_single_core)
    print(f"ours: python -m codemods.migrate_pretrained at {_revision()}, run by {sys.executable}; "
          f"TorchFix {TORCHFIX_VERSION}: {torchfix}; load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-codemod-") as temporary:
        scratch = Path(temporary)
        vision_tree, generated_tree, timm = scratch / "torchvision", scratch / "generated", scratch / "timm"
        shutil.copytree(torchvision, vision_tree, ignore=shutil.ignore_patterns("__pycache__"))
        kinds = generate_tree(generated_tree, args.files)
        timm_source = timm_tree(timm, args.torchfix_venv.expanduser().parent, args.timm_files)
        record: list[dict[str, object]] = []
        ratios = {
            "torchvision": run_tree(f"torchvision source ({torchvision})", vision_tree, candidates, args.repeat,
                                    scratch, record),
            "generated": run_tree(f"generated project (seed {SEED}; modules: {_describe(kinds)})", generated_tree,
                                  candidates, args.repeat, scratch, record),
        }
        checking = tools(torchfix, single_core=not args.no_single_core, check_only=True)
        timm_ratio = run_tree(f"pytorch-image-models, --check ({timm_source})", timm, checking, args.repeat, scratch,
                              record)
    if args.json:
        args.json.write_text(json.dumps(record, indent=1))
    met = all(r >= TARGET_RATIO for r in ratios.values()) and timm_ratio >= TIMM_TARGET_RATIO
    summary = ", ".join(f"{tree} {ratio:.1f}x" for tree, ratio in ratios.items())
    print(f"\n{'targets met' if met else 'target missed'}: all-cores throughput ratio {summary} "
          f"(target >= {TARGET_RATIO:.0f}x); timm --check {timm_ratio:.1f}x (target >= {TIMM_TARGET_RATIO:.0f}x)")
    return 0


def _revision() -> str:
    """The commit the codemod is measured at, and whether its code has uncommitted changes."""
    def git(*arguments: str) -> str:
        done = subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    dirty = git("status", "--porcelain", "--", "codemods", "weightlink")
    return f"{commit}{' + uncommitted changes' if dirty else ''}"


def _describe(kinds: dict[str, int]) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))


if __name__ == "__main__":
    sys.exit(main())

"""``weightlink check`` and the codemod on one large file, 0.1 to 20 MB: time and memory grow linearly.

Run: python bench/bench_large_files.py [--sizes 0.1 0.5 1 2 5 10 20] [--json OUT]
Target: linear. The cost per MB at the largest size is at most 1.5x the cost per MB at 1 MB, for the
time and for the peak memory of each tool (below 1 MB, start-up dominates).

Two generated files per size: *dense*, a legacy call in every function (two per 180 bytes: the
codemod's worst case, every call rewritten), and *sparse*, one call per fifty functions (more like a
real large module: generated tables, long test files). Each tool runs as a user runs it (the codemod
rewriting a fresh copy of the file), in a fresh interpreter per measurement, which reports its wall
time and its peak resident memory (itself and its child processes). Exit code 0, or 1 when a tool
is not linear.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LINEAR_WITHIN = 1.5

HEADER = "import torch\nimport torchvision.models as models\n"
BLOCK = '''

def build_{i}(num_classes: int = 10):
    """Builds model number {i}."""
    values = [x * 2 for x in range(10) if x % 3]
{calls}    total = sum(values) + {i}
    if total > 3:
        values.append(torch.nn.Linear(2048, num_classes))
    return values, total
'''
CALLS = "    model = models.resnet50(pretrained=True)\n    other = models.vgg16(pretrained=False, progress=True)\n"


def generate(path: Path, megabytes: float, every: int) -> int:
    """A file of about ``megabytes`` MB with legacy calls in one function out of ``every``; returns
    how many calls it has."""
    target, parts, size, calls, index = int(megabytes * 1_000_000), [HEADER], len(HEADER), 0, 0
    while size < target:
        with_calls = index % every == 0
        block = BLOCK.format(i=index, calls=CALLS if with_calls else "    model = other = None\n")
        parts.append(block)
        size += len(block)
        calls += 2 if with_calls else 0
        index += 1
    path.write_text("".join(parts))
    return calls


def measure(tool: str, path: Path) -> dict[str, float]:
    """In this interpreter (a fresh one per measurement): run the tool, report time and peak memory."""
    import contextlib

    if tool == "check":
        from weightlink.cli import main

        argv = ["check", str(path)]
    else:
        from codemods.migrate_pretrained.cli import main

        argv = [str(path)]
    start = time.perf_counter()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        main(argv)
    seconds = time.perf_counter() - start
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"seconds": seconds, "peak_mb": peak_kb / 1024}


def run_one(tool: str, source: Path, workdir: Path) -> dict[str, float]:
    copy = workdir / f"{tool}_{source.name}"
    shutil.copy(source, copy)
    done = subprocess.run(
        # In the file's folder: no project settings of this repository apply.
        [sys.executable, __file__, "--measure", tool, str(copy)], cwd=workdir, capture_output=True, text=True, check=False
    )
    copy.unlink()
    if done.returncode != 0:
        raise SystemExit(f"bench_large_files: {tool} on {source.name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def linearity(rows: list[dict[str, object]], tool: str, kind: str, key: str) -> float:
    """Cost per MB at the largest size over cost per MB at 1 MB (or the smallest size at or above it)."""
    sized = sorted((float(r["megabytes"]), float(r[key])) for r in rows if r["tool"] == tool and r["kind"] == kind)  # type: ignore[arg-type]
    base = next(((mb, value) for mb, value in sized if mb >= 1), sized[0])
    largest = sized[-1]
    return (largest[1] / largest[0]) / (base[1] / base[0])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.5, 1, 2, 5, 10, 20], help="megabytes")
    parser.add_argument("--json", type=Path, help="write the rows here")
    parser.add_argument("--measure", nargs=2, metavar=("TOOL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return 0
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-large-") as temporary:
        workdir = Path(temporary)
        for kind, every in (("dense", 1), ("sparse", 50)):
            for megabytes in args.sizes:
                source = workdir / f"{kind}_{megabytes:g}mb.py"
                calls = generate(source, megabytes, every)
                for tool in ("check", "codemod"):
                    result = run_one(tool, source, workdir)
                    row = {"kind": kind, "megabytes": megabytes, "calls": calls, "tool": tool, **result}
                    rows.append(row)
                    print(
                        f"{kind:6} {megabytes:5g} MB {calls:7} calls  {tool:7} {result['seconds']:8.2f} s "
                        f"{result['seconds'] / megabytes:7.2f} s/MB  peak {result['peak_mb']:7.0f} MB",
                        flush=True,
                    )
                source.unlink()
    verdicts = []
    for kind in ("dense", "sparse"):
        for tool in ("check", "codemod"):
            time_ratio = linearity(rows, tool, kind, "seconds")
            memory_ratio = linearity(rows, tool, kind, "peak_mb")
            linear = time_ratio <= LINEAR_WITHIN and memory_ratio <= LINEAR_WITHIN
            verdicts.append({"kind": kind, "tool": tool, "time_ratio": time_ratio, "memory_ratio": memory_ratio, "linear": linear})
            print(f"{tool} on {kind} files: cost per MB at {max(args.sizes):g} MB / at 1 MB: time {time_ratio:.2f}x, "
                  f"memory {memory_ratio:.2f}x ({'linear' if linear else 'NOT linear'})")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "verdicts": verdicts, "linear_within": LINEAR_WITHIN}, indent=1))
    return 0 if all(v["linear"] for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())

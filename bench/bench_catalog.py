"""Building the torchvision catalog from source vs loading it from the cache, in one run.

Run: python bench/bench_catalog.py
Targets (issue 3): build from source under 3 s, load from cache under 50 ms (this machine: 2 cores).
The baseline row is the least any extractor must do: read and ast.parse every torchvision.models file.
"""

from __future__ import annotations

import ast
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from weightlink.catalog import build_catalog, bundled_catalog, load_catalog
from weightlink.catalog.source import Library

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def parse_all_models() -> None:
    library = Library("torchvision")
    for name, path in library.files.items():
        if name.startswith("torchvision.models"):
            ast.parse(path.read_bytes())


def main() -> None:
    os.environ["WEIGHTLINK_CACHE_DIR"] = tempfile.mkdtemp(prefix="weightlink-bench-")
    load_catalog("torchvision")  # fills the cache
    rows = [
        ("baseline: ast.parse torchvision.models", timed(parse_all_models, 5), None),
        ("build torchvision catalog from source", timed(lambda: build_catalog("torchvision"), 5), 3.0),
        ("load torchvision catalog from cache", timed(lambda: load_catalog("torchvision"), 20), 0.050),
        ("load bundled torchvision 0.29 catalog", timed(lambda: bundled_catalog("torchvision"), 20), 0.050),
        ("build tinyzoo catalog from source", timed(lambda: build_catalog("tinyzoo", paths=[EXAMPLES]), 5), None),
    ]
    baseline = rows[0][1]
    print(f"{'case':42} {'median ms':>10} {'x parse':>8} {'target ms':>10}")
    missed = []
    for label, seconds, target in rows:
        verdict = "" if target is None else f"{target * 1000:.0f} {'ok' if seconds < target else 'MISSED'}"
        if target is not None and seconds >= target:
            missed.append(label)
        print(f"{label:42} {seconds * 1000:10.1f} {seconds / baseline:8.2f} {verdict:>10}")
    print("all targets met" if not missed else f"targets missed: {', '.join(missed)}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()

"""Cost of the run-time guard and of registry lookups, side by side with plain-Python baselines.

Run: python bench/bench_runtime.py [--quick] [--json OUT]
Targets (issue 2): check_type under 1 us for a member, under 3 us for a name.
Target (issue 13): get_weight under 1 us; its uncached search (what every call cost before it was
cached) is timed in the same run for comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import tinyzoo  # noqa: E402
from tinyzoo.models import MedResNet18Weights, SpeechWeights, med_resnet18  # noqa: E402

TARGETS_NS = {"member": 1000.0, "name": 3000.0, "get_weight": 1000.0}


def per_call_ns(action: Callable[[], object], number: int = 200_000, repeat: int = 7) -> float:
    """Best of ``repeat`` runs, in nanoseconds per call (the minimum is the least noisy estimate)."""
    return min(timeit.repeat(action, number=number, repeat=repeat)) / number * 1e9


def cases() -> list[tuple[str, str, Callable[[], object]]]:
    member = MedResNet18Weights.PATHMNIST_V1
    registry = tinyzoo.registry
    return [
        ("baseline", "isinstance(member, Enum cls)", lambda: isinstance(member, MedResNet18Weights)),
        ("baseline", "Enum[name] (stdlib lookup)", lambda: MedResNet18Weights["PATHMNIST_V1"]),
        ("member", "check_type(member)", lambda: MedResNet18Weights.check_type(member)),
        ("member", "check_type(None)", lambda: MedResNet18Weights.check_type(None)),
        ("name", "check_type('PATHMNIST_V1')", lambda: MedResNet18Weights.check_type("PATHMNIST_V1")),
        ("name", "check_type('DEFAULT')", lambda: MedResNet18Weights.check_type("DEFAULT")),
        (
            "name",
            "check_type('MedResNet18Weights.PATHMNIST_V1')",
            lambda: MedResNet18Weights.check_type("MedResNet18Weights.PATHMNIST_V1"),
        ),
        ("name", "SpeechWeights.check_type('FR_CA_V1')", lambda: SpeechWeights.check_type("FR_CA_V1")),
        ("registry", "get_model_builder('med_resnet18')", lambda: tinyzoo.get_model_builder("med_resnet18")),
        ("registry", "get_model_weights('med_resnet18')", lambda: tinyzoo.get_model_weights("med_resnet18")),
        ("registry", "get_model_weights(builder)", lambda: tinyzoo.get_model_weights(med_resnet18)),
        ("get_weight", "get_weight('MedResNet18Weights.DEFAULT')", lambda: tinyzoo.get_weight("MedResNet18Weights.DEFAULT")),
        (
            "get_weight",
            "get_weight('FrenchSpeechWeights.FR_CA_V1')",
            lambda: tinyzoo.get_weight("FrenchSpeechWeights.FR_CA_V1"),
        ),
        (
            "uncached",
            "get_weight's search, without its cache",
            lambda: registry._find_weight("MedResNet18Weights.DEFAULT"),
        ),
        ("registry", "list_models(include='med_*')", lambda: tinyzoo.list_models(include="med_*")),
    ]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a tenth of the calls per run")
    parser.add_argument("--json", type=Path, help="also write the rows to this file (bench/benchmarks_page.py reads it)")
    return parser.parse_args(argv)


@dataclass
class Row:
    kind: str
    call: str
    ns: float
    target_ns: float | None
    ratio: float = 0.0  # ns / the Enum[name] baseline of the same run

    @property
    def verdict(self) -> str:
        return "" if self.target_ns is None else ("ok" if self.ns < self.target_ns else "MISSED")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    scale = 10 if args.quick else 1
    rows = []
    for kind, label, action in cases():  # every row measured in this one run
        number = (20_000 if kind in ("registry", "uncached") else 200_000) // scale
        rows.append(Row(kind, label, per_call_ns(action, number), TARGETS_NS.get(kind)))
    baseline = next(row.ns for row in rows if row.call.startswith("Enum[name]"))
    print(f"{'kind':10} {'call':48} {'ns/call':>9} {'x Enum[name]':>13} {'target':>8}")
    for row in rows:
        row.ratio = row.ns / baseline
        print(f"{row.kind:10} {row.call:48} {row.ns:9.0f} {row.ratio:13.2f} {row.verdict:>8}")
    cached = next(row.ns for row in rows if row.kind == "get_weight")
    uncached = next(row.ns for row in rows if row.kind == "uncached")
    print(f"get_weight: a cached lookup costs 1/{uncached / cached:.0f} of the search behind it")
    failed = [row.call for row in rows if row.verdict == "MISSED"]
    print("all targets met" if not failed else f"targets missed: {', '.join(failed)}")
    if args.json:
        args.json.write_text(json.dumps([asdict(row) for row in rows], indent=1))


if __name__ == "__main__":
    main()

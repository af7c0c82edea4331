"""Cost of the run-time guard and of registry lookups, side by side with plain-Python baselines.

Run: python bench/bench_runtime.py
Targets (issue 2): check_type under 1 us for a member, under 3 us for a name.
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import tinyzoo  # noqa: E402
from tinyzoo.models import MedResNet18Weights, SpeechWeights, med_resnet18  # noqa: E402

TARGETS_NS = {"member": 1000.0, "name": 3000.0}


def per_call_ns(action: Callable[[], object], number: int = 200_000, repeat: int = 7) -> float:
    """Best of ``repeat`` runs, in nanoseconds per call (the minimum is the least noisy estimate)."""
    return min(timeit.repeat(action, number=number, repeat=repeat)) / number * 1e9


def main() -> None:
    member = MedResNet18Weights.PATHMNIST_V1
    cases: list[tuple[str, str, Callable[[], object]]] = [
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
        ("registry", "get_weight('MedResNet18Weights.DEFAULT')", lambda: tinyzoo.get_weight("MedResNet18Weights.DEFAULT")),
        ("registry", "list_models(include='med_*')", lambda: tinyzoo.list_models(include="med_*")),
    ]
    baseline = per_call_ns(cases[1][2])
    print(f"{'kind':9} {'call':48} {'ns/call':>9} {'x Enum[name]':>13} {'target':>8}")
    failed = []
    for kind, label, action in cases:
        ns = per_call_ns(action, number=20_000 if kind == "registry" else 200_000)
        target = TARGETS_NS.get(kind)
        verdict = "" if target is None else ("ok" if ns < target else "MISSED")
        if verdict == "MISSED":
            failed.append(label)
        print(f"{kind:9} {label:48} {ns:9.0f} {ns / baseline:13.2f} {verdict:>8}")
    print("all targets met" if not failed else f"targets missed: {', '.join(failed)}")


if __name__ == "__main__":
    main()

"""weightlink's main job: check calls of model builders (weightlink check, the mypy plugin), migrate old
ones (the codemod), and, for library authors, the run-time guard of the example library.

Run: python examples/demo.py   (no model hub needed: the weights files are made locally first)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402

import tinyzoo  # noqa: E402
from tinyzoo.models import (  # noqa: E402
    FrenchSpeechWeights,
    MedResNet18Weights,
    MedResNet34Weights,
    med_resnet18,
    speech_gru,
)
from tinyzoo.publish import publish_weights  # noqa: E402


def section(title: str) -> None:
    print(f"\n== {title}")


def show_error(call: str, action: Callable[[], object]) -> None:
    try:
        action()
    except (TypeError, ValueError) as error:
        print(f"{call}\n  -> {type(error).__name__}: {error}")
    else:
        raise AssertionError(f"{call} should have failed")


def main() -> None:
    section("weightlink check: wrong, unknown and deprecated calls, without mypy, in a fraction of a second")
    run_checker()

    section("the mypy plugin: the same findings, with the same codes and messages")
    run_mypy_plugin()

    section("the codemod: old pretrained= calls migrated to the exact weights they loaded")
    run_codemod()

    section("for library authors: the run-time guard of the example library (tinyzoo)")
    run_library()


def run_library() -> None:
    with tempfile.TemporaryDirectory() as hub:
        publish_weights(Path(hub) / "checkpoints")
        torch.hub.set_dir(hub)

        section("tinyzoo models and their weights")
        for name in tinyzoo.list_models():
            enum_cls = tinyzoo.get_model_weights(name)
            print(f"{name:14} {enum_cls.__name__}")

        section("build with weights, preprocess, predict")
        weights = MedResNet18Weights.DEFAULT
        model = med_resnet18(weights=weights).eval()
        assert weights.transforms is not None
        batch = weights.transforms()(torch.rand(1, 3, 64, 64))
        category = weights.meta["categories"][int(model(batch).argmax())]
        print(f"med_resnet18(weights={weights!r}) -> {model.fc.out_features} classes, predicts {category!r}")
        french = speech_gru(weights=FrenchSpeechWeights.FR_CA_V1)
        print(f"speech_gru(weights=FrenchSpeechWeights.FR_CA_V1) -> {french.classifier.out_features} tokens")

        section("mistakes the run-time guard stops early")
        show_error(
            "med_resnet18(weights=MedResNet34Weights.CHESTMNIST_V1)",
            lambda: med_resnet18(weights=MedResNet34Weights.CHESTMNIST_V1),  # type: ignore[arg-type]
        )
        show_error('med_resnet18(weights="PATHMNIST_V3")', lambda: med_resnet18(weights="PATHMNIST_V3"))  # type: ignore[arg-type]
        show_error(
            "med_resnet18(weights=MedResNet18Weights.DEFAULT, num_classes=10)",
            lambda: med_resnet18(weights=MedResNet18Weights.DEFAULT, num_classes=10),
        )
        show_error('tinyzoo.get_model("med_resnet19")', lambda: tinyzoo.get_model("med_resnet19"))

        section("the legacy interface still works, and says what to write instead")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            med_resnet18(pretrained=True)
        print(f"med_resnet18(pretrained=True)\n  -> FutureWarning: {caught[0].message}")



def run_codemod() -> None:
    """The migration of examples/legacy_calls.py, as a diff (nothing is written)."""
    legacy = Path(__file__).resolve().parent / "legacy_calls.py"
    libraries = ["--library", "torchvision", "--library", "tinyzoo"]
    command = [sys.executable, "-m", "codemods.migrate_pretrained", str(legacy), "--diff", *libraries]
    print("$ python -m codemods.migrate_pretrained examples/legacy_calls.py --diff --library torchvision --library tinyzoo")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    root = str(legacy.parent.parent) + "/"
    print(result.stdout.replace(root, ""), end="")
    print(result.stderr.replace(root, ""), end="")


def run_checker() -> None:
    """``weightlink check`` over examples/plugin_demo: no mypy, no torch import."""
    demo = Path(__file__).resolve().parent / "plugin_demo"
    command = [sys.executable, "-m", "weightlink", "check", str(demo), "--library", "tinyzoo"]
    print("$ weightlink check examples/plugin_demo --library tinyzoo", flush=True)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    root = str(demo.parent.parent) + "/"
    print(result.stdout.replace(root, ""), end="")
    print(result.stderr.replace(root, ""), end="")


def run_mypy_plugin() -> None:
    """mypy with weightlink's plugin over examples/plugin_demo (the first, cold run takes ~20 s:
    mypy reads torch and torchvision once, then caches them)."""
    demo = Path(__file__).resolve().parent / "plugin_demo"
    files = [demo / "torchvision_calls.py", demo / "tinyzoo_calls.py", demo / "correct_calls.py"]
    command = [sys.executable, "-m", "mypy", "--config-file", str(demo / "mypy.ini"), *map(str, files)]
    print("$ mypy --config-file examples/plugin_demo/mypy.ini examples/plugin_demo/*.py", flush=True)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        print(line.replace(str(demo.parent.parent) + "/", ""))


if __name__ == "__main__":
    main()

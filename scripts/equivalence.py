"""The codemod's promise, checked on real torchvision: every legacy call, and its rewrite, builds the
same architecture and asks for the same weights file.

    python scripts/equivalence.py [--venv DIR]

For every builder with a legacy interface, the catalog's forms of a legacy call (weightlink.stubs.forms:
``pretrained=`` with each value its default tells apart, with each value of the arguments it reads,
the old positional order, ``pretrained_backbone=``) are written into one module, and the codemod
rewrites a copy of it. Both modules then run in a virtual environment with real torch and
torchvision (created at --venv on first use: ``pip install torch==2.14.1 torchvision==0.29.1``, about
5.5 GB). Models are built on the ``meta`` device (no memory, no arithmetic), and loading weights is
replaced by a recorder of the URL asked for. For each call, the legacy and the migrated form must
give the same module tree (names, classes, parameter shapes) and the same URLs, or raise the same
exception; calls with ``flag`` run with it True and False. Exit code 1 when any pair differs.

It is not part of the test suite: real torchvision does not import beside the suite's CPU torch, and
the environment it needs is 5.5 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_VENV = Path.home() / ".cache" / "weightlink" / "equivalence-venv"
REQUIREMENTS = ["torch==2.14.1", "torchvision==0.29.1"]


def write_cases(folder: Path) -> int:
    """legacy.py with one function per form, and migrated.py, its rewrite by the codemod."""
    from codemods.migrate_pretrained.runner import RunSettings, migrate_file
    from weightlink.catalog import load_catalog
    from weightlink.stubs.forms import call_forms

    catalog = load_catalog("torchvision")
    lines = ["import torchvision", "import torchvision.models", "import torchvision.models.detection",
             "import torchvision.models.detection.backbone_utils", "import torchvision.models.quantization",
             "import torchvision.models.segmentation", "import torchvision.models.video",
             "import torchvision.models.optical_flow", "", "CASES = {}", ""]
    count = 0
    for builder in sorted(catalog.builders.values(), key=lambda b: b.qualname):
        public = min(builder.public_names, key=len) if builder.public_names else builder.qualname
        for form in call_forms(builder, catalog):
            if not form.legacy:
                continue
            lines += [f"def case_{count}(flag):", f"    return {form.call(public)}", "",
                      f"CASES[{count}] = ({form.call(public)!r}, case_{count})", ""]
            count += 1
    (folder / "legacy.py").write_text("\n".join(lines))
    (folder / "migrated.py").write_text("\n".join(lines))
    result = migrate_file(folder / "migrated.py", RunSettings())
    if result.error:
        raise SystemExit(f"equivalence: the codemod failed on the cases: {result.error}")
    reported = [f"{f.line}: {f.message}" for f in result.findings if f.kind == "reported"]
    (folder / "reported.json").write_text(json.dumps(reported, indent=1))
    return count


def ensure_venv(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"equivalence: creating {venv} with {' '.join(REQUIREMENTS)} (about 5.5 GB, once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *REQUIREMENTS], check=True)
    return python


# -- run inside the torch environment ---------------------------------------------------------------


def run_cases(folder: Path) -> dict[str, object]:
    import importlib.util
    import warnings

    import torch
    import torchvision.models._api as api  # type: ignore[import-untyped]  # torchvision ships no types

    requested: list[str] = []

    def record(self: object, *args: object, **kwargs: object) -> dict[str, object]:
        requested.append(getattr(self, "url", "?"))
        return {}

    api.Weights.get_state_dict = record
    api.WeightsEnum.get_state_dict = lambda self, *a, **k: record(self.value)
    torch.nn.Module.load_state_dict = lambda self, *a, **k: None  # type: ignore[method-assign]

    def load(name: str) -> dict[int, tuple[str, object]]:
        spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.CASES  # type: ignore[no-any-return]

    def build(function: object, flag: bool, device: str) -> torch.nn.Module:
        requested.clear()
        with torch.device(device), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model: torch.nn.Module = function(flag)  # type: ignore[operator]
            return model

    def outcome(function: object, flag: bool) -> dict[str, object]:
        try:
            try:
                model = build(function, flag, "meta")
            except (NotImplementedError, RuntimeError):
                # Code that computes the architecture from tensor values (regnet's widths), or
                # quantizes, cannot run on meta: on the CPU then, without random initialisation.
                with _no_initialisation():
                    model = build(function, flag, "cpu")
        except Exception as error:  # noqa: BLE001  (the same exception on both sides is equivalence)
            return {"raises": type(error).__name__, "urls": list(requested)}
        tree = [(name, type(module).__name__) for name, module in model.named_modules()]
        shapes = [(name, tuple(p.shape)) for name, p in model.named_parameters()]
        return {"tree": tree, "shapes": shapes, "urls": list(requested)}

    legacy, migrated = load("legacy"), load("migrated")
    differences, checked, loaded = [], 0, 0
    raised: dict[str, list[str]] = {}
    for number, (call, function) in legacy.items():
        for flag in (True, False):
            before, after = outcome(function, flag), outcome(migrated[number][1], flag)
            checked += 1
            loaded += bool(before["urls"]) and "raises" not in before
            if "raises" in before:
                raised.setdefault(str(before["raises"]), []).append(f"{call} with flag={flag}")
            if before != after:
                differences.append({"call": call, "flag": flag, "legacy": _short(before), "migrated": _short(after)})
    return {"pairs": checked, "loaded": loaded, "raised": raised, "differences": differences}


class _no_initialisation:
    """torch.nn.init's functions as no-ops: building a 600M-parameter model then costs an allocation."""

    def __enter__(self) -> None:
        import torch.nn.init as init

        self.saved = {name: getattr(init, name) for name in dir(init) if name.endswith("_") and not name.startswith("_")}
        for name in self.saved:
            setattr(init, name, lambda tensor, *args, **kwargs: tensor)

    def __exit__(self, *exc: object) -> None:
        import torch.nn.init as init

        for name, function in self.saved.items():
            setattr(init, name, function)


def _short(outcome: dict[str, object]) -> dict[str, object]:
    return {"raises": outcome.get("raises"), "urls": outcome.get("urls"), "modules": len(outcome.get("tree", []))}  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="environment with real torch and torchvision")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # inside the environment: run the cases there
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_cases(args.run)))
        return 0
    with tempfile.TemporaryDirectory(prefix="equivalence-") as temporary:
        folder = Path(temporary)
        count = write_cases(folder)
        python = ensure_venv(args.venv.expanduser())
        done = subprocess.run([str(python), __file__, "--run", str(folder)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return 2
        report = json.loads(done.stdout.splitlines()[-1])
        reported = json.loads((folder / "reported.json").read_text())
    print(f"{count} legacy calls of every torchvision builder with a legacy interface, each run with flag=True and False")
    raised = report["raised"]
    print(f"{report['pairs']} pairs run on torchvision 0.29.1 (meta device, weights recorded): "
          f"{len(report['differences'])} differ; {report['loaded']} build a model and ask for weights, "
          f"{sum(len(calls) for calls in raised.values())} raise alike on both sides")
    for kind, calls in sorted(raised.items()):
        print(f"  {kind}: {len(calls)}, e.g. {calls[0]}")
    print(f"{len(reported)} calls the codemod reports instead of rewriting (they stay as they were)")
    for difference in report["differences"][:40]:
        print(f"  DIFFERS: {difference}")
    return 1 if report["differences"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""What the string-named libraries (open_clip, segmentation_models_pytorch) cost a project that
calls neither: ``weightlink check`` on pytorch-image-models with them on (the default) and with
them turned off (``open_clip = false``, ``smp = false``: what weightlink checked before them),
side by side in one run.

Run: python bench/bench_named.py [--repeat 7] [--json OUT]
Target: on stays within 5% of off (median wall-clock, runs interleaved). Exit code 0, or 1 when the
target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_checker import timed  # noqa: E402
from bench_codemod import timm_tree  # noqa: E402

TARGET = 1.05
OFF = "[tool.weightlink]\nopen_clip = false\nsmp = false\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=7, help="runs of each setting (the median is shown)")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-named-") as temporary:
        root = Path(temporary)
        source = timm_tree(root, Path(tempfile.gettempdir()) / "weightlink-bench-cache", files=304)
        (root / "off").mkdir()
        (root / "off" / "pyproject.toml").write_text(OFF)
        base = [sys.executable, "-m", "weightlink", "check", "timm", "--no-gitignore"]
        commands = {"on": base, "off": [*base, "--config", str(root / "off" / "pyproject.toml")]}
        env = dict(os.environ)
        outputs = {name: timed(command, root, env)[1] for name, command in commands.items()}  # warms the caches
        runs: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                runs[name].append(timed(command, root, env)[0])
    on, off = statistics.median(runs["on"]), statistics.median(runs["off"])
    ratio = on / off
    files = source
    print(f"pytorch-image-models ({files}), median of {args.repeat} runs each")
    print(f"  open_clip and smp on (default): {on * 1000:7.0f} ms")
    print(f"  open_clip and smp off:          {off * 1000:7.0f} ms")
    print(f"  on / off: {ratio:.3f}x (target <= {TARGET:.2f}x: {'met' if ratio <= TARGET else 'MISSED'})")
    same = outputs["on"] == outputs["off"]
    print(f"  findings the same with and without them: {same}")
    if args.json:
        args.json.write_text(json.dumps({"on_s": runs["on"], "off_s": runs["off"], "ratio": ratio, "same_findings": same}, indent=1))
    return 0 if ratio <= TARGET and same else 1


if __name__ == "__main__":
    sys.exit(main())

"""Run every benchmark afresh and write the docs' Benchmarks page: tables, and plots as PNG.

Run: python bench/benchmarks_page.py [--quick]
Writes docs/benchmarks.md, docs/img/benchmarks/*.png and the raw figures in
docs/img/benchmarks/results.json, and updates every figure other pages quote from them
(``<!-- figure:NAME -->91x<!-- /figure -->`` in docs/*.md and README.md; see `FIGURES`). Each benchmark runs as its own script (``bench/bench_*.py --json
FILE``), exactly as anyone can run it alone; this script only gathers their results. --quick uses
fewer repeats and smaller generated trees (minutes instead of about half an hour); --only NAME
re-runs one benchmark and keeps the others' saved results; the page says how each was measured.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PAGE = REPO / "docs" / "benchmarks.md"
IMAGES = REPO / "docs" / "img" / "benchmarks"
RESULTS = IMAGES / "results.json"

# name -> (script, arguments, arguments with --quick)
RUNS: dict[str, tuple[str, list[str], list[str]]] = {
    "runtime": ("bench_runtime.py", [], ["--quick"]),
    "plugin": ("bench_mypy_plugin.py", [], ["--modules", "120", "--repeat", "2", "--warm-repeat", "5"]),
    "codemod": ("bench_codemod.py", ["--no-single-core"], ["--no-single-core", "--files", "400", "--repeat", "1"]),
    "checker": ("bench_checker.py", [], ["--repeat", "1"]),
    "large_files": ("bench_large_files.py", [], ["--sizes", "0.1", "1", "2"]),
    "server": ("bench_server.py", [], ["--repeat", "11", "--documents", "20"]),
}


def run_benchmarks(quick: bool, only: Sequence[str]) -> dict[str, Any]:
    """name -> {"measured": how and when, "results": what the script wrote}."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="benchmarks-page-") as temporary:
        for name, (script, arguments, quick_arguments) in RUNS.items():
            if only and name not in only:
                continue
            out = Path(temporary) / f"{name}.json"
            command = [sys.executable, str(BENCH / script), *(quick_arguments if quick else arguments), "--json", str(out)]
            print(f"running {' '.join(command[1:])}", file=sys.stderr)
            done = subprocess.run(command, cwd=REPO, check=False)
            if done.returncode != 0 or not out.exists():
                raise SystemExit(f"benchmarks_page: {script} failed (exit {done.returncode}); the page is left as it was")
            results[name] = {"measured": _measured(quick), "results": json.loads(out.read_text())}
    return results


def _measured(quick: bool) -> dict[str, Any]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"date": datetime.date.today().isoformat(), "python": platform.python_version(), "cores": cores, "quick": quick}


# Benchmarks that time each point once, whatever the mode (a large file's run is its own repeat).
SINGLE_RUN = {"large_files"}


def measured_line(measured: dict[str, Any], single_run: bool = False) -> str:
    runs = "one run of each tool, smaller generated trees" if measured["quick"] else "the median of repeated runs"
    if single_run:
        runs = "one run per size and tool" + (", fewer sizes" if measured["quick"] else "")
    return f"*Measured {measured['date']} with Python {measured['python']} on {measured['cores']} cores; {runs}.*"


# --- plots ---------------------------------------------------------------------------------------


def bar_chart(path: Path, title: str, labels: list[str], series: dict[str, list[float]], unit: str) -> None:
    figure, axes = plt.subplots(figsize=(8, 0.5 + 0.55 * len(labels) * len(series)))
    height = 0.8 / len(series)
    for index, (name, values) in enumerate(series.items()):
        positions = [row + index * height for row in range(len(labels))]
        bars = axes.barh(positions, values, height=height, label=name)
        axes.bar_label(bars, labels=[f"{value:.3g}" for value in values], padding=3, fontsize=8)
    axes.set_yticks([row + height * (len(series) - 1) / 2 for row in range(len(labels))], labels)
    axes.invert_yaxis()
    axes.set_xscale("log")
    low, high = axes.get_xlim()
    axes.set_xlim(low, high * 4)  # room for the value labels
    axes.set_xlabel(f"{unit} (log scale; shorter is faster)")
    axes.set_title(title)
    if len(series) > 1:
        axes.legend(loc="best", fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


# --- the page ------------------------------------------------------------------------------------


def table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    """A Markdown table; ``align`` has one letter per column, l or r (numbers)."""
    rule = "|" + "|".join("---:" if side == "r" else "---" for side in align) + "|"
    lines = ["| " + " | ".join(header) + " |", rule]
    return lines + ["| " + " | ".join(row) + " |" for row in rows] + [""]


def runtime_section(rows: list[dict[str, Any]]) -> list[str]:
    bar_chart(IMAGES / "runtime.png", "Run-time guard and registry, ns per call",
              [row["call"] for row in rows], {"ns per call": [row["ns"] for row in rows]}, "nanoseconds per call")
    body = table(["kind", "call", "ns per call", "x Enum[name]", "target"], [
        [row["kind"], f"`{row['call']}`", f"{row['ns']:.0f}", f"{row['ratio']:.2f}",
         f"< {row['target_ns']:.0f} ns" if row.get("target_ns") else ""] for row in rows
    ], "llrrr")
    return ["## Run-time guard (library authors)", "",
            "`python bench/bench_runtime.py`: the cost of `check_type` and of the registry next to",
            "the stdlib's `Enum[name]` lookup (best of 7 timeit runs).", "", *body, "![runtime](img/benchmarks/runtime.png)", ""]


def plugin_section(rows: list[dict[str, Any]]) -> list[str]:
    labels = [f"{row['project']}, {row['cache']}" for row in rows]
    bar_chart(IMAGES / "plugin.png", "mypy without and with the plugin, CPU seconds", labels,
              {"mypy": [row["without"] for row in rows], "mypy + weightlink plugin": [row["with"] for row in rows]},
              "CPU seconds")
    body = table(["project", "cache", "mypy s", "mypy + plugin s", "overhead", "target"], [
        [row["project"], row["cache"], f"{row['without']:.2f}", f"{row['with']:.2f}", f"{row['overhead_percent']:+.1f}%",
         f"<= {row['target_percent']:.0f}%"] for row in rows
    ], "llrrrr")
    return ["## mypy plugin overhead", "", "`python bench/bench_mypy_plugin.py`: mypy on the same project with and without",
            "`plugins = mypy_plugin`, both following torchvision; median CPU seconds, runs interleaved.", "", *body,
            "![plugin](img/benchmarks/plugin.png)", ""]


def codemod_section(trees: list[dict[str, Any]]) -> list[str]:
    lines = ["## Codemod vs TorchFix", "", "`python bench/bench_codemod.py`: `python -m codemods.migrate_pretrained` and",
             "TorchFix 0.7.0 (rule TOR201) on fresh copies of each tree, all cores, median wall-clock seconds.", ""]
    rows, labels, ours, theirs = [], [], [], []
    for tree in trees:
        by_tool = {row["tool"].split(" --jobs")[0]: row for row in tree["rows"]}
        mine, other = by_tool["ours"], by_tool["TorchFix"]
        short = tree["title"].split(" (")[0]
        labels.append(short)
        ours.append(mine["seconds"])
        theirs.append(other["seconds"])
        rows.append([short, str(tree["files"]), f"{mine['seconds']:.2f}", f"{other['seconds']:.2f}",
                     f"{other['seconds'] / mine['seconds']:.1f}x", f"{mine['changed']} / {other['changed']}",
                     f"{mine['unparsable']} / {other['unparsable']}", f"{mine['legacy_left']} / {other['legacy_left']}"])
    bar_chart(IMAGES / "codemod.png", "Codemod vs TorchFix, wall-clock seconds", labels,
              {"weightlink codemod": ours, "TorchFix 0.7.0": theirs}, "seconds")
    lines += table(["tree", "files", "codemod s", "TorchFix s", "ratio", "changed (ours / TorchFix)",
                    "unparsable after", "pretrained= left"], rows, "lrrrrrrr")
    return [*lines, "![codemod](img/benchmarks/codemod.png)", ""]


def checker_section(comparisons: list[dict[str, Any]]) -> list[str]:
    lines = ["## weightlink check vs mypy + plugin and vs TorchFix", "",
             "`python bench/bench_checker.py`: the checker against mypy with the plugin (fresh cache each run) on a",
             "generated project, and against TorchFix's report-only run on pytorch-image-models; median wall-clock",
             "seconds.", ""]
    rows, labels, ours, theirs = [], [], [], []
    for comparison in comparisons:
        mine, other = comparison["rows"]
        short = comparison["title"].split(" (")[0]
        labels.append(f"{short}\nvs {comparison['baseline']}")
        ours.append(mine["seconds"])
        theirs.append(other["seconds"])
        rows.append([short, str(comparison["files"]), f"{mine['seconds']:.2f}", other["tool"], f"{other['seconds']:.2f}",
                     f"{comparison['ratio']:.0f}x", f">= {comparison['target']:.0f}x", "; ".join(comparison["notes"])])
    bar_chart(IMAGES / "checker.png", "weightlink check vs the alternatives, wall-clock seconds", labels,
              {"weightlink check": ours, "the alternative": theirs}, "seconds")
    lines += table(["project", "files", "check s", "compared with", "its s", "ratio", "target", "notes"], rows, "lrrlrrrl")
    return [*lines, "![checker](img/benchmarks/checker.png)", ""]


def server_section(results: dict[str, Any]) -> list[str]:
    body = table(["file", "lines", "findings", "server: change to diagnostics", "Checker.check_source", "weightlink check FILE", "server / check_source"], [
        [row["file"], str(row["lines"]), str(row["findings"]), f"{row['server_ms']:.1f} ms", f"{row['check_source_ms']:.1f} ms",
         f"{row['command_ms']:.0f} ms", f"{row['server_ms'] / row['check_source_ms']:.2f}x"] for row in results["rows"]
    ], "lrrrrrr")
    return ["## Editor server", "",
            "`python bench/bench_server.py`: `weightlink server` driven over stdio by pygls' client, a 2,000-line",
            "file changed one character at a time; median time from sending a change to its diagnostics arriving,",
            f"beside the same check in-process and a plain `weightlink check` of the file (target: {results['target_ms']:.0f} ms for the typical file).", "",
            *body, f"Resident memory of the server with {results['documents']} such documents open: {results['rss_mb']:.0f} MB.", ""]


def large_files_section(results: dict[str, Any]) -> list[str]:
    lines = ["## One large file, 0.1 to 20 MB", "",
             "`python bench/bench_large_files.py`: each tool on one generated file per size, in a fresh interpreter; dense",
             "files have a legacy call in every function (every one rewritten), sparse ones one per fifty functions. Linear",
             "means the cost per MB at the largest size is within 1.5x of the cost per MB at 1 MB.", ""]
    rows = [[r["kind"], f"{r['megabytes']:g}", str(r["calls"]), r["tool"], f"{r['seconds']:.2f}",
             f"{r['seconds'] / r['megabytes']:.2f}", f"{r['peak_mb']:.0f}"] for r in results["rows"]]
    lines += table(["file", "MB", "calls", "tool", "seconds", "s per MB", "peak MB"], rows, "lrrlrrr")
    verdicts = [[v["tool"], v["kind"], f"{v['time_ratio']:.2f}x", f"{v['memory_ratio']:.2f}x", "linear" if v["linear"] else "NOT linear"]
                for v in results["verdicts"]]
    return [*lines, *table(["tool", "file", "time per MB, largest / 1 MB", "memory per MB, largest / 1 MB", "verdict"], verdicts, "llrrl")]


# The order of the page: what a user compares first, the library authors' micro-benchmarks last.
SECTIONS: dict[str, Callable[[Any], list[str]]] = {
    "checker": checker_section, "codemod": codemod_section, "plugin": plugin_section,
    "large_files": large_files_section, "server": server_section, "runtime": runtime_section,
}


def _checker_ratio(results: dict[str, Any], baseline: str) -> str:
    comparison = next(c for c in results["checker"]["results"] if c["baseline"].startswith(baseline))
    return f"{comparison['ratio']:.0f}x"


def _codemod_ratio(results: dict[str, Any]) -> str:
    tree = next(t for t in results["codemod"]["results"] if t["title"].startswith("pytorch-image-models"))
    by_tool = {row["tool"].split(" --jobs")[0]: row for row in tree["rows"]}
    return f"{by_tool['TorchFix']['seconds'] / by_tool['ours']['seconds']:.0f}x"


# Figures quoted on other pages, by name: ``<!-- figure:NAME -->VALUE<!-- /figure -->``.
FIGURES = {
    "checker-vs-mypy": lambda results: _checker_ratio(results, "mypy"),
    "checker-vs-torchfix": lambda results: _checker_ratio(results, "TorchFix"),
    "codemod-vs-torchfix": _codemod_ratio,
}
FIGURE = re.compile(r"<!-- figure:(?P<name>[\w-]+) -->(?P<value>.*?)<!-- /figure -->")
QUOTING_PAGES = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]


def update_figures(results: dict[str, Any]) -> None:
    for page in QUOTING_PAGES:
        text = page.read_text(encoding="utf-8")
        updated = FIGURE.sub(lambda m: f"<!-- figure:{m['name']} -->{FIGURES[m['name']](results)}<!-- /figure -->", text)
        if updated != text:
            page.write_text(updated, encoding="utf-8")


def headline(results: dict[str, Any]) -> list[str]:
    lines = ["## At a glance", ""]
    if "checker" in results:
        lines.append(f"- `weightlink check` is **{FIGURES['checker-vs-mypy'](results)}** faster than mypy with the plugin on a "
                     f"cold cache, and **{FIGURES['checker-vs-torchfix'](results)}** faster than TorchFix on "
                     "pytorch-image-models.")
    if "codemod" in results:
        lines.append(f"- The codemod is **{FIGURES['codemod-vs-torchfix'](results)}** faster than TorchFix on "
                     "pytorch-image-models.")
    if "plugin" in results:
        worst = max(row["overhead_percent"] for row in results["plugin"]["results"])
        lines.append(f"- The mypy plugin adds at most {worst:+.1f}% to mypy's own time.")
    return [*lines, ""]


def write_page(results: dict[str, Any]) -> None:
    lines = [
        "# Benchmarks", "",
        "<!-- generated by bench/benchmarks_page.py: edit that script, not this page -->", "",
        "Every figure here comes from `python bench/benchmarks_page.py`, which runs each benchmark script in",
        "`bench/` afresh (each also runs alone). Each compares the tools side by side in the same run, so the",
        "ratios hold on other machines even where the seconds do not.", "",
        *headline(results),
    ]
    for name, section in SECTIONS.items():
        if name in results:
            body = section(results[name]["results"])
            lines += [*body[:2], measured_line(results[name]["measured"], name in SINGLE_RUN), "", *body[2:]]
    PAGE.write_text("\n".join(lines))
    update_figures(results)
    print(f"wrote {PAGE.relative_to(REPO)} and {len(list(IMAGES.glob('*.png')))} plots in {IMAGES.relative_to(REPO)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller trees")
    parser.add_argument("--only", action="append", choices=list(RUNS), default=[], help="run only this benchmark (repeatable)")
    parser.add_argument("--page-only", action="store_true", help="rewrite the page from the saved results; run nothing")
    args = parser.parse_args(argv)
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() and (args.only or args.page_only) else {}
    if not args.page_only:
        results.update(run_benchmarks(args.quick, args.only))
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=1))
    write_page(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

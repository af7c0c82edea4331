"""The command line of ``python -m codemods.migrate_pretrained PATH...``: migrate pretrained= calls to weights=.

Exit codes: 0 done (or nothing to do); 1 with --check, when a file would change; 2 usage error, or
files that could not be processed (they are listed and left untouched).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from codemods.migrate_pretrained.command import MigratePretrainedCommand, Options
from codemods.migrate_pretrained.runner import (
    FileResult,
    RunSettings,
    migrate_files,
    terminal_progress,
)
from weightlink.catalog import LibraryNotFound
from weightlink.cli_options import add_file_options, add_library_options
from weightlink.config import builder_libraries, find_config, load_settings
from weightlink.sources import discover, missing
from weightlink.workers import default_jobs


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m codemods.migrate_pretrained",
        description=MigratePretrainedCommand.DESCRIPTION,
    )
    parser.add_argument("paths", nargs="+", type=Path, help="files and folders to migrate")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(), help="worker processes (default: all cores)")
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds one file may take before it is stopped and named (default: 300)"
    )
    parser.add_argument("--include", action="append", default=None, help="glob of files to take (default: *.py)")
    add_file_options(parser, verb="migrate")
    parser.add_argument("--json", action="store_true", help="print a machine-readable report instead of text")
    parser.add_argument("--prefer-default", action="store_true", help="use .DEFAULT, and list calls whose weights change")
    parser.add_argument(
        "--rewrite-dynamic",
        action="store_true",
        help='rewrite calls whose builder is chosen at run time (getattr(models, name)(pretrained=...)) to weights="DEFAULT"',
    )
    add_library_options(
        parser, library_help="model library to migrate calls of (default: torchvision and the libraries the config names)"
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    absent = missing(args.paths)
    if absent:
        parser.error(f"no such file or folder: {', '.join(absent)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # Every file is either as it was or fully migrated: writes are atomic.
        print("migrate_pretrained: interrupted; files already migrated are complete, the others untouched", file=sys.stderr)
        return 130


def _main(argv: Sequence[str] | None) -> int:
    args = parse_args(argv)
    try:
        project = load_settings(args.config or find_config(Path.cwd()))
    except (ValueError, OSError) as error:
        print(f"migrate_pretrained: {error}", file=sys.stderr)
        return 2
    settings = RunSettings(
        libraries=builder_libraries(args.library or project.libraries),
        library_paths=tuple(args.library_path),
        options=Options(
            prefer_default=args.prefer_default, rewrite_dynamic=args.rewrite_dynamic, dialect=project.dialect, timm=project.timm
        ),
        write=not (args.diff or args.check),
        want_diff=args.diff,
    )
    files = discover(args.paths, args.include or ["*.py"], args.exclude, respect_gitignore=not args.no_gitignore)
    try:
        results = list(migrate_files(files, settings, args.jobs, None if args.json else terminal_progress, timeout=args.timeout))
    except LibraryNotFound as error:
        print(f"migrate_pretrained: {error.explain('--library-path')}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"summary": summary(results), "files": [r.to_json() for r in results if _worth_listing(r)]}, indent=1))
    else:
        print_text_report(results, show_diff=args.diff, wrote=settings.write)
    if any(r.error for r in results):
        return 2
    if args.check and any(r.changed for r in results):
        return 1
    return 0


def _worth_listing(result: FileResult) -> bool:
    return bool(result.changed or result.findings or result.error)


def summary(results: Sequence[FileResult]) -> dict[str, int]:
    return {
        "files_scanned": len(results),
        "files_changed": sum(r.changed for r in results),
        "call_sites_rewritten": sum(r.rewritten for r in results),
        "call_sites_reported": sum(r.reported for r in results),
        "files_not_processed": sum(r.error is not None for r in results),
    }


def print_text_report(results: Sequence[FileResult], show_diff: bool, wrote: bool) -> None:
    for result in results:
        if show_diff and result.diff:
            sys.stdout.write(result.diff)
        for finding in result.findings:
            if finding.kind != "rewritten" or not show_diff:
                label = {"rewritten": "rewrote" if wrote else "would rewrite", "note": "note", "reported": "NOT MIGRATED"}[finding.kind]
                print(f"{result.path}:{finding.line}:{finding.column}: {label}: {finding.message}", file=sys.stderr)
        if result.error:
            print(f"{result.path}: error: {result.error}", file=sys.stderr)
    totals = summary(results)
    files, sites = totals["files_scanned"], totals["call_sites_rewritten"]
    print(
        f"{files} file{'s' * (files != 1)} scanned, {totals['files_changed']} {'changed' if wrote else 'would change'}, "
        f"{sites} call site{'s' * (sites != 1)} {'rewritten' if wrote else 'to rewrite'}, {totals['call_sites_reported']} reported"
        + (f", {totals['files_not_processed']} could not be processed" if totals["files_not_processed"] else ""),
        file=sys.stderr,
    )

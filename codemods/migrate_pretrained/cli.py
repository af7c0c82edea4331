"""The command line of the codemod: ``weightlink migrate PATH...`` and ``python -m
codemods.migrate_pretrained PATH...`` (the same command): migrate pretrained= calls to weights=.

Exit codes: 0 done (or nothing to do); 1 with --check, when a file would change; 2 usage error, or
files that could not be processed (they are listed and left untouched).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from codemods.migrate_pretrained.runner import FileResult, Options, RunSettings, migrate_files, terminal_progress
from weightlink.catalog import LibraryNotFound
from weightlink.cli_options import add_file_options, add_fix_options, add_library_options, unsafe_fixes
from weightlink.project import SOURCE_FILES, Project
from weightlink.sources import missing
from weightlink.workers import default_jobs

DESCRIPTION = (
    "Rewrite pretrained=/pretrained_backbone= (and the old positional form) of model builders to "
    "weights=/weights_backbone= with the exact weights the old call loaded, and timm's deprecated "
    "model names to their current ones. Calls an ignore comment silences are left as they are."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="files and folders to migrate")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(), help="worker processes (default: all cores)")
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds one file may take before it is stopped and named (default: 300)"
    )
    parser.add_argument("--include", action="append", default=None, help="glob of files to take (repeatable; default: *.py and *.ipynb)")
    add_file_options(parser, verb="migrate")
    parser.add_argument("--json", action="store_true", help="print a machine-readable report instead of text")
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="name the files only, not each call (weightlink check reports those)"
    )
    add_fix_options(parser)
    add_library_options(parser, library_help="another model library to migrate calls of, besides torchvision and the configured ones (repeatable)")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m codemods.migrate_pretrained", description=DESCRIPTION)
    add_arguments(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    return run(parse_args(argv), program="migrate_pretrained")


def run(args: argparse.Namespace, program: str = "weightlink migrate") -> int:
    try:
        return _run(args, program)
    except KeyboardInterrupt:
        # Every file is either as it was or fully migrated: writes are atomic.
        print(f"{program}: interrupted; files already migrated are complete, the others untouched", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace, program: str) -> int:
    if args.jobs < 1:
        print(f"{program}: --jobs must be at least 1", file=sys.stderr)
        return 2
    absent = missing(args.paths)
    if absent:
        print(f"{program}: no such file or folder: {', '.join(absent)}", file=sys.stderr)
        return 2
    try:
        project = Project.configured(
            args.config, libraries=args.library, library_paths=args.library_path, exclude=args.exclude
        )
    except (ValueError, OSError) as error:
        print(f"{program}: {error}", file=sys.stderr)
        return 2
    options = Options(
        prefer_default=args.prefer_default,
        unsafe_fixes=unsafe_fixes(args, program),
        dialect=project.settings.dialect,
    )
    settings = RunSettings(
        libraries=(),
        library_paths=tuple(args.library_path),
        options=options,
        write=not (args.diff or args.check),
        want_diff=args.diff,
        settings=project.settings,
    )
    files = project.files(
        args.paths, respect_gitignore=not args.no_gitignore, force_exclude=args.force_exclude, include=args.include or SOURCE_FILES
    )
    try:
        results = list(migrate_files(files, settings, args.jobs, None if args.json else terminal_progress, timeout=args.timeout))
    except LibraryNotFound as error:
        print(f"{program}: {error.explain('--library-path')}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"summary": summary(results), "files": [r.to_json() for r in results if _worth_listing(r)]}, indent=1))
    elif args.quiet:
        print_files(results, wrote=settings.write)
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
        "calls_silenced": sum(r.silenced for r in results),
    }


def print_files(results: Sequence[FileResult], wrote: bool) -> None:
    """One line per file that changes or fails, and how to fix them (the pre-commit hook's output)."""
    changed = [r.path for r in results if r.changed]
    for result in results:
        if result.changed:
            sites = f"{result.rewritten} call{'s' * (result.rewritten != 1)}"
            print(f"{result.path}: {sites} {'migrated' if wrote else 'to migrate'}", file=sys.stderr)
        if result.error:
            print(f"{result.path}: error: {result.error}", file=sys.stderr)
    if changed and not wrote:
        print(f"to fix: weightlink check --fix {' '.join(changed)}", file=sys.stderr)


def print_text_report(results: Sequence[FileResult], show_diff: bool, wrote: bool) -> None:
    for result in results:
        if show_diff and result.diff:
            sys.stdout.write(result.diff)
        for finding in result.findings:
            if finding.kind != "rewritten" or not show_diff:
                label = {"rewritten": "rewrote" if wrote else "would rewrite", "note": "note", "reported": "NOT MIGRATED"}[finding.kind]
                cell = f"cell {finding.cell}:" if finding.cell is not None else ""
                print(f"{result.path}:{cell}{finding.line}:{finding.column}: {label}: {finding.message}", file=sys.stderr)
        if result.error:
            print(f"{result.path}: error: {result.error}", file=sys.stderr)
    totals = summary(results)
    files, sites = totals["files_scanned"], totals["call_sites_rewritten"]
    print(
        f"{files} file{'s' * (files != 1)} scanned, {totals['files_changed']} {'changed' if wrote else 'would change'}, "
        f"{sites} call site{'s' * (sites != 1)} {'rewritten' if wrote else 'to rewrite'}, {totals['call_sites_reported']} reported"
        + (f", {totals['calls_silenced']} silenced left as they are" if totals["calls_silenced"] else "")
        + (f", {totals['files_not_processed']} could not be processed" if totals["files_not_processed"] else ""),
        file=sys.stderr,
    )

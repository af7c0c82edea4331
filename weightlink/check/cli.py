"""``weightlink check PATH...`` (also ``python -m weightlink check``).

Exit codes: 0 no errors (notes do not count), 1 errors found, 2 usage error or a file that could
not be read or parsed (named; the other files are still checked).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from weightlink.catalog import LibraryNotFound
from weightlink.check.formats import FORMATS, render
from weightlink.cli_options import add_file_options, add_library_options
from weightlink.check.run import CheckResult, check_paths
from weightlink.config import Settings, find_config, load_settings
from weightlink.extras import MissingExtra, require
from weightlink.sources import missing
from weightlink.workers import default_jobs
from weightlink.rules.codes import CODES, MYPY_CODES


DESCRIPTION = """\
Report calls of model builders given another builder's weights, unknown weights or model names,
the deprecated pretrained= interface, and arguments the weights or the model do not take.

exit codes: 0 no errors (notes do not count), 1 errors found, 2 a usage error or a file that
could not be checked (named; the other files are still checked)"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, default=[], help="files and folders (default: the current folder)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--select", action="append", default=[], help="report only this code (repeatable)")
    parser.add_argument("--ignore", action="append", default=[], help="do not report this code (repeatable)")
    add_file_options(parser, verb="check")
    add_library_options(parser, library_help="another model library to check calls of, besides torchvision (repeatable)")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(), help="worker processes (default: all cores)")
    fixes = parser.add_mutually_exclusive_group()
    fixes.add_argument("--fix", action="store_true", help="apply the codemod to the legacy calls found (needs libcst)")
    fixes.add_argument("--diff", action="store_true", help="show what --fix would change; write nothing")


def run(args: argparse.Namespace) -> int:
    if args.fix or args.diff:
        try:
            require("libcst", "--fix" if args.fix else "--diff")
        except MissingExtra as error:
            print(f"weightlink check: {error}", file=sys.stderr)
            return 2
    try:
        settings = _settings(args)
        paths = args.paths or [_relative(Path(path)) for path in settings.paths] or [Path(".")]
        absent = missing(paths)
        if absent:
            raise ValueError(f"no such file or folder: {', '.join(absent)}")
        result = check_paths(paths, settings, library_paths=args.library_path, respect_gitignore=not args.no_gitignore, jobs=args.jobs)
    except LibraryNotFound as error:
        print(f"weightlink check: {error.explain('--library-path')}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as error:
        print(f"weightlink check: {error}", file=sys.stderr)
        return 2
    if args.fix:
        # What changed first, then exactly what a plain ``weightlink check`` now reports.
        status = _apply_codemod(result, settings, args)
        if status != 0:
            return status
        result = check_paths(paths, settings, library_paths=args.library_path, respect_gitignore=not args.no_gitignore, jobs=args.jobs)
    output = render(result.findings, result.unreadable, args.format)
    if output:
        print(output, flush=True)  # before the summary on stderr, also when both go to one pipe
    if args.diff:
        status = _apply_codemod(result, settings, args)
        if status != 0:
            return status
    if args.format == "text":
        _summary(result)
    if result.unreadable:
        return 2
    return 1 if result.errors else 0


def _relative(path: Path) -> Path:
    """A configured path as the user would type it from here (findings name files this way)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _settings(args: argparse.Namespace) -> Settings:
    from dataclasses import replace

    settings = load_settings(args.config or find_config(Path.cwd()))
    settings = replace(
        settings,
        extra_libraries=(*settings.extra_libraries, *args.library),
        select=tuple(args.select) or settings.select,
        ignore=(*settings.ignore, *args.ignore),
        exclude=(*settings.exclude, *args.exclude),
    )
    known = {code.name for code in (*CODES, *MYPY_CODES)}
    unknown = sorted((set(settings.select) | set(settings.ignore)) - known - {"deprecated"})
    if unknown:
        raise ValueError(f"unknown code(s) in select/ignore: {', '.join(unknown)}; the codes: {', '.join(sorted(known))}")
    return settings


def _apply_codemod(result: CheckResult, settings: Settings, args: argparse.Namespace) -> int:
    """``--fix`` / ``--diff``: the codemod on the files with a legacy call it can rewrite."""
    files = sorted({f.path for f in result.findings if f.code == "weights-legacy" and f.fix})
    if not files:
        return 0
    from codemods.migrate_pretrained.command import Options
    from codemods.migrate_pretrained.runner import RunSettings, migrate_files

    run_settings = RunSettings(
        libraries=settings.libraries,
        library_paths=tuple(args.library_path),
        options=Options(dialect=settings.dialect, timm=settings.timm),
        write=args.fix,
        want_diff=args.diff,
    )
    for migrated in migrate_files([Path(f) for f in files], run_settings, jobs=1):
        if migrated.diff:
            sys.stdout.write(migrated.diff)
        if migrated.error:
            print(f"{migrated.path}: error: {migrated.error}", file=sys.stderr)
        elif args.fix and migrated.changed:
            sites = f"{migrated.rewritten} call{'s' * (migrated.rewritten != 1)}"
            print(f"fixed {migrated.path}: {sites} migrated", file=sys.stderr, flush=True)
    return 0


def _summary(result: CheckResult) -> None:
    sys.stdout.flush()
    errors, notes = len(result.errors), len(result.findings) - len(result.errors)
    parts = [f"{result.files} file{'s' * (result.files != 1)} checked", f"{errors} error{'s' * (errors != 1)}"]
    if notes:
        parts.append(f"{notes} note{'s' * (notes != 1)}")
    if result.unreadable:
        parts.append(f"{len(result.unreadable)} could not be checked")
    print(", ".join(parts), file=sys.stderr)

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
from weightlink.check.run import CheckResult, Checker
from weightlink.cli_options import add_file_options, add_fix_options, add_library_options, unsafe_fixes
from weightlink.colour import Colours
from weightlink.project import Project
from weightlink.rules.codes import CODES, MYPY_CODES
from weightlink.sources import missing
from weightlink.workers import default_jobs

DESCRIPTION = """\
Report calls of model builders given another builder's weights, unknown weights or model names,
the deprecated pretrained= interface, and arguments the weights or the model do not take.
--fix applies the fixes that keep what the program does (safe fixes); --unsafe-fixes adds those
that may change it. A call an ignore comment silences is neither reported nor fixed.

exit codes: 0 no errors (notes do not count), 1 errors found, 2 a usage error or a file that
could not be checked (named; the other files are still checked)"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, default=[], help="files and folders (default: the current folder)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--select", action="append", default=[], help="report only this code (repeatable)")
    parser.add_argument("--ignore", action="append", default=[], help="do not report this code (repeatable)")
    add_file_options(parser, verb="check")
    add_library_options(parser, library_help="another model library to check calls of, besides torchvision and the configured ones (repeatable)")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(), help="worker processes (default: all cores)")
    fixes = parser.add_mutually_exclusive_group()
    fixes.add_argument("--fix", action="store_true", help="apply the fixes of the findings (rewrites files in place)")
    fixes.add_argument("--diff", action="store_true", help="show what --fix would change; write nothing")
    add_fix_options(parser)


def run(args: argparse.Namespace) -> int:
    unsafe = unsafe_fixes(args, "weightlink check")
    try:
        project = _project(args)
        paths = args.paths or [_relative(Path(path)) for path in project.settings.paths] or [Path(".")]
        absent = missing(paths)
        if absent:
            raise ValueError(f"no such file or folder: {', '.join(absent)}")
        files = project.files(paths, respect_gitignore=not args.no_gitignore, force_exclude=args.force_exclude)
        checker = Checker(project=project, prefer_default=args.prefer_default)
        result = checker.check_files(files, jobs=args.jobs)
    except LibraryNotFound as error:
        print(f"weightlink check: {error.explain('--library-path')}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as error:
        print(f"weightlink check: {error}", file=sys.stderr)
        return 2
    if args.fix:
        # What changed first, then exactly what a plain ``weightlink check`` now reports.
        _apply_fixes(result, project, args, unsafe)
        result = checker.check_files(files, jobs=args.jobs)
    colours = Colours.for_stream(sys.stdout, enabled=args.format == "text")
    output = render(result.findings, result.unreadable, args.format, colours)
    if output:
        print(output, flush=True)  # before the summary on stderr, also when both go to one pipe
    if args.diff:
        _apply_fixes(result, project, args, unsafe)
    if args.format == "text":
        _summary(result, unsafe, Colours.for_stream(sys.stderr), fixing=args.fix)
    if result.unreadable:
        return 2
    return 1 if result.errors else 0


def _relative(path: Path) -> Path:
    """A configured path as the user would type it from here (findings name files this way)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _project(args: argparse.Namespace) -> Project:
    project = Project.configured(
        args.config,
        libraries=args.library,
        library_paths=args.library_path,
        select=args.select,
        ignore=args.ignore,
        exclude=args.exclude,
    )
    settings = project.settings
    known = {code.name for code in (*CODES, *MYPY_CODES)}
    unknown = sorted((set(settings.select) | set(settings.ignore)) - known - {"deprecated"})
    if unknown:
        raise ValueError(f"unknown code(s) in select/ignore: {', '.join(unknown)}; the codes: {', '.join(sorted(known))}")
    return project


def _apply_fixes(result: CheckResult, project: Project, args: argparse.Namespace, unsafe: bool) -> None:
    """``--fix`` / ``--diff``: the fixes of the findings reported, on the files that have one."""
    files = sorted({f.path for f in result.findings if f.fix is not None and f.fix.applies(unsafe)})
    if not files:
        return
    from codemods.migrate_pretrained.runner import Options, RunSettings, migrate_files

    options = Options(prefer_default=args.prefer_default, unsafe_fixes=unsafe, dialect=project.settings.dialect)
    settings = RunSettings(
        libraries=(), library_paths=project.library_paths, options=options, write=args.fix, want_diff=args.diff, settings=project.settings
    )
    for migrated in migrate_files([Path(f) for f in files], settings, jobs=1):
        if migrated.diff:
            sys.stdout.write(migrated.diff)
        if migrated.error:
            print(f"{migrated.path}: error: {migrated.error}", file=sys.stderr)
        elif args.fix and migrated.changed:
            sites = f"{migrated.rewritten} call{'s' * (migrated.rewritten != 1)}"
            print(f"fixed {migrated.path}: {sites} migrated", file=sys.stderr, flush=True)


def _summary(result: CheckResult, unsafe: bool, colours: Colours, fixing: bool = False) -> None:
    sys.stdout.flush()
    errors, notes = len(result.errors), len(result.findings) - len(result.errors)
    parts = [f"{result.files} file{'s' * (result.files != 1)} checked", f"{errors} error{'s' * (errors != 1)}"]
    if notes:
        parts.append(f"{notes} note{'s' * (notes != 1)}")
    if result.silenced:
        parts.append(f"{result.silenced} silenced by ignore comments")
    if result.unreadable:
        parts.append(f"{len(result.unreadable)} could not be checked")
    fixable = [f for f in result.findings if f.fix is not None]
    safe = sum(1 for f in fixable if f.fix is not None and f.fix.applicability == "safe")
    risky = sum(1 for f in fixable if f.fix is not None and f.fix.applicability == "unsafe")
    hints = []
    if safe:
        hints.append(f"{safe} fixable with --fix")
    if risky and not unsafe:
        hints.append(f"{risky} more with --fix --unsafe-fixes")
    line = ", ".join(parts) + (f" ({'; '.join(hints)})" if hints else "")
    print(colours.bold(line), file=sys.stderr)
    files = sorted({f.path for f in fixable if f.fix is not None and f.fix.applies(unsafe)})
    if files and not fixing:
        shown = " ".join(_quoted(name) for name in files[:5]) + (" ..." if len(files) > 5 else "")
        flag = " --unsafe-fixes" if unsafe else ""
        print(f"to fix: weightlink check --fix{flag} {shown}", file=sys.stderr)


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(name)

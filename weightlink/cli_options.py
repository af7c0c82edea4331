"""Command-line options every weightlink command that reads a user's files shares (``weightlink
check``, ``python -m codemods.migrate_pretrained``): one wording, one behaviour."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_file_options(parser: argparse.ArgumentParser, verb: str) -> None:
    """``--exclude``, ``--force-exclude`` and ``--no-gitignore``; ``verb`` says what the command does
    to a file."""
    parser.add_argument("--exclude", action="append", default=[], help="glob of files to skip, added to the configured ones (repeatable)")
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help=f"do not {verb} files named on the command line that exclude matches (pre-commit names every file)",
    )
    parser.add_argument("--no-gitignore", action="store_true", help=f"also {verb} files .gitignore ignores")


def add_fix_options(parser: argparse.ArgumentParser) -> None:
    """What a fix may do: ``--unsafe-fixes`` and ``--prefer-default``."""
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help='also apply fixes that may change what the program does (weights="DEFAULT" for a builder picked at run time)',
    )
    parser.add_argument(
        "--prefer-default",
        action="store_true",
        help="write .DEFAULT where DEFAULT names the very same weights; elsewhere that is an unsafe fix",
    )
    parser.add_argument("--rewrite-dynamic", action="store_true", help=argparse.SUPPRESS)  # the old name of --unsafe-fixes


def unsafe_fixes(args: argparse.Namespace, program: str) -> bool:
    """``--unsafe-fixes``, or its old name with a note."""
    if getattr(args, "rewrite_dynamic", False):
        print(f"{program}: --rewrite-dynamic is now --unsafe-fixes (it applies every unsafe fix)", file=sys.stderr)
        return True
    return bool(getattr(args, "unsafe_fixes", False))


def add_library_options(parser: argparse.ArgumentParser, library_help: str) -> None:
    """``--library``, ``--library-path`` and ``--config``."""
    parser.add_argument("--library", action="append", default=[], help=library_help)
    parser.add_argument("--library-path", action="append", default=[], type=folder, help="folder to find a --library in")
    parser.add_argument(
        "--config",
        type=Path,
        help="pyproject.toml, setup.cfg or mypy.ini with a weightlink section (default: the nearest one above "
        "the current folder)",
    )


def folder(text: str) -> str:
    """An argparse type: a folder that exists (a file or a typo would be silently ignored)."""
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"not a folder: {text}")
    return text

"""Command-line options every weightlink command that reads a user's files shares (``weightlink
check``, ``python -m codemods.migrate_pretrained``): one wording, one behaviour."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_file_options(parser: argparse.ArgumentParser, verb: str) -> None:
    """``--exclude`` and ``--no-gitignore``; ``verb`` says what the command does to a file."""
    parser.add_argument("--exclude", action="append", default=[], help="glob of files to skip (repeatable)")
    parser.add_argument("--no-gitignore", action="store_true", help=f"also {verb} files .gitignore ignores")


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

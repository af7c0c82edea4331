"""``weightlink server``: a language server (LSP over stdio) that shows weightlink's findings in
editors as they are typed, and fixes them through code actions. It needs pygls and lsprotocol
(``pip install 'weightlink[server]'``); nothing in weightlink imports them but this command.

What it is made of, one job each: `units` (columns as the client counts them), `edits` (a change
as small edits), `texts` (a document, a notebook's JSON or a notebook's cells as the checker reads
them, and the way back), `projects` (configuration and catalogs per project), `options` (what the
client sets), `diagnostics`, `fixing` (fixes over passes), `session` (the open documents and their
checks), `actions` (code actions) and `server` (pygls' handlers)."""

from __future__ import annotations

import argparse
import sys

from weightlink.extras import MissingExtra, require


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdio", action="store_true", help="talk LSP over standard input and output (the default and only way)")


def run(args: argparse.Namespace, version: str) -> int:
    try:
        for module in ("pygls", "lsprotocol"):
            require(module, "weightlink server")
    except MissingExtra as missing:
        print(missing, file=sys.stderr)
        return 2
    from weightlink.server.server import build

    build(version).start_io()
    return 0


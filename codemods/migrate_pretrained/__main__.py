"""``python -m codemods.migrate_pretrained PATH...``: the command line is in `cli` (the same command
as ``weightlink migrate``)."""

from __future__ import annotations

import sys

from codemods.migrate_pretrained.cli import main

if __name__ == "__main__":
    sys.exit(main())

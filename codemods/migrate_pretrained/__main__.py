"""``python -m codemods.migrate_pretrained PATH...``: the command line is in `cli`; this entry first
makes sure LibCST is installed, so that a missing extra is one line, not a traceback."""

from __future__ import annotations

import sys

from weightlink.extras import MissingExtra, require

if __name__ == "__main__":
    try:
        require("libcst", "the codemod")
    except MissingExtra as error:
        print(f"migrate_pretrained: {error}", file=sys.stderr)
        sys.exit(2)
    from codemods.migrate_pretrained.cli import main

    sys.exit(main())

"""The docs read without sideways scrolling on a 1400 px window.

Measured in Chromium with scripts/docs_layout.py (the site's theme and docs/stylesheets/extra.css):
at 1400 px a code block holds 132 characters a line. Output blocks (``text``, ``console``) wrap, so
long diagnostics stay readable whatever their length; code blocks do not wrap (wrapped code reads as
different code), so their lines must fit.
"""

from __future__ import annotations

import re
from pathlib import Path

from test_docs import PAGES, read_blocks

ROOT = Path(__file__).resolve().parents[1]
CODE_LINE_LIMIT = 132  # characters a code block shows at 1400 px (scripts/docs_layout.py)
WRAPPING = re.compile(r"^(text|console|\{\.text\b.*\}|\{\.console\b.*\})$")


def test_output_blocks_wrap_in_the_built_site() -> None:
    """pygments_lang_class puts ``language-text`` on output blocks; the stylesheet wraps those."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "pygments_lang_class: true" in config and "stylesheets/extra.css" in config
    css = (ROOT / "docs" / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    rule = re.search(r"\.language-text pre code,\s*\.md-typeset \.language-console pre code\s*\{([^}]*)\}", css)
    assert rule is not None and "white-space: pre-wrap" in rule.group(1)


def test_code_blocks_fit_a_1400px_window() -> None:
    too_long = []
    for page in PAGES:
        for block in read_blocks(page):
            if WRAPPING.match(block.language):
                continue
            for offset, line in enumerate(block.code.splitlines()):
                if len(line) > CODE_LINE_LIMIT:
                    too_long.append(f"{page.name}:{block.first_line + offset}: {len(line)} characters")
    assert not too_long, "code lines that scroll sideways at 1400 px:\n" + "\n".join(too_long)

"""Measure the built docs in a real browser: how many code blocks scroll sideways at a window width,
and screenshots of the home page's first screen.

    mkdocs build --site-dir /tmp/site
    python scripts/docs_layout.py /tmp/site --width 1400 --width 400 --screenshots /tmp/shots

Needs Chromium (Debian: ``apt-get install chromium``) and ``pip install playwright`` (no browser
download: it drives the system Chromium). Not part of the test suite, which checks the same widths
statically (tests/test_docs_layout.py); this script is how those limits were measured.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import threading
from pathlib import Path
from typing import Any

# For each code block: does its content scroll sideways, and is it output (text/console) or code?
_MEASURE = """
() => [...document.querySelectorAll('.md-typeset pre > code')].map(code => {
  const pre = code.parentElement;
  const block = pre.closest('.highlight') || pre;
  return {
    overflow: code.scrollWidth > code.clientWidth + 1 || pre.scrollWidth > pre.clientWidth + 1,
    language: [...block.classList, ...code.classList].find(c => c.startsWith('language-')) || '',
    width: code.clientWidth,
    first: code.textContent.split('\\n')[0].slice(0, 60),
  };
})
"""
_TABLES = """
() => [...document.querySelectorAll('.md-typeset__table, .md-typeset table')].filter(
  t => t.scrollWidth > t.clientWidth + 1).length
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (the base class's name)
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure(site: Path, widths: list[int], screenshots: Path | None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html") if "search" not in p.parts)
    server, base = serve(site)
    report: dict[str, Any] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            )
            for width in widths:
                page = browser.new_page(viewport={"width": width, "height": 900})
                blocks = tables = 0
                scrolling: list[dict[str, Any]] = []
                for name in pages:
                    page.goto(base + name.removesuffix("index.html"))
                    found = page.evaluate(_MEASURE)
                    blocks += len(found)
                    scrolling += [{"page": name, **block} for block in found if block["overflow"]]
                    tables += page.evaluate(_TABLES)
                    if screenshots is not None and name == "index.html":
                        screenshots.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(screenshots / f"home-{width}.png"))
                report[str(width)] = {
                    "pages": len(pages),
                    "code_blocks": blocks,
                    "scrolling_blocks": len(scrolling),
                    "scrolling_output_blocks": sum(b["language"] in ("language-text", "language-console") for b in scrolling),
                    "scrolling_tables": tables,
                    "scrolling": scrolling,
                }
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the folder mkdocs build wrote")
    parser.add_argument("--width", type=int, action="append", help="window width in px (repeatable; default 1400)")
    parser.add_argument("--screenshots", type=Path, help="folder for home-<width>.png")
    parser.add_argument("--details", action="store_true", help="list every block that scrolls")
    args = parser.parse_args()
    report = measure(args.site, args.width or [1400], args.screenshots)
    for width, numbers in report.items():
        summary = {key: value for key, value in numbers.items() if key != "scrolling"}
        print(f"{width}px: {json.dumps(summary)}")
        if args.details:
            for block in numbers["scrolling"]:
                print(f"  {block['page']}: {block['language']} {block['first']!r}")


if __name__ == "__main__":
    main()

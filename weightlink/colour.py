"""Colour for people at a terminal: on when the stream is a terminal, off under ``NO_COLOR``
(https://no-color.org), on under ``FORCE_COLOR`` even through a pipe; never in the formats that
scripts and CI read (JSON, GitHub annotations, SARIF)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class Colours:
    enabled: bool = False

    @classmethod
    def for_stream(cls, stream: TextIO, *, enabled: bool = True) -> Colours:
        if not enabled or os.environ.get("NO_COLOR"):
            return cls(False)
        if os.environ.get("FORCE_COLOR"):
            return cls(True)
        isatty = getattr(stream, "isatty", None)
        return cls(bool(isatty and isatty()) and os.environ.get("TERM") != "dumb")

    def _paint(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text

    def bold(self, text: str) -> str:
        return self._paint("1", text)

    def red(self, text: str) -> str:
        return self._paint("1;31", text)

    def cyan(self, text: str) -> str:
        return self._paint("36", text)

    def dim(self, text: str) -> str:
        return self._paint("2", text)

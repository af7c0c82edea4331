"""Under the one-line setup mypy reads torchvision only because the plugin asks it to; without the
plugin the whole library is Any. Names a module no longer has (``torchvision.models.vgg.model_urls``,
gone since 0.13) would then become mypy's own ``attr-defined`` errors, which the plugin does not
own. A module-level ``__getattr__`` returning Any, added to each such module before mypy analyses
it, keeps every name the module lacks what it was without the plugin (PEP 562: mypy honours it)."""

from __future__ import annotations

from mypy.errors import Errors
from mypy.nodes import FuncDef, MypyFile
from mypy.options import Options
from mypy.parse import parse

_GETATTR = "from typing import Any as _weightlink_Any\ndef __getattr__(name: str) -> _weightlink_Any: ...\n"


def open_module(file: MypyFile, options: Options) -> None:
    """Add ``__getattr__`` to ``file`` unless it defines one of its own."""
    if any(isinstance(d, FuncDef) and d.name == "__getattr__" for d in file.defs):
        return
    added = parse(_GETATTR, file.path or "<weightlink>", file.fullname, Errors(options), options, eager=True)
    for statement in added.defs:
        statement.set_line(1)
    file.defs.extend(added.defs)

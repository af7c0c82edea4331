"""Which files are worth LibCST: LibCST with scope metadata costs ~100x a stdlib parse, so only a
file with a real candidate goes on: a call that reaches a builder with a legacy interface (through
any import style) with a legacy keyword or positional arguments, a dynamic lookup in the library
(``getattr(models, name)(pretrained=...)``), or ``torch.hub.load(..., pretrained=...)``.

A large repository whose own builders take ``pretrained=`` (pytorch-image-models) then costs little
more than reading and parsing the few files that mention the library.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from weightlink.catalog import Catalog
from weightlink.resolve import FileNames
from weightlink.rules.hub import HUB_LOAD
from weightlink.sources import parse_python


class CandidateFilter:
    def __init__(self, catalogs: Sequence[Catalog], legacy_keywords: frozenset[str]) -> None:
        self.catalogs = list(catalogs)
        self.libraries = tuple(catalog.library for catalog in self.catalogs)
        self.legacy_keywords = legacy_keywords

    def worth_migrating(self, text: str) -> bool:
        """A file that does not parse goes on too: LibCST then reports it."""
        if not any(library in text for library in self.libraries) and "hub.load" not in text:
            return False
        try:
            tree = parse_python(text)
        except (SyntaxError, ValueError, RecursionError):
            return True
        names = FileNames.of(tree)
        return any(self._is_candidate(node, names) for node in ast.walk(tree) if isinstance(node, ast.Call))

    def _is_candidate(self, call: ast.Call, names: FileNames) -> bool:
        legacy_keyword = any(keyword.arg in self.legacy_keywords for keyword in call.keywords)
        if legacy_keyword and self._dynamic_lookup(call.func, names):
            return True
        for qualified in names.qualify(call.func, strict=False):
            if qualified == HUB_LOAD:
                return legacy_keyword
            for catalog in self.catalogs:
                builder = catalog.builder(qualified) if qualified.startswith(catalog.library + ".") else None
                if builder is not None and builder.legacy:
                    own = {entry.legacy_param for entry in builder.legacy}
                    if any(keyword.arg in own for keyword in call.keywords):
                        return True
                    if call.args and builder.legacy_positional:
                        return True
        return False

    def _dynamic_lookup(self, func: ast.expr, names: FileNames) -> bool:
        """``getattr(<library module>, name)`` or ``<library module>.__dict__[name]``."""
        if isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and func.func.id == "getattr" and func.args:
            owner: ast.expr | None = func.args[0]
        elif isinstance(func, ast.Subscript) and isinstance(func.value, ast.Attribute) and func.value.attr == "__dict__":
            owner = func.value.value
        else:
            return False
        qualified = names.qualify(owner, strict=False) if owner is not None else []
        return any(q == lib or q.startswith(lib + ".") for q in qualified for lib in self.libraries)

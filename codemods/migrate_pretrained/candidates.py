"""Which files are worth LibCST: LibCST with scope metadata costs ~100x a stdlib parse, so only a
file with a real candidate goes on: a call that reaches a builder with a legacy interface (through
any import style) with a legacy keyword or positional arguments, a dynamic lookup in the library
(``getattr(models, name)(pretrained=...)``), ``torch.hub.load(..., pretrained=...)``, or a deprecated
timm model name in ``timm.create_model("...")``.

A large repository whose own builders take ``pretrained=`` (pytorch-image-models) then costs little
more than reading and parsing the few files that mention the library.
"""

from __future__ import annotations

import ast

from weightlink.resolve.model import FileModel
from weightlink.resolve.scopes import Scope
from weightlink.resolve.targets import Libraries
from weightlink.rules.timm import FUNCTION_NAMES, NAME_PARAM, timm_argument, timm_literal
from weightlink.sources import parse_python


class CandidateFilter:
    def __init__(self, libraries: Libraries, legacy_keywords: frozenset[str]) -> None:
        self.libraries = libraries
        self.library_names = tuple(catalog.library for catalog in libraries.catalogs)
        self.legacy_keywords = legacy_keywords

    def worth_migrating(self, text: str, path: str | None = None) -> tuple[bool, FileModel | None]:
        """Whether LibCST should see the file, and the resolver's model of it (the command decides
        with that same model). Raises what the stdlib parser raises for a file it cannot parse."""
        if not any(library in text for library in self.library_names) and "hub.load" not in text:
            if self.libraries.timm is None or not any(name in text for name in FUNCTION_NAMES):
                return False, None
        # SyntaxError, ValueError (a NUL byte), RecursionError and MemoryError go to the caller,
        # which names the file: LibCST's native parser can crash on what Python's parser rejects.
        tree = parse_python(text)
        model = self.libraries.model(tree, text, path)
        return any(self.is_candidate(model, call, scope) for call, scope in model.calls), model

    def is_candidate(self, model: FileModel, call: ast.Call, scope: Scope) -> bool:
        """A call the command may rewrite or report."""
        legacy_keyword = any(keyword.arg in self.legacy_keywords for keyword in call.keywords)
        target = self.libraries.call_target(model, call, scope)
        if target is None:
            return False
        if target.kind in ("hub", "dynamic", "undecided"):
            return legacy_keyword
        if target.kind == "timm":
            timm = self.libraries.timm
            return timm is not None and timm_literal(timm_argument(call, NAME_PARAM, 0), model.finals) in timm.deprecations
        builder = target.builder
        if target.kind != "builder" or builder is None or not builder.legacy:
            return False
        own = {entry.legacy_param for entry in builder.legacy}
        return any(keyword.arg in own for keyword in call.keywords) or bool(call.args and builder.legacy_positional)

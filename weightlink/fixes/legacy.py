"""The fixes of legacy calls: ``pretrained=True`` -> ``weights=<the member the call loaded>``.

The rules decide what the old call loaded (`weightlink.rules.legacy.legacy_outcome`); this module
writes it at the call: a legacy keyword is renamed and given its new value (one fix per keyword,
each independent of the others), and the old positional form becomes keywords all at once (one fix
for the call: ``resnet50(True, False)`` cannot lose one positional argument and keep the other).
Names an Enum member needs are imported (`references`, `imports`); torch.hub calls name them in
strings, which torch.hub passes through.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from weightlink.catalog.model import BuilderInfo, Catalog, LegacyParam
from weightlink.findings import Edit, Fix, NeededImport
from weightlink.fixes.arguments import CallText
from weightlink.fixes.expressions import weights_text
from weightlink.fixes.references import CallSite, CannotFix, EnumNames
from weightlink.positions import LineIndex
from weightlink.resolve.model import FileModel
from weightlink.requirements import admits_before
from weightlink.rules import messages
from weightlink.rules.compat import FIXES_NEED, CompatBranches
from weightlink.rules.legacy import Outcome, prefer_default


@dataclass
class FixFile:
    """What the fixes of one file share."""

    model: FileModel
    index: LineIndex
    prefer_default: bool = False  # write DEFAULT (an unsafe fix where DEFAULT is other weights)
    path: str | None = None  # the file, whose project may declare the versions it supports
    _names: EnumNames | None = field(default=None, repr=False)
    _older: dict[str, str | None] = field(default_factory=dict, repr=False)

    @property
    def names(self) -> EnumNames:
        if self._names is None:
            self._names = EnumNames(self.model)
        return self._names

    def runs_on_older(self, library: str) -> str | None:
        """Why a fix for ``library`` may break a release the code supports (the file keeps a branch
        for an older one, or the project admits one), or None."""
        if library not in self._older:
            self._older[library] = self._older_release(library)
        return self._older[library]

    def _older_release(self, library: str) -> str | None:
        since = FIXES_NEED.get(library)
        if since is None:
            return None
        branches = CompatBranches(self.model, library).branches
        if branches:
            why = messages.supports_older_in_file(library, min(branch.start for branch in branches)[0])
            return messages.fix_needs_newer(library, since, why)
        if self.path is not None and not self.path.startswith("<"):
            found = admits_before(library, since, Path(self.path))
            if found is not None:
                return messages.fix_needs_newer(library, since, messages.supports_older_in_project(library, found.text, found.source, since))
        return None


@dataclass(frozen=True)
class LegacyCall:
    call: ast.Call
    site: CallSite
    builder: BuilderInfo
    catalog: Catalog
    head: int = 0  # positional arguments the callee keeps (torch.hub.load's repo and model)
    by_string: bool = False  # members named in strings (torch.hub passes them on to the builder)


class LegacyFixes:
    """The fixes of one legacy call's findings."""

    def __init__(self, file: FixFile, legacy: LegacyCall) -> None:
        self.file = file
        self.legacy = legacy
        self.text = CallText(file.index, legacy.call)
        call = legacy.call
        own = call.args[legacy.head :]
        first_star = next((i for i, arg in enumerate(own) if isinstance(arg, ast.Starred)), len(own))
        self.positional = [arg for arg in own if not isinstance(arg, ast.Starred)]
        # Why no argument of this call can be rewritten, if something makes it so.
        self.problem: str | None = None
        name = legacy.builder.name
        if any(not isinstance(arg, ast.Starred) for arg in own[first_star:]):
            self.problem = f"{name}(): {messages.splat_hides_legacy()}"  # f(*args, x): where x lands depends on args
        elif self.positional and len(self.positional) > len(legacy.builder.legacy_positional):
            self.problem = f"{name}(): {messages.too_many_positional(name)}"

    def keyword_fix(self, entry: LegacyParam, keyword: ast.keyword, outcome: Outcome) -> Fix:
        """``pretrained=<x>`` -> ``weights=<the member it loaded>``. Raises `CannotFix`."""
        self._check()
        value, imports, changes = self._value(outcome)
        edits = (self.text.rename(keyword, entry.weights_param), self.text.replace_value(keyword.value, value))
        return self._fix(edits, f"{entry.weights_param}={value}", imports, changes, self._splat_note())

    def splat(self) -> str | None:
        """``**kwargs`` (else ``*args``) as written, when the call has a splat."""
        call = self.legacy.call
        splat = next((f"**{self.file.index.segment(k.value)}" for k in call.keywords if k.arg is None), None)
        return splat or next((f"*{self.file.index.segment(a.value)}" for a in call.args if isinstance(a, ast.Starred)), None)

    def _splat_note(self) -> str | None:
        """Explicit legacy keywords are migrated; a splat beside them may still hold others."""
        call = self.legacy.call
        splat = self.splat()
        given = {k.arg for k in call.keywords} | set(self.legacy.builder.legacy_positional[: len(self.positional)])
        unseen = [entry.legacy_param for entry in self.legacy.builder.legacy if entry.legacy_param not in given]
        return messages.legacy_from_splat(self.legacy.builder.name, unseen, splat) if splat and unseen else None

    def positional_fix(self, outcomes: Mapping[str, Outcome]) -> Fix:
        """Every positional argument by the old positional order as a keyword, the legacy ones with
        their new values (``outcomes`` by legacy parameter). Raises `CannotFix`."""
        self._check()
        if self.positional and not self.legacy.builder.legacy_positional:
            raise CannotFix(f"{self.legacy.builder.name}(): {messages.too_many_positional(self.legacy.builder.name)}")
        entries = {entry.legacy_param: entry for entry in self.legacy.builder.legacy}
        edits: list[Edit] = []
        titles: list[str] = []
        imports: list[NeededImport] = []
        changes: list[str] = []
        for name, node in zip(self.legacy.builder.legacy_positional, self.positional):
            entry = entries.get(name)
            if entry is None:
                edits.append(self.text.as_keyword(node, name))
                titles.append(f"{name}={self.file.index.segment(node)}")
                continue
            value, needed, changed = self._value(outcomes[name])
            imports += needed
            changes += changed
            edits.append(self.text.as_keyword(node, entry.weights_param, value))
            titles.append(f"{entry.weights_param}={value}")
        return self._fix(tuple(edits), ", ".join(titles), imports, changes, self._splat_note())

    def _check(self) -> None:
        if self.problem is not None:
            raise CannotFix(self.problem)

    def _value(self, outcome: Outcome) -> tuple[str, list[NeededImport], list[str]]:
        changes: list[str] = []
        if self.file.prefer_default:
            outcome, changes = prefer_default(outcome, self.legacy.catalog)
        imports: list[NeededImport] = []

        def reference(enum: str, member: str) -> str:
            if self.legacy.by_string:
                return f'"{enum.rpartition(".")[2]}.{member}"'
            text, needed = self.file.names.reference(self.legacy.site, self.legacy.catalog, enum, member, f"{self.legacy.builder.name}()")
            if needed is not None:
                imports.append(needed)
            return text

        value = weights_text(outcome, reference, self.text.source)
        if value is None:
            raise CannotFix("")  # the finding's own message says what to write
        return value, imports, changes

    def _fix(
        self, edits: tuple[Edit, ...], title: str, imports: list[NeededImport], changes: list[str], note: str | None = None
    ) -> Fix:
        """Unsafe when --prefer-default changed the weights (``changes`` says how), or when the code
        still runs on a release without the weights API."""
        older = self.file.runs_on_older(self.legacy.catalog.library)
        unsafe = [*changes, *([older] if older else [])]
        return Fix(
            edits,
            "unsafe" if unsafe else "safe",
            title,
            imports=tuple(imports),
            call=self.file.index.span(self.legacy.call),
            note="; ".join([*unsafe, *([note] if note else [])]) or None,
        )


def dynamic_fix(file: FixFile, call: ast.Call, legacy_keywords: Mapping[str, str]) -> Fix | None:
    """``getattr(models, name)(pretrained=p)``: the builder is picked at run time, so its member is
    not known; ``weights="DEFAULT"`` (builders take member names) is the only rewrite, and an unsafe
    one: DEFAULT may be other weights than the old call loaded. ``pretrained=False`` is safe:
    ``weights=None`` loads nothing, whatever the builder."""
    text = CallText(file.index, call)
    edits: list[Edit] = []
    titles: list[str] = []
    for keyword in call.keywords:
        if keyword.arg is None or keyword.arg not in legacy_keywords:
            continue
        value = _default_string(keyword.value, text)
        edits += [text.rename(keyword, legacy_keywords[keyword.arg]), text.replace_value(keyword.value, value)]
        titles.append(f"{legacy_keywords[keyword.arg]}={value}")
    if not edits:
        return None
    if all(title.endswith("=None") for title in titles):  # pretrained=False: no weights, whatever the builder
        return Fix(tuple(edits), "safe", ", ".join(titles), call=file.index.span(call))
    return Fix(tuple(edits), "unsafe", ", ".join(titles), call=file.index.span(call), note=messages.dynamic_builder_rewritten())


def _default_string(value: ast.expr, text: CallText) -> str:
    literal = value.value if isinstance(value, ast.Constant) else ...
    if literal is not ...:
        return '"DEFAULT"' if literal else "None"
    source, parenthesized = text.source(value)
    if not parenthesized and (isinstance(value, (ast.IfExp, ast.Lambda, ast.NamedExpr)) or "\n" in source):
        source = f"({source})"
    return f'"DEFAULT" if {source} else None'

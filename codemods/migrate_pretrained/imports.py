"""Placing the imports a rewrite needs: beside the import that brought the builder in.

That keeps an optional dependency optional: when torchvision is imported inside ``try:`` /
``except ImportError:`` or ``if _TORCHVISION_AVAILABLE:``, the Enum's import goes inside the same
guard, and a file whose torchvision imports are all guarded never gets a top-level one. A name is
merged into an existing ``from <module> import ...`` of the same block when there is one; otherwise
a new line follows the anchor import. Without an anchor (a builder reached some other way) the
import joins the file's other imports of the same library, or the last top-level import.

Runs as a second pass over the rewritten module: the rewrite never adds or removes lines, so the
anchor positions recorded during the first pass still hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

_EMPTY = cst.Module([])


@dataclass(frozen=True)
class NeededImport:
    module: str
    name: str | None  # None: ``import <module>``
    anchor: tuple[int, int] | None  # (line, column) of the statement that imports the builder


def place_imports(module: cst.Module, needed: Sequence[NeededImport]) -> cst.Module:
    if not needed:
        return module
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    return wrapper.visit(_ImportPlacement(needed))


class _ImportPlacement(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, needed: Sequence[NeededImport]) -> None:
        super().__init__()
        self.by_anchor: dict[tuple[int, int] | None, list[NeededImport]] = {}
        for item in dict.fromkeys(needed):  # keep the order, drop repeats
            self.by_anchor.setdefault(item.anchor, []).append(item)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = self._place(original_node.body, list(updated_node.body))
        unanchored = self.by_anchor.pop(None, [])
        if unanchored:
            body = _merge_or_insert(body, unanchored, _top_level_position(body, unanchored[0].module))
        return updated_node.with_changes(body=body)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        return updated_node.with_changes(body=self._place(original_node.body, list(updated_node.body)))

    def _place(
        self, original: Sequence[cst.BaseStatement], updated: list[cst.BaseStatement]
    ) -> list[cst.BaseStatement]:
        # Walk backwards so that insertions do not shift the statements still to be looked at.
        for index in range(len(original) - 1, -1, -1):
            statement = original[index]
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                start = self.get_metadata(PositionProvider, small).start
                items = self.by_anchor.pop((start.line, start.column), None)
                if items:
                    updated = _merge_or_insert(updated, items, index + 1, anchor=index)
        return updated


def _merge_or_insert(
    body: list[cst.BaseStatement], items: list[NeededImport], position: int, anchor: int | None = None
) -> list[cst.BaseStatement]:
    body = list(body)
    for item in items:
        if item.name is not None:
            merged = _merge_into_existing(body, item, anchor)
            if merged is not None:
                body = merged
                continue
        body.insert(position, _import_line(item))
        position += 1
    return body


def _merge_into_existing(
    body: list[cst.BaseStatement], item: NeededImport, anchor: int | None
) -> list[cst.BaseStatement] | None:
    """``from <module> import a, b`` in the same block gets ``item.name`` too (kept sorted if it
    was); the anchor import itself is tried first."""
    assert item.name is not None
    order = list(range(len(body)))
    if anchor is not None:
        order.remove(anchor)
        order.insert(0, anchor)
    for index in order:
        statement = body[index]
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        found = statement.body[0]
        if not (
            isinstance(found, cst.ImportFrom)
            and not found.relative
            and found.module is not None
            and _EMPTY.code_for_node(found.module) == item.module
            and isinstance(found.names, Sequence)
        ):
            continue
        names = list(found.names)
        existing = [_EMPTY.code_for_node(alias.name) for alias in names if alias.asname is None]
        if item.name in existing:
            return body
        added = cst.ImportAlias(name=cst.Name(item.name))
        separator = _separator(found)
        position = len(names)
        if existing == sorted(existing):
            position = next((i for i, alias in enumerate(names) if _EMPTY.code_for_node(alias.name) > item.name), position)
        # The other names keep their commas, comments and line breaks; the new one takes the
        # separator the import already uses (", " or a line break and indent).
        if position == len(names):
            last_comma = names[-1].comma
            names[-1] = names[-1].with_changes(comma=separator)
            names.append(added.with_changes(comma=last_comma))
        else:
            names.insert(position, added.with_changes(comma=separator))
        body[index] = statement.with_changes(body=[found.with_changes(names=names)])
        return body
    return None


def _separator(found: cst.ImportFrom) -> cst.Comma:
    """The comma and whitespace between two names of this import, without any comment."""
    assert isinstance(found.names, Sequence)
    between = found.names[0].comma if len(found.names) > 1 else None
    if isinstance(between, cst.Comma):
        after = between.whitespace_after
    elif found.lpar is not None and isinstance(found.lpar.whitespace_after, cst.ParenthesizedWhitespace):
        after = found.lpar.whitespace_after  # one name per line: `(\n    a,\n)`
    else:
        return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if isinstance(after, cst.ParenthesizedWhitespace):
        after = after.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    return cst.Comma(whitespace_after=after)


def _import_line(item: NeededImport) -> cst.SimpleStatementLine:
    text = f"from {item.module} import {item.name}" if item.name else f"import {item.module}"
    return cst.parse_statement(text)  # type: ignore[return-value]


def _top_level_position(body: list[cst.BaseStatement], module: str) -> int:
    """After the last top-level import of the same library, else after the last import, else at the
    top (below a docstring and ``from __future__`` imports)."""
    library = module.partition(".")[0]
    last_import = last_library_import = -1
    for index, statement in enumerate(body):
        if isinstance(statement, cst.SimpleStatementLine) and statement.body:
            first = statement.body[0]
            if isinstance(first, (cst.Import, cst.ImportFrom)):
                last_import = index
                if library in _EMPTY.code_for_node(first):
                    last_library_import = index
            elif index == 0 and isinstance(first, cst.Expr) and isinstance(first.value, cst.SimpleString):
                last_import = max(last_import, 0)
    chosen = last_library_import if last_library_import >= 0 else last_import
    return chosen + 1

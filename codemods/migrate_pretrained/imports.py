"""Placing the imports a rewrite needs: beside the import that brought the builder in, where isort
or ruff would put them.

That keeps an optional dependency optional: when torchvision is imported inside ``try:`` /
``except ImportError:`` or ``if _TORCHVISION_AVAILABLE:``, the Enum's import goes inside the same
guard, and a file whose torchvision imports are all guarded never gets a top-level one. A name is
merged into an existing ``from <module> import ...`` of the same block when there is one (in sorted
position when the names were sorted, wrapped when the line would pass the project's line length);
otherwise a new line goes among that block's imports of the same section in sorted position, or,
where they are not sorted, right after the anchor import. Without an anchor (a builder reached some
other way) the import joins the file's other imports of the same library, or the last top-level
import. The project's isort / ruff settings decide the order and the line length (`import_style`).

Runs as a second pass over the rewritten module: the rewrite never adds or removes lines, so the
anchor positions recorded during the first pass still hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sys

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from codemods.migrate_pretrained.import_style import ImportStyle, member_key, statement_key

_EMPTY = cst.Module([])


@dataclass(frozen=True)
class NeededImport:
    module: str
    name: str | None  # None: ``import <module>``
    anchor: tuple[int, int] | None  # (line, column) of the statement that imports the builder


def place_imports(module: cst.Module, needed: Sequence[NeededImport], style: ImportStyle | None = None) -> cst.Module:
    if not needed:
        return module
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    return wrapper.visit(_ImportPlacement(needed, style or ImportStyle()))


class _ImportPlacement(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, needed: Sequence[NeededImport], style: ImportStyle) -> None:
        super().__init__()
        self.style = style
        self.by_anchor: dict[tuple[int, int] | None, list[NeededImport]] = {}
        for item in dict.fromkeys(needed):  # keep the order, drop repeats
            self.by_anchor.setdefault(item.anchor, []).append(item)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = self._place(original_node.body, list(updated_node.body))
        unanchored = self.by_anchor.pop(None, [])
        if unanchored:
            position = _top_level_position(body, unanchored[0].module)
            body = _merge_or_insert(body, unanchored, position, self.style, indent=updated_node.default_indent)
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
                    updated = _merge_or_insert(updated, items, index + 1, self.style, anchor=index, column=start.column)
        return updated


def _merge_or_insert(
    body: list[cst.BaseStatement],
    items: list[NeededImport],
    position: int,
    style: ImportStyle,
    anchor: int | None = None,
    indent: str = "    ",
    column: int = 0,
) -> list[cst.BaseStatement]:
    """``column``: where the block's statements start (its indentation), for the line length."""
    body = list(body)
    for item in items:
        if item.name is not None and not style.force_single_line:
            merged = _merge_into_existing(body, item, anchor, style, indent, column)
            if merged is not None:
                body = merged
                continue
        new = _import_line(item)
        at = _sorted_position(body, item, style)
        if at is None:
            body.insert(position, new)
        else:
            body = _insert_in_section(body, at, new)
        if at is None or at < position:
            position += 1
    return body


def _sorted_position(body: list[cst.BaseStatement], item: NeededImport, style: ImportStyle) -> int | None:
    """Where isort would put the new import among the block's imports of its section, when those
    are sorted already (a project that keeps them so); None otherwise (it goes after the anchor)."""
    section = _section(item.module)
    keyed = [(index, key) for index, (found_section, key) in _import_keys(body, style).items() if found_section == section]
    keys = [key for _, key in keyed]
    if not keyed or keys != sorted(keys):
        return None
    new_key = statement_key(item.module, item.name is not None, style, first_name=item.name or "")
    for index, key in keyed:
        if new_key < key:
            return index
    return keyed[-1][0] + 1


def _import_keys(body: list[cst.BaseStatement], style: ImportStyle) -> dict[int, tuple[str, tuple[object, ...]]]:
    """Index of each import statement of the block -> (its section, its sort key)."""
    found: dict[int, tuple[str, tuple[object, ...]]] = {}
    for index, statement in enumerate(body):
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            continue
        small = statement.body[0]
        if isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
            module = _EMPTY.code_for_node(small.module)
            names = list(small.names) if isinstance(small.names, Sequence) else []
            aliased = any(alias.asname is not None for alias in names)
            first = _EMPTY.code_for_node(names[0].name) if names else ""
            found[index] = (_section(module), statement_key(module, True, style, aliased, first))
        elif isinstance(small, cst.Import) and len(small.names) == 1:
            module = _EMPTY.code_for_node(small.names[0].name)
            found[index] = (_section(module), statement_key(module, False, style))
    return found


def _section(module: str) -> str:
    top = module.partition(".")[0]
    if top == "__future__":
        return "future"
    return "stdlib" if top in sys.stdlib_module_names else "other"


def _insert_in_section(body: list[cst.BaseStatement], at: int, new: cst.SimpleStatementLine) -> list[cst.BaseStatement]:
    """Insert before ``body[at]``; a statement that opened its section (blank lines, a section
    comment above it) hands those leading lines to the new first one."""
    body = list(body)
    following = body[at] if at < len(body) else None
    if isinstance(following, cst.SimpleStatementLine) and following.leading_lines:
        new = new.with_changes(leading_lines=following.leading_lines)
        body[at] = following.with_changes(leading_lines=())
    body.insert(at, new)
    return body


def _merge_into_existing(
    body: list[cst.BaseStatement], item: NeededImport, anchor: int | None, style: ImportStyle, indent: str, column: int
) -> list[cst.BaseStatement] | None:
    """``from <module> import a, b`` in the same block gets ``item.name`` too (in sorted position if
    the names were sorted, wrapped if the line gets too long); the anchor import is tried first."""
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
        if any(alias.asname is not None for alias in names) and not style.combine_as_imports:
            continue  # isort keeps ``from m import a as b`` on a line of its own
        existing = [_EMPTY.code_for_node(alias.name) for alias in names]
        if item.name in [_EMPTY.code_for_node(a.name) for a in names if a.asname is None]:
            return body
        added = cst.ImportAlias(name=cst.Name(item.name))
        separator = _separator(found)
        position = len(names)
        keys = [member_key(name, style) for name in existing]
        if keys == sorted(keys):
            new_key = member_key(item.name, style)
            position = next((i for i, key in enumerate(keys) if key > new_key), position)
        # The other names keep their commas, comments and line breaks; the new one takes the
        # separator the import already uses (", " or a line break and indent).
        if position == len(names):
            last_comma = names[-1].comma
            names[-1] = names[-1].with_changes(comma=separator)
            names.append(added.with_changes(comma=last_comma))
        else:
            names.insert(position, added.with_changes(comma=separator))
        merged = statement.with_changes(body=[found.with_changes(names=names)])
        body[index] = _wrapped(merged, style, indent, column)
        return body
    return None


def _wrapped(statement: cst.SimpleStatementLine, style: ImportStyle, indent: str, column: int) -> cst.SimpleStatementLine:
    """A one-line ``from m import a, b, c`` past the line length, as isort and ruff wrap it: one name
    per line in parentheses, with a trailing comma. Multi-line imports keep their own layout."""
    text = _EMPTY.code_for_node(statement.with_changes(leading_lines=()))  # its own line, not comments above
    found = statement.body[0]
    if "\n" in text.rstrip("\n") or not isinstance(found, cst.ImportFrom) or not isinstance(found.names, Sequence):
        return statement
    if column + len(text.rstrip("\n")) <= style.line_length:
        return statement
    assert found.module is not None
    names = [_EMPTY.code_for_node(alias).rstrip(", ") for alias in found.names]
    comment = statement.trailing_whitespace.comment
    opening = f"from {_EMPTY.code_for_node(found.module)} import (" + (f"  {comment.value}" if comment else "")
    wrapped = cst.parse_statement("\n".join([opening, *(f"{indent}{name}," for name in names), ")"]) + "\n")
    assert isinstance(wrapped, cst.SimpleStatementLine)
    return wrapped.with_changes(leading_lines=statement.leading_lines)


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

"""Placing the imports fixes need, as text edits: beside the import that brought the builder in,
where isort or ruff would put them.

That keeps an optional dependency optional: when torchvision is imported inside ``try:`` /
``except ImportError:`` or ``if _TORCHVISION_AVAILABLE:``, the Enum's import goes inside the same
guard, and a file whose torchvision imports are all guarded never gets a top-level one. A name is
merged into an existing ``from <module> import ...`` of the same block when there is one (in sorted
position when the names were sorted, wrapped as isort wraps it when the line would pass the
project's line length); otherwise a new line goes among that block's imports of the same section in
sorted position (right after the last one when it sorts last), or, where they are not sorted, right
after the anchor import. Without an anchor (a builder reached some other way) the import joins the
file's other imports of the same library, or the last top-level import. The project's isort / ruff
settings decide the order, the sections and the line length (`import_style`).

A block is modelled as a list of its lines (statements sharing a line are one) with the new
imports put in between; the edits are rendered from that list at the end, so that several imports
for one block see each other (a second name joins the line the first one added).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from weightlink.findings import Edit, NeededImport
from weightlink.fixes.import_style import ImportStyle, member_key, statement_key
from weightlink.positions import LineIndex

_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.FunctionDef,
             ast.AsyncFunctionDef, ast.ClassDef, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()), ast.Match)


@dataclass(eq=False)
class _Line:
    """One line of a block: the statements on it (original), or an import a fix adds (new)."""

    statements: list[ast.stmt] = field(default_factory=list)
    new: NeededImport | None = None
    names: list[str] = field(default_factory=list)  # a from-import's names (added ones included)
    original_names: int = 0  # how many of ``names`` the statement had
    added: list[tuple[int, str]] = field(default_factory=list)  # (position among names, name)
    transfer: bool = False  # new: goes below the comments above the next line (it starts a section)

    @property
    def statement(self) -> ast.stmt | None:
        return self.statements[0] if len(self.statements) == 1 else None

    def from_module(self) -> str | None:
        if self.new is not None:
            return self.new.module if self.new.name is not None else None
        found = self.statement
        if isinstance(found, ast.ImportFrom) and found.module and not found.level and found.names[0].name != "*":
            return found.module
        return None


def plan_imports(
    index: LineIndex, tree: ast.Module, needed: Sequence[NeededImport], style: ImportStyle
) -> list[Edit]:
    """The edits that add ``needed`` (positions of the original text), merged per offset."""
    if not needed:
        return []
    placement = _Placement(index, tree, style)
    for item in _without_repeats(needed, placement):
        placement.add(item)
    return placement.edits()


def _without_repeats(needed: Sequence[NeededImport], placement: _Placement) -> list[NeededImport]:
    """One import per name and block; a module-level one serves every call of the file. Where one
    serves several calls, it stands above the first of them."""
    kept: list[NeededImport] = []
    for item in dict.fromkeys(needed):
        key = (item.module, item.name)
        top = [k for k in kept if (k.module, k.name) == key and placement.module_level(k.anchor)]
        if top:
            kept[kept.index(top[0])] = replace(top[0], before=_earliest(top[0].before, item.before))
            continue
        if placement.module_level(item.anchor):
            kept = [k for k in kept if (k.module, k.name) != key]
            kept.append(item)
            continue
        same = [k for k in kept if (k.module, k.name, k.anchor) == (*key, item.anchor)]
        if same:
            kept[kept.index(same[0])] = replace(same[0], before=_earliest(same[0].before, item.before))
        else:
            kept.append(item)
    return kept


def _earliest(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    return min(a, b) if a is not None and b is not None else a or b


class _Placement:
    def __init__(self, index: LineIndex, tree: ast.Module, style: ImportStyle) -> None:
        self.index = index
        self.style = style
        self.unit = indent_unit(index, tree)
        # Every statement list of the file, as lines; and where each statement is.
        self.blocks: list[list[_Line]] = []
        self.block_of: dict[tuple[int, int], tuple[int, bool]] = {}  # (line, column) -> (block, module level)
        self.inline: dict[tuple[int, int], ast.stmt] = {}  # statements on their compound's own line
        self.inline_needed: list[NeededImport] = []
        self._collect(tree.body, parent=None, module_level=True)

    # -- the file's blocks ------------------------------------------------------------------------

    def _collect(self, body: list[ast.stmt], parent: ast.stmt | None, module_level: bool) -> None:
        if parent is not None and body and body[0].lineno == parent.lineno:
            for statement in body:  # ``try: import torchvision``: a one-line suite
                self.inline[self._position(statement)] = statement
            return
        number = len(self.blocks)
        lines: list[_Line] = []
        for statement in body:
            if lines and not isinstance(statement, _COMPOUND) and not isinstance(lines[-1].statements[-1], _COMPOUND):
                if statement.lineno == (lines[-1].statements[-1].end_lineno or 0):
                    lines[-1].statements.append(statement)
                    continue
            lines.append(_Line([statement]))
        for line in lines:
            found = line.statement
            if isinstance(found, ast.ImportFrom):
                line.names = [alias.name for alias in found.names]
                line.original_names = len(line.names)
        self.blocks.append(lines)
        for line in lines:
            for statement in line.statements:
                self.block_of[self._position(statement)] = (number, module_level)
        for statement in body:
            inner_level = module_level and not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            for child in _blocks(statement):
                self._collect(child, statement, inner_level)

    def module_level(self, anchor: tuple[int, int] | None) -> bool:
        if anchor is None:
            return True
        found = self.block_of.get(anchor)
        return found is not None and found[1]

    # -- placing one import ---------------------------------------------------------------------

    def add(self, item: NeededImport) -> None:
        if item.anchor is not None and item.anchor in self.inline:
            self.inline_needed.append(item)  # ``try: import torchvision``: joins that line
            return
        if item.anchor is None or item.anchor not in self.block_of:
            lines = self.blocks[0]  # the module's own statements
            self._merge_or_insert(lines, item, self._top_level_position(lines, item.module), anchor=None)
            return
        number, _ = self.block_of[item.anchor]
        lines = self.blocks[number]
        at = next(i for i, line in enumerate(lines) if any(self._position(s) == item.anchor for s in line.statements))
        position = at + 1
        while position < len(lines) and lines[position].new is not None and not lines[position].transfer:
            position += 1  # after the imports added beside the same anchor already
        self._merge_or_insert(lines, item, position, anchor=at)

    def _position(self, statement: ast.stmt) -> tuple[int, int]:
        return self.index.position(self.index.start(statement))

    def _merge_or_insert(self, lines: list[_Line], item: NeededImport, position: int, anchor: int | None) -> None:
        if item.name is not None and not self.style.force_single_line and self._merge(lines, item, anchor):
            return
        new = _Line(new=item, names=[item.name] if item.name else [])
        at = self._sorted_position(lines, item)
        above = [line for line in lines[: at or 0] if line.new is None]
        if at is not None and above and not self._above_use(above[-1], item):
            at = None  # sorted, it would stand below the call that uses it: beside the anchor then
        if at is None:
            lines.insert(position, new)
            return
        # Before an import of the section: below the blank lines and comments that open it.
        following = lines[at] if at < len(lines) else None
        new.transfer = following is not None and self._section_key(following) is not None
        lines.insert(at, new)

    def _merge(self, lines: list[_Line], item: NeededImport, anchor: int | None) -> bool:
        """``from <module> import a, b`` in the same block gets ``item.name`` too (in sorted position
        if the names were sorted); the anchor import is tried first. True when the name is there."""
        assert item.name is not None
        order = list(range(len(lines)))
        if anchor is not None:
            order.remove(anchor)
            order.insert(0, anchor)
        for number in order:
            line = lines[number]
            if line.from_module() != item.module or not self._above_use(line, item):
                continue
            found = line.statement
            if isinstance(found, ast.ImportFrom):
                if any(alias.asname for alias in found.names) and not self.style.combine_as_imports:
                    continue  # isort keeps ``from m import a as b`` on a line of its own
                present = {alias.name for alias in found.names if not alias.asname} | {name for _, name in line.added}
            else:
                present = set(line.names)
            if item.name in present:
                return True
            keys = [member_key(name, self.style) for name in line.names]
            where = len(line.names)
            if keys == sorted(keys):
                new_key = member_key(item.name, self.style)
                where = next((i for i, key in enumerate(keys) if key > new_key), where)
            line.names.insert(where, item.name)
            if line.new is None:
                line.added = [(p + (p >= where), n) for p, n in line.added] + [(where, item.name)]
            return True
        return False

    def _above_use(self, line: _Line, item: NeededImport) -> bool:
        """Whether an import on ``line`` runs before the first use of ``item`` (a line a fix adds
        stands where its own checks put it)."""
        if item.before is None or line.new is not None:
            return True
        return self._position(line.statements[0]) < item.before

    def _section_key(self, line: _Line) -> tuple[str, tuple[object, ...]] | None:
        """(section, sort key) of a line that is one import statement, else None."""
        style = self.style
        if line.new is not None:
            module = line.new.module
            first = line.names[0] if line.names else ""
            return style.section(module), statement_key(module, line.new.name is not None, style, first_name=first)
        found = line.statement
        if isinstance(found, ast.ImportFrom) and found.module is not None and not found.level:
            aliased = any(alias.asname is not None for alias in found.names)
            first = line.names[0] if line.names else ""
            return style.section(found.module), statement_key(found.module, True, style, aliased, first)
        if isinstance(found, ast.Import) and len(found.names) == 1:
            module = found.names[0].name
            return style.section(module), statement_key(module, False, style)
        return None

    def _sorted_position(self, lines: list[_Line], item: NeededImport) -> int | None:
        """Where isort would put the new import among the block's imports of its section, when those
        are sorted already (a project that keeps them so); None otherwise (it goes after the anchor)."""
        section = self.style.section(item.module)
        keyed = [(i, found[1]) for i, line in enumerate(lines) if (found := self._section_key(line)) and found[0] == section]
        keys = [key for _, key in keyed]
        if not keyed or keys != sorted(keys):
            return None
        new_key = statement_key(item.module, item.name is not None, self.style, first_name=item.name or "")
        for number, key in keyed:
            if new_key < key:
                return number
        return keyed[-1][0] + 1

    def _top_level_position(self, lines: list[_Line], module: str) -> int:
        """After the last top-level import of the same library, else after the last import, else at
        the top (below a docstring and ``from __future__`` imports)."""
        library = module.partition(".")[0]
        last_import = last_library_import = -1
        for number, line in enumerate(lines):
            first = line.statements[0] if line.statements else None
            if line.new is not None or isinstance(first, (ast.Import, ast.ImportFrom)):
                last_import = number
                text = f"{line.new.module}" if line.new is not None else self.index.segment(first) if first else ""
                if library in text:
                    last_library_import = number
            elif number == 0 and isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                last_import = max(last_import, 0)
        chosen = last_library_import if last_library_import >= 0 else last_import
        return chosen + 1

    # -- the edits --------------------------------------------------------------------------------

    def edits(self) -> list[Edit]:
        at: dict[int, list[str]] = {}
        replaced: list[Edit] = []
        for lines in self.blocks:
            self._render_block(lines, at, replaced)
        for item in self.inline_needed:
            assert item.anchor is not None
            statement = self.inline[item.anchor]
            at.setdefault(self.index.end(statement), []).append(f"; {_import_text(item.module, [item.name] if item.name else [])}")
        edits = [Edit(offset, offset, "".join(parts)) for offset, parts in at.items()]
        return sorted([*edits, *replaced], key=lambda edit: (edit.start, edit.end))

    def _render_block(self, lines: list[_Line], at: dict[int, list[str]], replaced: list[Edit]) -> None:
        index, newline = self.index, self.index.newline()
        originals = [number for number, line in enumerate(lines) if line.new is None]
        indent = index.indentation(lines[originals[0]].statements[0].lineno) if originals else ""
        transferring = False
        for number, line in enumerate(lines):
            if line.new is None:
                transferring = False
                if line.added:
                    replaced.extend(self._merged(line, indent))
                continue
            before = [o for o in originals if o < number]
            after = [o for o in originals if o > number]
            transferring = transferring or line.transfer
            if transferring and after:
                offset = index.line_start(lines[after[0]].statements[0].lineno)
            elif before:
                last = lines[before[-1]].statements[-1]
                offset = index.next_line_start(last.end_lineno or last.lineno)
            elif after:
                offset = index.line_start(lines[after[0]].statements[0].lineno)
            else:
                offset = len(index.text)
            text = self._wrapped_new(line, indent) + newline
            if offset == len(index.text) and index.text and not index.text.endswith(("\n", "\r")):
                text = newline + text
            at.setdefault(offset, []).append(text)

    def _wrapped_new(self, line: _Line, indent: str) -> str:
        assert line.new is not None
        text = indent + _import_text(line.new.module, line.names)
        if line.new.name is None or len(text) <= self.style.line_length:
            return text
        return self._parenthesized(line.new.module, line.names, indent, comment=None)

    def _parenthesized(self, module: str, names: list[str], indent: str, comment: str | None) -> str:
        """A from-import past the line length, as isort and ruff wrap it: one name per line in
        parentheses, with a trailing comma."""
        newline = self.index.newline()
        opening = f"{indent}from {module} import (" + (f"  {comment}" if comment else "")
        return newline.join([opening, *(f"{indent}{self.unit}{name}," for name in names), f"{indent})"])

    def _merged(self, line: _Line, block_indent: str) -> list[Edit]:
        """The edits adding ``line.added`` to an import statement of the original text."""
        found = line.statement
        assert isinstance(found, ast.ImportFrom)
        index = self.index
        aliases = found.names
        single_line = found.lineno == found.end_lineno
        if single_line:
            start, end = index.span(found)
            line_end = index.line_end(found.lineno)
            rest = index.text[end:line_end]
            comment = rest.strip() or None
            rendered = _insert_names(index, found, line.added)
            indent = index.indentation(found.lineno)
            if len(indent) + len(rendered) + len(rest) > self.style.line_length and (comment is None or comment.startswith("#")):
                texts = _alias_texts(index, found, line.added)
                wrapped = self._parenthesized(found.module or "", texts, indent, comment)
                return [Edit(index.line_start(found.lineno), line_end, wrapped)]
            return [Edit(start, end, rendered)]
        separator = _separator(index, found)
        edits: list[Edit] = []
        originals = [index.span(alias) for alias in aliases]
        for position, name in sorted(line.added):
            before_original = position - sum(1 for p, _ in line.added if p < position)
            if before_original < len(originals):
                edits.append(Edit(originals[before_original][0], originals[before_original][0], f"{name}{separator}"))
            else:
                edits.append(Edit(originals[-1][1], originals[-1][1], f"{separator}{name}"))
        return _merge_same_offsets(edits)


def _insert_names(index: LineIndex, found: ast.ImportFrom, added: list[tuple[int, str]]) -> str:
    """The one-line statement's text with the added names in place."""
    start, _ = index.span(found)
    edits: list[Edit] = []
    separator = _separator(index, found)
    originals = [index.span(alias) for alias in found.names]
    for position, name in sorted(added):
        before_original = position - sum(1 for p, _ in added if p < position)
        if before_original < len(originals):
            edits.append(Edit(originals[before_original][0], originals[before_original][0], f"{name}{separator}"))
        else:
            edits.append(Edit(originals[-1][1], originals[-1][1], f"{separator}{name}"))
    text = index.segment(found)
    for edit in sorted(_merge_same_offsets(edits), key=lambda e: -e.start):
        offset = edit.start - start
        text = text[:offset] + edit.content + text[offset:]
    return text


def _alias_texts(index: LineIndex, found: ast.ImportFrom, added: list[tuple[int, str]]) -> list[str]:
    texts = [index.segment(alias) for alias in found.names]
    for position, name in sorted(added):
        texts.insert(position, name)
    return texts


def _merge_same_offsets(edits: list[Edit]) -> list[Edit]:
    merged: dict[int, str] = {}
    for edit in edits:
        merged[edit.start] = merged.get(edit.start, "") + edit.content
    return [Edit(offset, offset, content) for offset, content in merged.items()]


def _separator(index: LineIndex, found: ast.ImportFrom) -> str:
    """The comma and whitespace between two names of this import, without any comment: ``", "``,
    or a line break and the names' indentation (one name per line)."""
    text = index.text
    if len(found.names) > 1:
        between = text[index.end(found.names[0]) : index.start(found.names[1])]
    else:
        start = index.start(found)
        opening = text.find("(", start, index.start(found.names[0]))
        if opening < 0:
            return ", "
        between = "," + text[opening + 1 : index.start(found.names[0])]
    if "\n" in between or "\r" in between:
        last = max(between.rfind("\n"), between.rfind("\r"))
        return "," + index.newline() + between[last + 1 :]
    return between if len(found.names) > 1 and between.strip() == "," else ", "


def _import_text(module: str, names: list[str]) -> str:
    return f"from {module} import {', '.join(names)}" if names else f"import {module}"


def _blocks(statement: ast.stmt) -> list[list[ast.stmt]]:
    found: list[list[ast.stmt]] = []
    for name in ("body", "orelse", "finalbody"):
        block = getattr(statement, name, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            found.append(block)
    for handler in getattr(statement, "handlers", []):
        found.append(handler.body)
    for case in getattr(statement, "cases", []):
        found.append(case.body)
    return found


def indent_unit(index: LineIndex, tree: ast.Module) -> str:
    """The file's indentation step, from its first indented block (four spaces without one)."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.stmt) and isinstance(body, list) and body and body[0].lineno > node.lineno:
            outer, inner = index.indentation(node.lineno), index.indentation(body[0].lineno)
            if inner.startswith(outer) and len(inner) > len(outer):
                return inner[len(outer) :]
    return "    "

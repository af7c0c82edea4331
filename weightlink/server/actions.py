"""Code actions: a quick fix for each finding with a fix at the requested range (unsafe ones only
when the client turned them on, and said so in the title), and ``source.fixAll.weightlink``, every
fix ``weightlink check --fix`` applies. Their edits are made when the client resolves the action
(``codeAction/resolve``), or at once for a client that cannot."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from weightlink.findings import Fix
from weightlink.server.fixing import fix_all, fix_one
from weightlink.server.session import Checked, Placed, Session
from weightlink.server.texts import Edits

QUICK_FIX = types.CodeActionKind.QuickFix.value
FIX_ALL = "source.fixAll.weightlink"
KINDS = [QUICK_FIX, types.CodeActionKind.SourceFixAll.value, FIX_ALL]


def code_actions(checked: Checked, uri: str, where: types.Range, only: Sequence[str] | None, unsafe: bool) -> list[types.CodeAction]:
    found: list[types.CodeAction] = []
    key = {"key": checked.text.uri, "versions": checked.versions}
    if _wanted(only, QUICK_FIX):
        for placed in checked.placed:
            fix = placed.finding.fix
            offered = fix is not None and (fix.applies(unsafe) or fix.applicability == "display")
            if fix is None or not offered or placed.place.uri != uri or not _overlap(placed.place.range, where):
                continue
            found.append(
                types.CodeAction(
                    _title(fix),
                    kind=QUICK_FIX,
                    diagnostics=[placed.diagnostic],
                    is_preferred=fix.applicability == "safe",
                    data={**key, "code": placed.finding.code, "title": fix.title, "span": list(placed.finding.span)},
                )
            )
    fixable = any(p.finding.fix is not None and p.finding.fix.applies(unsafe) for p in checked.placed)
    if fixable and _wanted(only, FIX_ALL):
        found.append(types.CodeAction("weightlink: fix all", kind=FIX_ALL, data={**key, "all": True}))
    return found


def _title(fix: Fix) -> str:
    """A did-you-mean (a display fix: a guess, never in fix-all) is a question, an unsafe fix says so."""
    if fix.applicability == "display":
        return f"weightlink: change to {fix.title}"
    return f"weightlink: use {fix.title}" + (" (unsafe)" if fix.applicability == "unsafe" else "")


def resolve(session: Session, action: types.CodeAction, versioned: bool) -> types.CodeAction:
    """The action with its edit: ``versioned`` edits name the document versions they are for
    (a client that supports them refuses to apply them to a document changed since)."""
    data = action.data if isinstance(action.data, dict) else {}
    checked = session.current(str(data.get("key", "")))
    if checked is None:
        return action
    text, path, result = checked.text.text, checked.text.path, session.with_tree(checked)
    if data.get("all"):
        fixed = fix_all(text, path, result, lambda new: session.recheck(checked, new), unsafe=session.options.unsafe_fixes)
    else:
        placed = _same_finding(checked, data)
        fixed = fix_one(text, path, result, placed.finding) if placed is not None else None
    edits = checked.text.edits(fixed) if fixed is not None else None
    if edits:
        action.edit = _workspace_edit(edits, checked.versions, versioned)
    return action


def _same_finding(checked: Checked, data: dict[str, object]) -> Placed | None:
    """The finding an action was made for, in the document's current check (where it may have moved)."""
    span = data.get("span")
    start = span[0] if isinstance(span, list) and span and isinstance(span[0], int) else 0
    candidates = [
        p for p in checked.placed
        if p.finding.fix is not None and p.finding.code == data.get("code") and p.finding.fix.title == data.get("title")
    ]
    return min(candidates, key=lambda p: abs(p.finding.span[0] - start), default=None)


def _workspace_edit(edits: Edits, versions: dict[str, int | None], versioned: bool) -> types.WorkspaceEdit:
    if not versioned:
        return types.WorkspaceEdit(changes=edits)
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(types.OptionalVersionedTextDocumentIdentifier(uri, versions.get(uri)), list(changes))
            for uri, changes in edits.items()
        ]
    )


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    return not only or any(not asked or kind == asked or kind.startswith(asked + ".") for asked in only)


def _overlap(a: types.Range, b: types.Range) -> bool:
    """Whether two ranges share a position (a cursor at either end of a range is in it)."""
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (b.start.line, b.start.character) <= (
        a.end.line,
        a.end.character,
    )

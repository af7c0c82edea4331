"""Fixes as an editor applies them: one finding's fix (a quick fix), or every fix the settings
allow (fix-all: what ``weightlink check --fix`` writes), the import each needs included. A fix
that overlaps another waits for a pass over the text checked again, as in ruff; a result that would
not parse is never offered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from weightlink.check.run import FileCheck
from weightlink.findings import Finding
from weightlink.fixes.apply import apply_fixes, apply_in_passes
from weightlink.fixes.import_style import ImportStyle, style_for


def fix_one(text: str, path: str, checked: FileCheck, finding: Finding) -> str | None:
    """``text`` with the fix of ``finding`` (and the import it needs), or None."""
    fix = finding.fix
    if fix is None or checked.tree is None:
        return None
    if fix.applicability == "display":  # a did-you-mean the user picked: theirs to apply
        finding = replace(finding, fix=replace(fix, applicability="unsafe"))
    applied = apply_fixes(text, checked.tree, [finding], style_for(path), unsafe=True)
    return applied.text if applied.fixed and parses(applied.text, path) else None


def fix_all(text: str, path: str, checked: FileCheck, recheck: Callable[[str], FileCheck], *, unsafe: bool) -> str | None:
    """``text`` with every fix applied that ``weightlink check --fix`` applies (with
    ``--unsafe-fixes`` when ``unsafe``), or None when there is none."""
    done = apply_in_passes(text, checked, recheck, style_for(path), unsafe=unsafe)
    return done.text if done.text != text and parses(done.text, path) else None


def parses(text: str, path: str) -> bool:
    try:
        compile(text, path, "exec", dont_inherit=True, flags=0x400)  # PyCF_ONLY_AST
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True

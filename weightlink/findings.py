"""One finding, one fix: what every front end reports and acts on.

A `Finding` is a diagnostic of the shared rules at a range of a source text; its optional `Fix` is
a set of text edits with an applicability, decided where the finding is (the checker's rules). The
CLI, the codemod, pre-commit and the editor server only filter findings (ignore comments,
``select``/``ignore``, ``exclude``, applicability) and then render them or apply their fixes
(`weightlink.fixes.apply`); none of them decides again.

Applicability, as in ruff: ``safe`` keeps what the program does on every version the code supports
(``pretrained=True`` -> the exact member it loaded); ``unsafe`` may change it (``weights="DEFAULT"``
for a builder picked at run time), applied only when asked; ``display`` is shown, never applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "note"]
Applicability = Literal["safe", "unsafe", "display"]
APPLICABILITIES: tuple[Applicability, ...] = ("safe", "unsafe", "display")


@dataclass(frozen=True)
class NeededImport:
    """An import a fix needs: ``from <module> import <name>`` (``import <module>`` when name is None),
    placed beside the statement at ``anchor`` (line, character column) that brings the builder in."""

    module: str
    name: str | None
    anchor: tuple[int, int] | None
    # Where the name is first used when that runs as the anchor's block runs (module-level code):
    # the import must stand above it. None: the use runs later (a function body).
    before: tuple[int, int] | None = None


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (character offsets) with ``content``."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    # The edits at the call (argument renames and values); the import edits are planned with the
    # other fixes of the same file (`weightlink.fixes.apply`), from ``imports``.
    edits: tuple[Edit, ...]
    applicability: Applicability
    title: str  # what the fix writes, for people: ``weights=ResNet50_Weights.IMAGENET1K_V1``
    imports: tuple[NeededImport, ...] = ()
    # The call the fix rewrites (its span): wrapped if the rewrite makes its line too long.
    call: tuple[int, int] | None = None
    note: str | None = None  # what to know about it (why it is unsafe, what a splat may still hold)

    def applies(self, unsafe: bool) -> bool:
        return self.applicability == "safe" or (unsafe and self.applicability == "unsafe")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int  # 1-based
    column: int  # 1-based, in characters (what an editor shows)
    code: str  # "weights-legacy", ..., or mypy's "call-arg" for keywords a builder does not take
    message: str
    severity: Severity = "error"
    fix: Fix | None = None
    end_line: int = 0
    end_column: int = 0
    span: tuple[int, int] = (0, 0)  # character offsets in the checked text
    unfixed: str | None = None  # why a finding that names a replacement has no fix (the codemod says it)
    # In a notebook: the cell (1-based, counting every cell); line and column are then in the cell.
    cell: int | None = None
    # Set by the filter: silenced by an ignore comment or a file's disable-error-code.
    silenced: bool = field(default=False, compare=False)

    @property
    def replacement(self) -> str | None:
        """What the fix writes (``weights=ResNet50_Weights.IMAGENET1K_V1``), when there is one."""
        return self.fix.title if self.fix is not None else None

    def to_json(self) -> dict[str, Any]:
        fix = self.fix
        return {
            "path": self.path,
            "cell": self.cell,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "message": self.message,
            "severity": self.severity,
            "fix": None if fix is None else {"applicability": fix.applicability, "message": fix.title},
        }

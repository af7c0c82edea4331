"""A call's arguments as a front end describes them to the rules (mypy expressions, LibCST nodes,
`ast` nodes and run-time values all become `ArgumentView`s)."""

from __future__ import annotations

from dataclasses import dataclass, field


class _NotLiteral:
    def __repr__(self) -> str:
        return "NOT_LITERAL"


NOT_LITERAL: object = _NotLiteral()


@dataclass(frozen=True)
class ArgumentView:
    """One argument as a front end sees it."""

    value: object = NOT_LITERAL  # the value of a literal (True, 0, "legacy", None)
    text: str | None = None  # source text, when short and plain enough to show in a message
    repeatable: bool = False  # a name, attribute or literal: safe to evaluate twice
    node: object = field(default=None, compare=False)  # the front end's own node, handed back

    @property
    def is_literal(self) -> bool:
        return self.value is not NOT_LITERAL

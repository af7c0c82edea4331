"""Names a library re-exports through a computed ``__all__`` (torchvision's
``models/mobilenet.py``: ``__all__ = mv2_all + mv3_all``). mypy reads only literal lists, so
without this ``torchvision.models.mobilenet_v2`` does not exist for it. The catalog evaluated the
list; here it replaces the expression in the parsed module before mypy analyses it, as if the
library had written the list out."""

from __future__ import annotations

from mypy.nodes import AssignmentStmt, ListExpr, MypyFile, NameExpr, StrExpr


def publish_computed_exports(file: MypyFile, names: list[str]) -> None:
    for statement in file.defs:
        if (
            isinstance(statement, AssignmentStmt)
            and len(statement.lvalues) == 1
            and isinstance(statement.lvalues[0], NameExpr)
            and statement.lvalues[0].name == "__all__"
            and not isinstance(statement.rvalue, ListExpr)
        ):
            literal = ListExpr([StrExpr(name) for name in names])
            literal.set_line(statement.rvalue)
            for item in literal.items:
                item.set_line(statement.rvalue)
            statement.rvalue = literal

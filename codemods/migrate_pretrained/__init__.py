"""``weightlink migrate src/`` (also ``python -m codemods.migrate_pretrained src/``): migrate
``pretrained=`` calls to ``weights=`` with the fixes of ``weightlink check``'s findings.

The command line is `cli`; `runner` migrates files; `MigratePretrainedCommand` is the same codemod as
a LibCST command for LibCST's own runner (it needs libcst, which nothing else here does; it loads on
first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codemods.migrate_pretrained.command import MigratePretrainedCommand

__all__ = ["MigratePretrainedCommand"]


def __getattr__(name: str) -> Any:
    if name == "MigratePretrainedCommand":
        from codemods.migrate_pretrained.command import MigratePretrainedCommand

        return MigratePretrainedCommand
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

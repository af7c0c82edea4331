"""``python -m codemods.migrate_pretrained src/``: migrate ``pretrained=`` calls to ``weights=``.

The LibCST command is `MigratePretrainedCommand`; the command line (``cli``) adds discovery,
parallelism, safe writes and reports around it. Its names load on first use, so that
``python -m codemods.migrate_pretrained`` can say that LibCST is missing before importing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codemods.migrate_pretrained.command import CannotMigrate, Finding, MigratePretrainedCommand, Options

__all__ = ["CannotMigrate", "Finding", "MigratePretrainedCommand", "Options"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from codemods.migrate_pretrained import command

        return getattr(command, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

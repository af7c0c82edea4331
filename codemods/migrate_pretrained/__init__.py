"""``python -m codemods.migrate_pretrained src/``: migrate ``pretrained=`` calls to ``weights=``.

The LibCST command is `MigratePretrainedCommand`; the command line (``__main__``) adds discovery,
parallelism, safe writes and reports around it.
"""

from codemods.migrate_pretrained.command import CannotMigrate, Finding, MigratePretrainedCommand, Options

__all__ = ["CannotMigrate", "Finding", "MigratePretrainedCommand", "Options"]

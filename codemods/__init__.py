"""weightlink's codemods (LibCST)."""

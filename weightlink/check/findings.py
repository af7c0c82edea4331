"""What the checker reports: `weightlink.findings.Finding` (one model for every front end)."""

from weightlink.findings import Finding, Fix, Severity

__all__ = ["Finding", "Fix", "Severity"]

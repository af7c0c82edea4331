"""A finding as an LSP diagnostic: its code (linked to the code's documentation), message and
severity (an error, or a note as information); a deprecated ``pretrained=`` is tagged so editors
strike it through."""

from __future__ import annotations

from lsprotocol import types

from weightlink.findings import Finding
from weightlink.rules.codes import WEIGHTS_LEGACY, code_url

SOURCE = "weightlink"
SEVERITIES = {"error": types.DiagnosticSeverity.Error, "note": types.DiagnosticSeverity.Information}


def diagnostic(finding: Finding, where: types.Range) -> types.Diagnostic:
    deprecated = finding.code == WEIGHTS_LEGACY.name and finding.severity == "error"
    return types.Diagnostic(
        range=where,
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=code_url(finding.code)),
        source=SOURCE,
        tags=[types.DiagnosticTag.Deprecated] if deprecated else None,
    )

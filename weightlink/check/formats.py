"""How findings are printed: for people, for scripts, for GitHub annotations and for code scanning."""

from __future__ import annotations

import json
from collections.abc import Sequence

from weightlink.colour import Colours
from weightlink.findings import Finding
from weightlink.rules.codes import CODES, MYPY_CODES, code_url

FORMATS = ("text", "json", "github", "sarif")
_INFORMATION_URI = "https://weightlink.github.io/weightlink/"


def render(findings: Sequence[Finding], unreadable: Sequence[tuple[str, str]], fmt: str, colours: Colours = Colours()) -> str:
    if fmt == "json":
        return json.dumps(
            {"findings": [f.to_json() for f in findings], "unreadable": [{"path": p, "why": w} for p, w in unreadable]},
            indent=1,
        )
    if fmt == "github":
        return "\n".join([*map(_github, findings), *(f"::error file={p}::{_escape(w)}" for p, w in unreadable)])
    if fmt == "sarif":
        return json.dumps(_sarif(findings, unreadable), indent=1)
    lines = [_text(f, colours) for f in findings]
    return "\n".join([*lines, *(f"{colours.bold(p)}: {colours.red('error')}: {w}" for p, w in unreadable)])


def where(finding: Finding) -> str:
    """``train.py:4:29``, or in a notebook ``train.ipynb:cell 3:1:18`` (as ruff names cells)."""
    cell = f"cell {finding.cell}:" if finding.cell is not None else ""
    return f"{finding.path}:{cell}{finding.line}:{finding.column}"


def _text(finding: Finding, colours: Colours) -> str:
    location = colours.bold(f"{where(finding)}:")
    code = colours.cyan(finding.code) if finding.severity == "note" else colours.red(finding.code)
    note = "note: " if finding.severity == "note" else ""
    return f"{location} {code} {note}{finding.message}"


def _github(finding: Finding) -> str:
    """A workflow command: GitHub shows it as an annotation on the line (in a notebook, which GitHub
    shows rendered, the message starts with the cell: ``cell 3: ...``)."""
    command = "notice" if finding.severity == "note" else "error"
    cell = f"cell {finding.cell}: " if finding.cell is not None else ""
    return (
        f"::{command} file={finding.path},line={finding.line},col={finding.column},"
        f"title={finding.code}::{_escape(cell + finding.message)}"
    )


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _sarif(findings: Sequence[Finding], unreadable: Sequence[tuple[str, str]]) -> dict[str, object]:
    """SARIF 2.1.0, one rule per code, for GitHub code scanning (upload-sarif)."""
    rules = [
        {"id": code.name, "name": code.name, "shortDescription": {"text": code.summary}, "helpUri": code_url(code.name)}
        for code in (*CODES, *MYPY_CODES)
    ]
    results = [
        {
            "ruleId": f.code,
            "level": "note" if f.severity == "note" else "error",
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path.replace("\\", "/")},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
            **({"properties": {"cell": f.cell}} if f.cell is not None else {}),
            **({"fixes": [{"description": {"text": f.fix.title}}]} if f.fix else {}),
        }
        for f in findings
    ]
    notifications = [
        {"level": "error", "message": {"text": f"{path}: {why}"}} for path, why in unreadable
    ]
    return {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {"driver": {"name": "weightlink", "informationUri": _INFORMATION_URI, "rules": rules}},
                "results": results,
                "invocations": [{"executionSuccessful": not unreadable, "toolExecutionNotifications": notifications}],
            }
        ],
    }

"""The plugin's mypy error codes, one per code of `weightlink.rules.codes`, and the one place that
hands a diagnostic to mypy."""

from __future__ import annotations

from mypy import errorcodes
from mypy.errorcodes import ErrorCode
from mypy.nodes import Context
from mypy.plugin import CheckerPluginInterface

from weightlink.rules.codes import CODES, Diagnostic


def _error_code(name: str, summary: str, parent: str | None) -> ErrorCode:
    sub_code_of = errorcodes.error_codes.get(parent) if parent else None
    return ErrorCode(name, summary, "weightlink", sub_code_of=sub_code_of)


# Created at import: mypy reads disable_error_code / enable_error_code after loading plugins, and an
# ErrorCode registers itself when constructed.
ERROR_CODES = {code.name: _error_code(code.name, code.summary, code.parent) for code in CODES}


def report(api: CheckerPluginInterface, diagnostic: Diagnostic, context: Context) -> None:
    api.fail(diagnostic.message, context, code=ERROR_CODES[diagnostic.code.name])


def report_as_mypy(api: CheckerPluginInterface, diagnostic: Diagnostic, context: Context) -> None:
    """A diagnostic in one of mypy's own codes (`weightlink.rules.codes.MYPY_CODES`: attr-defined,
    call-arg), said as mypy says it where mypy itself no longer does."""
    api.fail(diagnostic.message, context, code=errorcodes.error_codes[diagnostic.code.name])


def report_note(api: CheckerPluginInterface, diagnostic: Diagnostic, context: Context) -> None:
    """Informational: shown with its code, but not an error (mypy's exit status stays 0)."""
    api.msg.note(diagnostic.message, context, code=ERROR_CODES[diagnostic.code.name])

"""``timm.create_model("tf_efficientnet_b4_ns", pretrained=True)`` and ``timm.is_model("...")``: the
model name is a string, checked against timm's catalog by the shared rules (as ``weightlink check``
does). Only string literals (or names declared ``Final`` with one) are judged; in a branch for an
older timm a finding becomes a note."""

from __future__ import annotations

from mypy.plugin import FunctionContext
from mypy.types import Type

from mypy_plugin._arguments import Argument, literal_value
from mypy_plugin._errors import report, report_note
from mypy_plugin._knowledge import Knowledge
from weightlink.rules import messages
from weightlink.rules.codes import Diagnostic
from weightlink.rules.timm import NAME_PARAM, PRETRAINED_PARAM, TimmFunction, diagnose_name


def timm_call(ctx: FunctionContext, function: TimmFunction, knowledge: Knowledge) -> Type:
    catalog = knowledge.timm_catalog()
    name = _argument(ctx, NAME_PARAM)
    value = literal_value(name) if name is not None else None  # a literal, or a Final name bound to one
    if catalog is None or name is None or not isinstance(value, str):
        return ctx.default_return_type
    pretrained = _argument(ctx, PRETRAINED_PARAM)
    registered = knowledge.timm_registered_in(ctx.api.path)
    diagnostic = diagnose_name(
        function, value, catalog, pretrained=literal_value(pretrained) if pretrained else False, registered=registered
    )
    if diagnostic is None:
        return ctx.default_return_type
    branch = knowledge.compat_branch(ctx.api.path, "timm", ctx.context.line, ctx.context.column)
    if branch is not None:
        report_note(ctx.api, Diagnostic(diagnostic.code, messages.compat_branch_left("timm", branch.version)), name.expr)
    else:
        report(ctx.api, diagnostic, name.expr)
    return ctx.default_return_type


def _argument(ctx: FunctionContext, formal: str) -> Argument | None:
    """The one argument passed for the parameter named ``formal`` (by position or keyword)."""
    if formal not in ctx.callee_arg_names:
        return None
    index = ctx.callee_arg_names.index(formal)
    if len(ctx.args[index]) != 1:
        return None
    return Argument(formal, ctx.args[index][0], ctx.arg_types[index][0], False)

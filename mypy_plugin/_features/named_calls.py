"""Calls of string-named libraries (timm, open_clip, segmentation_models_pytorch, those a project adds;
see weightlink.named): the literal values of the arguments, bound to the parameters the library's
rules read as ``weightlink check`` binds them (from the call as written: an untyped library's
functions give mypy no parameter names), judged by the rules, each verdict reported at its
argument."""

from __future__ import annotations

from mypy.nodes import ARG_NAMED, ARG_POS, CallExpr, Expression
from mypy.plugin import FunctionContext
from mypy.types import AnyType, Type, TypeOfAny

from mypy_plugin._arguments import Argument, literal_value
from mypy_plugin._errors import report, report_note
from mypy_plugin._knowledge import Knowledge
from weightlink.rules import messages
from weightlink.rules.codes import Diagnostic
from weightlink.named import Function, Loaded, NamedCall, bound_arguments


def named_call(ctx: FunctionContext, loaded: Loaded, function: Function, knowledge: Knowledge) -> Type:
    call = ctx.context
    if not isinstance(call, CallExpr):
        return ctx.default_return_type
    positional: list[Expression] = []
    for kind, argument in zip(call.arg_kinds, call.args):
        if kind != ARG_POS:
            break  # a *splat: no position is known after it
        positional.append(argument)
    keywords = {name: argument for kind, name, argument in zip(call.arg_kinds, call.arg_names, call.args) if kind == ARG_NAMED and name}
    given: dict[str, Expression] = bound_arguments(function, positional, keywords)  # type: ignore[assignment]
    splat = any(kind not in (ARG_POS, ARG_NAMED) for kind in call.arg_kinds)
    arguments = {param: literal_value(Argument(param, node, _type_of(ctx, node), False)) for param, node in given.items()}
    library = loaded.library.name
    context = knowledge.named_context(ctx.api.path, loaded)
    verdicts = loaded.judge(NamedCall(function.operation, arguments, splat, context))
    branch = knowledge.compat_branch(ctx.api.path, library, call.line, call.column) if verdicts else None
    for verdict in verdicts:
        where = given.get(verdict.param) if verdict.param else None
        if branch is not None:  # a branch kept for an older release, as weightlink check says
            report_note(ctx.api, Diagnostic(verdict.diagnostic.code, messages.compat_branch_left(library, branch.version)), where or call)
        else:
            (report_note if verdict.severity == "note" else report)(ctx.api, verdict.diagnostic, where or call)
    return ctx.default_return_type


def _type_of(ctx: FunctionContext, node: Expression) -> Type:
    """The type mypy inferred for an argument (a ``Final`` name's literal), else Any."""
    for group, types in zip(ctx.args, ctx.arg_types):
        for argument, found in zip(group, types):
            if argument is node:
                return found
    return AnyType(TypeOfAny.special_form)

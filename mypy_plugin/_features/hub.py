"""``torch.hub.load("pytorch/vision", "resnet50", pretrained=True)``: the builder is named by a string,
so mypy sees only torch.hub's ``*args, **kwargs``. The deprecated interface is reported as for a
direct call, with the replacement written as a string (which torch.hub passes on).
"""

from __future__ import annotations

from mypy.nodes import ARG_NAMED, ARG_POS, Expression, StrExpr
from mypy.plugin import FunctionContext
from mypy.types import Type

from mypy_plugin._arguments import Argument, source_text, view
from mypy_plugin._errors import report, report_note
from mypy_plugin._knowledge import Knowledge
from weightlink.rules.hub import HUB_REPOSITORIES, hub_builder, hub_legacy_diagnostic, pinned_before_weights

# torch.hub.load's own parameters; every other keyword goes to the builder.
_HUB_PARAMETERS = frozenset({"repo_or_dir", "model", "source", "trust_repo", "force_reload", "verbose", "skip_validation"})


def hub_call(ctx: FunctionContext, knowledge: Knowledge) -> Type:
    positional = [
        (expr, typ) for exprs, types, kinds in zip(ctx.args, ctx.arg_types, ctx.arg_kinds)
        for expr, typ, kind in zip(exprs, types, kinds) if kind == ARG_POS
    ]
    if len(positional) < 2:
        return ctx.default_return_type
    catalogs = [c for c in map(knowledge.catalog, HUB_REPOSITORIES.values()) if c is not None]
    found = hub_builder(_string(positional[0][0]), _string(positional[1][0]), catalogs)
    if found is None:
        return ctx.default_return_type
    builder, catalog = found
    repo = _string(positional[0][0])
    arguments = {
        name: Argument(name, expr, typ, False)
        for exprs, types, kinds, names in zip(ctx.args, ctx.arg_types, ctx.arg_kinds, ctx.arg_names)
        for expr, typ, kind, name in zip(exprs, types, kinds, names)
        if kind == ARG_NAMED and name is not None and name not in _HUB_PARAMETERS
    }
    # Positional arguments after the model name go to the builder in its old positional order.
    for name, (expr, typ) in zip(builder.legacy_positional, positional[2:]):
        arguments.setdefault(name, Argument(name, expr, typ, True))
    pinned = pinned_before_weights(repo)
    if pinned is not None:  # that release only knows pretrained=: a note, as for a compatibility branch
        if any(entry.legacy_param in arguments for entry in builder.legacy):
            report_note(ctx.api, pinned, ctx.context)
        return ctx.default_return_type
    views = {name: view(argument) for name, argument in arguments.items()}
    for entry in builder.legacy:
        argument = arguments.get(entry.legacy_param)
        if argument is not None:
            legacy_text = source_text(argument.expr) or "..."
            diagnostic = hub_legacy_diagnostic(builder, catalog, entry, views, legacy_text)
            if diagnostic is not None:
                report(ctx.api, diagnostic, argument.expr)
    return ctx.default_return_type


def _string(expr: Expression) -> str | None:
    return expr.value if isinstance(expr, StrExpr) else None

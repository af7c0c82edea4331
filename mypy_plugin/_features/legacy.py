"""Report the deprecated interface (``pretrained=``, ``pretrained_backbone=``, the old positional form)
with the exact replacement: the member the old call loaded, which is not always DEFAULT.

The decision and the sentence come from `weightlink.rules`; this module only translates mypy's view
of the call.
"""

from __future__ import annotations

from mypy.nodes import ARG_STAR, ARG_STAR2, CallExpr, Context, Expression
from mypy.plugin import CheckerPluginInterface

from mypy_plugin._arguments import Argument, Arguments, source_text, view
from mypy_plugin._errors import report, report_note
from mypy_plugin._knowledge import BuilderSpec, Knowledge
from weightlink.catalog import LegacyDefault, LegacyParam
from weightlink.rules import messages
from weightlink.rules.codes import WEIGHTS_LEGACY, Diagnostic
from weightlink.rules.legacy import beside_splat, diagnose, legacy_outcome
from weightlink.rules.meta import legacy_meta_conflicts


def check_legacy(
    api: CheckerPluginInterface, knowledge: Knowledge, spec: BuilderSpec, arguments: Arguments, context: Context
) -> None:
    entries = spec.info.legacy if spec.info else _generic_entries(knowledge, spec, arguments)
    used = [(entry, group[0]) for entry in entries if (group := arguments.get(entry.legacy_param))]
    positional = _positional_keywords(spec, arguments)
    if not used and not positional:
        return
    library = spec.fullname.partition(".")[0]
    branch = knowledge.compat_branch(api.path, library, context.line, context.column)
    if branch is not None:
        # Deliberate: the file supports an old version of the library. A note, not an error.
        report_note(api, Diagnostic(WEIGHTS_LEGACY, messages.compat_branch_left(library, branch.version)), context)
        return
    splat = _splat(context)
    for entry, argument in used:
        _report(api, spec, entry, argument, arguments, splat)
    if positional:
        keywords, first = positional
        report(api, messages.legacy_positional(spec.name, keywords), first)


def _generic_entries(knowledge: Knowledge, spec: BuilderSpec, arguments: Arguments) -> list[LegacyParam]:
    """Without a catalog the member is unknown, but ``pretrained=`` is still the deprecated form."""
    return [
        LegacyParam(legacy, weights, LegacyDefault("unknown"))
        for legacy, weights in knowledge.dialect.legacy_keyword_map().items()
        if legacy in arguments and weights in spec.weights
    ]


def _report(
    api: CheckerPluginInterface,
    spec: BuilderSpec,
    entry: LegacyParam,
    argument: Argument,
    arguments: Arguments,
    splat: str | None,
) -> None:
    if arguments.get(entry.weights_param):
        report(api, messages.legacy_and_weights(spec.name, entry.legacy_param, entry.weights_param), argument.expr)
        return
    views = {name: view(group[0]) for name, group in arguments.items()}
    outcome = legacy_outcome(entry.default, entry.legacy_param, views[entry.legacy_param], views, spec.catalog)
    outcome = beside_splat(entry, outcome, arguments, splat)
    diagnostic = diagnose(
        spec.name,
        entry.legacy_param,
        entry.weights_param,
        outcome,
        accepted=spec.accepted(entry.weights_param),
        legacy_text=source_text(argument.expr) or "...",
        positional=argument.positional,
        catalog=spec.catalog,
    )
    report(api, diagnostic, argument.expr)
    if spec.info is not None and spec.catalog is not None:
        for param, conflict in legacy_meta_conflicts(spec.info, spec.catalog, entry, views):
            report(api, conflict, arguments[param][0].expr)


def _splat(context: Context) -> str | None:
    """``**kwargs`` (or ``*args``) as written, when the call has a splat."""
    if not isinstance(context, CallExpr):
        return None
    for prefix, kind in (("**", ARG_STAR2), ("*", ARG_STAR)):
        for expr, arg_kind in zip(context.args, context.arg_kinds):
            if arg_kind == kind:
                return prefix + (source_text(expr) or "...")
    return None


def _positional_keywords(spec: BuilderSpec, arguments: Arguments) -> tuple[str, Expression] | None:
    """Other arguments passed positionally (``progress``) are deprecated too: the keywords to use."""
    legacy_names = {entry.legacy_param for entry in spec.info.legacy} if spec.info else set()
    positional = [a for group in arguments.values() for a in group if a.positional and a.name not in legacy_names]
    if not (positional and spec.info and spec.info.legacy_positional):
        return None
    return ", ".join(f"{a.name}={source_text(a.expr) or '...'}" for a in positional), positional[0].expr

"""Report the deprecated interface (``pretrained=``, ``pretrained_backbone=``, the old positional form)
with the exact replacement: the member the old call loaded, which is not always DEFAULT.

The decision and the sentence come from `weightlink.rules`; this module only translates mypy's view
of the call.
"""

from __future__ import annotations

from mypy.nodes import Context
from mypy.plugin import CheckerPluginInterface

from mypy_plugin._arguments import Argument, Arguments, source_text, view
from mypy_plugin._errors import report
from mypy_plugin._knowledge import BuilderSpec, Knowledge
from weightlink.catalog import LegacyDefault, LegacyParam
from weightlink.rules import messages
from weightlink.rules.legacy import diagnose, legacy_outcome


def check_legacy(
    api: CheckerPluginInterface, knowledge: Knowledge, spec: BuilderSpec, arguments: Arguments, context: Context
) -> None:
    entries = spec.info.legacy if spec.info else _generic_entries(knowledge, spec, arguments)
    for entry in entries:
        for argument in arguments.get(entry.legacy_param, [])[:1]:
            _report(api, spec, entry, argument, arguments)
    _report_positional_call(api, spec, arguments)


def _generic_entries(knowledge: Knowledge, spec: BuilderSpec, arguments: Arguments) -> list[LegacyParam]:
    """Without a catalog the member is unknown, but ``pretrained=`` is still the deprecated form."""
    return [
        LegacyParam(legacy, weights, LegacyDefault("unknown"))
        for legacy, weights in knowledge.dialect.legacy_keyword_map().items()
        if legacy in arguments and weights in spec.weights
    ]


def _report(
    api: CheckerPluginInterface, spec: BuilderSpec, entry: LegacyParam, argument: Argument, arguments: Arguments
) -> None:
    if arguments.get(entry.weights_param):
        report(api, messages.legacy_and_weights(spec.name, entry.legacy_param, entry.weights_param), argument.expr)
        return
    views = {name: view(group[0]) for name, group in arguments.items()}
    outcome = legacy_outcome(entry.default, entry.legacy_param, views[entry.legacy_param], views, spec.catalog)
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


def _report_positional_call(api: CheckerPluginInterface, spec: BuilderSpec, arguments: Arguments) -> None:
    """Other arguments passed positionally (``progress``) are deprecated too: say which keyword."""
    legacy_names = {entry.legacy_param for entry in spec.info.legacy} if spec.info else set()
    positional = [a for group in arguments.values() for a in group if a.positional and a.name not in legacy_names]
    if positional and spec.info and spec.info.legacy_positional:
        keywords = ", ".join(f"{a.name}={source_text(a.expr) or '...'}" for a in positional)
        report(api, messages.legacy_positional(spec.name, keywords), positional[0].expr)

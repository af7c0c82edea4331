"""A legacy call whose callee is one of several builders, picked at run time (``ZOO[name](pretrained=p)``
through a variable, ``(a if c else b)`` bound to a name, a loop over builders).

The call is deprecated whichever builder it gets, so it is reported. A replacement is offered only
when one is right for each builder: ``weights=None`` for ``pretrained=False``, or a member name that
every builder's old call loaded (``weights="IMAGENET1K_V1"``: torchvision builders take a member's
name as a string and look it up in their own Enum). Otherwise the message says the builder is
picked at run time, as ``weightlink check`` does for ``getattr(models, name)(pretrained=True)``.
Keywords, weights and meta are not checked: each builder takes other ones.
"""

from __future__ import annotations

from mypy.nodes import Context
from mypy.plugin import CheckerPluginInterface

from mypy_plugin._arguments import Arguments, view
from mypy_plugin._errors import report, report_note
from mypy_plugin._knowledge import BuilderSpec, Knowledge
from weightlink.catalog import LegacyParam
from weightlink.rules import messages
from weightlink.rules.arguments import ArgumentView
from weightlink.rules.codes import WEIGHTS_LEGACY, Diagnostic
from weightlink.rules.legacy import Member, MemberName, NoWeights, Outcome, WhenTrue, legacy_outcome, replacement_text


def check_several(
    api: CheckerPluginInterface, specs: list[BuilderSpec], knowledge: Knowledge, arguments: Arguments, context: Context
) -> None:
    keywords = {entry.legacy_param for spec in specs if spec.info for entry in spec.info.legacy}
    used = [name for name in sorted(keywords) if any(not a.positional for a in arguments.get(name, []))]
    if not used:
        return
    library = specs[0].fullname.partition(".")[0]
    branch = knowledge.compat_branch(api.path, library, context.line, context.column)
    if branch is not None:
        note = messages.compat_branch_left(library, branch.version, picked_at_run_time=True)
        report_note(api, Diagnostic(WEIGHTS_LEGACY, note), context)
        return
    views = {name: view(group[0]) for name, group in arguments.items()}
    names = [spec.name for spec in specs]
    for legacy_param in used:
        argument = arguments[legacy_param][0]
        entries = [_entry(spec, legacy_param) for spec in specs]
        replacement = _shared_replacement(specs, entries, legacy_param, views)
        weights_params = {entry.weights_param for entry in entries if entry is not None}
        if replacement is not None and len(weights_params) == 1 and not arguments.get(next(iter(weights_params))):
            diagnostic = messages.legacy_replaced_at_run_time(legacy_param, weights_params.pop(), replacement, names)
        else:
            diagnostic = Diagnostic(WEIGHTS_LEGACY, messages.dynamic_builder_call(legacy_param))
        report(api, diagnostic, argument.expr)


def _entry(spec: BuilderSpec, legacy_param: str) -> LegacyParam | None:
    return next((entry for entry in spec.info.legacy if entry.legacy_param == legacy_param), None) if spec.info else None


def _shared_replacement(
    specs: list[BuilderSpec], entries: list[LegacyParam | None], legacy_param: str, views: dict[str, ArgumentView]
) -> str | None:
    """The replacement right for every builder, as source text, or None."""
    outcomes: list[Outcome] = []
    for spec, entry in zip(specs, entries):
        if entry is None:
            return None  # a builder that never took the keyword: the call fails there
        outcomes.append(legacy_outcome(entry.default, legacy_param, views[legacy_param], views, spec.catalog))
    if all(isinstance(outcome, NoWeights) for outcome in outcomes):
        return replacement_text(outcomes[0])
    chosen = [outcome.chosen if isinstance(outcome, WhenTrue) else outcome for outcome in outcomes]
    member_names = {_member_name(outcome) for outcome in chosen}
    if len(member_names) != 1 or None in member_names:
        return None
    if len({isinstance(outcome, WhenTrue) for outcome in outcomes}) != 1:
        return None
    shared: Outcome = MemberName(member_names.pop() or "", tuple(_enums(chosen)))
    first = outcomes[0]
    return replacement_text(WhenTrue(first.legacy, shared) if isinstance(first, WhenTrue) else shared)


def _member_name(outcome: Outcome) -> str | None:
    if isinstance(outcome, Member):
        return outcome.name
    if isinstance(outcome, MemberName):
        return outcome.name
    return None


def _enums(outcomes: list[Outcome]) -> list[str]:
    found: list[str] = []
    for outcome in outcomes:
        if isinstance(outcome, Member):
            found.append(outcome.enum)
        elif isinstance(outcome, MemberName):
            found.extend(outcome.enums)
    return found

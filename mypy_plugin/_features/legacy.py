"""Report the deprecated interface (``pretrained=``, ``pretrained_backbone=``, the old positional form)
with the exact replacement: the member the old call loaded, which is not always DEFAULT."""

from __future__ import annotations

from mypy.nodes import Context
from mypy.plugin import CheckerPluginInterface

from mypy_plugin._arguments import NOT_LITERAL, Argument, Arguments, literal_value, source_text
from mypy_plugin._errors import WEIGHTS_LEGACY
from mypy_plugin._knowledge import BuilderSpec, Knowledge
from weightlink.catalog import LegacyDefault, LegacyParam

_GENERIC_LEGACY = {"pretrained": "weights", "pretrained_backbone": "weights_backbone"}


def check_legacy(
    api: CheckerPluginInterface, knowledge: Knowledge, spec: BuilderSpec, arguments: Arguments, context: Context
) -> None:
    entries = spec.info.legacy if spec.info else _generic_entries(spec, arguments)
    for entry in entries:
        for argument in arguments.get(entry.legacy_param, [])[:1]:
            _report(api, knowledge, spec, entry, argument, arguments)
    _report_positional_call(api, spec, arguments, context)


def _generic_entries(spec: BuilderSpec, arguments: Arguments) -> list[LegacyParam]:
    """Without a catalog the member is unknown, but ``pretrained=`` is still the deprecated form."""
    return [
        LegacyParam(legacy, weights, LegacyDefault("unknown"))
        for legacy, weights in _GENERIC_LEGACY.items()
        if legacy in arguments and weights in spec.weights
    ]


def _report(
    api: CheckerPluginInterface,
    knowledge: Knowledge,
    spec: BuilderSpec,
    entry: LegacyParam,
    argument: Argument,
    arguments: Arguments,
) -> None:
    where = f"The positional {entry.legacy_param} argument" if argument.positional else f"{entry.legacy_param}="
    if arguments.get(entry.weights_param):
        api.fail(
            f'"{spec.name}" is given both {entry.legacy_param}= and {entry.weights_param}=; '
            f"{entry.legacy_param} is deprecated, pass only {entry.weights_param}=",
            argument.expr,
            code=WEIGHTS_LEGACY,
        )
        return
    value = literal_value(argument)
    if value is not NOT_LITERAL and not value:
        api.fail(
            f'{where} of "{spec.name}" is deprecated ({entry.legacy_param}={value!r}); use {entry.weights_param}=None',
            argument.expr,
            code=WEIGHTS_LEGACY,
        )
        return
    member = legacy_member_text(knowledge, entry.default, argument, arguments)
    if entry.default.kind == "none":
        api.fail(
            f'"{spec.name}" never had legacy weights: {entry.legacy_param}=True raises at run time; '
            f"choose a member of {spec.weights[entry.weights_param].display()} for {entry.weights_param}=",
            argument.expr,
            code=WEIGHTS_LEGACY,
        )
        return
    if member is None:
        api.fail(
            f'{where} of "{spec.name}" is deprecated; pass {entry.weights_param}= '
            f"with a member of {spec.weights[entry.weights_param].display()}",
            argument.expr,
            code=WEIGHTS_LEGACY,
        )
        return
    replacement = member if value is not NOT_LITERAL else f"{member} if {source_text(argument.expr) or '<value>'} else None"
    api.fail(
        f'{where} of "{spec.name}" is deprecated; use {entry.weights_param}={replacement}'
        + _default_note(knowledge, entry, member),
        argument.expr,
        code=WEIGHTS_LEGACY,
    )


def _report_positional_call(
    api: CheckerPluginInterface, spec: BuilderSpec, arguments: Arguments, context: Context
) -> None:
    """Other arguments passed positionally (``progress``) are deprecated too: say which keyword."""
    legacy_names = {entry.legacy_param for entry in spec.info.legacy} if spec.info else set()
    positional = [a for group in arguments.values() for a in group if a.positional and a.name not in legacy_names]
    if positional and spec.info and spec.info.legacy_positional:
        keywords = ", ".join(f"{a.name}={source_text(a.expr) or '...'}" for a in positional)
        api.fail(
            f'positional arguments to "{spec.name}" are deprecated; pass them by keyword: {keywords}',
            positional[0].expr,
            code=WEIGHTS_LEGACY,
        )


def short_member(qualified: str) -> str:
    """``torchvision.models.resnet.ResNet50_Weights.IMAGENET1K_V1`` -> ``ResNet50_Weights.IMAGENET1K_V1``."""
    return ".".join(qualified.rsplit(".", 2)[-2:])


def legacy_member_text(
    knowledge: Knowledge, default: LegacyDefault, legacy_argument: Argument, arguments: Arguments
) -> str | None:
    """The member a truthy legacy argument selects, as source text; a conditional expression when it
    depends on an argument that is not a literal; None when unknown."""
    if default.kind == "member" and default.member:
        return short_member(default.member)
    if default.kind == "conditional" and default.then and default.otherwise and default.param:
        then = legacy_member_text(knowledge, default.then, legacy_argument, arguments)
        otherwise = legacy_member_text(knowledge, default.otherwise, legacy_argument, arguments)
        if then is None or otherwise is None:
            return None
        selector = legacy_argument if default.param == legacy_argument.name else _first(arguments, default.param)
        value = default.param_default if selector is None else literal_value(selector)
        if value is NOT_LITERAL:
            assert selector is not None
            text = source_text(selector.expr) or default.param
            test = text if default.test == "truthy" else f"{text} == {default.value!r}"
            return f"{then} if {test} else {otherwise}"
        return then if default.holds(value) else otherwise
    if default.kind == "enum_of_builder" and default.param and default.module:
        selector = _first(arguments, default.param)
        catalog = knowledge.catalog_for(default.module)
        member = catalog.member_of_named_builder(default, literal_value(selector) if selector else None) if catalog else None
        return short_member(member) if member else None
    return None


def _first(arguments: Arguments, name: str) -> Argument | None:
    group = arguments.get(name)
    return group[0] if group else None


def _default_note(knowledge: Knowledge, entry: LegacyParam, member: str) -> str:
    """Say so when the old weights are not DEFAULT: switching to DEFAULT would change results."""
    default = entry.default
    if default.kind != "member" or not default.member:
        return ""
    enum = knowledge.enum_info(default.member.rpartition(".")[0])
    current = enum.default_member if enum else None
    if current and current != default.member.rpartition(".")[2]:
        return f" (the weights {entry.legacy_param}=True loaded; DEFAULT is now {current})"
    return ""

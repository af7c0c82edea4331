"""The deprecated forms of a builder call (``pretrained=``, ``pretrained_backbone=``, the old positional
order) as ``@overload`` variants, each with the message the rules give for that call.

A stub cannot look at argument values, but an overload can match them: ``pretrained: Literal[True]``
is a call that loaded the legacy weights, ``Literal[False]`` one that loaded none, ``bool`` one decided
at run time. Where the legacy weights depend on another argument (quantized builders on
``quantize``), that argument gets the same treatment. Each variant's message is what
`weightlink.rules.legacy.diagnose` says about such a call, so the stubs name the replacement the
mypy plugin and the codemod name.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from weightlink.catalog.model import BuilderInfo, Catalog, LegacyDefault, LegacyParam
from weightlink.rules.arguments import NOT_LITERAL, ArgumentView
from weightlink.rules.legacy import diagnose_entry


@dataclass(frozen=True)
class Case:
    """One value an argument can be given in a variant: a literal, or any value (``NOT_LITERAL``)."""

    value: object = NOT_LITERAL
    is_default: bool = False  # the literal is what a missing argument counts as

    @property
    def is_literal(self) -> bool:
        return self.value is not NOT_LITERAL


@dataclass(frozen=True)
class LegacyVariant:
    entry: LegacyParam
    legacy: Case  # the value of the legacy argument (``pretrained``)
    conditions: tuple[tuple[str, Case], ...]  # other arguments the legacy default reads
    message: str


def legacy_variants(builder: BuilderInfo, entry: LegacyParam, catalog: Catalog, *, positional: bool) -> list[LegacyVariant]:
    """Literal cases first (they must match before the general ones), the general case last."""
    condition_params = _conditions(entry.default, entry.legacy_param)
    variants: list[LegacyVariant] = []
    for legacy in _legacy_cases(entry.default, entry.legacy_param):
        if legacy.is_literal and not legacy.value:
            combinations: list[tuple[tuple[str, Case], ...]] = [()]  # pretrained=False loads nothing
        else:
            per_param = [[(name, case) for case in cases] for name, cases in condition_params.items()]
            combinations = [tuple(combo) for combo in itertools.product(*per_param)]
        for conditions in combinations:
            message = _message(builder, entry, catalog, legacy, dict(conditions), positional=positional)
            variants.append(LegacyVariant(entry, legacy, conditions, message))
    return variants


def _message(
    builder: BuilderInfo,
    entry: LegacyParam,
    catalog: Catalog,
    legacy: Case,
    conditions: dict[str, Case],
    *,
    positional: bool,
) -> str:
    legacy_view = _view(entry.legacy_param, legacy)
    views = {name: _view(name, case) for name, case in conditions.items()}
    views[entry.legacy_param] = legacy_view
    legacy_text = legacy_view.text or entry.legacy_param
    return diagnose_entry(builder, catalog, entry, views, legacy_text=legacy_text, positional=positional).message


def _view(name: str, case: Case) -> ArgumentView:
    """The argument as a call that fits the variant shows it: its literal, or its name."""
    if case.is_literal:
        text = f'"{case.value}"' if isinstance(case.value, str) else repr(case.value)
        return ArgumentView(case.value, text=text, repeatable=True)
    return ArgumentView(text=name, repeatable=True)


def _legacy_cases(default: LegacyDefault, legacy_param: str) -> list[Case]:
    """``"legacy"`` (keypointrcnn's own value) when the default tests for it, then True, False, any."""
    special = [Case(test.value) for test in _tests(default) if test.param == legacy_param and test.test == "equals"]
    return [*special, Case(True), Case(False), Case()]


def _conditions(default: LegacyDefault, legacy_param: str) -> dict[str, list[Case]]:
    """The other arguments the legacy default reads, each with its cases: the literals its tests
    compare with (a truthy test: True and False), then any value."""
    cases: dict[str, list[Case]] = {}
    for test in _tests(default):
        if test.param is None or test.param == legacy_param:
            continue
        known = cases.setdefault(test.param, [])
        literals = [True, False] if test.test == "truthy" else [test.value] if test.test == "equals" else []
        for value in literals:
            if all(case.value != value for case in known):
                known.append(Case(value, is_default=_same(value, test.param_default)))
    for values in cases.values():
        values.append(Case())
    return cases


def _same(value: object, default: object) -> bool:
    return type(value) is type(default) and value == default


def _tests(default: LegacyDefault | None) -> Iterator[LegacyDefault]:
    """Every node of the default that reads an argument (conditionals and ``enum_of_builder``)."""
    if default is None:
        return
    if default.param is not None:
        yield default
    yield from _tests(default.then)
    yield from _tests(default.otherwise)

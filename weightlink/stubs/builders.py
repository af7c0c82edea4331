"""A builder as ``@overload`` variants: the current interface first, then the deprecated ones.

The current interface is the builder's own signature with three changes:

- ``weights*`` parameters take the Enum, the names of its members (``Literal["IMAGENET1K_V1",
  "ResNet50_Weights.IMAGENET1K_V1", "DEFAULT", ...]``, as the builder accepts at run time) or None;
- ``**kwargs`` becomes the keywords it passes on, typed where they are declared (the catalog follows
  ``resnet50`` to ``ResNet.__init__``); it stays only where the catalog cannot see where it ends;
- where an argument selects the Enum (``quantize=True`` takes the quantized Enum), one variant per
  value of that argument, then one taking either Enum.

Then the deprecated variants (`weightlink.stubs.deprecated`). Checkers pick the first variant a
call fits, so a current call never meets a deprecated variant. The parameters themselves come from
`weightlink.stubs.parameters`.
"""

from __future__ import annotations

from dataclasses import replace

from weightlink.catalog.model import BuilderInfo, WeightsSelector
from weightlink.rules import messages
from weightlink.stubs.context import StubContext
from weightlink.stubs.definitions import Definitions
from weightlink.stubs.deprecated import DeprecatedVariants
from weightlink.stubs.parameters import BuilderParameters, retyped
from weightlink.stubs.signatures import (
    FunctionStub,
    Signature,
    StubParam,
    with_valid_order,
)

Variant = tuple[list[StubParam], str | None]  # parameters, and the message when deprecated


class BuilderStubs:
    def __init__(self, context: StubContext, definitions: Definitions) -> None:
        self.context = context
        self.parameters = BuilderParameters(context, definitions)
        self.deprecated = DeprecatedVariants(self.parameters)
        self.names = definitions.names

    def stub(self, builder: BuilderInfo) -> FunctionStub:
        return FunctionStub(builder.name, self.current(builder) + self.deprecated.signatures(builder))

    def current(self, builder: BuilderInfo, leading: tuple[StubParam, ...] = (), *, by_keyword: bool = False) -> list[Signature]:
        """The variants of the current interface; ``leading`` parameters go first (``get_model``'s
        name), ``by_keyword`` makes every other parameter keyword-only (``get_model(**config)``)."""
        variants: list[Variant] = []
        selectors = [s for s in builder.weights_selectors if builder.weights_param(s.weights_param) is not None]
        if len(selectors) == 1:
            variants += self._selected(builder, selectors[0])
        variants.append((self.parameters.of(builder), None))
        returns = self.parameters.returns(builder)
        signatures = []
        for params, deprecated in variants:
            params = self._closed_to_legacy(builder, params)
            if by_keyword:
                params = [replace(p, kind="keyword_only") if p.kind != "var_keyword" else p for p in params]
            signatures.append(Signature(tuple(with_valid_order([*leading, *params])), returns, deprecated=deprecated))
        return signatures

    def _closed_to_legacy(self, builder: BuilderInfo, params: list[StubParam]) -> list[StubParam]:
        """Where ``**kwargs`` stays, it would take ``pretrained=True`` as well, and the deprecated
        variants after it would never be reached: the legacy keywords are declared taking only None,
        which no real call passes. (Putting the deprecated variants first instead would make a call
        with ``**options`` match them.)"""
        if not any(p.kind == "var_keyword" for p in params):
            return params
        names = {p.name for p in params}
        legacy = [
            StubParam(entry.legacy_param, "keyword_only", "None", True)
            for entry in builder.legacy
            if entry.legacy_param not in names
        ]
        return params + legacy

    def _selected(self, builder: BuilderInfo, selector: WeightsSelector) -> list[Variant]:
        """``quantize=True`` takes the quantized Enum: a variant for each literal value, the one a
        missing argument counts as second. A checker would let the other Enum's member through to
        the variant taking either Enum, so after each comes a variant catching exactly that, marked
        ``@deprecated`` with the rules' mismatch sentence."""
        variants: list[Variant] = []
        choices = [(True, selector.when_true, selector.when_false), (False, selector.when_false, selector.when_true)]
        for value, enum, other in sorted(choices, key=lambda choice: _same(choice[0], selector.param_default)):
            literal = self.parameters.literal([value])
            is_default = _same(value, selector.param_default)
            right = self.parameters.of(builder, selected={selector.weights_param: [enum]})
            wrong = self.parameters.of(builder, selected={selector.weights_param: [other]}, nullable=False)
            message = self._mismatch(builder, selector, value, enum, other)
            variants.append((retyped(right, selector.param, literal, is_default), None))
            variants.append((retyped(wrong, selector.param, literal, is_default), message))
        return variants

    def _mismatch(self, builder: BuilderInfo, selector: WeightsSelector, value: bool, enum: str, other: str) -> str:
        catalog = self.context.catalog
        ours, theirs = catalog.enums.get(enum), catalog.enums.get(other)
        short = ours.name if ours else enum.rpartition(".")[2]
        accepted = f"{messages.accepted_text([short])} ({selector.param}={value!r})"
        example = f"{short}.DEFAULT" if ours and ours.default_member else None
        given = theirs.name if theirs else other.rpartition(".")[2]
        diagnostic = messages.weights_mismatch(
            accepted, given, callee=builder.name, param=selector.weights_param, example=example
        )
        return diagnostic.message


def _same(value: object, default: object) -> bool:
    return type(value) is type(default) and value == default

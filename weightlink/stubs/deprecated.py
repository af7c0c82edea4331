"""The deprecated variants of a builder as signatures: the legacy keyword in place of its weights
parameter, or the old positional order, each marked with the message of its `LegacyVariant`; and
the current interface with positional arguments, which torchvision still accepts with a warning
(its builders take their keyword-only parameters positionally, in order)."""

from __future__ import annotations

from dataclasses import replace

from weightlink.catalog.model import BuilderInfo, LegacyParam, ParamKind
from weightlink.rules import messages
from weightlink.stubs.legacy import Case, LegacyVariant, legacy_variants
from weightlink.stubs.parameters import BuilderParameters, retyped
from weightlink.stubs.signatures import Signature, StubParam, with_valid_order


class DeprecatedVariants:
    def __init__(self, parameters: BuilderParameters) -> None:
        self.parameters = parameters
        self.catalog = parameters.context.catalog

    def signatures(self, builder: BuilderInfo) -> list[Signature]:
        """Each legacy keyword's variants, then those of the old positional order."""
        found = [
            self._keyword(builder, variant)
            for entry in builder.legacy
            for variant in legacy_variants(builder, entry, self.catalog, positional=False)
        ]
        first = _first_positional_legacy(builder)
        if first is not None:
            variants = legacy_variants(builder, first, self.catalog, positional=True)
            found += [self._positional(builder, variant) for variant in variants]
        found += self._current_positional(builder)
        return found

    def _current_positional(self, builder: BuilderInfo) -> list[Signature]:
        """``alexnet(AlexNet_Weights.DEFAULT)``, ``resnet_fpn_backbone("resnet50", weights=None)``: the
        current parameters, the first ``k`` of the old order positionally, one variant per ``k``
        (positional-only, so that a call by keyword never reaches them; last, as a bool in those
        places is the legacy form above)."""
        renamed = {entry.legacy_param: entry.weights_param for entry in builder.legacy}
        params = self.parameters.of(builder)
        order: list[str] = []
        for slot in builder.legacy_positional:
            name = renamed.get(slot, slot)
            if not any(p.name == name and p.kind != "var_keyword" for p in params):
                break  # a slot the builder no longer has: the order ends there
            order.append(name)
        keywords = ", ".join(f"{name}=..." for name in order)
        message = messages.legacy_positional(builder.name, keywords).message
        variants = []
        for count in range(1, len(order) + 1):
            first = order[:count]
            positional = [replace(next(p for p in params if p.name == name), kind="positional") for name in first]
            rest = [replace(p, kind="keyword_only") if p.kind != "var_keyword" else p for p in params if p.name not in first]
            variants.append(Signature(tuple(with_valid_order(positional + rest)), self.parameters.returns(builder), deprecated=message))
        return variants

    def _keyword(self, builder: BuilderInfo, variant: LegacyVariant) -> Signature:
        entry = variant.entry
        legacy = StubParam(entry.legacy_param, "keyword_only", self._legacy_type(variant.legacy))
        params = [
            legacy if param.name == entry.weights_param else param
            for param in self._with_conditions(self.parameters.of(builder), variant)
        ]
        if legacy not in params:
            params.append(legacy)
        params += _other_legacy(builder, entry, {p.name for p in params})
        params = _leading_by_position(builder, params)
        return Signature(tuple(with_valid_order(params)), self.parameters.returns(builder), deprecated=variant.message)

    def _positional(self, builder: BuilderInfo, variant: LegacyVariant) -> Signature:
        """The old order: slots up to the legacy argument are positional-only, later ones positional
        or keyword while each has a default; the rest keyword-only."""
        entry = variant.entry
        slots = builder.legacy_positional
        index = slots.index(entry.legacy_param)
        params = self._with_conditions(self.parameters.of(builder), variant)
        remaining = {p.name: p for p in params if p.name != entry.weights_param}
        legacy_names = {other.legacy_param for other in builder.legacy}
        positional: list[StubParam] = []
        for position, slot in enumerate(slots):
            kind: ParamKind = "positional" if position <= index else "positional_or_keyword"
            optional = position > index
            if slot == entry.legacy_param:
                positional.append(StubParam(slot, "positional", self._legacy_type(variant.legacy)))
            elif slot in remaining:
                if optional and not remaining[slot].has_default:
                    break  # a required argument here would need every earlier one: keyword-only
                positional.append(replace(remaining.pop(slot), kind=kind, has_default=optional))
            elif slot in legacy_names:
                positional.append(StubParam(slot, kind, "bool", optional))
            else:  # a parameter the builder no longer has
                positional.append(StubParam(slot, kind, self.parameters.names.typing("Any"), optional))
        rest = [replace(p, kind="keyword_only") if p.kind != "var_keyword" else p for p in remaining.values()]
        taken = {p.name for p in [*positional, *rest]}
        signature = positional + rest + _other_legacy(builder, entry, taken)
        return Signature(tuple(with_valid_order(signature)), self.parameters.returns(builder), deprecated=variant.message)

    def _legacy_type(self, case: Case) -> str:
        return self.parameters.literal([case.value]) if case.is_literal else "bool"

    def _with_conditions(self, params: list[StubParam], variant: LegacyVariant) -> list[StubParam]:
        """The arguments the legacy default reads, as the variant fixes them (``quantize: Literal[True]``)."""
        for name, case in variant.conditions:
            if case.is_literal:
                params = retyped(params, name, self.parameters.literal([case.value]), case.is_default)
        return params


def _leading_by_position(builder: BuilderInfo, params: list[StubParam]) -> list[StubParam]:
    """The arguments that came before any weights argument in the old order may still be given
    positionally (``resnet_fpn_backbone("resnet50", pretrained=True)``)."""
    weights_or_legacy = {entry.legacy_param for entry in builder.legacy} | {entry.weights_param for entry in builder.legacy}
    leading: list[str] = []
    for slot in builder.legacy_positional:
        if slot in weights_or_legacy:
            break
        leading.append(slot)
    return [replace(p, kind="positional_or_keyword") if p.name in leading and p.kind == "keyword_only" else p for p in params]


def _other_legacy(builder: BuilderInfo, entry: LegacyParam, taken: set[str]) -> list[StubParam]:
    """The builder's other legacy keywords (``pretrained_backbone`` beside ``pretrained``)."""
    return [
        StubParam(other.legacy_param, "keyword_only", "bool", True)
        for other in builder.legacy
        if other is not entry and other.legacy_param not in taken
    ]


def _first_positional_legacy(builder: BuilderInfo) -> LegacyParam | None:
    """The legacy argument that comes first in the old positional order: a positional call reaches
    it before any other."""
    for slot in builder.legacy_positional:
        entry = builder.legacy_for(slot)
        if entry is not None:
            return entry
    return None

"""Every form of a builder call that still runs on the library, generated from the catalog: the
legacy keywords with each kind of value, the old positional order, a required leading argument given
positionally beside a legacy keyword (``resnet_fpn_backbone("resnet50", pretrained=False)``), and
the current interface with positional arguments (``resnet50(ResNet50_Weights.DEFAULT)``, which
torchvision accepts with a warning).

The stubs must type each of them as accepted or ``@deprecated``, never as an error (tests/test_stubs.py
checks them under mypy and pyright), and the equivalence check (scripts/equivalence.py) runs the
legacy ones before and after the codemod.
"""

from __future__ import annotations

from dataclasses import dataclass

from weightlink.catalog.model import BuilderInfo, Catalog, Param
from weightlink.stubs.legacy import legacy_variants


@dataclass(frozen=True)
class CallForm:
    builder: BuilderInfo
    arguments: str  # the source between the parentheses
    legacy: bool  # uses the deprecated interface (pretrained=, the old positional order)

    def call(self, callee: str) -> str:
        return f"{callee}({self.arguments})"


def call_forms(builder: BuilderInfo, catalog: Catalog) -> list[CallForm]:
    known = _required_arguments(builder, catalog)
    if known is None:
        return []  # a required argument the generator cannot make a value for
    required = dict(known)
    slots = builder.legacy_positional
    first_legacy = next((i for i, slot in enumerate(slots) if builder.legacy_for(slot) is not None), None)
    # What came before the first legacy argument in the old order can be given positionally.
    leading = slots[:first_legacy] if first_legacy is not None else []
    if any(slot not in required for slot in leading):
        leading = []
    by_position = ", ".join(required[slot] for slot in leading)
    by_keyword = ", ".join(f"{name}={value}" for name, value in known)
    rest = ", ".join(f"{name}={value}" for name, value in known if name not in leading)
    forms: list[CallForm] = []
    for entry in builder.legacy:
        # Each value the legacy default tells apart (``"legacy"``, True, False, any), with each value
        # of the arguments it reads (``quantize``), as the stubs' deprecated variants are cut.
        for variant in legacy_variants(builder, entry, catalog, positional=False):
            value = _source(variant.legacy.value) if variant.legacy.is_literal else "flag"
            conditions = ", ".join(f"{name}={_source(case.value)}" for name, case in variant.conditions if case.is_literal)
            legacy = _join(conditions, f"{entry.legacy_param}={value}")
            forms.append(CallForm(builder, _join(by_keyword, legacy), True))
            if leading:
                forms.append(CallForm(builder, _join(by_position, rest, legacy), True))
    if first_legacy is not None and (leading or first_legacy == 0):
        for value in ("True", "False", "flag"):
            forms.append(CallForm(builder, _join(by_position, value, rest), True))
        if first_legacy + 1 < len(slots) and slots[first_legacy + 1] == "progress":
            forms.append(CallForm(builder, _join(by_position, "True, False", rest), True))
        weights = builder.weights_param("weights")
        if weights is not None:
            # The current interface, with what came first in the old order given positionally.
            member = _member(catalog, weights.enums[0]) if weights.enums else None
            for current in (member, "None"):
                if current is not None:
                    forms.append(CallForm(builder, _join(by_position, current, rest), False))
            if leading:
                forms.append(CallForm(builder, _join(by_position, rest, "weights=None"), False))
    return forms


def _source(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def _join(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _member(catalog: Catalog, enum_qualname: str) -> str | None:
    enum = catalog.enums.get(enum_qualname)
    if enum is None or not enum.members:
        return None
    return f"{catalog.public_name(enum.qualname)}.{enum.default_member or next(iter(enum.members))}"


def _required_arguments(builder: BuilderInfo, catalog: Catalog) -> list[tuple[str, str]] | None:
    """(name, source value) for each required parameter that is not a weights parameter: a builder's
    name for a string naming one (``backbone_name``), True for a flag, 1 for a number."""
    weights_params = {p.name for p in builder.weights_params} | {entry.weights_param for entry in builder.legacy}
    found = []
    for param in builder.params:
        if param.default is not None or param.kind in ("var_positional", "var_keyword") or param.name in weights_params:
            continue
        value = _value_for(param, builder, catalog)
        if value is None:
            return None
        found.append((param.name, value))
    return found


def _value_for(param: Param, builder: BuilderInfo, catalog: Catalog) -> str | None:
    annotation = param.annotation or ""
    if "builtins.str" in annotation:
        named = _builder_named_by(builder, catalog)
        return f'"{named}"' if named else None
    if "builtins.bool" in annotation:
        return "True"
    if "builtins.int" in annotation:
        return "1"
    return None


def _builder_named_by(builder: BuilderInfo, catalog: Catalog) -> str | None:
    """For ``resnet_fpn_backbone(backbone_name=...)``: the name of a builder in the module its
    legacy default looks names up in, whose Enum has the member the default names."""
    for entry in builder.legacy:
        default = entry.default
        if default.kind != "enum_of_builder" or not default.module:
            continue
        for name in sorted(catalog.names):
            if name.rpartition(".")[0] == default.module and catalog.member_of_named_builder(default, name.rpartition(".")[2]):
                return name.rpartition(".")[2]
    return None

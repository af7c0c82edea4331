"""The catalog's records: plain dataclasses that round-trip through JSON.

Names are fully qualified (``torchvision.models.resnet.resnet50``); members are written
``<enum qualname>.<MEMBER>``.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

T = TypeVar("T")

ParamKind = Literal["positional", "positional_or_keyword", "keyword_only", "var_positional", "var_keyword"]


@dataclass(frozen=True)
class Problem:
    """Something the extractor could not read; the builder or Enum it concerns is marked partial."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class MemberInfo:
    name: str
    line: int
    url: str | None = None
    num_categories: int | None = None
    # Meta values that evaluated to JSON-able constants (categories lists included).
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class EnumInfo:
    qualname: str
    file: str
    line: int
    bases: list[str]
    members: dict[str, MemberInfo] = field(default_factory=dict)
    # Alias name -> canonical member name ("DEFAULT" -> "IMAGENET1K_V2").
    aliases: dict[str, str] = field(default_factory=dict)
    partial: bool = False

    @property
    def name(self) -> str:
        return self.qualname.rpartition(".")[2]

    @property
    def default_member(self) -> str | None:
        return self.aliases.get("DEFAULT")

    def resolve(self, name: str) -> str | None:
        """Canonical member name for ``name`` (a member or an alias), or None."""
        if name in self.members:
            return name
        return self.aliases.get(name)

    def all_names(self) -> list[str]:
        return [*self.members, *self.aliases]


@dataclass
class Param:
    name: str
    kind: ParamKind
    # The annotation with every name fully qualified (``typing.Optional[torchvision.models.resnet.
    # ResNet50_Weights]``, ``builtins.bool``); None when absent or not resolvable.
    annotation: str | None = None
    default: str | None = None  # source text of the default, None when there is none


@dataclass
class LegacyDefault:
    """The member an old ``pretrained=True`` call loaded.

    kind ``member``: always ``member``. kind ``none``: the builder never had legacy weights.
    kind ``conditional``: ``then`` when ``param`` (``test``: ``truthy`` or ``equals`` ``value``) holds,
    else ``otherwise``; ``param_default`` is what a missing argument counts as.
    kind ``enum_of_builder``: member ``member_name`` of the weights Enum of the builder named by the
    string argument ``param``, looked up in module ``module`` (``resnet_fpn_backbone``).
    kind ``unknown``: not statically readable (see the catalog's problems).
    """

    kind: Literal["member", "none", "conditional", "enum_of_builder", "unknown"]
    member: str | None = None
    param: str | None = None
    test: Literal["truthy", "equals"] | None = None
    value: Any = None
    param_default: Any = None
    then: LegacyDefault | None = None
    otherwise: LegacyDefault | None = None
    module: str | None = None
    member_name: str | None = None

    def holds(self, value: object) -> bool:
        """For a ``conditional`` default: whether ``value`` of ``param`` selects ``then``."""
        return bool(value) if self.test == "truthy" else value == self.value


@dataclass
class LegacyParam:
    legacy_param: str  # "pretrained"
    weights_param: str  # "weights"
    default: LegacyDefault


@dataclass
class WeightsParam:
    name: str
    enums: list[str]  # qualnames of the Enums the annotation accepts
    accepts_entry: bool = False  # Union[..., WeightEntry]
    accepts_any_enum: bool = False  # annotated with the base class itself (resnet_fpn_backbone)
    default: str | None = None  # member qualname or "None"


@dataclass
class MetaOverride:
    """The builder sets ``param`` itself: from the weights' meta (``meta[meta_key]``, its ``len`` or
    its item ``index``) or, with ``meta_key`` None, to the constant ``value``. ``always``: whatever the
    weights (resnext's ``groups=32``); otherwise only when weights are given."""

    param: str
    meta_key: str | None
    uses_len: bool = False
    weights_param: str = "weights"
    index: int | None = None
    value: Any = None
    always: bool = False
    # What the builder does after loading when the caller's own value of ``param`` was false
    # (inception_v3 drops its auxiliary head: ``model.aux_logits = False; model.AuxLogits = None``):
    # how torchvision < 0.13 honoured that value, which the override now rejects.
    after_loading: str | None = None


@dataclass
class ForwardedKeyword:
    """A keyword a builder's ``**kwargs`` passes on, and the parameter it becomes."""

    name: str
    declared_in: str | None  # qualname of the function or ``Class.__init__`` that declares it
    annotation: str | None  # that parameter's annotation, fully qualified (see `Param`)


@dataclass
class WeightsSelector:
    """The Enum ``weights_param`` accepts depends on ``param``: ``when_true`` if it is truthy, else
    ``when_false`` (``(QuantizedWeights if quantize else Weights).verify(weights)``)."""

    weights_param: str
    param: str
    when_true: str
    when_false: str
    param_default: Any = None  # what a missing argument counts as


@dataclass
class BuilderInfo:
    qualname: str
    file: str
    line: int
    registry_names: list[str] = field(default_factory=list)
    public_names: list[str] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)
    weights_params: list[WeightsParam] = field(default_factory=list)
    legacy: list[LegacyParam] = field(default_factory=list)
    # The pre-weights positional order: new keyword order with weights params renamed to their
    # legacy names (torchvision maps positional arguments onto it), or the shim's ``positional=``.
    legacy_positional: list[str] = field(default_factory=list)
    meta_overrides: list[MetaOverride] = field(default_factory=list)
    # Keywords ``**kwargs`` passes on to where they take effect; ``forwards_unknown`` when it also
    # reaches something the catalog cannot follow (then any keyword may be fine).
    forwarded: list[ForwardedKeyword] = field(default_factory=list)
    forwards_unknown: bool = False
    weights_selectors: list[WeightsSelector] = field(default_factory=list)
    return_type: str | None = None  # fully qualified, like `Param.annotation`
    partial: bool = False

    @property
    def name(self) -> str:
        return self.qualname.rpartition(".")[2]

    def weights_param(self, name: str) -> WeightsParam | None:
        return next((p for p in self.weights_params if p.name == name), None)

    def legacy_for(self, legacy_param: str) -> LegacyParam | None:
        return next((entry for entry in self.legacy if entry.legacy_param == legacy_param), None)


@dataclass
class Catalog:
    library: str
    version: str
    dialect: str
    builders: dict[str, BuilderInfo] = field(default_factory=dict)
    enums: dict[str, EnumInfo] = field(default_factory=dict)
    # Every public or registry name users call a builder by -> builder qualname.
    names: dict[str, str] = field(default_factory=dict)
    # Registry name -> builder qualname (``get_model("resnet50")``).
    registry: dict[str, str] = field(default_factory=dict)
    # Public re-export of an Enum -> Enum qualname (``torchvision.models.ResNet50_Weights``).
    enum_names: dict[str, str] = field(default_factory=dict)
    # Module-level aliases of a registry's methods -> operation
    # (``tinyzoo._registry.get_model = registry.get_model`` -> ``get_model``).
    registry_functions: dict[str, str] = field(default_factory=dict)
    # ``__all__`` of modules that compute it (``__all__ = mv2_all + mv3_all``), evaluated: type
    # checkers only read literal lists, so names re-exported this way are invisible to them.
    computed_exports: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def builder(self, name: str) -> BuilderInfo | None:
        """A builder by qualname, public name or registry name."""
        qualname = self.names.get(name, name)
        return self.builders.get(qualname) or self.builders.get(self.registry.get(name, ""))

    def enum(self, name: str) -> EnumInfo | None:
        """An Enum by qualname or public name."""
        return self.enums.get(self.enum_names.get(name, name))

    def public_name(self, qualname: str) -> str:
        """The shortest public name of an Enum (``torchvision.models.ResNet50_Weights``), or its qualname."""
        return self._public_names.get(qualname, qualname)

    @functools.cached_property
    def _public_names(self) -> dict[str, str]:
        shortest: dict[str, str] = {}
        for name, target in self.enum_names.items():
            if target not in shortest or (len(name), name) < (len(shortest[target]), shortest[target]):
                shortest[target] = name
        return shortest

    def member_of_named_builder(self, default: LegacyDefault, builder_name: object) -> str | None:
        """For an ``enum_of_builder`` default: ``"<enum qualname>.<member>"`` when ``builder_name`` is the
        name of a builder in ``default.module`` (``resnet_fpn_backbone(backbone_name="resnet50")``)."""
        if not isinstance(builder_name, str) or not default.module or not default.member_name:
            return None
        builder = self.builder(f"{default.module}.{builder_name}")
        weights = builder.weights_param("weights") if builder else None
        return f"{weights.enums[0]}.{default.member_name}" if weights and weights.enums else None

    def enums_of_builders_in(self, module: str) -> list[str]:
        """The ``weights`` Enums of every builder reachable as ``<module>.<name>`` (what
        ``module.__dict__[name]`` can find), in a stable order."""
        qualnames = {q for public, q in self.names.items() if public.rpartition(".")[0] == module}
        enums: dict[str, None] = {}
        for qualname in sorted(qualnames):
            weights = self.builders[qualname].weights_param("weights") if qualname in self.builders else None
            enums.update(dict.fromkeys(weights.enums if weights else []))
        return list(enums)

    def legacy_keywords(self) -> dict[str, str]:
        """Every legacy keyword a builder of this library takes -> its weights parameter."""
        return {entry.legacy_param: entry.weights_param for b in self.builders.values() for entry in b.legacy}

    def family(self, qualname: str) -> list[EnumInfo]:
        """The Enum and every Enum deriving from it (per-language subclasses of a member-less base)."""
        found = [info for info in self.enums.values() if info.qualname == qualname]
        for info in found:
            found.extend(e for e in self.enums.values() if info.qualname in e.bases and e not in found)
        return found

    def enum_by_short_name(self, short: str) -> list[EnumInfo]:
        return [info for info in self.enums.values() if info.name == short]

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Catalog:
        return Catalog(
            library=data["library"],
            version=data["version"],
            dialect=data["dialect"],
            builders={k: _builder_from(v) for k, v in data["builders"].items()},
            enums={k: _enum_from(v) for k, v in data["enums"].items()},
            names=data["names"],
            registry=data["registry"],
            enum_names=data["enum_names"],
            registry_functions=data["registry_functions"],
            computed_exports=data["computed_exports"],
            problems=[Problem(**p) for p in data["problems"]],
        )


def _legacy_default_from(data: dict[str, Any] | None) -> LegacyDefault | None:
    if data is None:
        return None
    return LegacyDefault(
        **{
            **data,
            "then": _legacy_default_from(data.get("then")),
            "otherwise": _legacy_default_from(data.get("otherwise")),
        }
    )


def _builder_from(data: dict[str, Any]) -> BuilderInfo:
    legacy = [
        LegacyParam(
            legacy_param=item["legacy_param"],
            weights_param=item["weights_param"],
            default=_legacy_default_from(item["default"]) or LegacyDefault("unknown"),
        )
        for item in data["legacy"]
    ]
    return BuilderInfo(
        **{
            **data,
            "params": [Param(**p) for p in data["params"]],
            "weights_params": [WeightsParam(**p) for p in data["weights_params"]],
            "legacy": legacy,
            "meta_overrides": [MetaOverride(**m) for m in data["meta_overrides"]],
            "forwarded": [ForwardedKeyword(**k) for k in data["forwarded"]],
            "weights_selectors": [WeightsSelector(**w) for w in data["weights_selectors"]],
        }
    )


def _enum_from(data: dict[str, Any]) -> EnumInfo:
    return EnumInfo(**{**data, "members": {k: MemberInfo(**m) for k, m in data["members"].items()}})

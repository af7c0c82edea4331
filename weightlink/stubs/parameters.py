"""A builder's parameters as a stub declares them: its own, with ``weights*`` typed as its Enum, the
names of its members or None, and what ``**kwargs`` passes on."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import replace

from weightlink.catalog.model import BuilderInfo, ForwardedKeyword, Param, WeightsParam
from weightlink.rules.weights import WeightsParamView, enum_views
from weightlink.stubs.context import StubContext
from weightlink.stubs.definitions import Definitions
from weightlink.stubs.signatures import StubParam


class BuilderParameters:
    def __init__(self, context: StubContext, definitions: Definitions) -> None:
        self.context = context
        self.definitions = definitions
        self.names = definitions.names

    def returns(self, builder: BuilderInfo) -> str:
        return self.definitions.annotation(builder.return_type)

    def of(
        self, builder: BuilderInfo, selected: dict[str, list[str]] | None = None, *, nullable: bool = True
    ) -> list[StubParam]:
        """Every parameter of the current interface: its own, then the keywords ``**kwargs`` passes
        on (``resnet50`` -> ``ResNet.__init__``), typed where they are declared; ``**kwargs`` itself
        only where the catalog cannot see where it ends. ``selected`` narrows a weights parameter to
        some of its Enums; ``nullable=False`` drops its None."""
        params: list[StubParam] = []
        # Legacy keywords are the deprecated variants' business, even where ``**kwargs`` reads them.
        own = {p.name for p in builder.params} | {entry.legacy_param for entry in builder.legacy}
        has_kwargs = False
        for param in builder.params:
            if param.kind == "var_keyword":
                has_kwargs = True
                continue
            weights = builder.weights_param(param.name)
            if weights is not None:
                enums = (selected or {}).get(param.name, weights.enums)
                annotation = self.weights_type(param, weights, enums, nullable=nullable)
            else:
                annotation = self.definitions.annotation(param.annotation)
            params.append(StubParam(param.name, param.kind, annotation, param.default is not None))
        if has_kwargs:
            for keyword in [k for k in builder.forwarded if k.name not in own]:
                annotation = self.definitions.annotation(self._forwarded_annotation(keyword))
                params.append(StubParam(keyword.name, "keyword_only", annotation, True))
            if builder.forwards_unknown or builder.partial:
                params.append(StubParam("kwargs", "var_keyword", self.names.typing("Any")))
        return params

    def weights_type(self, param: Param, weights: WeightsParam, enums: list[str], *, nullable: bool = True) -> str:
        """``ResNet50_Weights | Literal["IMAGENET1K_V1", ...] | None``."""
        parts = [self.names.ref(enum) for enum in enums]
        names = self.valid_names(enums)
        if names:
            parts.append(self.literal(names))
        mentioned = _dotted_names(param.annotation)
        if weights.accepts_entry:
            parts += [self.names.ref(n) for n in mentioned if self.context.dialect.accepts_entry(n)]
        if weights.accepts_any_enum:
            # Any Enum's member, or a name only the builder it is passed on to can check.
            parts += [self.names.ref(n) for n in mentioned if self.context.dialect.is_weights_base(n)] + ["str"]
        if nullable and ("typing.Optional" in mentioned or "None" in mentioned or param.default == "None"):
            parts.append("None")
        return " | ".join(dict.fromkeys(parts))

    def valid_names(self, enums: list[str]) -> list[str]:
        """The strings the builder accepts for these Enums (and their subclass Enums): each member
        and alias, bare and qualified, when it names exactly one member (the rules' grammar)."""
        family = [info for enum in enums for info in self.context.catalog.family(enum)]
        view = WeightsParamView("weights", enum_views([(info.name, info.all_names(), info.qualname) for info in family]), "")
        return [name for name, owners in view.valid_names().items() if len({e.name for e in owners}) == 1]

    def literal(self, values: Sequence[object]) -> str:
        items = ", ".join(f'"{v}"' if isinstance(v, str) else repr(v) for v in values)
        return f"{self.names.typing('Literal')}[{items}]"

    def _forwarded_annotation(self, keyword: ForwardedKeyword) -> str | None:
        """The catalog's annotation, else the one the declaring function's source gives."""
        if keyword.annotation is not None or keyword.declared_in is None:
            return keyword.annotation
        owner, _, function = keyword.declared_in.rpartition(".")
        cls = self.context.class_surface(owner)
        if cls is not None:
            signatures = cls.methods.get(function, [])
        else:
            surface = self.context.surface(owner) if owner in self.context.library.files else None
            signatures = surface.functions.get(function, []) if surface else []
        params = signatures[-1].params if signatures else []
        return next((p.annotation for p in params if p.name == keyword.name), None)


def retyped(params: list[StubParam], name: str, annotation: str, has_default: bool) -> list[StubParam]:
    return [replace(p, annotation=annotation, has_default=has_default) if p.name == name else p for p in params]


def _dotted_names(annotation: str | None) -> list[str]:
    """The qualified names (and ``None``) an annotation mentions."""
    if annotation is None:
        return []
    found: list[str] = []
    for node in ast.walk(ast.parse(annotation, mode="eval")):
        if isinstance(node, ast.Constant) and node.value is None:
            found.append("None")
        elif isinstance(node, (ast.Name, ast.Attribute)):
            found.append(ast.unparse(node))
    return found

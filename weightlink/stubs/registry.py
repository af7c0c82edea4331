"""Registry lookups by name (``get_model``, ``get_model_builder``, ``get_model_weights``,
``get_weight``): an ``@overload`` per registered name, then a plain ``str`` one for names only known at
run time.

``get_model("resnet50", ...)`` gets the current interface of ``resnet50`` after the name. A type
checker that finds no fitting variant for a literal name would fall through to the ``str`` variant
and accept anything, so each name also has a catch-all variant taking each of the builder's
parameters as ``object``, marked ``@deprecated`` with the rules' sentence: weights or values the
builder does not take are reported, as a deprecation (the only report a stub can attach to a call
that type-checks). A misspelt keyword still falls through: a catch-all with ``**config`` would also
draw every ``get_model("resnet50", **options)``, which both checkers match to such a variant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from weightlink.catalog.model import BuilderInfo, EnumInfo
from weightlink.catalog.surface import FunctionSurface
from weightlink.rules import messages
from weightlink.rules.legacy import accepted_for
from weightlink.stubs.builders import BuilderStubs
from weightlink.stubs.signatures import FunctionStub, Signature, StubParam


class RegistryStubs:
    def __init__(self, builders: BuilderStubs) -> None:
        self.builders = builders
        self.parameters = builders.parameters
        self.context = builders.context
        self.names = builders.names
        self.definitions = builders.parameters.definitions

    def stub(self, name: str, operation: str, source: list[FunctionSurface]) -> FunctionStub:
        """``name`` as defined in the module (``get_model``, or an alias of a registry's method);
        ``source`` its own definition, if the library defines it, for the ``str`` variant."""
        per_name = {
            "get_model": self._get_model,
            "get_model_builder": self._get_model_builder,
            "get_model_weights": self._get_model_weights,
            "get_weight": self._get_weight,
        }[operation]
        signatures = list(per_name(name))
        signatures.append(self._dynamic(operation, source))
        return FunctionStub(name, signatures)

    def _registered(self) -> Iterator[tuple[str, BuilderInfo]]:
        for registry_name, qualname in sorted(self.context.catalog.registry.items()):
            builder = self.context.catalog.builders.get(qualname)
            if builder is not None:
                yield registry_name, builder

    def _name_param(self, values: list[str], param: str = "name") -> StubParam:
        quoted = ", ".join(f'"{value}"' for value in values)
        return StubParam(param, "positional_or_keyword", f"{self.names.typing('Literal')}[{quoted}]")

    def _get_model(self, function: str) -> Iterator[Signature]:
        for registry_name, builder in self._registered():
            leading = (self._name_param([registry_name]),)
            yield from self.builders.current(builder, leading, by_keyword=True)
            weights = builder.weights_param("weights")
            accepted = accepted_for(builder, "weights", self.context.catalog) if weights else None
            message = messages.registry_arguments_rejected(function, registry_name, builder.name, accepted)
            names = [p.name for p in self.parameters.of(builder) if p.kind != "var_keyword"]
            names += [entry.legacy_param for entry in builder.legacy if entry.legacy_param not in names]
            anything = tuple(StubParam(name, "keyword_only", "object", True) for name in names)
            yield Signature((*leading, *anything), self.parameters.returns(builder), deprecated=message)

    def _get_model_builder(self, function: str) -> Iterator[Signature]:
        callable_ = self.names.typing("Callable")
        for returns, names in self._grouped(lambda b: f"{callable_}[..., {self.parameters.returns(b)}]"):
            yield Signature((self._name_param(names),), returns)

    def _get_model_weights(self, function: str) -> Iterator[Signature]:
        def enum_type(builder: BuilderInfo) -> str | None:
            weights = builder.weights_param("weights")
            # Like torchvision's _get_enum_from_fn: the first Enum the annotation names.
            return f"type[{self.names.ref(weights.enums[0])}]" if weights and weights.enums else None

        for returns, names in self._grouped(enum_type):
            yield Signature((self._name_param(names),), returns)

    def _get_weight(self, function: str) -> Iterator[Signature]:
        by_short: dict[str, list[EnumInfo]] = {}
        for info in self.context.catalog.enums.values():
            if info.members:
                by_short.setdefault(info.name, []).append(info)
        for short, infos in sorted(by_short.items()):
            if len(infos) != 1:
                continue  # two Enums of one name: which one the lookup finds is not static
            info = infos[0]
            names = [f"{short}.{member}" for member in info.all_names()]
            yield Signature((self._name_param(names),), self.names.ref(info.qualname))

    def _grouped(self, returns_of: Callable[[BuilderInfo], str | None]) -> list[tuple[str, list[str]]]:
        """Registered names by what the lookup returns for them: one variant per distinct return."""
        groups: dict[str, list[str]] = {}
        for registry_name, builder in self._registered():
            returns = returns_of(builder)
            if returns is not None:
                groups.setdefault(returns, []).append(registry_name)
        return list(groups.items())

    def _dynamic(self, operation: str, source: list[FunctionSurface]) -> Signature:
        """A name known only at run time: the library's own signature, or the registry's."""
        if source:
            return self.definitions.signature(source[-1])
        any_type = self.names.typing("Any")
        callable_ = self.names.typing("Callable")
        root = self.context.weights_root()
        enum = self.names.ref(root) if root else any_type
        name = StubParam("name", "positional_or_keyword", "str")
        if operation == "get_model":
            return Signature((name, StubParam("config", "var_keyword", any_type)), any_type)
        if operation == "get_model_builder":
            return Signature((name,), f"{callable_}[..., {any_type}]")
        if operation == "get_model_weights":
            builder = StubParam("name_or_builder", "positional_or_keyword", f"str | {callable_}[..., {any_type}]")
            return Signature((builder,), f"type[{enum}]")
        return Signature((name,), enum)

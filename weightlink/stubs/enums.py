"""Weights Enums in a stub: members, ``DEFAULT``, and the library's own Enum base.

``DEFAULT = IMAGENET1K_V2`` in the source makes ``DEFAULT`` an alias of the member. Written so in a
stub, pyright agrees but mypy 2.4 takes ``DEFAULT`` for a member of its own, and
``weights == ResNet50_Weights.DEFAULT`` becomes a non-overlapping comparison under
``strict_equality``. The stub therefore declares each alias as an attribute whose type is the
member's literal, ``DEFAULT: Literal[ResNet50_Weights.IMAGENET1K_V2]``: both checkers then treat the
two as the same value, and neither counts ``DEFAULT`` as a member (iteration, exhaustiveness), as
at run time.

The base (torchvision's ``WeightsEnum``) keeps its methods; the members' value class types
``.value``, and properties that only read the value (``url``, ``transforms``, ``meta``) get the type
of the value's field. Guards (``verify``) return the Enum itself.
"""

from __future__ import annotations

from weightlink.catalog.model import EnumInfo
from weightlink.catalog.surface import ClassSurface, FunctionSurface
from weightlink.stubs.context import StubContext
from weightlink.stubs.definitions import INDENT, Definitions
from weightlink.stubs.signatures import FunctionStub, Signature, StubParam

# mypy reports a member-less Enum in a stub (it may be a mistake there); here it is a base.
_NO_MEMBERS = "  # type: ignore[misc]  # a base Enum without members"


class EnumStubs:
    def __init__(self, context: StubContext, definitions: Definitions) -> None:
        self.context = context
        self.definitions = definitions
        self.names = definitions.names

    def weights_enum(self, info: EnumInfo, surface: ClassSurface | None) -> list[str]:
        bases = [self.names.ref(base) for base in info.bases]
        literal = self.names.typing("Literal")
        body = [f"{INDENT}{member} = ..." for member in info.members]
        body += [f"{INDENT}{alias}: {literal}[{info.name}.{target}]" for alias, target in info.aliases.items()]
        if surface is not None:
            members = {*info.members, *info.aliases}
            body += self.definitions.method_lines(surface, skip=frozenset(members))
        header = f"class {info.name}({', '.join(bases)}):" + ("" if info.members else _NO_MEMBERS)
        return [header, *(body or [INDENT + "..."])]

    def root(self, surface: ClassSurface, module: str) -> list[str]:
        """The library's own Enum base, defined in ``module``."""
        fields = self._value_fields(module)
        body: list[str] = []
        if fields is not None:
            body.append(f"{INDENT}_value_: {self.names.ref(fields[0])}")
        for name, methods in surface.methods.items():
            for stub in self._root_method(name, methods, fields):
                body.extend(self.definitions.function_lines(stub, INDENT))
        return self.definitions.class_header(surface, comment=_NO_MEMBERS) + (body or [INDENT + "..."])

    def _root_method(
        self, name: str, methods: list[FunctionSurface], fields: tuple[str, dict[str, str | None]] | None
    ) -> list[FunctionStub]:
        """A guard returning Any gets `_guard`'s types; a property that only reads the member's value
        (``return self.value.url``) the type of that field; any other method its own signature."""
        last = methods[-1]
        if name in self.context.dialect.guard_methods and last.returns in (None, "typing.Any"):
            return [self._guard(name, last)]
        if last.returns_value_attribute and fields and last.returns is None:
            returns = self.definitions.annotation(fields[1].get(last.returns_value_attribute))
            return [FunctionStub(name, [self.definitions.signature(last, is_method=True, returns=returns)])]
        return self.definitions.function(methods, is_method=True)

    def _guard(self, name: str, source: FunctionSurface) -> FunctionStub:
        """``verify(None)`` is None; a member or a member's name gives the member."""
        self_type = self.names.ref("typing_extensions.Self")
        cls = StubParam("cls", "positional_or_keyword", None)
        param = next((p.name for p in source.params[1:]), "obj")
        return FunctionStub(
            name,
            [
                Signature((cls, StubParam(param, "positional_or_keyword", "None")), "None", ("classmethod",)),
                Signature(
                    (cls, StubParam(param, "positional_or_keyword", f"{self_type} | str")), self_type, ("classmethod",)
                ),
            ],
        )

    def _value_fields(self, module: str) -> tuple[str, dict[str, str | None]] | None:
        """The class of the members' values (``Weights``, one of the dialect's entry classes) defined
        in ``module``, with its annotated fields."""
        surface = self.context.surface(module)
        if surface is None:
            return None
        for name, cls in surface.classes.items():
            if name in self.context.dialect.entry_classes:
                return f"{module}.{name}", {a.name: a.annotation for a in cls.attributes}
        return None

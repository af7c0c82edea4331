"""The rest of a module: classes, functions and variables as the source declares them.

Builders, weights Enums and registry functions have renderers of their own; everything else a
described module offers is declared here so that names which work at run time keep working:

- functions and methods keep their source signatures (annotations qualified; a missing one is
  ``Any``), so pyright users see what they saw from the source and mypy users get them checked;
- classes keep their bases, class-level attributes and methods. Instance attributes are created in
  ``__init__`` (``self.fc = nn.Linear(...)``) and a stub cannot list them faithfully: their inferred
  types are narrower than how models are used (``model.fc = nn.Sequential(...)``,
  ``model.classifier[6]``). A class that is not an Enum or a dataclass therefore declares
  ``__getattr__`` returning ``Any``, and a torch module also a ``__setattr__`` taking ``Any``: the
  attributes stay as untyped as they were before the stubs, while methods (``eval``, ``to``,
  ``forward``) stay typed.
"""

from __future__ import annotations

from weightlink.catalog.surface import (
    ClassSurface,
    Decorator,
    FunctionSurface,
    VariableSurface,
)
from weightlink.stubs.context import StubContext
from weightlink.stubs.names import Names
from weightlink.stubs.signatures import (
    FunctionStub,
    Signature,
    StubParam,
    stub_param,
    with_valid_order,
)

INDENT = "    "
_KEPT_DECORATORS = frozenset(
    {
        "builtins.staticmethod",
        "builtins.classmethod",
        "builtins.property",
        "functools.cached_property",
        "abc.abstractmethod",
        "typing.final",
        "typing_extensions.final",
    }
)
_CLASS_DECORATORS = frozenset({"dataclasses.dataclass", "typing.final", "typing_extensions.final"})
_NO_SELF = frozenset({"builtins.staticmethod"})


class Definitions:
    """Renders one module's plain definitions into lines, writing names through ``names``."""

    def __init__(self, context: StubContext, names: Names, module: str) -> None:
        self.context = context
        self.names = names
        self.module = module

    def annotation(self, qualified: str | None) -> str:
        return self.names.annotation(qualified)

    # -- functions --------------------------------------------------------------------------

    def function(self, surfaces: list[FunctionSurface], *, is_method: bool = False) -> list[FunctionStub]:
        """One stub per group: source ``@overload`` variants share one; a property's getter and
        setter are separate definitions."""
        if len(surfaces) > 1 and not _is_overloaded(surfaces):
            return [self._stub([surface], is_method) for surface in surfaces]
        overloads = [s for s in surfaces if _has_decorator(s, "overload")] or surfaces[-1:]
        return [self._stub(overloads, is_method)]

    def _stub(self, surfaces: list[FunctionSurface], is_method: bool) -> FunctionStub:
        stub = FunctionStub(surfaces[0].name, is_async=surfaces[0].is_async)
        for surface in surfaces:
            stub.signatures.append(self.signature(surface, is_method=is_method))
        return stub

    def signature(
        self, surface: FunctionSurface, *, is_method: bool = False, returns: str | None = None
    ) -> Signature:
        decorators = [self._decorator(d) for d in surface.decorators if _kept(d)]
        static = any(d.qualname in _NO_SELF for d in surface.decorators)
        params: list[StubParam] = []
        for index, param in enumerate(surface.params):
            bare = is_method and index == 0 and not static and param.kind in ("positional", "positional_or_keyword")
            params.append(stub_param(param, None if bare else self.annotation(param.annotation)))
        if returns is None:
            if surface.returns is None and surface.name == "__init__":
                returns = "None"
            else:
                returns = self.annotation(surface.returns)
        return Signature(tuple(with_valid_order(params)), returns, tuple(decorators))

    def _decorator(self, decorator: Decorator) -> str:
        if decorator.qualname is not None and decorator.qualname in _KEPT_DECORATORS:
            return self.names.ref(decorator.qualname)
        return decorator.text  # a property's ``x.setter``

    # -- classes ----------------------------------------------------------------------------

    def class_header(self, surface: ClassSurface, bases: list[str] | None = None, comment: str = "") -> list[str]:
        lines = [
            f"@{self.names.ref(d.qualname)}"
            for d in surface.decorators
            if d.qualname is not None and d.qualname in _CLASS_DECORATORS
        ]
        written = bases if bases is not None else [self.names.ref(b) for b in surface.bases if b is not None]
        base_text = f"({', '.join(written)})" if written else ""
        lines.append(f"class {surface.name}{base_text}:{comment}")
        return lines

    def class_lines(self, surface: ClassSurface) -> list[str]:
        qualname = f"{self.module}.{surface.name}"
        is_enum = self.context.is_enum(qualname)
        is_dataclass = any(d.qualname == "dataclasses.dataclass" for d in surface.decorators)
        body: list[str] = []
        for attribute in surface.attributes:
            body.append(INDENT + self.attribute(attribute, is_enum=is_enum, is_dataclass=is_dataclass))
        body.extend(self.method_lines(surface))
        if not (is_enum or is_dataclass):
            body.extend(self.open_attributes(surface, torch_module=self.context.is_torch_module(qualname)))
        return self.class_header(surface) + (body or [INDENT + "..."])

    def method_lines(self, surface: ClassSurface, skip: frozenset[str] = frozenset()) -> list[str]:
        lines: list[str] = []
        for name, methods in surface.methods.items():
            if name in skip:
                continue
            for stub in self.function(methods, is_method=True):
                lines.extend(self.function_lines(stub, INDENT))
        return lines

    def open_attributes(self, surface: ClassSurface, *, torch_module: bool) -> list[str]:
        """``__getattr__`` (and for a torch module ``__setattr__``) taking any attribute: see the module
        docstring."""
        any_type = self.names.typing("Any")
        lines = []
        if "__getattr__" not in surface.methods:
            lines.append(f"{INDENT}def __getattr__(self, name: str) -> {any_type}: ...")
        if torch_module and "__setattr__" not in surface.methods:
            lines.append(f"{INDENT}def __setattr__(self, name: str, value: {any_type}) -> None: ...")
        return lines

    def attribute(self, attribute: VariableSurface, *, is_enum: bool, is_dataclass: bool) -> str:
        if is_enum and attribute.has_value:
            return f"{attribute.name} = ..."  # a member
        text = f"{attribute.name}: {self.annotation(attribute.annotation)}"
        return text + (" = ..." if is_dataclass and attribute.has_value else "")

    # -- module level -----------------------------------------------------------------------

    def variable_line(self, variable: VariableSurface) -> str:
        if variable.is_typevar:
            bound = f", bound={self.annotation(variable.typevar_bound)}" if variable.typevar_bound else ""
            return f"{variable.name} = {self.names.typing('TypeVar')}({variable.name!r}{bound})"
        return f"{variable.name}: {self.annotation(variable.annotation)}"

    def function_lines(self, stub: FunctionStub, indent: str = "") -> list[str]:
        overload = self.names.typing("overload") if len(stub.signatures) > 1 else ""
        deprecated = self.names.ref("typing_extensions.deprecated") if any(s.deprecated for s in stub.signatures) else ""
        return stub.lines(overload, deprecated, indent)


def _kept(decorator: Decorator) -> bool:
    if decorator.qualname in _KEPT_DECORATORS:
        return True
    return decorator.text.endswith((".setter", ".deleter"))


def _has_decorator(surface: FunctionSurface, short: str) -> bool:
    return any(d.text.rpartition(".")[2] == short for d in surface.decorators)


def _is_overloaded(surfaces: list[FunctionSurface]) -> bool:
    return any(_has_decorator(s, "overload") for s in surfaces)

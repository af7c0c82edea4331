"""What a module of a library offers at its top level, read statically: the facts a stub needs.

The catalog records what weights facts a library has (builders, Enums, legacy defaults). A stub of a
module must also declare everything else the module offers, or names that work at run time would
become errors: its classes (bases, class-level attributes, method signatures), functions, variables
and the names it re-exports. `module_surface` reads them with `ast`, never importing the library;
annotations are fully qualified (`weightlink.catalog.annotations`), so they mean the same thing in
the stub file.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass, field

from weightlink.catalog.annotations import qualified_annotation
from weightlink.catalog.model import Param, ParamKind
from weightlink.catalog.source import Library, ModuleSource, _top_level_statements

_SIMPLE_VALUE_TYPES = {str: "builtins.str", int: "builtins.int", float: "builtins.float", bool: "builtins.bool"}


@dataclass
class Decorator:
    text: str  # as written: "property", "url.setter", "torch.jit.unused"
    qualname: str | None  # what it names, when resolvable: "builtins.property"


@dataclass
class FunctionSurface:
    name: str
    params: list[Param]  # annotations qualified; None when absent or not resolvable
    returns: str | None  # qualified return annotation; None when absent or not resolvable
    decorators: list[Decorator] = field(default_factory=list)
    is_async: bool = False
    # ``return self.value.<attribute>`` is the whole body (an Enum property reading its member's
    # value, as torchvision's ``WeightsEnum.url``): the attribute.
    returns_value_attribute: str | None = None


@dataclass
class VariableSurface:
    name: str
    annotation: str | None  # qualified declared type, else the type of a simple literal value
    has_value: bool = True  # ``x: int`` alone has none (a dataclass field without a default)
    typevar_bound: str | None = None  # ``M = TypeVar("M", bound=nn.Module)``: the bound
    is_typevar: bool = False


@dataclass
class ClassSurface:
    name: str
    bases: list[str | None]  # qualified; None for a base that cannot be resolved
    decorators: list[Decorator] = field(default_factory=list)
    attributes: list[VariableSurface] = field(default_factory=list)  # class-level, in order
    methods: dict[str, list[FunctionSurface]] = field(default_factory=dict)  # several with @overload


@dataclass
class ModuleSurface:
    name: str
    is_package: bool
    # Local definitions in source order: (kind, name) with kind "class", "function" or "variable".
    order: list[tuple[str, str]] = field(default_factory=list)
    classes: dict[str, ClassSurface] = field(default_factory=dict)
    functions: dict[str, list[FunctionSurface]] = field(default_factory=dict)
    variables: dict[str, VariableSurface] = field(default_factory=dict)
    # Public names bound by imports (star imports expanded) -> what they name, fully qualified: a
    # module (``torchvision.models.detection``) or a module's attribute.
    reexports: dict[str, str] = field(default_factory=dict)
    all_names: list[str] | None = None  # a literal ``__all__``


def module_surface(library: Library, module_name: str) -> ModuleSurface | None:
    """The top level of ``module_name``; None when it is not part of ``library`` or does not parse."""
    module = library.module(module_name)
    if module is None or module.tree is None:
        return None
    surface = ModuleSurface(module_name, module.is_package, all_names=module.all_names)
    reader = _Reader(library, module_name)
    for node in _top_level_statements(module.tree.body):
        if isinstance(node, ast.ClassDef):
            surface.classes[node.name] = reader.class_surface(node)
            _add_order(surface, "class", node.name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = reader.function(node)
            previous = surface.functions.get(node.name, [])
            overloads = previous if previous and _is_overload(previous[-1]) else []
            surface.functions[node.name] = [*overloads, function]
            _add_order(surface, "function", node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for variable in reader.variables(node):
                if variable.name.startswith("__") and variable.name.endswith("__"):
                    continue
                surface.variables[variable.name] = variable
                _add_order(surface, "variable", variable.name)
    surface.reexports = _reexports(library, module, surface)
    return surface


def _add_order(surface: ModuleSurface, kind: str, name: str) -> None:
    """A name defined twice (``if``/``else`` branches) keeps its first place and takes its last kind."""
    index = next((i for i, (_, known) in enumerate(surface.order) if known == name), None)
    if index is None:
        surface.order.append((kind, name))
    else:
        surface.order[index] = (kind, name)


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__") and name != "__all__"


def _is_overload(function: FunctionSurface) -> bool:
    return any(d.text.rpartition(".")[2] == "overload" for d in function.decorators)


def _reexports(library: Library, module: ModuleSource, surface: ModuleSurface) -> dict[str, str]:
    local = {name for _, name in surface.order}
    if module.all_names is not None:
        wanted = [name for name in module.all_names if name not in local]
    else:
        wanted = [name for name in library.exports(module.name) if name not in local]
        # ``from .version import __version__``: public although it starts with an underscore.
        wanted += [name for name in module.imports if _is_dunder(name) and name not in wanted]
    result: dict[str, str] = {}
    for name in wanted:
        bound = module.imports.get(name)
        if bound is not None and bound[1] is None and not library.owns(bound[0]):
            continue  # ``import torch``: a module the library uses, not something it offers
        if bound is None and not any(name in library.exports(star) for star in module.star_imports):
            continue  # listed in ``__all__`` but bound nowhere we can see
        result[name] = library.resolve(module.name, name)
    return result


class _Reader:
    def __init__(self, library: Library, module_name: str) -> None:
        self.library = library
        self.module_name = module_name

    def annotation(self, node: ast.expr | None) -> str | None:
        # A copy: qualifying rewrites the nodes it visits, and the parsed module is shared (cached).
        return qualified_annotation(self.library, self.module_name, copy.deepcopy(node))

    def decorator(self, node: ast.expr) -> Decorator:
        target = node.func if isinstance(node, ast.Call) else node
        return Decorator(ast.unparse(target), self.library.resolve_expr(self.module_name, target, strict=True))

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> FunctionSurface:
        return FunctionSurface(
            name=node.name,
            params=list(self._params(node.args)),
            returns=self.annotation(node.returns),
            decorators=[self.decorator(d) for d in node.decorator_list],
            is_async=isinstance(node, ast.AsyncFunctionDef),
            returns_value_attribute=_returned_value_attribute(node),
        )

    def _params(self, arguments: ast.arguments) -> list[Param]:
        positional = [*arguments.posonlyargs, *arguments.args]
        defaults: dict[str, ast.expr] = dict(
            zip((a.arg for a in positional[len(positional) - len(arguments.defaults) :]), arguments.defaults)
        )
        defaults.update({a.arg: d for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None})

        def make(arg: ast.arg, kind: ParamKind) -> Param:
            default = defaults.get(arg.arg)
            return Param(arg.arg, kind, self.annotation(arg.annotation), ast.unparse(default) if default else None)

        params = [make(a, "positional") for a in arguments.posonlyargs]
        params += [make(a, "positional_or_keyword") for a in arguments.args]
        if arguments.vararg:
            params.append(make(arguments.vararg, "var_positional"))
        params += [make(a, "keyword_only") for a in arguments.kwonlyargs]
        if arguments.kwarg:
            params.append(make(arguments.kwarg, "var_keyword"))
        return params

    def variables(self, node: ast.Assign | ast.AnnAssign) -> list[VariableSurface]:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if isinstance(node, ast.AnnAssign):
            annotation = self.annotation(node.annotation)
            return [VariableSurface(name, annotation, has_value=node.value is not None) for name in names]
        typevar = self._typevar(node.value)
        if typevar is not None:
            return [VariableSurface(name, None, typevar_bound=typevar[0], is_typevar=True) for name in names]
        return [VariableSurface(name, _simple_value_type(node.value)) for name in names]

    def _typevar(self, value: ast.expr) -> tuple[str | None] | None:
        """``TypeVar("M", bound=X)``: (the qualified bound,), or None when ``value`` is no TypeVar."""
        if not isinstance(value, ast.Call) or self.library.resolve_expr(self.module_name, value.func) not in (
            "typing.TypeVar",
            "typing_extensions.TypeVar",
        ):
            return None
        bound = next((k.value for k in value.keywords if k.arg == "bound"), None)
        return (self.annotation(bound),)

    def class_surface(self, node: ast.ClassDef) -> ClassSurface:
        surface = ClassSurface(
            name=node.name,
            bases=[self.library.resolve_expr(self.module_name, base, strict=True) for base in node.bases],
            decorators=[self.decorator(d) for d in node.decorator_list],
        )
        for statement in node.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                previous = surface.methods.get(statement.name, [])
                keep = previous if previous and (_is_overload(previous[-1]) or _is_accessor(statement)) else []
                surface.methods[statement.name] = [*keep, self.function(statement)]
            elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
                for variable in self.variables(statement):
                    if not (variable.name.startswith("__") and variable.name.endswith("__")):
                        surface.attributes = [a for a in surface.attributes if a.name != variable.name]
                        surface.attributes.append(variable)
        return surface


def _is_accessor(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``@url.setter``: a property's setter or deleter, kept beside its getter."""
    return any(
        isinstance(d, ast.Attribute) and d.attr in ("setter", "deleter") for d in node.decorator_list
    )


def _returned_value_attribute(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return None
    value = body[0].value
    if (
        isinstance(value, ast.Attribute)
        and isinstance(value.value, ast.Attribute)
        and value.value.attr == "value"
        and isinstance(value.value.value, ast.Name)
        and value.value.value.id == "self"
    ):
        return value.attr
    return None


def _simple_value_type(value: ast.expr) -> str | None:
    if isinstance(value, ast.Constant):
        if value.value is None:
            return "None"
        return _SIMPLE_VALUE_TYPES.get(type(value.value))
    return None

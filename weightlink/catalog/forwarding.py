"""Where a builder's ``**kwargs`` end up: the keywords it takes beyond its own parameters.

torchvision builders pass ``**kwargs`` to a helper and on to the model class (``resnet50`` ->
``_resnet`` -> ``ResNet.__init__``; ``vit_b_16`` -> ``_vision_transformer``, which pops
``image_size``, -> ``VisionTransformer.__init__``). Following those calls statically gives every
keyword that takes effect and where its type is declared. A use of ``**kwargs`` this module cannot
follow (a call outside the library, ``kwargs`` passed as a value) makes the set *open*: then any
keyword may be fine, and front ends only check the ones they know.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from weightlink.catalog.annotations import qualified_annotation
from weightlink.catalog.model import ForwardedKeyword
from weightlink.catalog.source import Library, ModuleSource
from weightlink.dialect import Dialect

_MAX_DEPTH = 8
_READS = frozenset({"pop", "get"})  # kwargs.pop("x", d) / kwargs.get("x"): "x" takes effect here
_NEUTRAL_METHODS = frozenset({"setdefault", "update", "__contains__"})  # set or test keys, pass nothing on


@dataclass
class Forwarded:
    keywords: dict[str, ForwardedKeyword] = field(default_factory=dict)
    open: bool = False

    def merge(self, other: Forwarded) -> None:
        self.open = self.open or other.open
        for name, keyword in other.keywords.items():
            known = self.keywords.get(name)
            if known is None or known.declared_in is None:
                self.keywords[name] = keyword
            elif keyword.declared_in is not None and known.annotation != keyword.annotation:
                # Two destinations that disagree on the type: the name is known, its type is not.
                self.keywords[name] = ForwardedKeyword(name, None, None)


@dataclass(frozen=True)
class _Function:
    module: ModuleSource
    node: ast.FunctionDef
    qualname: str
    owner_class: ast.ClassDef | None = None  # for methods: super() and self are relative to it

    @property
    def skips_first(self) -> bool:
        """Methods bind ``self`` (or ``cls``) before any argument of the call."""
        return self.owner_class is not None and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in self.node.decorator_list
        )


class KeywordForwarding:
    def __init__(self, library: Library, dialect: Dialect) -> None:
        self.library = library
        self.dialect = dialect
        self._memo: dict[tuple[str, int | None], Forwarded] = {}

    def of_builder(self, module: ModuleSource, function: ast.FunctionDef) -> Forwarded:
        """The keywords the builder's ``**kwargs`` pass on (its own parameters excluded)."""
        kwarg = function.args.kwarg
        if kwarg is None:
            return Forwarded()
        try:
            found = self._uses(_Function(module, function, f"{module.name}.{function.name}"), None, 0)
        except RecursionError:
            return Forwarded(open=True)
        own = {a.arg for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]}
        return Forwarded({n: k for n, k in found.keywords.items() if n not in own}, found.open)

    # -- one function's uses of its **kwargs -------------------------------------------------

    def _uses(self, function: _Function, positional_in: int | None, depth: int) -> Forwarded:
        """``positional_in``: how many positional arguments the function was called with (None when
        unknown), so ``f(*args, **kwargs)`` forwards the right number of them."""
        key = (function.qualname, positional_in)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = Forwarded(open=True)  # a cycle sees an open set
        kwarg = function.node.args.kwarg
        result = Forwarded()
        if kwarg is not None:
            parents = _parents(function.node)
            for node in ast.walk(function.node):
                if isinstance(node, ast.Name) and node.id == kwarg.arg and isinstance(node.ctx, ast.Load):
                    result.merge(self._use(function, node, parents, positional_in, depth))
        self._memo[key] = result
        return result

    def _use(
        self,
        function: _Function,
        name: ast.Name,
        parents: dict[ast.AST, ast.AST],
        positional_in: int | None,
        depth: int,
    ) -> Forwarded:
        parent = parents.get(name)
        if isinstance(parent, ast.keyword) and parent.arg is None:  # f(**kwargs)
            call = parents.get(parent)
            if isinstance(call, ast.Call) and depth < _MAX_DEPTH:
                return self._into_call(function, call, positional_in, depth)
            return Forwarded(open=True)
        if isinstance(parent, ast.Attribute):
            method_call = parents.get(parent)
            if parent.attr in _READS and isinstance(method_call, ast.Call) and _first_string(method_call):
                read = _first_string(method_call)
                assert read is not None
                return Forwarded({read: self._destination(function, read, method_call, parents)})
            return Forwarded(open=parent.attr not in _NEUTRAL_METHODS)
        if isinstance(parent, ast.Subscript) and _string(parent.slice) is not None:
            read = _string(parent.slice)
            assert read is not None
            if isinstance(parent.ctx, ast.Load):
                return Forwarded({read: self._destination(function, read, parent, parents)})
            return Forwarded()  # kwargs["x"] = v / del kwargs["x"]: set, not passed on
        if isinstance(parent, ast.Compare):
            return Forwarded()  # "x" in kwargs
        if isinstance(parent, ast.Dict) and _rebinds(parents.get(parent), name.id):
            return Forwarded()  # kwargs = {**defaults, **kwargs}: its later uses are followed
        if isinstance(parent, ast.Call) and name in parent.args and self._is_meta_setter(function, parent):
            return Forwarded()  # _ovewrite_named_param(kwargs, "num_classes", ...)
        return Forwarded(open=True)

    def _is_meta_setter(self, function: _Function, call: ast.Call) -> bool:
        qualname = self.library.resolve_expr(function.module.name, call.func)
        return qualname is not None and qualname.rpartition(".")[2] in self.dialect.meta_setters

    # -- a call that receives **kwargs -------------------------------------------------------

    def _into_call(self, function: _Function, call: ast.Call, positional_in: int | None, depth: int) -> Forwarded:
        callee = self._callee(function, call.func)
        if callee is None:
            return Forwarded(open=True)
        positional = self._positional_count(function, call, positional_in)
        explicit = {keyword.arg for keyword in call.keywords if keyword.arg}
        found = Forwarded()
        for arg in self._bindable(callee, positional):
            if arg.arg not in explicit:
                found.keywords[arg.arg] = self._keyword(callee, arg)
        found.merge(self._uses(callee, positional, depth + 1))
        return found

    def _positional_count(self, function: _Function, call: ast.Call, positional_in: int | None) -> int | None:
        count = 0
        vararg = function.node.args.vararg
        for argument in call.args:
            if isinstance(argument, ast.Starred):
                forwarded = isinstance(argument.value, ast.Name) and vararg is not None and argument.value.id == vararg.arg
                if not forwarded or positional_in is None:
                    return None
                own = len(function.node.args.posonlyargs) + len(function.node.args.args) - int(function.skips_first)
                count += max(0, positional_in - own)
            else:
                count += 1
        return count

    def _bindable(self, callee: _Function, positional: int | None) -> Iterator[ast.arg]:
        """The callee's parameters a keyword from ``**kwargs`` can bind: not positional-only, not
        already bound by position (all of them when the count is unknown)."""
        arguments = callee.node.args
        named = arguments.args[int(callee.skips_first) :]
        yield from named[positional or 0 :]
        yield from arguments.kwonlyargs

    def _keyword(self, callee: _Function, arg: ast.arg) -> ForwardedKeyword:
        annotation = qualified_annotation(self.library, callee.module.name, arg.annotation)
        return ForwardedKeyword(arg.arg, callee.qualname, annotation)

    def _destination(
        self, function: _Function, name: str, read: ast.expr, parents: dict[ast.AST, ast.AST]
    ) -> ForwardedKeyword:
        """The parameter a value read from kwargs is passed to, directly (``f(x=kwargs.pop("x"))``)
        or through a variable (``x = kwargs.pop("x"); f(x=x)``); its type is that parameter's."""
        target: ast.expr = read
        assigned = parents.get(read)
        if isinstance(assigned, ast.Assign) and len(assigned.targets) == 1 and isinstance(assigned.targets[0], ast.Name):
            variable = assigned.targets[0].id
            uses = [n for n in ast.walk(function.node) if isinstance(n, ast.Name) and n.id == variable and isinstance(n.ctx, ast.Load)]
            if len(uses) != 1:
                return ForwardedKeyword(name, None, None)
            target = uses[0]
        argument_of = parents.get(target)
        keyword = argument_of if isinstance(argument_of, ast.keyword) else None
        call = parents.get(keyword) if keyword is not None else argument_of
        if not isinstance(call, ast.Call):
            return ForwardedKeyword(name, None, None)
        callee = self._callee(function, call.func)
        if callee is None:
            return ForwardedKeyword(name, None, None)
        if keyword is not None:
            declared = [a for a in self._bindable(callee, 0) if a.arg == keyword.arg]
        elif target in call.args and not any(isinstance(a, ast.Starred) for a in call.args):
            index = call.args.index(target)
            positional = callee.node.args.args[int(callee.skips_first) :]
            declared = [positional[index]] if index < len(positional) else []
        else:
            declared = []
        return self._keyword(callee, declared[0]) if declared else ForwardedKeyword(name, None, None)

    # -- resolving what a call calls ---------------------------------------------------------

    def _callee(self, caller: _Function, func: ast.expr) -> _Function | None:
        """The library function, method or class ``__init__`` a call runs; None when it is not in
        the library (or not statically known)."""
        if _is_super_init(func) and caller.owner_class is not None:
            return self._inherited_init(caller.module, caller.owner_class)
        qualname = self.library.resolve_expr(caller.module.name, func)
        if qualname is None:
            return None
        return self._function(qualname)

    def _function(self, qualname: str) -> _Function | None:
        module_name, _, name = qualname.rpartition(".")
        module = self.library.module(module_name) if self.library.owns(module_name) else None
        if module is not None and module.tree is not None:
            if name in module.functions:
                return _Function(module, module.functions[name], qualname)
            if name in module.classes:
                return self._init_of(module, module.classes[name])
        # ``Class.method`` (a classmethod such as BlockParams.from_init_params).
        class_module_name, _, class_name = module_name.rpartition(".")
        owner = self.library.module(class_module_name) if self.library.owns(class_module_name) else None
        if owner is None or class_name not in owner.classes:
            return None
        method = _method(owner.classes[class_name], name)
        return _Function(owner, method, qualname, owner.classes[class_name]) if method is not None else None

    def _init_of(self, module: ModuleSource, class_def: ast.ClassDef, seen: int = 0) -> _Function | None:
        init = _method(class_def, "__init__")
        if init is not None:
            return _Function(module, init, f"{module.name}.{class_def.name}.__init__", class_def)
        return self._inherited_init(module, class_def, seen)

    def _inherited_init(self, module: ModuleSource, class_def: ast.ClassDef, seen: int = 0) -> _Function | None:
        """The ``__init__`` of the first base (in the library) that defines one; None when a base
        outside the library would provide it."""
        if seen > _MAX_DEPTH or len(class_def.bases) != 1:
            return None
        base = self.library.resolve_expr(module.name, class_def.bases[0])
        base_module_name, _, base_name = (base or "").rpartition(".")
        base_module = self.library.module(base_module_name) if self.library.owns(base_module_name) else None
        if base_module is None or base_name not in base_module.classes:
            return None
        return self._init_of(base_module, base_module.classes[base_name], seen + 1)


def _parents(function: ast.FunctionDef) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(function) for child in ast.iter_child_nodes(node)}


def _rebinds(statement: ast.AST | None, name: str) -> bool:
    return (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and statement.targets[0].id == name
    )


def _method(class_def: ast.ClassDef, name: str) -> ast.FunctionDef | None:
    return next((n for n in class_def.body if isinstance(n, ast.FunctionDef) and n.name == name), None)


def _is_super_init(func: ast.expr) -> bool:
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
    )


def _string(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _first_string(call: ast.Call) -> str | None:
    return _string(call.args[0]) if call.args else None

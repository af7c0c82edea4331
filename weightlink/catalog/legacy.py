"""Reading ``handle_legacy_interface(weights=("pretrained", <default>))``: which member an old call loaded.

A default is a member, ``None``, or a function of the call's arguments: a ``lambda kwargs: A if
kwargs.get("quantize", False) else B`` (torchvision's quantized builders), a comparison such as
``kwargs["pretrained"] == "legacy"`` (keypointrcnn), a lookup of another builder's Enum
(``resnet_fpn_backbone``), or a module-level function with the same shape (``if ...: return A``).
"""

from __future__ import annotations

import ast
from typing import Any

from weightlink.catalog.model import BuilderInfo, Catalog, LegacyDefault, LegacyParam, Problem
from weightlink.catalog.source import Library, ModuleSource
from weightlink.dialect import Dialect

_MISSING = object()


class LegacyReader:
    def __init__(self, library: Library, catalog: Catalog, dialect: Dialect) -> None:
        self.library = library
        self.catalog = catalog
        self.dialect = dialect
        self.problems: list[Problem] = []

    def read(self, module: ModuleSource, call: ast.Call, builder: BuilderInfo) -> list[LegacyParam]:
        """Never raises: a mapping it cannot read becomes a `Problem` (and an ``unknown`` default)."""
        entries = []
        for keyword in call.keywords:
            if keyword.arg is None or not self.dialect.is_weights_param(keyword.arg):
                continue
            value = keyword.value
            if not (
                isinstance(value, ast.Tuple)
                and len(value.elts) == 2
                and isinstance(value.elts[0], ast.Constant)
                and isinstance(value.elts[0].value, str)
            ):
                self._problem(module, value, f"{builder.name}: cannot read legacy mapping for {keyword.arg}")
                continue
            try:
                default = self._default(module, value.elts[1])
            except (RecursionError, ValueError, TypeError, AttributeError, KeyError):
                default = LegacyDefault("unknown")
            if default.kind == "unknown":
                self._problem(
                    module, value.elts[1], f"{builder.name}: cannot resolve legacy default {_short_source(value.elts[1])}"
                )
            entries.append(LegacyParam(value.elts[0].value, keyword.arg, default))
        return entries

    def _problem(self, module: ModuleSource, node: ast.AST, message: str) -> None:
        self.problems.append(Problem(self.library.display_path(module.path), getattr(node, "lineno", 0), message))

    def _default(self, module: ModuleSource, node: ast.expr) -> LegacyDefault:
        """The decorator's own argument: a member, None, a lambda or the name of a function."""
        if isinstance(node, ast.Lambda) and len(node.args.args) == 1:
            return self._expression(module, node.body, node.args.args[0].arg)
        terminal = self._terminal(module, node)
        if terminal.kind == "unknown" and isinstance(node, ast.Name):
            return self._function_default(module, node)
        return terminal

    def _expression(self, module: ModuleSource, body: ast.expr, argument_name: str) -> LegacyDefault:
        """The body of a default computed from the call's arguments (called ``argument_name``)."""
        if isinstance(body, ast.IfExp):
            return self._conditional(module, body.test, body.body, body.orelse, argument_name)
        enum_lookup = _enum_of_builder(self.library, module, body, argument_name)
        return enum_lookup if enum_lookup is not None else self._terminal(module, body)

    def _terminal(self, module: ModuleSource, node: ast.expr) -> LegacyDefault:
        """``None`` or a member; anything else is unknown. Never recurses."""
        if isinstance(node, ast.Constant) and node.value is None:
            return LegacyDefault("none")
        member = self._member(module, node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        return LegacyDefault("member", member=member) if member else LegacyDefault("unknown")

    def _conditional(
        self, module: ModuleSource, test: ast.expr, then: ast.expr, otherwise: ast.expr, argument_name: str
    ) -> LegacyDefault:
        condition = _read_test(test, argument_name)
        if condition is None:
            return LegacyDefault("unknown")
        param, kind, value, param_default = condition
        # Each branch is a strictly smaller expression, so this recursion ends.
        return LegacyDefault(
            "conditional",
            param=param,
            test=kind,
            value=value,
            param_default=param_default,
            then=self._expression(module, then, argument_name),
            otherwise=self._expression(module, otherwise, argument_name),
        )

    def _function_default(self, module: ModuleSource, node: ast.Name) -> LegacyDefault:
        """A module-level function ``def f(arguments): if <test>: return A; return B``."""
        target = self.library.resolve(module.name, node.id)
        owner_name, _, function_name = target.rpartition(".")
        owner = self.library.module(owner_name) if self.library.owns(owner_name) else None
        function = owner.functions.get(function_name) if owner else None
        if owner is None or function is None or len(function.args.args) != 1:
            return LegacyDefault("unknown")
        argument_name = function.args.args[0].arg
        body = [s for s in function.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
            return self._expression(owner, body[0].value, argument_name)
        if (
            len(body) == 2
            and isinstance(body[0], ast.If)
            and len(body[0].body) == 1
            and isinstance(body[0].body[0], ast.Return)
            and body[0].body[0].value is not None
            and not body[0].orelse
            and isinstance(body[1], ast.Return)
            and body[1].value is not None
        ):
            return self._conditional(owner, body[0].test, body[0].body[0].value, body[1].value, argument_name)
        return LegacyDefault("unknown")

    def _member(self, module: ModuleSource, node: ast.expr) -> str | None:
        return member_qualname(self.library, self.catalog, module.name, node)


def _short_source(node: ast.expr, limit: int = 80) -> str:
    try:
        text = ast.unparse(node)
    except (RecursionError, ValueError):
        return "(an expression)"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def member_qualname(library: Library, catalog: Catalog, module_name: str, node: ast.expr) -> str | None:
    """``"<enum qualname>.<MEMBER>"`` for an expression naming an Enum member (aliases resolved)."""
    qualname = library.resolve_expr(module_name, node)
    if qualname is None:
        return None
    enum_name, _, member = qualname.rpartition(".")
    info = catalog.enums.get(enum_name)
    canonical = info.resolve(member) if info else None
    return f"{enum_name}.{canonical}" if canonical else None


def _argument_lookup(node: ast.expr, argument_name: str) -> tuple[str, Any] | None:
    """``kwargs["p"]`` -> ("p", missing) and ``kwargs.get("p", d)`` -> ("p", d)."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == argument_name
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ):
        return node.slice.value, _MISSING
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == argument_name
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        default = node.args[1] if len(node.args) > 1 else None
        value = default.value if isinstance(default, ast.Constant) else (None if default is None else _MISSING)
        return node.args[0].value, value
    return None


def _read_test(test: ast.expr, argument_name: str) -> tuple[str, Any, Any, Any] | None:
    """(param, "truthy" | "equals", value, default of a missing argument) for a supported test."""
    lookup = _argument_lookup(test, argument_name)
    if lookup is not None:
        param, default = lookup
        return param, "truthy", None, None if default is _MISSING else default
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq)
        and isinstance(test.comparators[0], ast.Constant)
    ):
        lookup = _argument_lookup(test.left, argument_name)
        if lookup is not None:
            param, default = lookup
            return param, "equals", test.comparators[0].value, None if default is _MISSING else default
    return None


def _enum_of_builder(
    library: Library, module: ModuleSource, body: ast.expr, argument_name: str
) -> LegacyDefault | None:
    """``_get_enum_from_fn(resnet.__dict__[kwargs["backbone_name"]])["IMAGENET1K_V1"]`` and the
    ``.from_str("IMAGENET1K_V1")`` / ``.IMAGENET1K_V1`` variants."""
    member_name: str | None = None
    if isinstance(body, ast.Subscript) and isinstance(body.slice, ast.Constant):
        member_name, inner = str(body.slice.value), body.value
    elif isinstance(body, ast.Call) and isinstance(body.func, ast.Attribute) and body.args:
        first = body.args[0]
        member_name = str(first.value) if isinstance(first, ast.Constant) else None
        inner = body.func.value
    elif isinstance(body, ast.Attribute):
        member_name, inner = body.attr, body.value
    else:
        return None
    for node in ast.walk(inner):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "__dict__"
        ):
            lookup = _argument_lookup(node.slice, argument_name)
            source_module = library.resolve_expr(module.name, node.value.value)
            if lookup is not None and source_module is not None and member_name:
                return LegacyDefault("enum_of_builder", param=lookup[0], module=source_module, member_name=member_name)
    return None

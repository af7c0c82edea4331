"""Annotations with every name fully qualified, so they mean the same thing outside their module
(the stub generator writes them into other files)."""

from __future__ import annotations

import ast
import copy

from weightlink.catalog.source import Library


class _Unresolvable(Exception):
    pass


def qualified_annotation(library: Library, module_name: str, annotation: ast.expr | None) -> str | None:
    """``Optional[ResNet50_Weights]`` -> ``typing.Optional[torchvision.models.resnet.ResNet50_Weights]``;
    None for no annotation, or one naming something the module does not bind."""
    if annotation is None:
        return None
    try:
        # A copy: the transformer replaces children in place, and the parsed module is cached.
        return ast.unparse(_Qualifier(library, module_name).visit(copy.deepcopy(_parsed(annotation))))
    except (_Unresolvable, SyntaxError, RecursionError):
        return None


def _parsed(annotation: ast.expr) -> ast.expr:
    """A string annotation (a forward reference) becomes the expression it holds."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return ast.parse(annotation.value, mode="eval").body
    return annotation


class _Qualifier(ast.NodeTransformer):
    def __init__(self, library: Library, module_name: str) -> None:
        self.library = library
        self.module_name = module_name

    def _qualified(self, node: ast.expr) -> ast.expr:
        qualname = self.library.resolve_expr(self.module_name, node, strict=True)
        if qualname is None:
            raise _Unresolvable
        return ast.Name(id=qualname, ctx=ast.Load())

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self._qualified(node)

    def visit_Attribute(self, node: ast.Attribute) -> ast.expr:
        return self._qualified(node)

    def visit_Constant(self, node: ast.Constant) -> ast.expr:
        # A forward reference nested in a subscript (``Optional["ResNet"]``).
        if isinstance(node.value, str):
            return self.visit(_parsed(node))  # type: ignore[no-any-return]
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.expr:
        value = self.visit(node.value)
        is_literal = isinstance(value, ast.Name) and value.id.rpartition(".")[2] == "Literal"
        # Literal["a"] holds values, not forward references.
        slice_ = node.slice if is_literal else self.visit(node.slice)
        return ast.Subscript(value=value, slice=slice_, ctx=ast.Load())

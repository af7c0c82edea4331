"""A builder bound to a name and called through it (``build = torchvision.models.resnet50``,
``model_func = models.detection.ssd300_vgg16`` inside a function) is that builder: its calls are
checked like direct ones. mypy calls such a name by the variable's own name, so the builder is
found through the variable's callable type, whose definition is the builder's."""

from __future__ import annotations

from mypy.nodes import CallExpr, RefExpr, Var
from mypy.plugin import FunctionContext, FunctionSigContext
from mypy.types import CallableType, FunctionLike, Overloaded, Type, get_proper_type

from mypy_plugin._features.builder_calls import call_signature, check_builder_call
from mypy_plugin._knowledge import BuilderSpec, Knowledge


def builder_behind(callee_type: Type | None, knowledge: Knowledge) -> BuilderSpec | None:
    proper = get_proper_type(callee_type) if callee_type is not None else None
    if isinstance(proper, Overloaded):
        proper = proper.items[0]
    if isinstance(proper, CallableType) and proper.definition is not None and proper.definition.fullname:
        return knowledge.builder(proper.definition.fullname)
    return None


def variable_builder(variable: object, knowledge: Knowledge) -> BuilderSpec | None:
    return builder_behind(variable.type, knowledge) if isinstance(variable, Var) else None


def alias_call(knowledge: Knowledge) -> object:
    def hook(ctx: FunctionContext) -> Type:
        callee = ctx.context.callee if isinstance(ctx.context, CallExpr) else None
        spec = variable_builder(callee.node, knowledge) if isinstance(callee, RefExpr) else None
        return check_builder_call(ctx, spec, knowledge) if spec is not None else ctx.default_return_type

    return hook


def alias_signature(knowledge: Knowledge) -> object:
    def hook(ctx: FunctionSigContext) -> FunctionLike:
        spec = builder_behind(ctx.default_signature, knowledge)
        return call_signature(ctx, spec, knowledge) if spec is not None else ctx.default_signature

    return hook

"""A builder bound to a name and called through it (``build = torchvision.models.resnet50``,
``model_func = models.detection.ssd300_vgg16`` inside a function) is that builder: its calls are
checked like direct ones. mypy calls such a name by the variable's own name, so the builder is
found through the variable's callable type, whose definition is the builder's.

A variable that can hold several builders (``selected = ZOO[name]``, ``a if c else b``, a loop over
a list of builders) has a type that names only one of them (mypy joins their types), so its
bindings decide (`candidates.py`): one builder is that builder; several are checked only for the
legacy interface, with a replacement only when one is right for each of them (`several.py`).
"""

from __future__ import annotations

from mypy.nodes import CallExpr, Context, MypyFile, RefExpr, Var
from mypy.plugin import CheckerPluginInterface, FunctionContext, FunctionSigContext
from mypy.types import CallableType, FunctionLike, Overloaded, Type, get_proper_type

from mypy_plugin._arguments import bind
from mypy_plugin._features.builder_calls import call_signature, check_builder_call
from mypy_plugin._features.candidates import Bindings
from mypy_plugin._features.members import with_member_types
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


def callee_builders(context: Context, api: CheckerPluginInterface, knowledge: Knowledge) -> list[BuilderSpec] | None:
    """The builders the called variable can hold (one for an alias); None when it is not known."""
    callee = context.callee if isinstance(context, CallExpr) else None
    var = callee.node if isinstance(callee, RefExpr) else None
    if not isinstance(var, Var):
        return None
    only = variable_builder(var, knowledge)
    if only is None:
        return None
    bindings = _bindings(api, knowledge)
    if bindings is None or not bindings.has(var):
        return [only]  # bound in another module (or a parameter): the builder its type names
    names = bindings.builders_of(var, lambda fullname: knowledge.builder(fullname) is not None)
    if names is None:
        return None
    specs = [knowledge.builder(name) for name in sorted(names)]
    return [spec for spec in specs if spec is not None] or None


def _bindings(api: CheckerPluginInterface, knowledge: Knowledge) -> Bindings | None:
    """The bindings of the module being checked, collected once per parsed tree."""
    tree = getattr(api, "tree", None)
    if not isinstance(tree, MypyFile):
        return None
    cached = knowledge.bindings.get(tree.fullname)
    if cached is None or cached.tree is not tree:
        cached = knowledge.bindings[tree.fullname] = Bindings(tree)
    return cached


def alias_call(knowledge: Knowledge) -> object:
    def hook(ctx: FunctionContext) -> Type:
        specs = callee_builders(ctx.context, ctx.api, knowledge)
        if specs is None:
            return ctx.default_return_type
        if len(specs) == 1:
            return check_builder_call(ctx, specs[0], knowledge)
        from mypy_plugin._features.several import check_several

        arguments = with_member_types(bind(ctx.callee_arg_names, ctx.args, ctx.arg_types, ctx.arg_kinds, ctx.arg_names), knowledge)
        check_several(ctx.api, specs, knowledge, arguments, ctx.context)
        return ctx.default_return_type

    return hook


def alias_signature(knowledge: Knowledge) -> object:
    def hook(ctx: FunctionSigContext) -> FunctionLike:
        specs = callee_builders(ctx.context, ctx.api, knowledge)
        if specs is None or len(specs) != 1:
            return ctx.default_signature  # several builders take different keywords: not judged
        return call_signature(ctx, specs[0], knowledge)

    return hook

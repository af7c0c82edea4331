"""timm names its weights in strings: ``timm.create_model("resnet50.a1_in1k", pretrained=True)``.
What every front end decides about such a literal name, from timm's catalog: an unknown
architecture, an unknown pretrained tag, a deprecated name (with its exact replacement), and
``pretrained=True`` for weights that do not exist. Names in variables or f-strings are not judged."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import Literal

from weightlink.catalog.timm_reader import TimmCatalog
from weightlink.rules import messages
from weightlink.rules.codes import Diagnostic
from weightlink.rules.names import closest

TimmFunction = Literal["create", "is_model"]

# Every spelling a call reaches them by: the public re-exports and where mypy finds them defined.
TIMM_FUNCTIONS: dict[str, TimmFunction] = {
    "timm.create_model": "create",
    "timm.models.create_model": "create",
    "timm.models._factory.create_model": "create",
    "timm.models.factory.create_model": "create",  # the module's name before timm 0.9, kept as an alias
    "timm.is_model": "is_model",
    "timm.models.is_model": "is_model",
    "timm.models._registry.is_model": "is_model",
    "timm.models.registry.is_model": "is_model",
}
# A file that never mentions these cannot call them (an alias is imported by name): the front ends'
# cheap text screen, which keeps timm's own 300 modules, which all say "timm", out of the resolver.
FUNCTION_NAMES = ("create_model", "is_model")
# create_model(model_name, pretrained=False, ...): where each is when passed positionally.
NAME_PARAM, PRETRAINED_PARAM = "model_name", "pretrained"
PRETRAINED_POSITION = 1


def timm_argument(call: ast.Call, keyword: str, position: int) -> ast.expr | None:
    """The argument bound to ``keyword`` (by name, or at ``position`` when no splat comes first)."""
    found = next((k.value for k in call.keywords if k.arg == keyword), None)
    if found is None and len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        found = call.args[position]
    return found


def timm_literal(node: ast.expr | None, finals: Mapping[str, object]) -> str | None:
    """The name a string literal (or a name declared ``Final`` with one) gives, else None."""
    value = node.value if isinstance(node, ast.Constant) else finals.get(node.id) if isinstance(node, ast.Name) else None
    return value if isinstance(value, str) else None


def is_registry_name(name: str) -> bool:
    """A plain registry name: not ``hf-hub:timm/...`` or ``local-dir:...`` (timm loads those from
    elsewhere), not a path, not empty."""
    return bool(name) and ":" not in name and "/" not in name and "\\" not in name


def deprecated_replacement(name: str, catalog: TimmCatalog) -> str | None:
    """The current name timm maps a deprecated one to (the codemod writes it), or None."""
    if not is_registry_name(name) or "." in name:
        return None
    return catalog.deprecations.get(name)


def matching_architecture(old: str, replacement: str, catalog: TimmCatalog) -> tuple[str, bool] | None:
    """When timm's own deprecation map sends ``old`` to another architecture than the name says
    (``ig_resnext101_32x48d`` -> ``resnext101_32x8d.fb_wsl_ig1b_ft_in1k``): the name that matches it
    (``resnext101_32x48d``, with the replacement's tag when timm has it) and whether timm registers
    it. The old name past a source prefix (``ig_``, ``tf_``) is that architecture when it differs
    from the replacement's only in its numbers."""
    arch, _, tag = replacement.partition(".")
    if not tag:
        return None
    skeleton = re.sub(r"\d+", "#", arch)
    parts = old.split("_")
    for start in range(1, len(parts)):
        candidate = "_".join(parts[start:])
        if candidate == arch or re.sub(r"\d+", "#", candidate) != skeleton:
            continue
        tags = catalog.architectures.get(candidate)
        if tags is not None and tag in tags:
            return f"{candidate}.{tag}", True
        return candidate, tags is not None
    return None


def registered_in(tree: ast.Module) -> frozenset[str]:
    """Architectures a file registers itself (``@register_model`` on its own functions): timm knows
    them at run time, so the file's own calls of them are not unknown."""
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and any(_last_name(d.func if isinstance(d, ast.Call) else d) == "register_model" for d in node.decorator_list)
    )


def _last_name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def diagnose_name(
    function: TimmFunction, name: str, catalog: TimmCatalog, *, pretrained: object = False, registered: frozenset[str] = frozenset()
) -> Diagnostic | None:
    """The one diagnostic about ``name`` in a call of ``function``; ``pretrained`` is the literal
    value of ``pretrained=`` (anything else than True is not judged); ``registered``: architectures
    the calling file registers itself (never judged)."""
    if not is_registry_name(name):
        return None
    arch, dot, tag = name.partition(".")
    if arch in registered:
        return None
    if arch in catalog.deprecations:
        replacement = catalog.deprecations[arch]
        if replacement is None:
            return messages.timm_name_removed(arch)
        if dot:
            return None
        matching = matching_architecture(arch, replacement, catalog)
        return messages.timm_name_deprecated(
            arch, replacement, matching=matching[0] if matching else None, matching_known=bool(matching and matching[1])
        )
    tags = catalog.architectures.get(arch)
    if tags is None:
        registry = f"timm {catalog.version}" if catalog.version else "timm"
        return messages.unknown_model(arch, registry, suggestion=closest(arch, [*catalog.architectures, *catalog.deprecations]))
    if function != "create" or arch in catalog.partial:
        return None  # is_model ignores the tag; a partial architecture's tags are not all known
    if dot and tag not in tags:
        return messages.timm_unknown_tag(arch, tag, tags, suggestion=closest(tag, tags))
    # Without a cfg of its own an architecture may load another's weights (old timm's
    # ``efficientnet_b3a`` calls ``efficientnet_b3``): only a cfg without a file is "no weights".
    if pretrained is True and tags and name not in catalog.pretrained:
        weighted = [t for t in tags if f"{arch}.{t}" in catalog.pretrained]
        return messages.timm_no_pretrained_weights(name, weighted)
    return None

"""open_clip names its models and weights in strings: ``open_clip.create_model("ViT-B-32",
pretrained="laion2b_s34b_b79k")``. Every sentence weightlink says about such a call, once: an unknown
model name, a pretrained tag in its place (open_clip#790), an unknown tag, another model's tag, and a
model built with the other activation than its weights were trained with (QuickGELU, open_clip#771).
"""

from __future__ import annotations

from collections.abc import Sequence

from weightlink.rules.codes import (
    MODEL_UNKNOWN,
    WEIGHTS_META_CONFLICT,
    WEIGHTS_MISMATCH,
    WEIGHTS_UNKNOWN,
    Diagnostic,
)
from weightlink.rules.messages import listing, quoted

QUICKGELU_SUFFIX = "-quickgelu"
# Why renaming the model to its -quickgelu twin (or back) is an unsafe fix.
RENAME_CHANGES_MODEL = "it changes the model built, to the one with the activation the weights were trained with"



def _registry(version: str) -> str:
    return f"open_clip {version}" if version else "open_clip"


def unknown_model(name: str, version: str, *, suggestion: str | None, hub_like: bool = False) -> Diagnostic:
    """``hub_like``: the name has a ``/`` (open_clip reads it as ``-``), as a Hugging Face repo does."""
    hint = f"; did you mean {quoted(suggestion)}?" if suggestion else ""
    if hub_like and not suggestion:
        hint = f"; a model on the Hugging Face Hub is named {quoted('hf-hub:' + name)}"
    return Diagnostic(
        MODEL_UNKNOWN,
        f"Unknown model {quoted(name)} in the {_registry(version)} registry (open_clip raises RuntimeError){hint}",
        suggestion=(name, suggestion) if suggestion else None,
    )


def tag_as_model_name(name: str, owners: Sequence[str], *, callee: str, example: str) -> Diagnostic:
    """``create_model("openai")``: a pretrained tag where the model name goes."""
    return Diagnostic(
        MODEL_UNKNOWN,
        f"{quoted(name)} is an open_clip pretrained tag, not a model name: the model name comes first and the tag "
        f"goes in pretrained= (e.g. {callee}({quoted(example)}, pretrained={quoted(name)})); the models with it: "
        f"{listing(owners, 8)}",
    )


def unknown_tag(model: str, tag: str, tags: Sequence[str], *, suggestion: str | None) -> Diagnostic:
    hint = f" (did you mean {quoted(suggestion)}?)" if suggestion else ""
    known = f"its tags: {listing(tags, 12)}" if tags else "it has no pretrained tags (pretrained= takes a checkpoint file then)"
    return Diagnostic(
        WEIGHTS_UNKNOWN,
        f"Unknown pretrained tag {quoted(tag)} of open_clip model {quoted(model)}{hint}; {known}",
        suggestion=(tag, suggestion) if suggestion else None,
    )


def tag_of_other_models(model: str, tag: str, owners: Sequence[str], tags: Sequence[str], *, suggestion: str | None) -> Diagnostic:
    """A tag open_clip has, but for other models than this one (open_clip raises RuntimeError)."""
    hint = f" (did you mean {quoted(suggestion)}?)" if suggestion else ""
    own = f"its own tags: {listing(tags, 12)}" if tags else "it has no pretrained tags"
    return Diagnostic(
        WEIGHTS_MISMATCH,
        f"Pretrained tag {quoted(tag)} is not one of open_clip model {quoted(model)}'s{hint}: the models with it are "
        f"{listing(owners, 8)}; {own}",
        suggestion=(tag, suggestion) if suggestion else None,
    )


def _consequence(tag: str, trained: str) -> str:
    return (
        f"its pretrained weights {quoted(tag)} were trained with {trained}: open_clip only warns, and the model's "
        "accuracy drops (open_clip#771)"
    )


def quick_gelu_missing(model: str, tag: str, *, twin: str | None, force_false: bool) -> Diagnostic:
    """The model builds GELU, the weights need QuickGELU (``create_model("ViT-B-32", pretrained="openai")``).
    The rename to ``twin`` is the verdict's (unsafe) replacement, not the diagnostic's ``fix``."""
    how = " (force_quick_gelu=False)" if force_false else ""
    ways = f"use the model name {quoted(twin)} or pass force_quick_gelu=True" if twin else "pass force_quick_gelu=True"
    return Diagnostic(
        WEIGHTS_META_CONFLICT,
        f"open_clip model {quoted(model)} is built with GELU{how}, but {_consequence(tag, 'QuickGELU')}; {ways}"
    )


def quick_gelu_unwanted(model: str, tag: str, *, base: str | None) -> Diagnostic:
    """A ``-quickgelu`` model with weights trained with GELU."""
    way = f"; use the model name {quoted(base)}" if base else ""
    return Diagnostic(
        WEIGHTS_META_CONFLICT,
        f"open_clip model {quoted(model)} is built with QuickGELU, but {_consequence(tag, 'GELU')}{way}"
    )


def quick_gelu_forced(model: str, tag: str) -> Diagnostic:
    """``force_quick_gelu=True`` with weights trained with GELU."""
    return Diagnostic(
        WEIGHTS_META_CONFLICT,
        f"force_quick_gelu=True builds open_clip model {quoted(model)} with QuickGELU, but "
        f"{_consequence(tag, 'GELU')}; drop force_quick_gelu=True",
    )


def quick_gelu_keyword(value: bool, model: str, tag: str, *, drop: bool) -> Diagnostic:
    """``quick_gelu=`` (passed on to the model class, over its config) against what the weights need;
    ``drop``: the call without it builds what the weights need."""
    built, trained = ("QuickGELU", "GELU") if value else ("GELU", "QuickGELU")
    way = f"drop quick_gelu={value!r}" if drop else f"pass quick_gelu={not value!r}"
    return Diagnostic(
        WEIGHTS_META_CONFLICT,
        f"quick_gelu={value!r} builds open_clip model {quoted(model)} with {built}, but {_consequence(tag, trained)}; {way}",
    )

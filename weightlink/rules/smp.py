"""segmentation_models_pytorch names its encoders and their weights in strings:
``smp.Unet("resnet34", encoder_weights="imagenet")``. Every sentence weightlink says about such a
call, once: an unknown architecture (``create_model``) or encoder, weights the encoder does not have
(the default ``"imagenet"`` included), the string ``"None"`` (smp#701, #574) and ``False`` where
None is meant, a ``timm-`` encoder smp renames to a ``tu-`` one, a ``tu-`` encoder's timm name, and
weights names that do not choose a ``tu-`` encoder's weights."""

from __future__ import annotations

from collections.abc import Sequence

from weightlink.rules.codes import (
    MODEL_UNKNOWN,
    WEIGHTS_LEGACY,
    WEIGHTS_UNKNOWN,
    Diagnostic,
)
from weightlink.rules.messages import listing, quoted

TIMM_PREFIX = "tu-"  # smp's timm universal encoders: "tu-<timm name>[.<tag>]"



def _smp(version: str) -> str:
    return f"segmentation_models_pytorch {version}" if version else "segmentation_models_pytorch"


def _value(value: object) -> str:
    return quoted(value) if isinstance(value, str) else repr(value)


def unknown_architecture(arch: str, names: Sequence[str], version: str, *, suggestion: str | None) -> Diagnostic:
    hint = f"; did you mean {quoted(suggestion)}?" if suggestion else ""
    return Diagnostic(
        MODEL_UNKNOWN,
        f"Unknown architecture {quoted(arch)} for \"create_model\" in {_smp(version)} (it raises KeyError){hint}; "
        f"its architectures (in any case): {listing(names, 12)}",
        suggestion=(arch, suggestion) if suggestion else None,
    )


def unknown_encoder(encoder: str, version: str, *, suggestion: str | None) -> Diagnostic:
    hint = f"; did you mean {quoted(suggestion)}?" if suggestion else ""
    return Diagnostic(
        MODEL_UNKNOWN,
        f"Unknown encoder {quoted(encoder)} in {_smp(version)} (it raises KeyError){hint}; "
        f'a timm model is an encoder as "{TIMM_PREFIX}<timm name>"',
        suggestion=(encoder, suggestion) if suggestion else None,
    )


def timm_encoders_only(callee: str, encoder: str, *, suggestion: str | None) -> Diagnostic:
    """DPT builds a timm ViT itself: any other encoder raises ValueError."""
    hint = f"; did you mean {quoted(suggestion)}?" if suggestion else ""
    return Diagnostic(
        MODEL_UNKNOWN,
        f'{quoted(callee)} takes only timm encoders ("{TIMM_PREFIX}<timm name>"), not {quoted(encoder)}: '
        f"it raises ValueError{hint}",
        suggestion=(encoder, suggestion) if suggestion else None,
    )


def encoder_renamed(encoder: str, renamed: str, version: str) -> Diagnostic:
    """An old ``timm-`` encoder ``get_encoder`` rewrites to a ``tu-`` one: the same encoder, and the
    same weights (for ``tu-`` encoders any encoder_weights but None loads timm's pretrained weights,
    which is what the old name loads now)."""
    return Diagnostic(
        WEIGHTS_LEGACY,
        f"Encoder {quoted(encoder)} is deprecated: {_smp(version)} builds it as the timm encoder {quoted(renamed)}; "
        f"use {quoted(renamed)} (the same encoder and weights; smp warns that \"timm-\" encoders will be removed)",
        fix=quoted(renamed),
    )


def encoder_deprecated(encoder: str, prefix: str) -> Diagnostic:
    """A ``timm-`` encoder smp still has, with no ``tu-`` name of its own: no replacement, since a
    ``tu-`` encoder names its weights as a timm tag, not with encoder_weights."""
    return Diagnostic(
        WEIGHTS_LEGACY,
        f"Encoder {quoted(encoder)} is deprecated (smp warns that {quoted(prefix)} encoders will be removed); "
        f'its timm equivalent is "{TIMM_PREFIX}<timm name>.<tag>", with the weights in the tag and encoder_weights=True, '
        "so there is no one-for-one replacement",
    )


def timm_encoder_problem(encoder: str, problem: Diagnostic, *, renamed: str | None = None, replacement: str | None = None) -> Diagnostic:
    """A ``tu-`` encoder whose timm name timm's catalog rejects (or deprecates): timm's own sentence,
    about the encoder; the did-you-mean and the replacement are encoder names."""
    said = f"Encoder {quoted(encoder)}" + (f" (which smp builds as {quoted(renamed)})" if renamed else "")
    written = renamed or encoder
    guess = None
    if problem.suggestion is not None:
        old, new = problem.suggestion
        guess = (TIMM_PREFIX + old, TIMM_PREFIX + new) if written.startswith(TIMM_PREFIX + old) and not renamed else None
    tail = f"; as an encoder: {quoted(replacement)}" if replacement else ""
    return Diagnostic(
        problem.code, f"{said}: {problem.message}{tail}", fix=quoted(replacement) if replacement else None, suggestion=guess
    )


def timm_encoder_without_weights(encoder: str, timm_name: str, param: str, value: object, weighted: Sequence[str], *, default: bool) -> Diagnostic:
    which = f"{param}={_value(value)}" + (" (the default)" if default else "")
    others = f"; its tags with weights: {listing(weighted, 6)}" if weighted else ""
    return Diagnostic(
        WEIGHTS_UNKNOWN,
        f"timm model {quoted(timm_name)} of encoder {quoted(encoder)} has no pretrained weights: {which} only makes timm "
        f"log a warning and the encoder starts from random initialisation{others}; pass {param}=None or name a tag with weights",
    )


def unknown_weights(encoder: str, param: str, value: object, available: Sequence[str], *, suggestion: str | None) -> Diagnostic:
    hint = f" (did you mean {quoted(suggestion)}?)" if suggestion else ""
    has = f"it has: {', '.join(available)}" if available else "it has no pretrained weights: use None"
    bool_note = f' ({param}=True is for "{TIMM_PREFIX}" encoders)' if value is True else ""
    return Diagnostic(
        WEIGHTS_UNKNOWN,
        f"Encoder {quoted(encoder)} has no weights {_value(value)}{hint}: smp raises KeyError{bool_note}; {has}",
        suggestion=(value, suggestion) if suggestion and isinstance(value, str) else None,
    )


def default_weights_missing(callee: str, encoder: str, param: str, default: object, available: Sequence[str]) -> Diagnostic:
    """``smp.Unet("resnext101_32x48d")``: the default ``encoder_weights="imagenet"`` is not one of the
    encoder's, and smp raises KeyError."""
    has = f"one it has ({', '.join(available)})" if available else "nothing else (it has no pretrained weights)"
    return Diagnostic(
        WEIGHTS_UNKNOWN,
        f"{quoted(callee)} loads {param}={_value(default)} by default, which encoder {quoted(encoder)} does not have: "
        f"smp raises KeyError; pass {param}=None or {has}",
    )


def none_string(param: str, timm: bool | None) -> Diagnostic:
    """``encoder_weights="None"`` (smp#701, #574): a string, not None. ``timm``: whether the encoder is
    a ``tu-`` one (True), one of smp's (False), or not known (None)."""
    if timm is True:
        what = "for a timm encoder any value but None loads the pretrained weights"
    elif timm is False:
        what = 'smp looks for weights named "None" and raises KeyError'
    else:
        what = 'smp looks for weights named "None" and raises KeyError (a timm encoder loads its pretrained weights)'
    return Diagnostic(WEIGHTS_UNKNOWN, f'{param}="None" is the string "None", not None: {what}; write {param}=None')


def false_weights(param: str, timm: bool | None) -> Diagnostic:
    """``encoder_weights=False``: smp tests ``weights is not None``."""
    if timm is True:
        what = "for a timm encoder any value but None loads the pretrained weights"
    elif timm is False:
        what = "smp looks for weights named False and raises KeyError"
    else:
        what = "smp raises KeyError (a timm encoder loads its pretrained weights)"
    return Diagnostic(WEIGHTS_UNKNOWN, f"{param}=False is not None: {what}; write {param}=None")


def timm_weights_name(encoder: str, param: str, value: str) -> Diagnostic:
    """``smp.Unet("tu-resnet50", encoder_weights="ssl")``: the name is ignored (smp warns)."""
    return Diagnostic(
        WEIGHTS_UNKNOWN,
        f"{param}={quoted(value)} does not choose the weights of timm encoder {quoted(encoder)}: any value but None "
        f'loads the weights its name picks (the tag of "{TIMM_PREFIX}<timm name>.<tag>", else timm\'s default tag) and smp '
        f"warns; pass {param}=True and name the weights in the tag",
    )

"""open_clip as a `NamedLibrary`: ``create_model("ViT-B-32", pretrained="laion2b_s34b_b79k")`` and
its two siblings, judged from open_clip's catalog (`weightlink.catalog.open_clip`).

What open_clip's factory does with the two strings, and so what is judged:

* ``model_name``: ``hf-hub:`` / ``local-dir:`` names load config and weights from elsewhere and
  ignore ``pretrained`` (never judged); any other name is looked up with ``/`` read as ``-``
  (``"ViT-B/32"`` is ``"ViT-B-32"``), and an unknown one raises RuntimeError.
* ``pretrained``: a tag of that model, looked up after ``_clean_tag`` (lower case, ``-`` -> ``_``),
  else a file path, else RuntimeError. Strings that look like paths are not judged.
* QuickGELU: the model's config (``"quick_gelu": true``, set by ``-quickgelu`` names), turned on by
  ``force_quick_gelu=True``, and ``quick_gelu=`` (passed on to the model class, over both) decide the
  activation; a tag's cfg says what its weights were trained with. open_clip only warns on a mismatch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from weightlink.catalog.open_clip import load_open_clip_catalog
from weightlink.catalog.open_clip_reader import OpenClipCatalog, clean_tag
from weightlink.named import NOT_LITERAL, Function, NamedCall, Verdict
from weightlink.rules import open_clip as rules
from weightlink.rules.names import closest

__all__ = ["OPEN_CLIP", "OPEN_CLIP_FUNCTIONS", "OpenClip"]

MODEL, PRETRAINED, FORCE_QUICK_GELU, QUICK_GELU = "model_name", "pretrained", "force_quick_gelu", "quick_gelu"
SCHEMAS = ("hf-hub:", "local-dir:")
CHECKPOINT_SUFFIXES = (".pt", ".pth", ".bin", ".safetensors", ".ckpt")


def _params(positional: int, force_at: int) -> tuple[str, ...]:
    """model_name, pretrained, then "" for the parameters not read, force_quick_gelu at its place,
    up to the last positional parameter; then ``quick_gelu``, which only ``**model_kwargs`` takes
    (a positional argument past the signature's end is a TypeError, so nothing binds it by place)."""
    names = [MODEL, PRETRAINED] + [""] * (positional - 2)
    names[force_at] = FORCE_QUICK_GELU
    return (*names, QUICK_GELU)


# open_clip 3.3.0's signatures: create_model takes 20 parameters before **model_kwargs,
# force_quick_gelu the 7th; create_model_and_transforms 23, the 7th; create_model_from_pretrained
# 16, the 6th (it has no load_weights).
_CREATE = Function("create_model", _params(20, 6))
_AND_TRANSFORMS = Function("create_model_and_transforms", _params(23, 6))
_FROM_PRETRAINED = Function("create_model_from_pretrained", _params(16, 5))

OPEN_CLIP_FUNCTIONS: dict[str, Function] = {
    f"{module}.{function.operation}": function
    for function in (_CREATE, _AND_TRANSFORMS, _FROM_PRETRAINED)
    for module in ("open_clip", "open_clip.factory")
}


def looks_like_path(text: str) -> bool:
    """A ``pretrained=`` that names a checkpoint file rather than a tag (open_clip loads it)."""
    return "/" in text or "\\" in text or text.lower().endswith(CHECKPOINT_SUFFIXES)


class OpenClip:
    name = "open_clip"
    setting = "open_clip"
    functions: Mapping[str, Function] = OPEN_CLIP_FUNCTIONS
    # A file that never says "open_clip" cannot import it (aliases are imported from it by name).
    # A call needs an import of it (any form contains one of these); a file that only names
    # open_clip in a comment (timm's checkpoint converters) is not parsed for it.
    screen: tuple[str, ...] = ("import open_clip", "from open_clip")
    # open_clip ships no py.typed: without following it, mypy sees its calls as calls of Any.
    follow: tuple[str, ...] = ("open_clip.*",)

    def load_catalog(self, paths: Sequence[str]) -> OpenClipCatalog | None:
        try:
            return load_open_clip_catalog(paths)
        except (OSError, ValueError):  # no installed open_clip and an unreadable bundled catalog
            return None

    def judge(self, call: NamedCall, catalog: OpenClipCatalog) -> list[Verdict]:
        written = call.literal(MODEL)
        if not isinstance(written, str) or not written or written.startswith(SCHEMAS):
            return []
        model = catalog.model(written)
        if model is None:
            return [_unknown_model(written, call.operation, catalog)]
        pretrained = call.literal(PRETRAINED)
        if not isinstance(pretrained, str) or not pretrained or looks_like_path(pretrained):
            return []  # None/"" load no weights; a path is a checkpoint file
        tag = clean_tag(pretrained)
        tags = catalog.tags(model)
        if tag not in tags:
            return [_unknown_tag(model, pretrained, tag, tags, catalog)]
        verdict = _quick_gelu(call, model, tag, catalog)
        return [verdict] if verdict is not None else []


def _unknown_model(written: str, operation: str, catalog: OpenClipCatalog) -> Verdict:
    owners = catalog.models_with_tag(clean_tag(written))
    if owners:  # open_clip#790: create_model("openai")
        example = next((m for m in owners if m not in catalog.derived and _agrees(m, written, catalog)), None)
        example = example or next((m for m in owners if _agrees(m, written, catalog)), owners[0])
        return Verdict(rules.tag_as_model_name(written, owners, callee=operation, example=example), param=MODEL)
    cleaned = written.replace("/", "-")
    # Names are looked up case-sensitively; a case slip ("vit-b-32") is the likeliest typo.
    by_lower = {name.lower(): name for name in catalog.models}
    suggestion = by_lower.get(cleaned.lower()) or closest(cleaned, catalog.models)
    diagnostic = rules.unknown_model(written, catalog.version, suggestion=suggestion, hub_like="/" in written)
    return Verdict(diagnostic, param=MODEL)


def _agrees(model: str, tag: str, catalog: OpenClipCatalog) -> bool:
    """Whether ``model`` builds the activation its weights ``tag`` were trained with."""
    return catalog.models.get(model) == catalog.weights_quick_gelu(model, clean_tag(tag))


def _unknown_tag(model: str, pretrained: str, tag: str, tags: Sequence[str], catalog: OpenClipCatalog) -> Verdict:
    suggestion = closest(tag, tags)
    owners = catalog.models_with_tag(tag)
    if owners:
        diagnostic = rules.tag_of_other_models(model, pretrained, owners, tags, suggestion=suggestion)
    else:
        diagnostic = rules.unknown_tag(model, pretrained, tags, suggestion=suggestion)
    return Verdict(diagnostic, param=PRETRAINED)


def _quick_gelu(call: NamedCall, model: str, tag: str, catalog: OpenClipCatalog) -> Verdict | None:
    """The activation the call builds against the one the weights were trained with."""
    needs = catalog.weights_quick_gelu(model, tag)
    builds = catalog.models[model]
    force = call.literal(FORCE_QUICK_GELU) if call.given(FORCE_QUICK_GELU) else False
    if call.given(QUICK_GELU):  # the model class's own argument: it overrides config and force_quick_gelu
        value = call.literal(QUICK_GELU)
        if value is NOT_LITERAL or bool(value) == needs:
            return None
        drop = force is not NOT_LITERAL and (builds or bool(force)) == needs
        return Verdict(rules.quick_gelu_keyword(bool(value), model, tag, drop=drop), param=QUICK_GELU)
    if force is NOT_LITERAL or (call.splat and not call.given(FORCE_QUICK_GELU)):
        return None  # not a literal, or **kwargs may hold force_quick_gelu= or quick_gelu=
    forced = bool(force)
    if (builds or forced) == needs:
        return None
    if needs:
        twin = model + rules.QUICKGELU_SUFFIX
        # Without a QuickGELU twin that has these weights, force_quick_gelu=True is the one way out.
        renames = bool(catalog.models.get(twin)) and bool(catalog.weights_quick_gelu(twin, tag))
        diagnostic = rules.quick_gelu_missing(model, tag, twin=twin if renames else None, force_false=call.given(FORCE_QUICK_GELU))
        return Verdict(
            diagnostic, param=MODEL, replacement=twin if renames else None, unsafe=rules.RENAME_CHANGES_MODEL if renames else None
        )
    if forced and not builds:
        return Verdict(rules.quick_gelu_forced(model, tag), param=FORCE_QUICK_GELU)
    if not model.endswith(rules.QUICKGELU_SUFFIX):
        # The config itself sets quick_gelu while the tag's cfg does not say so (open_clip 3.3.0's
        # roberta-ViT-B-32 / laion2b_s12b_b32k): the weights were trained with that config, so the
        # missing marker is more likely than a mismatch; not judged.
        return None
    base = model[: -len(rules.QUICKGELU_SUFFIX)]
    fixes = not forced and catalog.models.get(base) is False and catalog.weights_quick_gelu(base, tag) is False
    diagnostic = rules.quick_gelu_unwanted(model, tag, base=base if fixes else None)
    return Verdict(diagnostic, param=MODEL, replacement=base if fixes else None, unsafe=rules.RENAME_CHANGES_MODEL if fixes else None)


OPEN_CLIP = OpenClip()

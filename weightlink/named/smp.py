"""segmentation_models_pytorch as a `NamedLibrary`: its architectures (``smp.Unet("resnet34",
encoder_weights="imagenet")``), ``smp.create_model("unet", ...)`` and
``smp.encoders.get_encoder(name, weights=...)``, judged from smp's catalog
(`weightlink.catalog.smp`) and, for ``tu-`` encoders, timm's (`weightlink.catalog.timm`).

What smp 0.6 does with the two strings, and so what is judged:

* ``create_model(arch)`` looks ``arch.lower()`` up among the lower-cased class names (KeyError) and
  passes its own defaults (``encoder_name="resnet34"``, ``encoder_weights="imagenet"``) on.
* ``encoder_name``: ``timm-`` names of the prefixes ``get_encoder`` lists are rewritten to ``tu-``
  names (``timm-mobilenetv3_*`` -> ``tu-tf_mobilenetv3_*``); ``tu-<timm name>`` builds a timm model;
  any other name must be one of smp's encoders (KeyError). DPT takes only ``tu-`` names
  (ValueError) and renames nothing.
* ``encoder_weights``: None builds no weights. For a ``tu-`` encoder any other value loads timm's
  pretrained weights of the name (``False`` and ``"None"`` included; a string draws a warning).
  For smp's encoders it must be one of the encoder's ``pretrained_settings`` (KeyError), and the
  default ``"imagenet"`` counts: 8 encoders have no ImageNet weights.
* Not judged: expressions, None, an argument left out when a ``*args`` / ``**kwargs`` may hold it,
  ``hf-hub:`` timm names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from weightlink.catalog.smp import bundled_smp_catalog, load_smp_catalog
from weightlink.catalog.smp_reader import SmpCatalog
from weightlink.catalog.timm import load_timm_catalog
from weightlink.named import NOT_LITERAL, Function, NamedCall, Verdict
from weightlink.rules import smp as rules
from weightlink.rules.codes import WEIGHTS_LEGACY
from weightlink.rules.names import closest
from weightlink.rules.timm import diagnose_name

__all__ = ["SMP", "SegmentationModels", "smp_functions"]

ARCH, ENCODER, WEIGHTS = "arch", "encoder_name", "encoder_weights"
GET_ENCODER, CREATE_MODEL = "get_encoder", "create_model"
# get_encoder(name, in_channels=3, depth=5, weights=None, ...) names them otherwise.
ENCODER_PARAMS = {GET_ENCODER: ("name", "weights")}
TU = rules.TIMM_PREFIX


def smp_functions(catalog: SmpCatalog) -> dict[str, Function]:
    """Every qualified name a judged call reaches its function by, with the parameters the rules
    read in positional order ("" for the others, up to the last one read)."""
    entries = [*catalog.architectures.items(), (CREATE_MODEL, catalog.create_model), (GET_ENCODER, catalog.get_encoder)]
    found: dict[str, Function] = {}
    for operation, entry in entries:
        if entry is None:
            continue
        read = {ARCH, *ENCODER_PARAMS.get(operation, (ENCODER, WEIGHTS))}
        params = [param if param in read else "" for param in entry.params]
        while params and not params[-1]:
            params.pop()
        for export in entry.exports:
            found[export] = Function(operation, tuple(params))
    return found


class SegmentationModels:
    name = "segmentation_models_pytorch"
    setting = "smp"
    # smp 0.6's own functions (the bundled catalog; an installed smp's calls bind the same way).
    functions: Mapping[str, Function] = smp_functions(bundled_smp_catalog())
    # A call needs an import of it (any form contains one of these).
    screen: tuple[str, ...] = ("import segmentation_models_pytorch", "from segmentation_models_pytorch")
    # smp ships no py.typed: without following it, mypy sees its calls as calls of Any.
    follow: tuple[str, ...] = ("segmentation_models_pytorch.*",)
    # Its untyped decorator on every architecture's __init__ would make the classes' calls Any for
    # mypy; the plugin reads it as returning the function it decorates.
    erasing_decorators: tuple[str, ...] = ("segmentation_models_pytorch.base.hub_mixin.supports_config_loading",)

    def load_catalog(self, paths: Sequence[str]) -> SmpCatalog | None:
        """smp's catalog, with timm's (for ``tu-`` encoders) attached."""
        from dataclasses import replace

        try:
            catalog = load_smp_catalog(paths)
        except (OSError, ValueError):  # no installed smp and an unreadable bundled catalog
            return None
        try:
            timm = load_timm_catalog(paths)
        except (OSError, ValueError):
            timm = None
        return replace(catalog, timm=timm)

    def judge(self, call: NamedCall, catalog: SmpCatalog) -> list[Verdict]:
        return _Judge(call, catalog).verdicts()


SMP = SegmentationModels()


class _Judge:
    def __init__(self, call: NamedCall, catalog: SmpCatalog) -> None:
        self.call, self.catalog = call, catalog
        self.name_param, self.weights_param = ENCODER_PARAMS.get(call.operation, (ENCODER, WEIGHTS))
        if call.operation == GET_ENCODER:
            self.entry = catalog.get_encoder
        elif call.operation == CREATE_MODEL:
            self.entry = catalog.create_model
        else:
            self.entry = catalog.architectures.get(call.operation)
        self.callee = call.operation
        self.timm_only = self.entry is not None and self.entry.timm_only

    def value(self, param: str) -> object:
        """The literal given for ``param``; its default when left out (and no splat may hold it)."""
        if self.call.given(param):
            return self.call.literal(param)
        if self.call.splat or self.entry is None or param not in self.entry.defaults:
            return NOT_LITERAL
        return self.entry.defaults[param]

    def at(self, param: str) -> str | None:
        return param if self.call.given(param) else None

    def verdicts(self) -> list[Verdict]:
        if self.entry is None:
            return []
        if self.call.operation == CREATE_MODEL:
            arch = self.call.literal(ARCH)
            if isinstance(arch, str):
                chosen = self.catalog.create_model_names.get(self.catalog.create_model_key(arch))
                if chosen is None:
                    names = list(self.catalog.create_model_names)
                    suggestion = closest(self.catalog.create_model_key(arch), names)
                    return [Verdict(rules.unknown_architecture(arch, names, self.catalog.version, suggestion=suggestion), ARCH)]
                self.timm_only = self.catalog.architectures[chosen].timm_only
                self.callee = chosen
        encoder = self.value(self.name_param)
        weights = self.value(self.weights_param)
        found: list[Verdict] = []
        timm: bool | None = None  # the kind of encoder: timm's, smp's, or not known
        if isinstance(encoder, str):
            kind = self.encoder(encoder, weights, found)
            if kind == "bad":
                return found
            timm = kind == "timm"
        if weights is NOT_LITERAL or weights is None:
            return found
        at = self.at(self.weights_param)
        if weights == "None":
            found.append(Verdict(rules.none_string(self.weights_param, timm), at))
        elif weights is False:
            found.append(Verdict(rules.false_weights(self.weights_param, timm), at))
        elif timm is False and isinstance(encoder, str):
            available = self.catalog.encoders.get(encoder, ())
            if not (isinstance(weights, str) and weights in available):
                if at is None:
                    diagnostic = rules.default_weights_missing(self.call.operation, encoder, self.weights_param, weights, available)
                else:
                    suggestion = closest(weights, available) if isinstance(weights, str) else None
                    diagnostic = rules.unknown_weights(encoder, self.weights_param, weights, available, suggestion=suggestion)
                found.append(Verdict(diagnostic, at))
        elif timm and isinstance(encoder, str) and isinstance(weights, str) and at is not None and weights != "imagenet":
            # "imagenet" is every signature's default and what smp's own examples pass: not noise-worthy.
            found.append(Verdict(rules.timm_weights_name(encoder, self.weights_param, weights), at, severity="note"))
        return found

    def encoder(self, encoder: str, weights: object, found: list[Verdict]) -> str:
        """"timm", "smp", or "bad" (the call fails on the encoder: its weights are not judged)."""
        at = self.at(self.name_param)
        timm = self.catalog.timm
        if self.timm_only and not encoder.startswith(TU):
            suggestion = self.catalog.timm_universal(encoder)  # DPT renames no timm- encoder
            if suggestion is None and self._timm_knows(encoder):
                suggestion = TU + encoder
            found.append(Verdict(rules.timm_encoders_only(self.callee, encoder, suggestion=suggestion), at))
            return "bad"
        renamed = None if self.timm_only else self.catalog.timm_universal(encoder)
        if renamed is None and not encoder.startswith(TU):
            if encoder in self.catalog.encoders:
                prefix = self.catalog.deprecated_prefix
                if prefix and encoder.startswith(prefix) and at is not None:
                    found.append(Verdict(rules.encoder_deprecated(encoder, prefix), at, severity="note"))
                return "smp"
            suggestion = closest(encoder, self.catalog.encoders)
            if suggestion is None and self._timm_knows(encoder):
                suggestion = TU + encoder
            found.append(Verdict(rules.unknown_encoder(encoder, self.catalog.version, suggestion=suggestion), at))
            return "bad"
        name = renamed or encoder
        timm_name = name[len(TU) :]
        problem = diagnose_name("create", timm_name, timm) if timm is not None else None
        if problem is not None and timm is not None:
            arch = timm_name.partition(".")[0]
            successor = timm.deprecations.get(arch) if problem.code is WEIGHTS_LEGACY else None
            replacement = TU + successor if successor else None
            diagnostic = rules.timm_encoder_problem(encoder, problem, renamed=renamed, replacement=replacement)
            found.append(Verdict(diagnostic, at, replacement=replacement))
            return "timm" if replacement else "bad"
        if renamed is not None:
            found.append(Verdict(rules.encoder_renamed(encoder, renamed, self.catalog.version), at, replacement=renamed))
        if timm is not None and weights is not NOT_LITERAL and weights is not None:
            self._without_weights(name, timm_name, weights, found)
        return "timm"

    def _timm_knows(self, name: str) -> bool:
        timm = self.catalog.timm
        return timm is not None and (timm.resolve(name) is not None or bool(timm.deprecations.get(name.partition(".")[0])))

    def _without_weights(self, encoder: str, timm_name: str, weights: object, found: list[Verdict]) -> None:
        """A timm model with a cfg but no weights file: any encoder_weights but None asks for them."""
        timm = self.catalog.timm
        assert timm is not None
        arch = timm_name.partition(".")[0]
        tags = timm.architectures.get(arch)
        if not tags or arch in timm.partial or timm_name in timm.pretrained or ":" in timm_name or "/" in timm_name:
            return
        weighted = [tag for tag in tags if f"{arch}.{tag}" in timm.pretrained]
        at = self.at(self.weights_param)
        diagnostic = rules.timm_encoder_without_weights(
            encoder, timm_name, self.weights_param, weights, weighted, default=at is None
        )
        found.append(Verdict(diagnostic, self.at(self.name_param), severity="error" if at is not None else "note"))

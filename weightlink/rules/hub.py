"""``torch.hub.load(repo, name, ...)``: which builder a hub call reaches, and what its legacy
arguments become. Every front end follows these calls; the repository and the model name must be
string literals."""

from __future__ import annotations

import re
from collections.abc import Sequence

from weightlink.catalog.model import BuilderInfo, Catalog, LegacyParam
from weightlink.rules import messages
from weightlink.rules.arguments import ArgumentView
from weightlink.rules.codes import WEIGHTS_LEGACY, Diagnostic
from weightlink.rules.legacy import WhenTrue, diagnose_entry, legacy_outcome, replacement_text

HUB_LOAD = "torch.hub.load"
# torch.hub repositories whose entry points (hubconf.py) are a model library's builders.
HUB_REPOSITORIES = {"pytorch/vision": "torchvision"}
WEIGHTS_SINCE = (0, 13)  # the torchvision release that introduced weights=
# The ref after the colon: a tag (v0.10.0) or a release branch (release/0.12).
_RELEASE_REF = re.compile(r"^(?:v|release/)?(\d+)\.(\d+)(?:\.\d+)?$")


def hub_builder(repo: object, model: object, catalogs: Sequence[Catalog]) -> tuple[BuilderInfo, Catalog] | None:
    """The builder ``torch.hub.load(repo, model)`` calls; ``repo`` may carry a ``:ref`` suffix."""
    if not (isinstance(repo, str) and isinstance(model, str)):
        return None
    library = HUB_REPOSITORIES.get(repo.split(":")[0])
    for catalog in catalogs:
        if catalog.library == library:
            builder = catalog.builder(f"{library}.models.{model}") or _unique_public(catalog, model)
            return (builder, catalog) if builder is not None else None
    return None


def pinned_before_weights(repo: object) -> Diagnostic | None:
    """A note for ``"pytorch/vision:v0.10.0"``: the hub loads that release, whose builders only know
    ``pretrained=``; migrating the call would break it."""
    if not isinstance(repo, str) or ":" not in repo:
        return None
    name, _, ref = repo.partition(":")
    match = _RELEASE_REF.match(ref)
    if name not in HUB_REPOSITORIES or match is None or (int(match[1]), int(match[2])) >= WEIGHTS_SINCE:
        return None
    return Diagnostic(WEIGHTS_LEGACY, messages.hub_pinned_before_weights(repo, f"{match[1]}.{match[2]}"))


def _unique_public(catalog: Catalog, model: str) -> BuilderInfo | None:
    """hubconf.py also serves builders of submodules (``deeplabv3_resnet50``): the one public name."""
    matches = {qualname for public, qualname in catalog.names.items() if public.rpartition(".")[2] == model}
    return catalog.builders.get(matches.pop()) if len(matches) == 1 else None


def hub_legacy_diagnostic(
    builder: BuilderInfo, catalog: Catalog, entry: LegacyParam, views: dict[str, ArgumentView], legacy_text: str
) -> Diagnostic | None:
    """``torch.hub.load(..., pretrained=True)``: the replacement is written as a string, which
    torch.hub passes on to the builder (the Enum is not imported in such a file)."""
    outcome = legacy_outcome(entry.default, entry.legacy_param, views[entry.legacy_param], views, catalog)
    inner = outcome.chosen if isinstance(outcome, WhenTrue) else outcome
    text = replacement_text(inner)
    if text is None or text == "None" or isinstance(outcome, WhenTrue):
        return diagnose_entry(builder, catalog, entry, views, legacy_text=legacy_text, positional=False)
    quoted = text if text.startswith('"') else f'"{text}"'
    return messages.legacy_replaced(builder.name, entry.legacy_param, entry.weights_param, quoted)

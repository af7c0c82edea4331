"""SpeechGRU: per-language weights, the RFC's speech case.

``SpeechWeights`` has no members; each language is a subclass Enum. The builder is typed with the
base, so it takes any language's member, and also a bare `WeightEntry` for a local checkpoint.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import torch
from torch import nn

from tinyzoo._registry import register_model
from tinyzoo.models._meta import ENGLISH_TOKENS, FRENCH_TOKENS
from tinyzoo.transforms import AudioPreprocessing
from weightlink import WeightEntry, Weights, handle_legacy_interface, set_from_meta

__all__ = ["EnglishSpeechWeights", "FrenchSpeechWeights", "SpeechGRU", "SpeechWeights", "speech_gru"]

_URL = "https://weights.tinyzoo.invalid/"
_AUDIO = partial(AudioPreprocessing, n_features=40)


class SpeechGRU(nn.Module):
    """A GRU over audio frames with a per-frame token classifier (CTC style)."""

    def __init__(self, num_tokens: int, n_features: int = 40, hidden: int = 32, streaming: bool = False) -> None:
        super().__init__()
        self.streaming = streaming
        # A streaming model cannot look ahead, so it is unidirectional.
        self.gru = nn.GRU(n_features, hidden, batch_first=True, bidirectional=not streaming)
        self.classifier = nn.Linear(hidden * (1 if streaming else 2), num_tokens)

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        hidden, _ = self.gru(frames)
        result: torch.Tensor = self.classifier(hidden)
        return result


class SpeechWeights(Weights):
    """Base of the per-language Enums; ``speech_gru`` accepts members of every subclass."""


class EnglishSpeechWeights(SpeechWeights):
    EN_US_V1 = WeightEntry(
        url=_URL + "speech_gru_en_us_v1.pth",
        transforms=_AUDIO,
        meta={"language": "en-US", "tokens": ENGLISH_TOKENS, "streaming": False, "metrics": {"wer": 12.1}},
        latest=True,
    )
    EN_US_STREAMING_V1 = WeightEntry(
        url=_URL + "speech_gru_en_us_streaming_v1.pth",
        transforms=_AUDIO,
        meta={"language": "en-US", "tokens": ENGLISH_TOKENS, "streaming": True, "metrics": {"wer": 14.8}},
    )
    EN_GB_V1 = WeightEntry(
        url=_URL + "speech_gru_en_gb_v1.pth",
        transforms=_AUDIO,
        meta={"language": "en-GB", "tokens": ENGLISH_TOKENS, "streaming": False, "metrics": {"wer": 13.0}},
    )
    DEFAULT = EN_US_V1


class FrenchSpeechWeights(SpeechWeights):
    FR_FR_V1 = WeightEntry(
        url=_URL + "speech_gru_fr_fr_v1.pth",
        transforms=_AUDIO,
        meta={"language": "fr-FR", "tokens": FRENCH_TOKENS, "streaming": False, "metrics": {"wer": 15.2}},
        latest=True,
    )
    FR_CA_V1 = WeightEntry(
        url=_URL + "speech_gru_fr_ca_v1.pth",
        transforms=_AUDIO,
        meta={"language": "fr-CA", "tokens": FRENCH_TOKENS, "streaming": False, "metrics": {"wer": 17.9}},
    )
    DEFAULT = FR_FR_V1


def _legacy_speech_weights(arguments: Any) -> SpeechWeights:
    # The old builder loaded the streaming checkpoint when called with streaming=True.
    if arguments.get("streaming"):
        return EnglishSpeechWeights.EN_US_STREAMING_V1
    return EnglishSpeechWeights.EN_US_V1


@register_model()
@handle_legacy_interface(weights=("pretrained", _legacy_speech_weights))
def speech_gru(
    *, weights: SpeechWeights | WeightEntry | None = None, progress: bool = True, **kwargs: Any
) -> SpeechGRU:
    """Speech recogniser. ``weights`` takes any language's member or a local `WeightEntry`."""
    resolved = SpeechWeights.check_type(weights, allow_entry=True)
    if resolved is not None and "tokens" in resolved.meta:
        set_from_meta(kwargs, "num_tokens", len(resolved.meta["tokens"]), weights=resolved)
        set_from_meta(kwargs, "streaming", resolved.meta["streaming"], weights=resolved)
    kwargs.setdefault("num_tokens", len(ENGLISH_TOKENS))
    model = SpeechGRU(**kwargs)
    if resolved is not None:
        model.load_state_dict(resolved.state_dict(progress=progress))
    return model

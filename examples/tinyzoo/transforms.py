"""Preprocessing that matches how each set of weights was trained (the entries' ``transforms``)."""

from __future__ import annotations

import torch
from torch import nn


class ImagePreprocessing(nn.Module):
    """Resize a batch of images to ``size`` and normalise it per channel."""

    def __init__(self, *, size: int, mean: tuple[float, ...], std: tuple[float, ...]) -> None:
        super().__init__()
        self.size = size
        self.mean = torch.tensor(mean).view(-1, 1, 1)
        self.std = torch.tensor(std).view(-1, 1, 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        resized = nn.functional.interpolate(images, size=(self.size, self.size), mode="bilinear")
        return (resized - self.mean) / self.std


class AudioPreprocessing(nn.Module):
    """Frame a batch of waveforms into ``n_features``-sample frames and scale to unit peak."""

    def __init__(self, *, n_features: int) -> None:
        super().__init__()
        self.n_features = n_features

    def forward(self, waveforms: torch.Tensor) -> torch.Tensor:
        frames = waveforms.shape[-1] // self.n_features
        framed = waveforms[..., : frames * self.n_features].reshape(waveforms.shape[0], frames, -1)
        peak = framed.abs().amax(dim=(1, 2), keepdim=True).clamp_min(1e-8)
        return framed / peak

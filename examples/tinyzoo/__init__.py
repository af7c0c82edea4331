"""tinyzoo: an example domain library built on weightlink (medical imaging and per-language speech)."""

from tinyzoo import models
from tinyzoo._registry import get_model, get_model_builder, get_model_weights, get_weight, list_models, registry

__all__ = ["get_model", "get_model_builder", "get_model_weights", "get_weight", "list_models", "models", "registry"]

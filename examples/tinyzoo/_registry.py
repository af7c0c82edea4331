"""tinyzoo's own registry: its model names never collide with another library's."""

from weightlink import Registry

registry = Registry("tinyzoo")
register_model = registry.register_model
list_models = registry.list_models
get_model = registry.get_model
get_model_builder = registry.get_model_builder
get_model_weights = registry.get_model_weights
get_weight = registry.get_weight

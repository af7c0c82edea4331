"""Fully qualified names the plugin recognises, in one place."""

# Bases of every weights Enum, per dialect (config may add more).
WEIGHTS_BASES = frozenset({"torchvision.models._api.WeightsEnum", "weightlink._weights.Weights"})
WEIGHT_ENTRY = "weightlink._entry.WeightEntry"

# Decorators whose own annotations erase a builder's signature; the plugin types them as identity.
SIGNATURE_ERASING_DECORATORS = frozenset(
    {
        "torchvision.models._api.register_model",
        "torchvision.models._utils.handle_legacy_interface",
    }
)

# Registry lookups: library function fullname -> what it does.
TORCHVISION_REGISTRY = {
    "torchvision.models._api.get_model": "get_model",
    "torchvision.models._api.get_model_builder": "get_model_builder",
    "torchvision.models._api.get_model_weights": "get_model_weights",
    "torchvision.models._api.get_weight": "get_weight",
}
WEIGHTLINK_REGISTRY = "weightlink._registry.Registry"
WEIGHTLINK_REGISTRY_METHODS = {
    "weightlink._registry.Registry.get_model": "get_model",
    "weightlink._registry.Registry.get_model_builder": "get_model_builder",
    "weightlink._registry.Registry.get_model_weights": "get_model_weights",
    "weightlink._registry.Registry.get_weight": "get_weight",
}

# Class-level guards that take a weights value: `ResNet50_Weights.verify(x)` (torchvision's WeightsEnum),
# `XWeights.check_type(x)` (weightlink's Weights).
GUARD_METHOD_NAMES = frozenset({"verify", "check_type"})

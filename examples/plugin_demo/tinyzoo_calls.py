"""Wrong and deprecated calls of tinyzoo, a library built on weightlink (per-language Enums, its own
registry). Plain mypy already catches #1 (weightlink keeps signatures); the plugin catches them all.
"""

import tinyzoo
from tinyzoo.models import MedResNet34Weights, med_resnet18, speech_gru

med_resnet18(weights=MedResNet34Weights.CHESTMNIST_V1)  # 1 weights-mismatch
med_resnet18(weights="PATHMNIST_V3")  # 2 weights-unknown
speech_gru(weights="DEFAULT")  # 3 weights-unknown (ambiguous: one DEFAULT per language)
med_resnet18(pretrained=True)  # 4 weights-legacy
tinyzoo.get_model("med_resnet18", weights="DEFAULT", num_classes=10)  # 5 weights-meta-conflict
tinyzoo.get_model("med_resnet19")  # 6 model-unknown

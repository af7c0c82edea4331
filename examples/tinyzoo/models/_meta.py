"""Category lists shared by several weights Enums (kept in one module, as torchvision does)."""

PATHMNIST_CATEGORIES = [
    "adipose",
    "background",
    "debris",
    "lymphocytes",
    "mucus",
    "smooth muscle",
    "normal colon mucosa",
    "cancer-associated stroma",
    "colorectal adenocarcinoma epithelium",
]

CHESTMNIST_CATEGORIES = [
    "atelectasis",
    "cardiomegaly",
    "effusion",
    "infiltration",
    "mass",
    "nodule",
    "pneumonia",
    "pneumothorax",
    "consolidation",
    "edema",
    "emphysema",
    "fibrosis",
    "pleural",
    "hernia",
]

# Character vocabularies of the speech models (index 0 is the CTC blank).
ENGLISH_TOKENS = ["<blank>", " ", "'", *"abcdefghijklmnopqrstuvwxyz"]
FRENCH_TOKENS = [*ENGLISH_TOKENS, *"àâçéèêëîïôùûü"]

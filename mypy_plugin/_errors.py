"""The plugin's error codes, defined once; each is documented in docs/mypy-plugin.md."""

from mypy.errorcodes import DEPRECATED, ErrorCode

WEIGHTS_MISMATCH = ErrorCode(
    "weights-mismatch", "A builder is given weights that are not its own", "weightlink"
)
WEIGHTS_UNKNOWN = ErrorCode(
    "weights-unknown", "A string names no weights member or Enum", "weightlink"
)
MODEL_UNKNOWN = ErrorCode("model-unknown", "A string names no registered model", "weightlink")
# A sub-code of mypy's "deprecated": `# type: ignore[deprecated]` and disabling "deprecated" cover it.
WEIGHTS_LEGACY = ErrorCode(
    "weights-legacy",
    "The deprecated pretrained= interface (keyword or old positional form)",
    "weightlink",
    sub_code_of=DEPRECATED,
)
WEIGHTS_META_CONFLICT = ErrorCode(
    "weights-meta-conflict", "An argument conflicts with the chosen weights' meta", "weightlink"
)

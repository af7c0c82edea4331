"""Exceptions raised when weights cannot be fetched or loaded safely."""


class WeightsLoadError(RuntimeError):
    """Weights could not be fetched or loaded; the message says which file and why."""


class HashMismatchError(WeightsLoadError):
    """The file's sha256 does not match the expected digest (or digest prefix)."""


class IncompleteDownloadError(WeightsLoadError):
    """The server sent fewer bytes than it announced."""


class UnsafeCheckpointError(WeightsLoadError):
    """The checkpoint holds objects that only a full (code-running) unpickle could build."""


class CorruptCheckpointError(WeightsLoadError):
    """The file is not a readable torch checkpoint holding a state dict."""

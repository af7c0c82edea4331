"""Fetching and safely loading the file behind a `WeightEntry`. The only module that imports torch.

Local paths and ``file://`` URLs are read where they are. http(s) downloads go to torch.hub's
checkpoints folder under torch.hub's names; `weightlink._cache` decides which file there may
serve a URL, so two URLs ending in the same file name never get each other's weights.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from weightlink._cache import (
    add_url,
    alternate_path,
    forget,
    holds,
    name_lock,
    serves,
    sha256_of,
    write_origin,
)
from weightlink.extras import require
from weightlink.errors import (
    CorruptCheckpointError,
    HashMismatchError,
    IncompleteDownloadError,
    UnsafeCheckpointError,
)

_URL_SCHEMES = ("http", "https", "file")
_DOWNLOADED_SCHEMES = ("http", "https")  # file:// URLs are read in place
# torch.hub's convention: "<name>-<sha256 prefix>.<ext>"; we require 8+ digits to avoid false hits.
_FILENAME_HASH = re.compile(r"-([0-9a-f]{8,64})\.[^./]+$")
_CHUNK = 1 << 20
_TIMEOUT_SECONDS = 60
_ANSI_CODES = re.compile(r"\x1b\[[0-9;]*m")


def is_url(location: str) -> bool:
    return urllib.parse.urlsplit(location).scheme in _URL_SCHEMES


def expected_sha256(url: str, sha256: str | None) -> str | None:
    """The digest (or digest prefix) the file must match, or None when nothing is known."""
    if sha256 is not None:
        return sha256
    name = _file_name(url) if is_url(url) else os.path.basename(url)
    match = _FILENAME_HASH.search(name)
    return match.group(1) if match else None


def load_state_dict(url: str, sha256: str | None, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` are `WeightEntry.state_dict`'s keyword arguments (declared there, once)."""
    _import_torch()  # first: without torch nothing can load, whatever else is wrong
    digest = expected_sha256(url, sha256) if options["check_hash"] else None
    map_location = options["map_location"]
    if urllib.parse.urlsplit(url).scheme in _DOWNLOADED_SCHEMES:
        model_dir = options["model_dir"]
        cache_dir = Path(model_dir) if model_dir is not None else _torch_hub_checkpoints()
        path = _cached_file(url, digest, cache_dir, options["progress"])
        return _load_or_evict(path, map_location)
    # A local file is the user's: read in place, verified on every load, never copied or deleted.
    path = _path_of_file_url(url) if is_url(url) else Path(url).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"weights file not found: {url if is_url(url) else path}")
    if digest is not None:
        _verify_digest(url if is_url(url) else path, sha256_of(path), digest)
    return _load(path, map_location)


def _cached_file(url: str, digest: str | None, cache_dir: Path, progress: bool) -> Path:
    """The cache file that holds ``url``'s bytes, downloading them when no file may serve it."""
    name = _file_name(url)
    candidates = (cache_dir / name, alternate_path(cache_dir, url, name))
    for path in candidates:  # the common case, without waiting for a lock
        if serves(path, url, digest):
            return path
    with name_lock(candidates[0]):
        # Decide again under the lock: another process may have finished this download meanwhile.
        for path in candidates:
            if serves(path, url, digest) or _verified_by_digest(path, url, digest):
                return path
        primary, alternate = candidates
        # The torch.hub name when it is free or already ours (then its bytes are stale); a file
        # another URL, or an unknown source, put there stays untouched for whoever relies on it.
        target = primary if not primary.exists() or holds(primary, url) else alternate
        _download(url, target, digest, progress)
        return target


def _verified_by_digest(path: Path, url: str, digest: str | None) -> bool:
    """A file of unknown or other origin (one torchvision downloaded, say) may serve ``url`` when
    its bytes match the entry's digest; the URL is then recorded, so this hashing happens once."""
    if digest is None or not path.is_file():
        return False
    actual = sha256_of(path)
    if not actual.startswith(digest):
        return False
    add_url(path, url, actual)
    return True


def _path_of_file_url(url: str) -> Path:
    parts = urllib.parse.urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"file URL {url!r} names the host {parts.netloc!r}; only local files can be read")
    return Path(urllib.request.url2pathname(parts.path))


def _import_torch() -> Any:
    require("torch", "loading weights")
    import torch
    import torch.hub

    return torch


def _torch_hub_checkpoints() -> Path:
    return Path(_import_torch().hub.get_dir()) / "checkpoints"


def _file_name(url: str) -> str:
    name = os.path.basename(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
    if not name:
        raise ValueError(f"cannot derive a file name from weights URL {url!r}")
    return name


def _download(url: str, destination: Path, digest: str | None, progress: bool) -> None:
    """Stream into a temporary file beside the destination; rename only once complete and verified."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part", dir=destination.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, _open_url(url) as response:
            announced = response.headers.get("Content-Length")
            expected_size = int(announced) if announced is not None else None
            received, sha = _copy_stream(response, out, expected_size, progress, url)
        if expected_size is not None and received != expected_size:
            raise IncompleteDownloadError(
                f"download of {url} stopped after {received} of {expected_size} bytes; nothing was cached"
            )
        if digest is not None:
            _verify_digest(url, sha, digest)
        os.replace(tmp, destination)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    # After the rename: a crash in between leaves a file of unknown origin, never a wrong record.
    write_origin(destination, (url,), sha)


def _open_url(url: str) -> Any:
    # The timeout bounds each wait for data, so a stalled server fails instead of hanging.
    return urllib.request.urlopen(url, timeout=_TIMEOUT_SECONDS)  # noqa: S310


def _copy_stream(
    source: BinaryIO, out: BinaryIO, expected_size: int | None, progress: bool, url: str
) -> tuple[int, str]:
    sha = hashlib.sha256()
    received = 0
    show = progress and sys.stderr.isatty()
    while True:
        try:
            chunk = source.read(_CHUNK)
        except Exception as error:  # http.client.IncompleteRead and friends
            raise IncompleteDownloadError(
                f"download of {url} failed after {received} bytes ({error!r}); nothing was cached"
            ) from error
        if not chunk:
            break
        out.write(chunk)
        sha.update(chunk)
        received += len(chunk)
        if show:
            total = f"/{expected_size}" if expected_size else ""
            sys.stderr.write(f"\r{os.path.basename(url)}: {received}{total} bytes")
    if show:
        sys.stderr.write("\n")
    return received, sha.hexdigest()


def _verify_digest(source: str | Path, actual: str, expected: str) -> None:
    if not actual.startswith(expected):
        raise HashMismatchError(
            f"sha256 of {source} is {actual}, expected {'prefix ' if len(expected) < 64 else ''}{expected}"
        )


def _load_or_evict(path: Path, map_location: Any) -> dict[str, Any]:
    """A cached file that does not load is removed, so a retry downloads it again."""
    try:
        return _load(path, map_location)
    except (CorruptCheckpointError, UnsafeCheckpointError):
        forget(path)
        raise


def _blocked_object(error: Exception) -> str:
    """The line of torch's weights_only message that names what was blocked, without colour codes."""
    lines = [_ANSI_CODES.sub("", line).strip() for line in str(error).splitlines()]
    named = [line for line in lines if "Unsupported global" in line or "Unsupported operand" in line]
    return (named or [line for line in lines if line] or ["weights_only=True refused it"])[0]


def _load(path: Path, map_location: Any) -> dict[str, Any]:
    torch = _import_torch()
    try:
        loaded = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as error:
        # torch reports every weights_only failure as UnpicklingError; a byte that is no pickle
        # opcode at all means the file is not a pickle (noise, an HTML error page), not unsafe.
        if "Unsupported operand" in str(error):
            raise CorruptCheckpointError(
                f"{path} is not a torch checkpoint (neither a zip archive nor a pickle)"
            ) from error
        raise UnsafeCheckpointError(
            f"refused to load {path}: it needs a full unpickle, which could run arbitrary code "
            f"({_blocked_object(error)})"
        ) from error
    except (RuntimeError, EOFError, OSError, ValueError) as error:
        detail = "the file is empty" if path.stat().st_size == 0 else f"{type(error).__name__}: {error}"
        raise CorruptCheckpointError(
            f"{path} is not a readable torch checkpoint (truncated or not a checkpoint; {detail})"
        ) from error
    if not isinstance(loaded, Mapping):
        raise CorruptCheckpointError(f"{path} holds a {type(loaded).__name__}, not a state dict")
    return dict(loaded)

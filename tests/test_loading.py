"""`WeightEntry.state_dict()` end to end: real checkpoints written with torch.save, real file://
URLs and a real HTTP server on 127.0.0.1. Nothing in torch or urllib is mocked."""

from __future__ import annotations

import hashlib
import http.server
import os
import pathlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from pathlib import Path

import pytest

pytest.importorskip("torch")  # weightlink's torch extra is optional

import torch  # noqa: E402
from weightlink import (  # noqa: E402
    CorruptCheckpointError,
    HashMismatchError,
    IncompleteDownloadError,
    UnsafeCheckpointError,
    WeightEntry,
    WeightsLoadError,
)


class TouchOnUnpickle:
    """Unpickling this runs ``Path.touch(marker)``: a stand-in for arbitrary code in a checkpoint."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[Path]]:
        return (pathlib.Path.touch, (self.marker,))


# --------------------------------------------------------------------------- helpers / fixtures


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_same_tensors(loaded: dict[str, Any], expected: dict[str, torch.Tensor]) -> None:
    assert loaded.keys() == expected.keys()
    for key, tensor in expected.items():
        assert torch.equal(loaded[key], tensor), key


@pytest.fixture
def weights() -> dict[str, torch.Tensor]:
    torch.manual_seed(0)
    return dict(torch.nn.Linear(3, 2).state_dict())


@pytest.fixture
def source_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "source"
    directory.mkdir()
    return directory


@pytest.fixture
def checkpoint(source_dir: Path, weights: dict[str, torch.Tensor]) -> Path:
    path = source_dir / "linear.pth"
    torch.save(weights, path)
    return path


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    # Not created up front: the loader must create it when it downloads.
    return tmp_path / "cache"


def cache_files(cache: Path) -> list[str]:
    """Everything in the cache dir, hidden ``.part`` temp files included, except the per-name lock
    files, which stay by design (deleting a lock file would race with a process waiting on it)."""
    return sorted(p.name for p in cache.iterdir() if not p.name.endswith(".lock")) if cache.exists() else []


@pytest.fixture
def empty_hub_dir(tmp_path: Path) -> Iterator[Path]:
    # torch.hub.set_dir is process-global: restore it so other tests see the usual cache.
    # (conftest's hub_dir pre-fills the cache with tinyzoo files; this one starts empty.)
    previous = torch.hub.get_dir()
    directory = tmp_path / "hub"
    torch.hub.set_dir(os.fspath(directory))
    try:
        yield directory
    finally:
        torch.hub.set_dir(previous)


@pytest.fixture
def socket_timeout() -> Iterator[None]:
    # urlopen is called without a timeout; bound it so a misbehaving test cannot hang the run.
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(5)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.files[name]`` at ``/<mode>/<name>``; HTTP/1.0, so closing ends the body.

    modes: ``full`` (correct Content-Length), ``short`` (announces the full length, sends half),
    ``nolength`` (no Content-Length, sends half), ``slow`` (the full file in 20 parts, 50 ms apart).
    Every request's path is appended to ``server.requests``.
    """

    timeout = 5  # per-connection socket timeout on the server side

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        _, mode, name = self.path.split("/", 2)
        data: bytes = self.server.files[name]  # type: ignore[attr-defined]
        self.send_response(200)
        if mode in ("full", "short", "slow"):
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if mode == "slow":
            step = len(data) // 20 + 1
            for start in range(0, len(data), step):
                self.wfile.write(data[start : start + step])
                self.wfile.flush()
                time.sleep(0.05)
        else:
            self.wfile.write(data if mode == "full" else data[: len(data) // 2])
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass


class Server:
    def __init__(self, httpd: http.server.HTTPServer) -> None:
        self.httpd = httpd
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        httpd.files = self.files  # type: ignore[attr-defined]
        httpd.requests = self.requests  # type: ignore[attr-defined]

    def url(self, mode: str, path: Path, folder: str = "") -> str:
        """Serve the bytes of ``path`` and return its URL, which ends in ``[folder/]path.name``."""
        name = f"{folder}/{path.name}" if folder else path.name
        self.files[name] = path.read_bytes()
        return f"http://127.0.0.1:{self.httpd.server_port}/{mode}/{name}"


@pytest.fixture
def server(socket_timeout: None) -> Iterator[Server]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Server(httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- 1. where files go


def test_file_url_is_read_in_place(checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]) -> None:
    loaded = WeightEntry(checkpoint.as_uri()).state_dict(model_dir=cache)

    assert_same_tensors(loaded, weights)
    assert not cache.exists()  # nothing copied, so nothing can go stale
    assert sorted(p.name for p in checkpoint.parent.iterdir()) == ["linear.pth"]


def test_file_url_reads_the_current_file(
    checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    # A file:// URL whose file changed loads the new file, not an earlier copy.
    entry = WeightEntry(checkpoint.as_uri())
    entry.state_dict(model_dir=cache)
    newer = {key: tensor + 1 for key, tensor in weights.items()}
    torch.save(newer, checkpoint)

    assert_same_tensors(entry.state_dict(model_dir=cache), newer)


def test_file_url_with_a_host_is_refused(checkpoint: Path) -> None:
    with pytest.raises(ValueError, match="names the host 'fileserver'"):
        WeightEntry(f"file://fileserver{checkpoint}").state_dict()


def test_file_url_with_escaped_characters(source_dir: Path, weights: dict[str, torch.Tensor]) -> None:
    path = source_dir / "my weights #1.pth"
    torch.save(weights, path)
    assert "%20" in path.as_uri()

    assert_same_tensors(WeightEntry(path.as_uri()).state_dict(), weights)


@pytest.mark.parametrize("as_type", [str, Path], ids=["str", "Path"])
def test_local_path_is_read_in_place(
    as_type: Callable[[Path], str | Path],
    checkpoint: Path,
    cache: Path,
    weights: dict[str, torch.Tensor],
) -> None:
    # Paths are not URLs: the file is read where it is, model_dir plays no part.
    entry = WeightEntry(as_type(checkpoint))  # type: ignore[arg-type]
    assert entry.url == os.fspath(checkpoint)

    loaded = entry.state_dict(model_dir=cache)

    assert_same_tensors(loaded, weights)
    assert not cache.exists()
    assert sorted(p.name for p in checkpoint.parent.iterdir()) == ["linear.pth"]


def test_default_cache_is_torch_hub_checkpoints(
    server: Server, checkpoint: Path, empty_hub_dir: Path, weights: dict[str, torch.Tensor]
) -> None:
    loaded = WeightEntry(server.url("full", checkpoint)).state_dict()

    assert_same_tensors(loaded, weights)
    assert cache_files(empty_hub_dir / "checkpoints") == ["linear.pth", "linear.pth.origin"]


def test_cached_file_is_reused_when_source_is_gone(
    server: Server, checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    entry = WeightEntry(server.url("full", checkpoint))
    entry.state_dict(model_dir=cache)
    server.files.clear()  # the server would now fail every request

    assert_same_tensors(entry.state_dict(model_dir=cache), weights)
    assert len(server.requests) == 1


# --------------------------------------------------------------------------- 2. hashes


def test_full_sha256_verified(checkpoint: Path, cache: Path) -> None:
    entry = WeightEntry(checkpoint.as_uri(), sha256=sha256_of(checkpoint))
    assert set(entry.state_dict(model_dir=cache)) == {"weight", "bias"}


def test_sha256_prefix_of_8_hex_digits_verified(checkpoint: Path, cache: Path) -> None:
    entry = WeightEntry(checkpoint.as_uri(), sha256=sha256_of(checkpoint)[:8])
    assert set(entry.state_dict(model_dir=cache)) == {"weight", "bias"}


def test_torch_hub_filename_hash_loads(server: Server, checkpoint: Path, cache: Path) -> None:
    named = checkpoint.with_name(f"linear-{sha256_of(checkpoint)[:10]}.pth")
    checkpoint.rename(named)

    assert set(WeightEntry(server.url("full", named)).state_dict(model_dir=cache)) == {"weight", "bias"}
    assert cache_files(cache) == [named.name, named.name + ".origin"]


@pytest.mark.parametrize("as_uri", [False, True], ids=["path", "file-url"])
def test_torch_hub_filename_hash_is_actually_checked(as_uri: bool, checkpoint: Path) -> None:
    # Same convention with a wrong prefix: proves the name is used for verification, not ignored.
    named = checkpoint.with_name("linear-0123456789.pth")
    checkpoint.rename(named)

    with pytest.raises(HashMismatchError, match="0123456789"):
        WeightEntry(named.as_uri() if as_uri else str(named)).state_dict()


def test_wrong_sha256_for_url_fails_and_caches_nothing(server: Server, checkpoint: Path, cache: Path) -> None:
    url = server.url("full", checkpoint)
    wrong = "0" * 64

    with pytest.raises(HashMismatchError) as caught:
        WeightEntry(url, sha256=wrong).state_dict(model_dir=cache)

    message = str(caught.value)
    assert url in message
    assert sha256_of(checkpoint) in message
    assert wrong in message
    assert cache_files(cache) == []  # neither linear.pth nor a leftover .part file


def test_wrong_sha256_for_file_url_names_the_url_and_keeps_the_file(checkpoint: Path) -> None:
    # The URL must survive intact in the message (not be mangled into "file:/...").
    url = checkpoint.as_uri()

    with pytest.raises(HashMismatchError) as caught:
        WeightEntry(url, sha256="0" * 64).state_dict()

    assert url in str(caught.value)
    assert checkpoint.is_file()


def test_wrong_sha256_for_local_path_fails_and_keeps_the_file(checkpoint: Path) -> None:
    with pytest.raises(HashMismatchError, match=str(checkpoint)):
        WeightEntry(str(checkpoint), sha256="f" * 64).state_dict()
    assert checkpoint.is_file()  # a local file is the user's, never deleted


@pytest.mark.parametrize("as_uri", [False, True], ids=["path", "file-url"])
def test_check_hash_false_skips_verification(as_uri: bool, checkpoint: Path) -> None:
    entry = WeightEntry(checkpoint.as_uri() if as_uri else str(checkpoint), sha256="0" * 64)
    assert set(entry.state_dict(check_hash=False)) == {"weight", "bias"}


@pytest.mark.parametrize("digest", ["xyz", "abc", "abcdefg", "g" * 64, "0" * 65])
def test_invalid_sha256_rejected(digest: str) -> None:
    with pytest.raises(ValueError, match="sha256"):
        WeightEntry("weights.pth", sha256=digest)


# --------------------------------------------------------------------------- 3. HTTP downloads


def test_http_download_loads(
    server: Server, checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    url = server.url("full", checkpoint)
    checkpoint.unlink()  # only the server has the bytes now

    assert_same_tensors(WeightEntry(url).state_dict(model_dir=cache), weights)
    assert cache_files(cache) == ["linear.pth", "linear.pth.origin"]


def test_http_body_shorter_than_content_length_is_incomplete(
    server: Server, checkpoint: Path, cache: Path
) -> None:
    url = server.url("short", checkpoint)

    with pytest.raises(IncompleteDownloadError, match="linear.pth"):
        WeightEntry(url).state_dict(model_dir=cache)
    assert cache_files(cache) == []


def test_http_truncated_body_without_content_length_is_corrupt_and_evicted(
    server: Server, checkpoint: Path, cache: Path
) -> None:
    # Without Content-Length a short body cannot be detected while downloading; loading catches it
    # and the broken file is evicted, so the next call downloads again.
    url = server.url("nolength", checkpoint)

    with pytest.raises(CorruptCheckpointError) as caught:
        WeightEntry(url).state_dict(model_dir=cache)

    assert isinstance(caught.value, WeightsLoadError)
    assert cache_files(cache) == []


# --------------------------------------------------------------------------- 4. unsafe / corrupt


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "pwned"


@pytest.fixture
def malicious(source_dir: Path, marker: Path) -> Path:
    path = source_dir / "evil.pth"
    torch.save({"weight": TouchOnUnpickle(marker)}, path)
    return path


def test_malicious_payload_really_runs_code_under_a_full_unpickle(
    malicious: Path, marker: Path
) -> None:
    # Guards the tests below against passing vacuously: the payload is live.
    torch.load(malicious, weights_only=False)
    assert marker.exists()


def test_malicious_local_checkpoint_is_refused(malicious: Path, marker: Path) -> None:
    with pytest.raises(UnsafeCheckpointError, match="evil.pth"):
        WeightEntry(str(malicious)).state_dict()
    assert not marker.exists()
    assert malicious.is_file()


def test_malicious_downloaded_checkpoint_is_refused_and_evicted(
    server: Server, malicious: Path, marker: Path, cache: Path
) -> None:
    with pytest.raises(UnsafeCheckpointError):
        WeightEntry(server.url("full", malicious)).state_dict(model_dir=cache)
    assert not marker.exists()
    assert cache_files(cache) == []  # the file and its origin record


def test_malicious_file_url_is_refused_and_kept(malicious: Path, marker: Path) -> None:
    with pytest.raises(UnsafeCheckpointError, match="evil.pth"):
        WeightEntry(malicious.as_uri()).state_dict()
    assert not marker.exists()
    assert malicious.is_file()  # the user's file, not a cache entry


def test_random_bytes_are_corrupt_not_unsafe(source_dir: Path) -> None:
    path = source_dir / "noise.pth"
    path.write_bytes(bytes(range(256)) * 4)  # deterministic, and not a pickle or zip

    with pytest.raises(CorruptCheckpointError, match="noise.pth"):
        WeightEntry(str(path)).state_dict()


def test_random_bytes_downloaded_are_corrupt_and_evicted(server: Server, source_dir: Path, cache: Path) -> None:
    path = source_dir / "noise.pth"
    path.write_bytes(b"<html>404 not found</html>" * 10)  # what a misconfigured mirror serves

    with pytest.raises(CorruptCheckpointError):
        WeightEntry(server.url("full", path)).state_dict(model_dir=cache)
    assert cache_files(cache) == []


def test_checkpoint_holding_a_tensor_is_not_a_state_dict(source_dir: Path) -> None:
    path = source_dir / "tensor.pth"
    torch.save(torch.zeros(2, 3), path)

    with pytest.raises(CorruptCheckpointError, match="Tensor"):
        WeightEntry(str(path)).state_dict()


# --------------------------------------------------------------------------- 5. missing files


def test_missing_local_path_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "missing.pth"

    with pytest.raises(FileNotFoundError, match=str(missing)):
        WeightEntry(str(missing)).state_dict()


def test_missing_file_url_is_file_not_found_and_caches_nothing(tmp_path: Path, cache: Path) -> None:
    url = (tmp_path / "missing.pth").as_uri()

    with pytest.raises(FileNotFoundError) as caught:
        WeightEntry(url).state_dict(model_dir=cache)

    assert str(caught.value) == f"weights file not found: {url}"
    assert not cache.exists()

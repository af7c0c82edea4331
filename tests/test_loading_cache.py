"""The download cache never serves one URL's file for another: same-named files through file://
and through a real HTTP server on 127.0.0.1, files of unknown origin (as torchvision leaves them),
and two real processes loading the same entry at once. Nothing in torch or urllib is mocked."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import queue
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")

import torch  # noqa: E402
from test_loading import (  # noqa: E402,F401 (fixtures are used by name)
    Server,
    assert_same_tensors,
    cache,
    cache_files,
    checkpoint,
    server,
    sha256_of,
    socket_timeout,
    source_dir,
    weights,
)
from weightlink import HashMismatchError, WeightEntry  # noqa: E402
from weightlink._cache import alternate_path, record_origin  # noqa: E402


def save(path: Path, seed: int) -> dict[str, torch.Tensor]:
    """Write a distinct small state dict to ``path`` (creating its folder) and return it."""
    torch.manual_seed(seed)
    state = dict(torch.nn.Linear(3, 2).state_dict())
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(state, path)
    return state


def origin_of(path: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(path.with_name(path.name + ".origin").read_text())
    return record


@pytest.fixture
def two_same_named(tmp_path: Path) -> tuple[Path, dict[str, torch.Tensor], Path, dict[str, torch.Tensor]]:
    a, b = tmp_path / "a" / "shared-name.pth", tmp_path / "b" / "shared-name.pth"
    return a, save(a, seed=1), b, save(b, seed=2)


# --------------------------------------------------------------------------- same file name, two URLs


def test_same_named_file_urls_each_load_their_own_file(
    two_same_named: tuple[Path, dict[str, torch.Tensor], Path, dict[str, torch.Tensor]], cache: Path
) -> None:
    a, a_weights, b, b_weights = two_same_named

    assert_same_tensors(WeightEntry(a.as_uri()).state_dict(model_dir=cache), a_weights)
    assert_same_tensors(WeightEntry(b.as_uri()).state_dict(model_dir=cache), b_weights)
    assert not cache.exists()  # read in place


def test_same_named_http_urls_each_load_their_own_file(
    two_same_named: tuple[Path, dict[str, torch.Tensor], Path, dict[str, torch.Tensor]],
    server: Server,
    cache: Path,
) -> None:
    a, a_weights, b, b_weights = two_same_named
    url_a, url_b = server.url("full", a, folder="a"), server.url("full", b, folder="b")
    assert url_a.rsplit("/", 1)[1] == url_b.rsplit("/", 1)[1] == "shared-name.pth"

    for _ in range(2):  # the second round comes from the cache: no more requests
        assert_same_tensors(WeightEntry(url_a).state_dict(model_dir=cache), a_weights)
        assert_same_tensors(WeightEntry(url_b).state_dict(model_dir=cache), b_weights)

    assert len(server.requests) == 2
    # torch.hub's name stays with the first URL; the second gets a folder of its own.
    assert origin_of(cache / "shared-name.pth")["urls"] == [url_a]
    other = alternate_path(cache, url_b, "shared-name.pth")
    assert other.read_bytes() == b.read_bytes()
    assert origin_of(other)["urls"] == [url_b]


# --------------------------------------------------------------------------- files of unknown or other origin


def test_file_torchvision_downloaded_is_reused_when_its_digest_matches(
    server: Server, checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    # torch.hub saved it under the URL's hash-suffixed name and wrote no origin record.
    name = f"linear-{sha256_of(checkpoint)[:8]}.pth"
    url = server.url("full", checkpoint.rename(checkpoint.with_name(name)))
    (cache / name).parent.mkdir()
    (cache / name).write_bytes(server.files[name])

    assert_same_tensors(WeightEntry(url).state_dict(model_dir=cache), weights)

    assert server.requests == []
    assert origin_of(cache / name)["urls"] == [url]  # recorded, so the next load does not hash it


def test_unknown_file_failing_the_digest_is_left_alone(
    server: Server, checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    url = server.url("full", checkpoint)
    stranger = save(cache / "linear.pth", seed=7)  # another source's linear.pth, no record

    loaded = WeightEntry(url, sha256=sha256_of(checkpoint)).state_dict(model_dir=cache)

    assert_same_tensors(loaded, weights)
    assert len(server.requests) == 1
    assert_same_tensors(torch.load(cache / "linear.pth"), stranger)  # untouched for its owner
    assert alternate_path(cache, url, "linear.pth").read_bytes() == checkpoint.read_bytes()


def test_unknown_file_without_a_digest_is_not_trusted(
    server: Server, checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    url = server.url("full", checkpoint)
    save(cache / "linear.pth", seed=7)

    assert_same_tensors(WeightEntry(url).state_dict(model_dir=cache), weights)
    assert len(server.requests) == 1
    assert cache_files(cache) == ["by-url", "linear.pth"]  # no record claims the stranger for this URL


def test_unreadable_origin_record_counts_as_unknown(
    server: Server, checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    url = server.url("full", checkpoint)
    save(cache / "linear.pth", seed=7)
    (cache / "linear.pth.origin").write_text("{not json")

    assert_same_tensors(WeightEntry(url).state_dict(model_dir=cache), weights)
    assert len(server.requests) == 1


def test_file_recorded_for_another_url_is_reused_when_the_digest_matches(
    server: Server, checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    mirror, url = server.url("full", checkpoint, folder="mirror"), server.url("full", checkpoint)
    WeightEntry(mirror).state_dict(model_dir=cache)

    loaded = WeightEntry(url, sha256=sha256_of(checkpoint)).state_dict(model_dir=cache)

    assert_same_tensors(loaded, weights)
    assert len(server.requests) == 1  # only the mirror's download
    assert origin_of(cache / "linear.pth")["urls"] == [mirror, url]


def test_file_replaced_under_the_same_name_and_size_is_not_served(
    server: Server, checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    # This URL's file was deleted by hand, its record was left behind, and torch.hub then saved
    # another URL's weights under the name: same architecture, so the very same size.
    url = server.url("full", checkpoint)
    WeightEntry(url).state_dict(model_dir=cache)
    (cache / "linear.pth").unlink()
    time.sleep(0.01)  # a later modification time, even on coarse clocks' fast machines
    other = save(cache / "linear.pth", seed=7)
    assert (cache / "linear.pth").stat().st_size == checkpoint.stat().st_size

    assert_same_tensors(WeightEntry(url).state_dict(model_dir=cache), weights)
    assert len(server.requests) == 2
    assert_same_tensors(torch.load(cache / "linear.pth"), other)  # left for its owner
    assert alternate_path(cache, url, "linear.pth").read_bytes() == checkpoint.read_bytes()


def test_new_digest_for_a_cached_url_downloads_and_verifies(
    server: Server, checkpoint: Path, cache: Path
) -> None:
    url = server.url("full", checkpoint)
    WeightEntry(url).state_dict(model_dir=cache)
    newer = save(checkpoint, seed=3)  # the URL now serves other bytes, which the entry pins
    server.url("full", checkpoint)

    assert_same_tensors(WeightEntry(url, sha256=sha256_of(checkpoint)).state_dict(model_dir=cache), newer)
    with pytest.raises(HashMismatchError):  # and a digest nothing matches is refused, not served
        WeightEntry(url, sha256="0" * 64).state_dict(model_dir=cache)


def test_record_origin_lets_a_placed_file_serve_its_url(
    checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    url = "https://weights.invalid/linear.pth"  # never contacted
    cache.mkdir()
    placed = cache / "linear.pth"
    placed.write_bytes(checkpoint.read_bytes())
    record_origin(placed, url)

    assert_same_tensors(WeightEntry(url).state_dict(model_dir=cache), weights)
    stat = placed.stat()
    assert origin_of(placed) == {"urls": [url], "sha256": sha256_of(placed), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


# --------------------------------------------------------------------------- two processes at once


def load_in_process(url: str, cache: str, start: Any, results: Any) -> None:
    """Runs in a spawned process: wait for the other process, then load the entry."""
    start.wait(timeout=60)
    try:
        # Plain lists: torch would send tensors through shared memory owned by this process.
        results.put({key: value.tolist() for key, value in WeightEntry(url).state_dict(model_dir=cache).items()})
    except Exception as error:  # reported to the test, which fails with it
        results.put(f"{type(error).__name__}: {error}")


def test_two_processes_loading_at_once_share_one_complete_download(
    server: Server, checkpoint: Path, cache: Path, weights: dict[str, torch.Tensor]
) -> None:
    # No digest: only the lock keeps the second process from taking the first one's file for a
    # stranger's (renamed into place, not yet recorded) and downloading a second copy.
    url = server.url("slow", checkpoint)  # about 1 s per download
    size = checkpoint.stat().st_size
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=load_in_process, args=(url, str(cache), start, results)) for _ in range(2)]
    for worker in workers:
        worker.start()

    loaded, partial_sightings = [], 0
    deadline = time.monotonic() + 120
    while len(loaded) < 2 and time.monotonic() < deadline:
        target = cache / "linear.pth"
        if target.exists() and target.stat().st_size != size:  # the final name only ever holds whole files
            partial_sightings += 1
        try:
            loaded.append(results.get(timeout=0.005))
        except queue.Empty:
            pass
    for worker in workers:
        worker.join(timeout=30)

    assert len(loaded) == 2, "a worker did not finish"
    for state in loaded:
        assert not isinstance(state, str), state
        assert_same_tensors({key: torch.tensor(value) for key, value in state.items()}, weights)
    assert partial_sightings == 0
    assert len(server.requests) == 1  # the second process waited, then used the first one's file
    assert cache_files(cache) == ["linear.pth", "linear.pth.origin"]  # no by-url copy, no .part left
    assert hashlib.sha256((cache / "linear.pth").read_bytes()).hexdigest() == origin_of(cache / "linear.pth")["sha256"]

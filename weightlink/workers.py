"""Running one function over many files on every core: the checker's and the codemod's runs.

Two ways. `map_in_order` for work that cannot crash the interpreter (the stdlib parser): small runs
stay in this process, larger ones go to a pool of forked workers that inherit what the parent loaded
(catalogs, settings). `run_isolated` for work that can (LibCST's native parser may crash or hang on a
hostile file): each item in a forked child of its own, so a crash or a timeout costs that item,
never the run. Workers of either kind die with their parent, and a child that outlives its budget is
killed.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import selectors
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Fewer files than this are handled here: a worker pool costs tens of milliseconds to start.
PARALLEL_FROM = 48
_PR_SET_PDEATHSIG = 1


# The parsers allocate millions of short-lived objects, and Python's cyclic collector would scan them
# again and again (a third of the checker's time on real code, and quadratic time on one large file).
# It runs every few hundred files instead, for the few cycles a file's scopes leave behind.
_COLLECT_EVERY = 200
_handled_here = 0


@contextmanager
def few_collections() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collect_now_and_then() -> None:
    """Call once per file handled under `few_collections`."""
    global _handled_here
    _handled_here += 1
    if _handled_here % _COLLECT_EVERY == 0:
        gc.collect()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def die_with_parent() -> None:
    """In a forked worker: the kernel kills it when its parent dies, whatever kills the parent
    (SIGKILL included), so no orphan goes on writing files. Linux only; elsewhere a no-op."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def map_in_order(function: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """``function`` over ``items``, results in order. ``function`` must be a module-level function;
    with fork, the workers see the module state the parent set up before the call."""
    if jobs <= 1 or len(items) < PARALLEL_FROM or not hasattr(os, "fork"):
        yield from map(function, items)
        return
    import multiprocessing  # here: a run that stays in one process never pays for importing it
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    chunk = max(1, min(64, len(items) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=die_with_parent) as pool:
        yield from pool.map(function, items, chunksize=chunk)


@dataclass(frozen=True)
class Isolated(Generic[R]):
    """What became of one item: its result, or why there is none."""

    index: int
    result: R | None = None
    failure: str | None = None  # "crashed (signal 11)", "took longer than 60 s", "raised ..."


def run_isolated(
    function: Callable[[T], R], items: Sequence[T], jobs: int, timeout: float
) -> Iterator[Isolated[R]]:
    """``function(item)`` in a forked child per item, at most ``jobs`` at a time; results as they
    come (each with its item's index). Where fork is missing, in this process, unprotected."""
    if not hasattr(os, "fork"):
        for index, item in enumerate(items):
            yield Isolated(index, function(item))
        return
    pending = list(enumerate(items))
    running: dict[int, _Child] = {}  # read end of the result pipe -> child
    selector = selectors.DefaultSelector()
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                index, item = pending.pop(0)
                child = _Child.start(index, function, item)
                running[child.fd] = child
                selector.register(child.fd, selectors.EVENT_READ)
            now = time.monotonic()
            deadline = min(child.started for child in running.values()) + timeout
            for key, _ in selector.select(max(0.0, deadline - now)):
                child = running[key.fd]
                if child.read():
                    selector.unregister(key.fd)
                    del running[key.fd]
                    yield child.finish()
            for fd, child in list(running.items()):
                if time.monotonic() - child.started > timeout:
                    selector.unregister(fd)
                    del running[fd]
                    yield child.kill(f"took longer than {timeout:g} s; stopped")
    finally:
        for child in running.values():
            child.kill("stopped")
        selector.close()


@dataclass
class _Child:
    index: int
    pid: int
    fd: int
    started: float
    data: bytearray

    @staticmethod
    def start(index: int, function: Callable[[T], R], item: T) -> _Child:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, send the pickled outcome, leave without cleanup handlers
            os.close(read_end)
            die_with_parent()
            try:
                payload = pickle.dumps((True, function(item)))
            except BaseException as error:  # noqa: BLE001  (anything at all becomes this item's failure)
                payload = pickle.dumps((False, f"raised {type(error).__name__}: {error}"))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            os._exit(0)
        os.close(write_end)
        return _Child(index, pid, read_end, time.monotonic(), bytearray())

    def read(self) -> bool:
        """Read what is there; True at the end of the output."""
        chunk = os.read(self.fd, 1 << 16)
        self.data += chunk
        return not chunk

    def finish(self) -> Isolated[R]:
        os.close(self.fd)
        _, status = os.waitpid(self.pid, 0)
        if os.WIFSIGNALED(status):
            return Isolated(self.index, failure=f"crashed the parser (signal {os.WTERMSIG(status)})")
        try:
            ok, value = pickle.loads(bytes(self.data))
        except Exception:  # noqa: BLE001  (a child that died before writing)
            return Isolated(self.index, failure=f"its worker exited without a result (status {status})")
        return Isolated(self.index, value) if ok else Isolated(self.index, failure=str(value))

    def kill(self, why: str) -> Isolated[R]:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        return Isolated(self.index, failure=why)

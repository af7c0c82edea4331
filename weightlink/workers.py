"""Running one function over many files on every core: the checker's and the codemod's runs.

Small runs stay in this process (starting workers costs more than it saves). Larger ones go to a
pool of forked workers, which inherit what the parent loaded (catalogs, settings) instead of loading
it again; results come back in the order of the files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Fewer files than this are handled here: a worker pool costs tens of milliseconds to start.
PARALLEL_FROM = 48


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


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
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(function, items, chunksize=chunk)

"""Chunks of single-node LPs, solved in this process or in worker processes.

A chunk is (kind, horizon, node indices): "tts" (horizon ignored) or "pi". Each worker gets
the LpModel once (initializer) and keeps its own warm HiGHS models across chunks.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass

import numpy as np

from rePlanner.domain.progress import Progress, check
from rePlanner.engine.lp import LpModel
from rePlanner.engine.network import FloatArray
from rePlanner.engine.solve import Engine, tts_value

Chunk = tuple[str, float, list[int]]


@dataclass
class ChunkResult:
    kind: str
    horizon: float
    nodes: list[int]
    values: FloatArray  # tts or lost profit per node
    statuses: list[str]
    lost: FloatArray | None  # PI: lost volume per (node, product)


_ENGINE: Engine | None = None


def _init(model: LpModel, warm: bool) -> None:
    global _ENGINE
    _ENGINE = Engine(model, warm=warm)


def solve_chunk(engine: Engine, chunk: Chunk) -> ChunkResult:
    kind, horizon, nodes = chunk
    values = np.empty(len(nodes))
    statuses: list[str] = []
    m = engine.model
    lost = np.zeros((len(nodes), len(m.products))) if kind == "pi" else None
    for k, j in enumerate(nodes):
        if kind == "tts":
            sol = engine.solve_tts([j])
            values[k] = tts_value(sol)
        else:
            sol = engine.solve_pi([j], horizon)
            values[k] = max(0.0, sol.objective) if sol.status == "optimal" else np.nan
            if lost is not None and sol.x is not None:
                lost[k] = sol.x[m.n + m.m :]
        statuses.append(sol.status)
    return ChunkResult(kind, horizon, nodes, values, statuses, lost)


def _worker(chunk: Chunk) -> ChunkResult:
    assert _ENGINE is not None
    return solve_chunk(_ENGINE, chunk)


def make_chunks(kind: str, horizon: float, nodes: list[int], size: int) -> list[Chunk]:
    return [(kind, horizon, nodes[i : i + size]) for i in range(0, len(nodes), size)]


def run_chunks(
    engine: Engine, chunks: list[Chunk], workers: int, progress: Progress
) -> Iterator[ChunkResult]:
    """Yield results chunk by chunk (any order); Cancelled between chunks."""
    total = sum(len(c[2]) for c in chunks)
    done = 0
    progress.update(0, total, "stress test")
    if workers <= 1:
        for chunk in chunks:
            check(progress, "the stress test")
            res = solve_chunk(engine, chunk)
            done += len(res.nodes)
            progress.update(done, total, "stress test")
            yield res
        return
    yield from _run_pool(engine, chunks, workers, progress, total)


def _context() -> mp.context.BaseContext:
    # fork is cheap and safe while this process has a single thread; otherwise (a GUI worker
    # thread, say) spawn, which re-imports NumPy/SciPy in each worker
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _run_pool(
    engine: Engine, chunks: list[Chunk], workers: int, progress: Progress, total: int
) -> Iterator[ChunkResult]:
    done = 0
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_init,
        initargs=(engine.model, engine.warm),
    )
    try:
        pending = {pool.submit(_worker, c) for c in chunks}
        while pending:
            finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            check(progress, "the stress test")
            for fut in finished:
                res = fut.result()
                done += len(res.nodes)
                progress.update(done, total, "stress test")
                yield res
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

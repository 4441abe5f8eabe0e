"""Monte Carlo over what is uncertain: licence delay, denial share, quota cut.

Draws are made up front from `numpy.random.default_rng(seed)` in a fixed order (delay, then
denial, then cut, N each), so the same seed gives the same numbers whatever the worker count.
Chunks of draws are fixed by the draws alone (by index, or grouped by quota cut: see
engine/montecarlo_model.py); each chunk is evaluated on its own fresh engines, so a chunk's
numbers do not depend on which process ran it.
Per line: P(shutdown) = share of draws with shutdown days > 0; P50/P90 and mean of lost
vehicles and lost margin (draws with an open-ended TTR have no loss figure and are left out).
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import numpy as np

from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.engine.network import FloatArray

CHUNK_DRAWS = 50  # fixed chunk size: results never depend on the number of workers
PARALLEL_MIN_DRAWS = 200  # below this a worker pool costs more than it saves


@dataclass(frozen=True)
class Dist:
    """kind: "fixed" (a), "uniform" (a..b), "triangular" (a, mode c, b), "beta" (alpha c, beta d
    scaled onto a..b)."""

    kind: str
    a: float
    b: float = math.nan
    c: float = math.nan
    d: float = math.nan

    def __post_init__(self) -> None:
        if self.kind not in ("fixed", "uniform", "triangular", "beta"):
            raise ValueError(f"unknown distribution {self.kind!r}")
        if self.kind != "fixed" and not self.a <= self.b:
            raise ValueError(f"{self.kind}: low {self.a} must not exceed high {self.b}")
        if self.kind == "triangular" and not self.a <= self.c <= self.b:
            raise ValueError(f"triangular: mode {self.c} must lie in {self.a}..{self.b}")

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        if self.kind == "fixed" or (self.kind != "beta" and self.a == self.b):
            rng.random(n)  # keep the stream position the same whatever the kind
            return np.full(n, float(self.a))
        if self.kind == "uniform":
            return rng.uniform(self.a, self.b, n)
        if self.kind == "triangular":
            return rng.triangular(self.a, self.c, self.b, n)
        return self.a + (self.b - self.a) * rng.beta(self.c, self.d, n)

    def as_dict(self) -> dict[str, float | str]:
        names = {
            "fixed": ("value",),
            "uniform": ("low", "high"),
            "triangular": ("low", "high", "mode"),
            "beta": ("low", "high", "alpha", "beta"),
        }
        values = (self.a, self.b, self.c, self.d)
        return {"kind": self.kind, **dict(zip(names[self.kind], values, strict=False))}


@dataclass(frozen=True)
class McSpec:
    licence_delay: Dist  # working days per licence
    denial_share: Dist  # 0..1
    quota_cut: Dist  # 0..1


@dataclass(frozen=True)
class Draws:
    licence_delay: FloatArray
    denial_share: FloatArray
    quota_cut: FloatArray

    def __len__(self) -> int:
        return len(self.licence_delay)


def make_draws(spec: McSpec, n: int, seed: int) -> Draws:
    if n < 1:
        raise ValueError("give at least one draw")
    rng = np.random.default_rng(seed)
    delay = np.clip(spec.licence_delay.sample(rng, n), 0.0, None)
    denial = np.clip(spec.denial_share.sample(rng, n), 0.0, 1.0)
    cut = np.clip(spec.quota_cut.sample(rng, n), 0.0, 1.0)
    return Draws(delay, denial, cut)


@dataclass
class DrawResults:
    """Per draw (rows) x line (columns)."""

    lines: list[str]
    shutdown_days: FloatArray
    lost_vehicles: FloatArray
    lost_margin: FloatArray


@dataclass(frozen=True)
class LineStats:
    line: str
    p_shutdown: float
    lost_vehicles_p50: float
    lost_vehicles_p90: float
    lost_vehicles_mean: float
    lost_margin_p50: float
    lost_margin_p90: float
    lost_margin_mean: float
    open_ended_draws: int = 0  # draws without a finite loss (open-ended TTR)


@dataclass
class McResult:
    draws: int
    seed: int
    workers: int
    lines: list[LineStats] = field(default_factory=list)
    per_draw: DrawResults | None = None


def summarise(res: DrawResults) -> list[LineStats]:
    out = []
    for k, line in enumerate(res.lines):
        short = res.shutdown_days[:, k]
        veh, mar = res.lost_vehicles[:, k], res.lost_margin[:, k]
        ok = np.isfinite(veh)
        out.append(LineStats(line, float(np.mean(short > 1e-9)), *_stats(veh[ok]),
                             *_stats(mar[ok]), open_ended_draws=int((~ok).sum())))  # fmt: skip
    return out


def _stats(x: FloatArray) -> tuple[float, float, float]:
    if not x.size:
        return math.nan, math.nan, math.nan
    p50, p90 = np.percentile(x, [50, 90])
    return float(p50), float(p90), float(np.mean(x))


# ---- running chunks of draws -------------------------------------------------------------
ChunkFn = Callable[[Draws, np.ndarray], FloatArray]  # -> (len(idx), 3, lines)
_FN: ChunkFn | None = None
_DRAWS: Draws | None = None


def run_draws(
    fn: ChunkFn,
    lines: list[str],
    draws: Draws,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    chunks: list[np.ndarray] | None = None,
) -> tuple[DrawResults, int]:
    """Evaluate every draw with `fn(draws, indices)`; returns results and the workers used.

    `chunks` (index arrays covering every draw once, fixed by the draws alone) default to runs
    of CHUNK_DRAWS consecutive indices."""
    progress = progress or NullProgress()
    n = len(draws)
    if chunks is None:
        chunks = [np.arange(i, min(n, i + CHUNK_DRAWS)) for i in range(0, n, CHUNK_DRAWS)]
    out = np.full((n, 3, len(lines)), np.nan)
    workers = _workers(workers, n)
    progress.update(0, n, "Monte Carlo")
    done = 0
    for idx, values in _chunks(fn, draws, chunks, workers, progress):
        out[idx] = values
        done += len(idx)
        progress.update(done, n, "Monte Carlo")
    return DrawResults(lines, out[:, 0], out[:, 1], out[:, 2]), workers


def _workers(requested: int | None, n: int) -> int:
    if requested is not None:
        return max(1, requested)
    return 1 if n < PARALLEL_MIN_DRAWS else max(1, min(os.cpu_count() or 1, 8))


def _chunks(fn, draws, chunks, workers, progress):  # type: ignore[no-untyped-def,unused-ignore]
    if workers <= 1 or len(chunks) <= 1:
        for idx in chunks:
            check(progress, "the Monte Carlo run")
            yield idx, fn(draws, idx)
        return
    global _FN, _DRAWS
    _FN, _DRAWS = fn, draws  # inherited by forked workers: each prepares the network once
    ctx = mp.get_context("fork" if _can_fork() else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(fn, draws))
    try:
        pending = {pool.submit(_worker, idx): idx for idx in chunks}
        while pending:
            finished, _ = wait(set(pending), timeout=0.1, return_when=FIRST_COMPLETED)
            check(progress, "the Monte Carlo run")
            for fut in finished:
                yield pending.pop(fut), fut.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _can_fork() -> bool:
    return "fork" in mp.get_all_start_methods() and threading.active_count() == 1


def _init(fn: ChunkFn, draws: Draws) -> None:
    global _FN, _DRAWS
    _FN, _DRAWS = fn, draws


def _worker(idx: np.ndarray) -> FloatArray:
    assert _FN is not None and _DRAWS is not None
    return _FN(_DRAWS, idx)

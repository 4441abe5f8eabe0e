"""Stress test: disrupt every node alone (as Ford did) and report TTS, PI over its TTR, and risk.

Per node j: tts = TTS({j}) (the model's value; inf when unbounded); no_impact when it is not
below the undisrupted network's TTS (minus a tolerance); lost_profit = PI({j}, ttr_j);
added_lost_profit = that minus PI(no disruption, ttr_j); risk_exposure_index = PI / max PI;
at_risk = tts < ttr and the disruption has an impact (a harmless node is not presented as a
risk even when the network as a whole cannot outlast its TTR).

stress_test_groups disrupts named groups of nodes at once (e.g. every node holding one material):
the same baseline and the same per-record fields, with TTR(group) = the largest known TTR of its
nodes (the group is back when its slowest node is; nan when none has a TTR) and the REI relative
to the largest lost profit over the groups. Every group is an exact LP on the same prebuilt
model: the single-node shortcuts are not proven for sets and are not used.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np

from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.engine import shortcuts
from rePlanner.engine.lp import LpModel
from rePlanner.engine.network import FloatArray, Network
from rePlanner.engine.parallel import ChunkResult, make_chunks, run_chunks
from rePlanner.engine.solve import Engine, PIResult, tts_value

NO_IMPACT_RTOL = 1e-6
PARALLEL_MIN_LPS = 400  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class NodeResult:
    node: str
    ttr_days: float  # nan when unknown
    tts_days: float  # inf when unbounded, nan when the LP failed
    tts_status: str
    no_impact: bool
    lost_profit: float  # PI({j}, ttr_j); nan without a TTR
    baseline_lost_profit: float  # PI(no disruption, ttr_j)
    added_lost_profit: float
    lost_volume: dict[str, float]
    risk_exposure_index: float
    at_risk: bool
    method: str  # "lp", or the shortcut that settled it ("inventory", "witness")


@dataclass
class StressReport:
    baseline_tts: float
    baseline_pi: dict[float, float]
    nodes: list[NodeResult] = field(default_factory=list)
    lps_solved: int = 0
    shortcuts: int = 0
    members: dict[str, list[str]] = field(default_factory=dict)  # groups: node ids per group


@dataclass
class _Acc:
    tts: FloatArray
    tts_status: list[str]
    pi: FloatArray
    lost: dict[int, FloatArray]
    method_tts: list[str]
    method_pi: list[str]


def stress_test(
    network: Network,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    use_shortcuts: bool = True,
    engine: Engine | None = None,
) -> StressReport:
    progress = progress or NullProgress()
    engine = engine or Engine(network)
    model = engine.model
    n = model.n
    base = engine.time_to_survive([])
    t0 = base.tts
    ttr = np.asarray(network.ttr, dtype=float)
    horizons = sorted({float(h) for h in ttr if math.isfinite(h) and h >= 0})
    base_pi = {h: engine.performance_impact([], h) for h in horizons}
    acc = _Acc(np.full(n, np.nan), ["optimal"] * n, np.full(n, np.nan), {}, ["lp"] * n, ["lp"] * n)
    todo_tts = _settle_tts(model, t0, acc, use_shortcuts)
    todo_pi = _settle_pi(engine, ttr, horizons, base_pi, acc, use_shortcuts)
    n_lps = len(todo_tts) + sum(len(v) for v in todo_pi.values())
    workers = _workers(workers, n_lps)
    size = max(8, math.ceil(n_lps / (4 * workers)))
    chunks = make_chunks("tts", 0.0, todo_tts, size)
    for h, nodes in todo_pi.items():
        chunks += make_chunks("pi", h, nodes, size)
    for res in run_chunks(engine, chunks, workers, progress):
        _store(res, acc)
    report = StressReport(t0, {h: r.lost_profit for h, r in base_pi.items()}, lps_solved=n_lps)
    report.shortcuts = 2 * n - n_lps
    report.nodes = _results(network.ids, engine, t0, ttr, report.baseline_pi, acc)
    return report


def _workers(requested: int | None, n_lps: int) -> int:
    if requested is not None:
        return max(1, requested)
    if n_lps < PARALLEL_MIN_LPS:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _settle_tts(model: LpModel, t0: float, acc: _Acc, use: bool) -> list[int]:
    done = np.zeros(model.n, dtype=bool)
    if use and not math.isnan(t0):
        inv = shortcuts.covered_by_inventory(model, t0)
        wit = shortcuts.idle_in_witness_tts(model, t0) & ~inv
        for mask, name in ((inv, "inventory"), (wit, "witness")):
            acc.tts[mask] = t0
            for j in np.flatnonzero(mask):
                acc.method_tts[j] = name
        done = inv | wit
    return [int(j) for j in np.flatnonzero(~done)]


def _settle_pi(
    engine: Engine,
    ttr: FloatArray,
    horizons: list[float],
    base_pi: dict[float, PIResult],
    acc: _Acc,
    use: bool,
) -> dict[float, list[int]]:
    model = engine.model
    todo: dict[float, list[int]] = {}
    for h in horizons:
        at_h = np.asarray(ttr == h)
        done = np.zeros(model.n, dtype=bool)
        pi0 = base_pi[h].lost_profit
        if use and math.isfinite(pi0):
            inv = shortcuts.covered_by_inventory(model, h) & at_h
            idle, lost = shortcuts.idle_in_witness_pi(model, h, pi0)
            wit = idle & at_h & ~inv
            for mask, name in ((inv, "inventory"), (wit, "witness")):
                acc.pi[mask] = pi0
                for j in np.flatnonzero(mask):
                    acc.method_pi[j] = name
                    acc.lost[int(j)] = lost
            done = inv | wit
        nodes = [int(j) for j in np.flatnonzero(at_h & ~done)]
        if nodes:
            todo[h] = nodes
    return todo


def _store(res: ChunkResult, acc: _Acc) -> None:
    for k, j in enumerate(res.nodes):
        if res.kind == "tts":
            acc.tts[j] = res.values[k]
            acc.tts_status[j] = res.statuses[k]
        else:
            acc.pi[j] = res.values[k]
            if res.lost is not None:
                acc.lost[j] = res.lost[k]


def _results(
    labels: list[str],
    engine: Engine,
    t0: float,
    ttr: FloatArray,
    base_pi: dict[float, float],
    acc: _Acc,
) -> list[NodeResult]:
    model = engine.model
    finite_pi = acc.pi[np.isfinite(acc.pi)]
    max_pi = float(finite_pi.max()) if finite_pi.size else 0.0
    out: list[NodeResult] = []
    for j, node in enumerate(labels):
        tts, h, pi = float(acc.tts[j]), float(ttr[j]), float(acc.pi[j])
        no_impact = _no_impact(tts, t0)
        pi0 = base_pi.get(h, math.nan)
        lost = acc.lost.get(j)
        volume = (
            {}
            if lost is None
            else {
                model.ids[p]: float(v)
                for p, v in zip(model.products, lost, strict=True)
                if v > 1e-9
            }
        )
        method = (
            acc.method_tts[j]
            if acc.method_tts[j] == acc.method_pi[j]
            else (f"tts:{acc.method_tts[j]},pi:{acc.method_pi[j]}")
        )
        out.append(
            NodeResult(
                node=node,
                ttr_days=h,
                tts_days=tts,
                tts_status=acc.tts_status[j] if acc.method_tts[j] == "lp" else "optimal",
                no_impact=no_impact,
                lost_profit=pi,
                baseline_lost_profit=pi0,
                added_lost_profit=max(0.0, pi - pi0) if math.isfinite(pi) else math.nan,
                lost_volume=volume,
                risk_exposure_index=pi / max_pi if max_pi > 0 and math.isfinite(pi) else 0.0,
                at_risk=bool(math.isfinite(h) and tts < h and not no_impact),
                method=method,
            )
        )
    return out


def _no_impact(tts: float, t0: float) -> bool:
    if math.isinf(t0):
        return math.isinf(tts)
    if math.isnan(tts):
        return False
    return tts >= t0 - NO_IMPACT_RTOL * max(1.0, abs(t0))


def stress_test_groups(
    network: Network,
    groups: dict[str, list[int]],
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    engine: Engine | None = None,
) -> StressReport:
    """Disrupt each group's nodes together; one NodeResult per group (node = the group's name).

    Groups are few (one per material), so they are solved in this process on warm models;
    `workers` is accepted for symmetry with stress_test and not used.
    """
    del workers
    progress = progress or NullProgress()
    engine = engine or Engine(network)
    names = list(groups)
    sets = [sorted({int(j) for j in groups[g]}) for g in names]
    ttr = np.array([_group_ttr(network.ttr, s) for s in sets], dtype=float)
    t0 = engine.time_to_survive([]).tts
    horizons = sorted({float(h) for h in ttr if math.isfinite(h) and h >= 0})
    base_pi = {h: engine.performance_impact([], h).lost_profit for h in horizons}
    k = len(names)
    acc = _Acc(np.full(k, np.nan), ["optimal"] * k, np.full(k, np.nan), {}, ["lp"] * k, ["lp"] * k)
    n_lps = 0
    for g, nodes in enumerate(sets):
        check(progress, "the stress test")
        progress.update(g, k, "stress test by group")
        n_lps += _solve_group(engine, g, nodes, float(ttr[g]), acc)
    progress.update(k, k, "stress test by group")
    report = StressReport(t0, base_pi, lps_solved=n_lps)
    report.nodes = _results(names, engine, t0, ttr, base_pi, acc)
    report.members = {g: [network.ids[j] for j in s] for g, s in zip(names, sets, strict=True)}
    return report


def _group_ttr(ttr: FloatArray, nodes: list[int]) -> float:
    known = [float(ttr[j]) for j in nodes if math.isfinite(ttr[j]) and ttr[j] >= 0]
    return max(known) if known else math.nan


def _solve_group(engine: Engine, g: int, nodes: list[int], horizon: float, acc: _Acc) -> int:
    """TTS and (with a TTR) PI of one group into acc; returns the number of LPs solved."""
    m = engine.model
    sol = engine.solve_tts(nodes)
    acc.tts[g], acc.tts_status[g] = tts_value(sol), sol.status
    if not math.isfinite(horizon):
        return 1
    pi = engine.solve_pi(nodes, horizon)
    acc.pi[g] = max(0.0, pi.objective) if pi.status == "optimal" else math.nan
    if pi.status == "optimal" and pi.x is not None:
        acc.lost[g] = pi.x[m.n + m.m :]
    return 2

"""Stress test of the database's supply network: disrupt every node alone, map results to rows.

compile_network (services/network_model.py) builds the engine Network; the engine's stress test
(engine/stress.py) gives per node its time to survive, lost profit over its time to recover,
the loss it adds over the undisrupted network, the risk exposure index and the flags. Here each
result is tied back to its supplier, site, item, line and database ids. Values are JSON-ready:
an infinite TTS (the network outlasts the disruption indefinitely) and an unknown TTR or lost
profit (no TTR given) are None.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.engine.network import Network
from rePlanner.persistence.database import Database
from rePlanner.services.network_model import CompiledNetwork, NodeInfo, compile_network


@dataclass(frozen=True)
class StressRecord:
    node: str  # the engine node id: "Supplier / item" or "Plant / line"
    kind: str  # "line" (a finished product) or "node" (a supply node)
    supplier: str | None
    site: str | None
    item: str | None
    line: str | None
    plant: str | None
    tier: int | None
    supply_node_id: int | None
    line_id: int | None
    tts_days: float | None  # None when infinite, or when the LP failed (see tts_status)
    tts_status: str
    ttr_days: float | None  # None when unknown
    lost_profit: float | None  # over the TTR; None without a TTR
    added_lost_profit: float | None  # beyond what the undisrupted network loses anyway
    risk_exposure_index: float  # lost profit / the largest lost profit, 0..1
    no_impact: bool  # survival is not shortened: not a risk, whatever tts_days says
    at_risk: bool  # TTS < TTR and the disruption has an impact
    lost_volume: dict[str, float] = field(default_factory=dict)  # per line, one optimum

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StressReport:
    records: list[StressRecord]  # network order: lines first
    baseline_tts_days: float | None  # undisrupted network; None when infinite
    scope: str | None = None
    as_of: date | None = None
    lps_solved: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def at_risk(self) -> list[StressRecord]:
        return [r for r in self.records if r.at_risk]

    def ranked(self) -> list[StressRecord]:
        """Most dangerous first: at risk, then by risk exposure, added loss and short survival."""
        return sorted(self.records, key=_risk_key)

    def as_dict(self, top: int | None = None) -> dict[str, Any]:
        records = self.ranked()[:top] if top else self.ranked()
        return {
            "scope": self.scope,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "nodes": len(self.records),
            "lines": sum(r.kind == "line" for r in self.records),
            "at_risk": len(self.at_risk),
            "no_impact": sum(r.no_impact for r in self.records),
            "baseline_tts_days": self.baseline_tts_days,
            "lps_solved": self.lps_solved,
            "seconds": round(self.seconds, 3),
            "warnings": self.warnings,
            "records": [r.as_dict() for r in records],
        }


def _risk_key(r: StressRecord) -> tuple[Any, ...]:
    tts = math.inf if r.tts_days is None else r.tts_days
    return (not r.at_risk, r.no_impact, -r.risk_exposure_index, -(r.added_lost_profit or 0.0),
            tts, r.node)  # fmt: skip


def run_stress_test(
    db: Database,
    *,
    progress: Progress | None = None,
    scope: str | None = None,
    as_of: date | None = None,
) -> StressReport:
    """Compile the network (or one plant / imported network) and disrupt each node alone."""
    prog = progress or NullProgress()
    started = time.perf_counter()
    prog.update(0, 1, "compiling the supply network")
    compiled = compile_network(db, as_of=as_of, scope=scope)
    check(prog, "the stress test")
    report = StressReport([], None, scope, as_of, warnings=list(compiled.warnings))
    if compiled.network.size:
        engine_report = _engine_stress_test(compiled.network, prog)
        report.baseline_tts_days = _finite(engine_report.baseline_tts)
        report.lps_solved = int(getattr(engine_report, "lps_solved", 0))
        report.records = _records(compiled, engine_report.nodes)
    report.seconds = time.perf_counter() - started
    return report


def _engine_stress_test(network: Network, progress: Progress) -> Any:
    """The one call into the engine (imported here: numpy/HiGHS load only when needed)."""
    from rePlanner.engine.stress import stress_test

    return stress_test(network, progress=progress)


def _records(compiled: CompiledNetwork, results: list[Any]) -> list[StressRecord]:
    by_node = {r.node: r for r in results}
    return [_record(info, by_node[info.label]) for info in compiled.nodes]


def _record(info: NodeInfo, r: Any) -> StressRecord:
    return StressRecord(
        node=info.label,
        kind="line" if info.line_id is not None else "node",
        supplier=info.supplier,
        site=info.site,
        item=info.item,
        line=info.line,
        plant=info.plant,
        tier=info.tier,
        supply_node_id=info.supply_node_id,
        line_id=info.line_id,
        tts_days=_finite(r.tts_days),
        tts_status=str(r.tts_status),
        ttr_days=_finite(r.ttr_days),
        lost_profit=_finite(r.lost_profit),
        added_lost_profit=_finite(r.added_lost_profit),
        risk_exposure_index=float(_finite(r.risk_exposure_index) or 0.0),
        no_impact=bool(r.no_impact),
        at_risk=bool(r.at_risk),
        lost_volume={k: float(v) for k, v in (r.lost_volume or {}).items()},
    )


def _finite(value: float | None) -> float | None:
    """JSON-ready: inf (unbounded) and nan (unknown) become None."""
    return None if value is None or not math.isfinite(value) else float(value)

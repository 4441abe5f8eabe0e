"""Stress test of the database's supply network: disrupt every node alone, map results to rows.

compile_network (services/network_model.py) builds the engine Network; the engine's stress test
(engine/stress.py) gives per node its time to survive, lost profit over its time to recover,
the loss it adds over the undisrupted network, the risk exposure index and the flags. Here each
result is tied back to its supplier, site, item, line and database ids. Values are JSON-ready:
an infinite TTS (the network outlasts the disruption indefinitely) and an unknown TTR or lost
profit (no TTR given) are None.

by="material" disrupts, per material (element + stage, e.g. "Dy oxide"), every supply node that
holds that material at once (engine stress_test_groups: TTR = the largest TTR of those nodes).
by="material-content" groups wider: the material's own nodes plus every node whose part
contains it (part_materials), i.e. "everything with Dy oxide in it is gone". Materials without a
node in the network are left out. Such a record has kind "material", item = node = the material
label, and `members` = the engine node ids disrupted together.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.engine.network import Network
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import Material, PartMaterial, SupplyNode
from rePlanner.services.network_model import CompiledNetwork, NodeInfo, compile_network
from rePlanner.services.network_model_load import material_label
from rePlanner.services.session import current_user

GROUPINGS = ("node", "material", "material-content")


@dataclass(frozen=True)
class StressRecord:
    node: str  # the engine node id: "Supplier / item" or "Plant / line"
    kind: str  # "line" (a finished product), "node" (a supply node) or "material" (a group)
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
    members: list[str] = field(default_factory=list)  # material: the nodes disrupted together

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
    by: str = "node"

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
            "by": self.by,
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
    by: str = "node",
) -> StressReport:
    """Compile the network (or one plant / imported network) and disrupt each node alone, or
    (by="material" / "material-content") each material's nodes together."""
    if by not in GROUPINGS:
        raise ReplannerError(f"by must be one of {', '.join(GROUPINGS)}, got {by!r}")
    if by != "node":
        return _run_by_material(db, prog=progress or NullProgress(), scope=scope, as_of=as_of,
                                content=by == "material-content")  # fmt: skip
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


def _run_by_material(
    db: Database, *, prog: Progress, scope: str | None, as_of: date | None, content: bool
) -> StressReport:
    started = time.perf_counter()
    prog.update(0, 1, "compiling the supply network")
    compiled = compile_network(db, as_of=as_of, scope=scope)
    check(prog, "the stress test")
    by = "material-content" if content else "material"
    report = StressReport([], None, scope, as_of, warnings=list(compiled.warnings), by=by)
    groups = material_groups(db, compiled, content=content)
    if groups:
        from rePlanner.engine.stress import stress_test_groups

        res = stress_test_groups(compiled.network, groups, progress=prog)
        report.baseline_tts_days = _finite(res.baseline_tts)
        report.lps_solved = res.lps_solved
        report.records = [_group_record(r, res.members[r.node]) for r in res.nodes]
    report.seconds = time.perf_counter() - started
    return report


def material_groups(
    db: Database, compiled: CompiledNetwork, *, content: bool = False
) -> dict[str, list[int]]:
    """Material label -> engine node indices: nodes holding it (and, with content, nodes whose
    part contains it). Sorted by label; materials with no node in the network are left out."""
    index = compiled.index_of_supply_node()
    found: dict[str, set[int]] = {}
    with db.session(current_user(), audit=False) as s:
        labels = {r.id: material_label(r.element, str(r.stage))
                  for r in s.execute(select(Material.id, Material.element, Material.stage))}  # fmt: skip
        rows = list(s.execute(select(SupplyNode.id, SupplyNode.material_id)
                              .where(SupplyNode.material_id.is_not(None))))  # fmt: skip
        if content:
            rows += list(s.execute(select(SupplyNode.id, PartMaterial.material_id)
                                   .join(PartMaterial, PartMaterial.part_id == SupplyNode.part_id)))  # fmt: skip
    for node_id, material_id in rows:
        if node_id in index:
            found.setdefault(labels[material_id], set()).add(index[node_id])
    return {label: sorted(found[label]) for label in sorted(found)}


def _group_record(r: Any, members: list[str]) -> StressRecord:
    return StressRecord(
        node=r.node, kind="material", supplier=None, site=None, item=r.node, line=None,
        plant=None, tier=None, supply_node_id=None, line_id=None,
        tts_days=_finite(r.tts_days), tts_status=str(r.tts_status), ttr_days=_finite(r.ttr_days),
        lost_profit=_finite(r.lost_profit), added_lost_profit=_finite(r.added_lost_profit),
        risk_exposure_index=float(_finite(r.risk_exposure_index) or 0.0),
        no_impact=bool(r.no_impact), at_risk=bool(r.at_risk),
        lost_volume={k: float(v) for k, v in (r.lost_volume or {}).items()}, members=members,
    )  # fmt: skip

"""Exposure roll-up for a date: kg of each material per vehicle and how much of it passes China.

Per production line (and per part, supplier and material):

- kg per vehicle = the current BOM exploded (extended quantity = product of the quantities down
  the tree) x part_materials.kg_per_unit. A material counts once per branch: where an assembly
  and one of its components both list it, the assembly's figure is taken to include the
  component's.
- China share by stage (ore/mining, oxide/separation, metal, magnet) and at any stage: a BOM
  part reaches the plant through the plant node of its highest BOM ancestor-or-self that has
  one (the walk of network_model_build.bom_inputs); that node's shares follow the material up
  the multi-tier links (rules in exposure_chain). A part with no plant node above it has no
  stage shares; its any-stage share is part_materials.china_share. A line's share is the
  kg-weighted mean of its parts' (unknown counts 0, all unknown is None).
- Measures that apply on the date: a measure reaches a part's material by the rule of
  engine.exposure.measure_reach (a measure on Dy oxide reaches the part's Dy oxide and Dy metal;
  one on NdFeB magnets the magnet of a part that also holds one of the measure's elements, such
  as Dy or Tb; never the Nd metal inside it), and its status (domain.policy.measure_status) is
  in force or suspension lapsed (by law it applies again); suspended ones only with
  `reactivate_suspended=True`. A line's material carries the measures that reach any of its
  parts' rows of that material; each part record lists its own.
- Export licence needed: an applying measure requires a licence and, for a part row it reaches,
  the China share is > 0 at the stage of the covered material it reaches through (the any-stage
  share where that stage is unknown).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np

from rePlanner.domain.policy import MeasureState, measure_status
from rePlanner.engine.exposure import measure_reach, weighted_share
from rePlanner.persistence.database import Database
from rePlanner.services.bom_query import Missing
from rePlanner.services.exposure_chain import STAGES, NetworkArrays
from rePlanner.services.exposure_load import (
    ExposureData,
    MeasureRow,
    load_exposure_data,
    tokens,
)
from rePlanner.services.exposure_parts import PartRow, line_part_rows
from rePlanner.services.session import current_user

APPLYING = (MeasureState.IN_FORCE, MeasureState.SUSPENSION_LAPSED)


@dataclass(frozen=True)
class MeasureHit:
    code: str
    status: str  # MeasureState value
    licence_required: bool


@dataclass
class MaterialExposure:
    material: str  # "Dy metal"
    element: str
    stage: str
    kg_per_vehicle: float
    china_share: dict[str, float | None]  # per STAGES
    china_share_any: float | None
    measures: list[MeasureHit] = field(default_factory=list)
    licence_needed: bool = False
    licence_measures: list[str] = field(default_factory=list)


@dataclass
class LineExposure:
    line: str
    plant: str
    rate_per_day: float
    materials: list[MaterialExposure]


@dataclass
class ExposureReport:
    on: date
    reactivate_suspended: bool
    lines: list[LineExposure]
    parts: list[dict[str, Any]]  # line, part, material, kg_per_vehicle, shares
    suppliers: list[dict[str, Any]]  # line, supplier, material, kg_per_vehicle, china_share_any
    materials: list[dict[str, Any]]  # material, kg_per_day over all lines, shares

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.on.isoformat(), "reactivate_suspended": self.reactivate_suspended,
                "lines": [asdict(x) for x in self.lines], "parts": self.parts,
                "suppliers": self.suppliers, "materials": self.materials}  # fmt: skip

    def records(self) -> list[dict[str, Any]]:
        """One flat record per line and material (what `replanner exposure --json` prints)."""
        return [{"line": ln.line, "plant": ln.plant, **asdict(m)}
                for ln in self.lines for m in ln.materials]  # fmt: skip


def exposure(
    db: Database, *, on: date | None = None, line: str | None = None,
    reactivate_suspended: bool = False,
) -> ExposureReport:  # fmt: skip
    """The exposure roll-up of every line (or the line named `line`) on `on` (default today)."""
    with db.session(current_user(), audit=False) as s:
        data = load_exposure_data(s)
    return build_exposure(data, on=on or date.today(), line=line,
                          reactivate_suspended=reactivate_suspended)  # fmt: skip


def build_exposure(
    data: ExposureData, *, on: date, line: str | None = None, reactivate_suspended: bool = False
) -> ExposureReport:
    net = NetworkArrays(data)
    lines = _select_lines(data, line)
    report = ExposureReport(on, reactivate_suspended, [], [], [], [])
    per_day: dict[int, list[tuple[float, np.ndarray]]] = defaultdict(list)
    applying = applying_measures(data, on, reactivate_suspended)
    for ln in lines:
        rows = line_part_rows(data, net, ln)
        plant = data.tables.sites[ln.plant_site_id].name
        hits = [row_hits(data, r, applying) for r in rows]
        mats = _line_materials(data, rows, hits)
        report.lines.append(LineExposure(ln.name, plant, ln.rate, mats))
        report.parts += [_part_record(data, ln.name, r, h) for r, h in zip(rows, hits, strict=True)]
        report.suppliers += _supplier_records(data, net, ln.name, rows)
        for r in rows:
            per_day[r.material_id].append((ln.rate * r.kg, r.shares))
    report.materials = [_fleet_record(data, mid, v) for mid, v in sorted(per_day.items())]
    return report


def _select_lines(data: ExposureData, name: str | None) -> list[Any]:
    lines = data.tables.lines
    if name is None:
        return lines
    key = " ".join(name.split()).casefold()
    found = [ln for ln in lines if " ".join(ln.name.split()).casefold() == key]
    if not found:
        names = ", ".join(ln.name for ln in lines) or "(none)"
        raise Missing("production line", name, f"no production line is called {name!r}; "
                      f"choose one of: {names}")  # fmt: skip
    return found


def applying_measures(
    data: ExposureData, on: date, reactivate: bool
) -> list[tuple[MeasureRow, MeasureState]]:
    """The measures that apply on `on`, with their state."""
    out = []
    for ms in data.measures:
        state = measure_status(ms.date_effective, ms.suspended_from, ms.suspended_until, on,
                               date_ends=ms.date_ends).state  # fmt: skip
        if state in APPLYING or (reactivate and state == MeasureState.SUSPENDED):
            out.append((ms, state))
    return out


def row_hits(
    data: ExposureData, row: PartRow, applying: list[tuple[MeasureRow, MeasureState]]
) -> list[tuple[MeasureHit, bool]]:
    """(measure, licence needed for this row) for each applying measure that reaches the row."""
    item = _item(data, row.material_id)
    content = [_item(data, c.material_id) for c in data.content.get(row.part_id, ())
               if c.material_id in data.materials]  # fmt: skip
    out = []
    for ms, state in applying:
        covered = [_item(data, c) for c in ms.material_ids if c in data.materials]
        reach = measure_reach(covered, item, content)
        if reach:
            licence = ms.licence_required and any(_chinese_at(st, row.shares) for _, st in reach)
            out.append((MeasureHit(ms.code, str(state), ms.licence_required), licence))
    return out


def _item(data: ExposureData, mid: int) -> tuple[str, str]:
    m = data.materials[mid]
    return m.element, m.stage


def _line_materials(
    data: ExposureData, rows: list[PartRow], hits: list[list[tuple[MeasureHit, bool]]]
) -> list[MaterialExposure]:
    by_material: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_material[r.material_id].append(i)
    out = []
    for mid, group in sorted(by_material.items(), key=lambda kv: _label(data, kv[0])):
        kg = np.array([rows[i].kg for i in group])
        shares = weighted_share(kg, np.array([rows[i].shares for i in group]))
        m = data.materials[mid]
        item = MaterialExposure(_label(data, mid), m.element, m.stage, float(kg.sum()),
                                _stage_dict(shares), _num(shares[-1]))  # fmt: skip
        _add_hits(item, [h for i in group for h in hits[i]])
        out.append(item)
    return out


def _add_hits(item: MaterialExposure, hits: list[tuple[MeasureHit, bool]]) -> None:
    """A measure reaching any part row of the material; a licence if any such row needs one."""
    needs: dict[str, bool] = {}
    by_code: dict[str, MeasureHit] = {}
    for hit, licence in hits:
        by_code[hit.code] = hit
        needs[hit.code] = needs.get(hit.code, False) or licence
    item.measures = [by_code[c] for c in sorted(by_code)]
    item.licence_measures = [c for c in sorted(needs) if needs[c]]
    item.licence_needed = bool(item.licence_measures)


def _chinese_at(stage: str, shares: np.ndarray) -> bool:
    value = shares[STAGES.index(stage)] if stage in STAGES else np.nan
    if np.isnan(value):
        value = shares[-1]
    return bool(value > 0)


def _part_record(
    data: ExposureData, line: str, r: PartRow, hits: list[tuple[MeasureHit, bool]]
) -> dict[str, Any]:
    return {"line": line, "part": data.tables.parts.get(r.part_id, str(r.part_id)),
            "material": _label(data, r.material_id), "kg_per_vehicle": r.kg,
            "china_share": _stage_dict(r.shares), "china_share_any": _num(r.shares[-1]),
            "measures": sorted({h.code for h, _ in hits}),
            "licence_measures": sorted({h.code for h, lic in hits if lic})}  # fmt: skip


def _supplier_records(
    data: ExposureData, net: NetworkArrays, line: str, rows: list[PartRow]
) -> list[dict[str, Any]]:
    """kg per vehicle through each supplier of our plant nodes, split by link share."""
    kg: dict[tuple[str, int], float] = defaultdict(float)
    china: dict[tuple[str, int], float] = defaultdict(float)
    for r in rows:
        if r.node < 0:
            continue
        into = np.flatnonzero(net.consumer == r.node)
        total = float(net.weight[into].sum())
        chain = net.chain(tokens(data.materials[r.material_id].element))
        for e in into:
            sup = int(net.supplier[e])
            share = net.weight[e] / total if total > 0 else 1.0 / len(into)
            key = (data.tables.sites[data.tables.nodes[sup].site_id].supplier, r.material_id)
            kg[key] += r.kg * share
            china[key] += r.kg * share * float(np.nan_to_num(chain.china_any[sup]))
    return [{"line": line, "supplier": sup, "material": _label(data, mid), "kg_per_vehicle": v,
             "china_share_any": china[(sup, mid)] / v if v > 0 else None}
            for (sup, mid), v in sorted(kg.items())]  # fmt: skip


def _fleet_record(
    data: ExposureData, mid: int, parts: list[tuple[float, np.ndarray]]
) -> dict[str, Any]:
    kg = np.array([k for k, _ in parts])
    shares = weighted_share(kg, np.array([s for _, s in parts]))
    return {"material": _label(data, mid), "kg_per_day": float(kg.sum()),
            "china_share": _stage_dict(shares), "china_share_any": _num(shares[-1])}  # fmt: skip


def _label(data: ExposureData, mid: int) -> str:
    m = data.materials[mid]
    return m.element if m.stage == "commodity" else f"{m.element} {m.stage}"


def _stage_dict(shares: np.ndarray) -> dict[str, float | None]:
    return {s: _num(shares[i]) for i, s in enumerate(STAGES)}


def _num(value: float) -> float | None:
    return None if np.isnan(value) else float(value)

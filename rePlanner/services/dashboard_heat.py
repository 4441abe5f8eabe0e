"""The dashboard's heat map: per line x material element, survival time vs recovery time
when China cuts that element off. No Qt.

One scenario per material element our lines' parts contain, each cutting that element off from
China for `duration_days` (no measure named, so no licence wait: TTR = the stop). All of them run
on ONE prepared ScenarioContext (the network is compiled once). Per line x element the cell keeps
the line's own TTS, the TTR, TTS/TTR and the losses; None means infinite (never runs short,
open-ended) or unknown, as in scenario results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select

from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services.scenario_run import ScenarioContext
from rePlanner.services.session import current_user

Level = Literal["shutdown", "close", "ok"]
CLOSE_RATIO = 1.25  # TTS within 25 % above TTR: one late ship away from a stop
_TINY = 1e-6


@dataclass(frozen=True)
class HeatCell:
    line: str
    element: str
    tts_days: float | None  # the line's own time to survive; None: never runs short
    ttr_days: float | None  # None: open-ended
    ratio: float | None  # TTS / TTR; None when the line never runs short (or TTR is 0)
    shutdown_days: float | None
    lost_vehicles: float | None
    lost_margin: float | None
    binding: str | None = None  # what runs out first, when the line stops

    @property
    def level(self) -> Level:
        """shutdown: the line stops (TTS < TTR, or shared parts go to other lines); close:
        TTS < 1.25 x TTR; ok: TTS >= 1.25 x TTR or never short."""
        if (self.shutdown_days or 0.0) > _TINY or (self.ratio is not None and self.ratio < 1):
            return "shutdown"
        if self.ratio is not None and self.ratio < CLOSE_RATIO:
            return "close"
        return "ok"


@dataclass
class HeatMap:
    duration_days: float | None
    lines: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], HeatCell] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    data_as_of: datetime | None = None

    def cell(self, line: str, element: str) -> HeatCell | None:
        return self.cells.get((line, element))


def line_elements(db: Database) -> list[str]:
    """Elements of the materials in the parts of the lines' current BOMs (any BOM level)."""
    pm, mat, bl, rev = m.PartMaterial, m.Material, m.BomLine, m.BomRevision
    query = (
        select(mat.element)
        .join(pm, pm.material_id == mat.id)
        .join(bl, bl.part_id == pm.part_id)
        .join(rev, (rev.id == bl.revision_id) & rev.is_current.is_(True))
        .distinct()
    )
    with db.session(current_user(), audit=False) as s:
        return sorted(set(s.scalars(query)), key=str.casefold)


def cut_off_inputs(element: str, duration_days: float | None) -> ScenarioInputs:
    """The heat map's scenario for one element: China stops it, no licence wait after."""
    return ScenarioInputs(materials=(element,), duration_days=duration_days)


def heat_map(
    db: Database, *, duration_days: float | None = 90.0, materials: list[str] | None = None,
    progress: Progress | None = None,
) -> HeatMap:  # fmt: skip
    p = progress or NullProgress()
    elements = list(materials) if materials is not None else line_elements(db)
    inputs = [cut_off_inputs(e, duration_days) for e in elements]
    p.update(0, len(elements) + 1, "Reading the supply network…")
    ctx = ScenarioContext.prepare(db, *inputs)
    return heat_map_on(ctx, elements, duration_days, p, offset=1)


def heat_map_on(
    ctx: ScenarioContext, elements: list[str], duration_days: float | None, p: Progress,
    offset: int = 0, total: int | None = None,
) -> HeatMap:  # fmt: skip
    """The heat map on a prepared context (`offset`/`total`: steps before it / in all)."""
    out = HeatMap(duration_days, elements=list(elements), data_as_of=ctx.data_as_of)
    total = total or len(elements) + offset
    for i, element in enumerate(elements):
        check(p, "the heat map")
        p.update(offset + i, total, f"Cutting off {element} from China…")
        run = ctx.evaluate(cut_off_inputs(element, duration_days))
        for row in run.results["lines"]:
            name = row["line"]
            if name not in out.lines:
                out.lines.append(name)
            out.cells[(name, element)] = _cell(row, element)
        out.warnings += [w for w in run.warnings if w not in out.warnings]
    p.update(offset + len(elements), total, "Heat map ready")
    return out


def _cell(row: dict[str, Any], element: str) -> HeatCell:
    return HeatCell(
        line=row["line"], element=element, tts_days=row["tts_days"], ttr_days=row["ttr_days"],
        ratio=_ratio(row["tts_days"], row["ttr_days"]), shutdown_days=row["shutdown_days"],
        lost_vehicles=row["lost_vehicles"], lost_margin=row["lost_margin"],
        binding=binding_of(row) if row["at_risk"] else None,
    )  # fmt: skip


def _ratio(tts: float | None, ttr: float | None) -> float | None:
    if tts is None:
        return None  # never runs short
    if ttr is None:
        return 0.0  # runs short during an open-ended stop
    return tts / ttr if ttr > 0 else None


def binding_of(row: dict[str, Any]) -> str | None:
    """What runs out first in a line result row (demand left out), as a name."""
    b = next((b for b in row["binding"] if b["kind"] != "demand"), None)
    return (b["detail"] or b["node"]) if b else None

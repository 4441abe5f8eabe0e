"""Read what the exposure roll-up needs beyond the network compiler's tables, one query a table.

network_model_load.load_tables gives sites, parts, nodes, links, lines and BOMs; the columns it
leaves out (site countries, China shares, link shares) and the material, content, policy and
market tables are read here, as plain tuples.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from rePlanner.engine.exposure import tokens as tokens  # re-exported: the services use it
from rePlanner.persistence.models import (
    MarketShare,
    Material,
    MeasureMaterial,
    PartMaterial,
    PolicyMeasure,
    Site,
    SourcingLink,
    SupplyNode,
)
from rePlanner.services.network_model_load import Tables, load_tables

CHINA_NAMES = frozenset(
    {"china", "cn", "chn", "prc", "people's republic of china", "mainland china"}
)


class MaterialRow(NamedTuple):
    id: int
    element: str
    stage: str
    name: str


class ContentRow(NamedTuple):
    material_id: int
    kg_per_unit: float
    china_share: float | None


class MeasureRow(NamedTuple):
    id: int
    code: str
    title: str
    date_effective: date | None
    suspended_from: date | None
    suspended_until: date | None
    date_ends: date | None
    licence_required: bool
    material_ids: tuple[int, ...]


class MarketRow(NamedTuple):
    commodity: str
    stage: str
    year: int | None
    country: str
    share: float


@dataclass
class ExposureData:
    tables: Tables
    site_country: dict[int, str] = field(default_factory=dict)
    node_china: dict[int, float | None] = field(default_factory=dict)
    link_share: dict[tuple[int, int], float] = field(default_factory=dict)  # (from, to) -> share
    materials: dict[int, MaterialRow] = field(default_factory=dict)
    content: dict[int, list[ContentRow]] = field(default_factory=dict)  # part id -> its content
    measures: list[MeasureRow] = field(default_factory=list)
    market: list[MarketRow] = field(default_factory=list)


def is_china(country: str | None) -> bool:
    return (country or "").strip().casefold() in CHINA_NAMES


def load_exposure_data(s: Session) -> ExposureData:
    d = ExposureData(load_tables(s, None))  # the current BOM revision of every line
    d.site_country = {i: c for i, c in s.execute(select(Site.id, Site.country))}
    d.node_china = {i: c for i, c in s.execute(select(SupplyNode.id, SupplyNode.china_share))}
    lk = SourcingLink
    d.link_share = {
        (a, b): 1.0 if share is None else float(share)
        for a, b, share in s.execute(select(lk.from_node_id, lk.to_node_id, lk.share))
    }
    m = Material
    d.materials = {
        r.id: MaterialRow(r.id, r.element, str(r.stage), r.name)
        for r in s.execute(select(m.id, m.element, m.stage, m.name))
    }
    pm = PartMaterial
    content: dict[int, list[ContentRow]] = defaultdict(list)
    for r in s.execute(select(pm.part_id, pm.material_id, pm.kg_per_unit, pm.china_share)):
        content[r.part_id].append(ContentRow(r.material_id, float(r.kg_per_unit), r.china_share))
    d.content = dict(content)
    d.measures = _measures(s)
    ms = MarketShare
    rows = s.execute(select(ms.commodity, ms.stage, ms.year, ms.country, ms.share))
    d.market = [MarketRow(*r) for r in rows if r.share is not None]
    return d


def _measures(s: Session) -> list[MeasureRow]:
    covers: dict[int, list[int]] = defaultdict(list)
    for measure_id, material_id in s.execute(
        select(MeasureMaterial.measure_id, MeasureMaterial.material_id)
    ):
        covers[measure_id].append(material_id)
    p = PolicyMeasure
    cols = (p.id, p.code, p.title, p.date_effective, p.suspended_from, p.suspended_until,
            p.date_ends, p.licence_required)  # fmt: skip
    return [
        MeasureRow(
            mid,
            code,
            title,
            eff,
            sus_from,
            sus_until,
            ends,
            bool(licence),
            tuple(sorted(covers.get(mid, ()))),
        )
        for mid, code, title, eff, sus_from, sus_until, ends, licence in s.execute(
            select(*cols).order_by(p.code)
        )
    ]

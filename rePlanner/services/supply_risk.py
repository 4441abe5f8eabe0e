"""Supply-risk score per material for our own sourcing mix (EU CRM method, JRC 2017; domain.md).

    SR = [HHI_WGI,t(global) * IR/2 + HHI_WGI,t(ours) * (1 - IR/2)] * (1 - EoL_RIR) * SI
    HHI_WGI,t = sum_c S_c^2 * WGI_c * t_c      (S_c as fractions 0..1)

- Our mix: the countries of the sites at the material's own stage (Dy metal: the metal makers)
  on the chain that feeds our lines (exposure_chain), share-weighted up the links and
  kg-per-day-weighted over the lines' parts. Where no site on the chain is at that stage, the
  nearest stage that has one (downstream first) is used and named in `stage_used`.
- Global: market_shares of the commodity (rare earths, gallium, ...), the stage/year with the
  most countries, preferring the stage matching ours. Only the listed countries count, so an
  incomplete list gives a lower bound (`global_coverage` = the listed share).
- WGI_c: the country's score in the country_governance table (services/governance.py; WGI
  rescaled 0..10, higher = worse; none ships with rePlanner, users load sourced ones).
  `governance_applied` says what was done, over every country of both mixes (ours and global):
  True when each has a score; "partial" when only some have: the scored ones are weighted, the
  others keep WGI_c = 1 (the factor is not applied to them; no score is guessed) and are named
  in `governance_missing`. As rescaled scores of almost every country exceed 1, their terms are
  then understated. False when none has a score: WGI_c = 1 for all, as without the table.
- t_c = 1, except China when a measure covering the material applies on the date (in force,
  suspension lapsed; suspended ones with `reactivate_suspended`): CHINA_TRADE_RESTRICTED = 1.5,
  an assumption of this tool, not a JRC figure.
- IR, EoL_RIR and SI are not in the database: neutral defaults IR = 1 (all imported), EoL_RIR =
  0, SI = 1, to be overridden by the caller.
- Alarm: one country supplies more than `alarm_share` (default 50 %) of our mix.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np

from rePlanner.engine.exposure import RARE_EARTHS, hhi
from rePlanner.persistence.database import Database
from rePlanner.services.exposure import build_exposure
from rePlanner.services.exposure_chain import STAGES, NetworkArrays
from rePlanner.services.exposure_load import (
    ExposureData,
    MarketRow,
    is_china,
    load_exposure_data,
    tokens,
)
from rePlanner.services.exposure_parts import line_part_rows
from rePlanner.services.governance import country_key, governance_scores
from rePlanner.services.session import current_user

CHINA_TRADE_RESTRICTED = 1.5  # assumption: t_c for China while a measure covers the material
ALARM_SHARE = 0.5
COMMODITY = {"Ga": "gallium", "Ge": "germanium", "Sb": "antimony", "W": "tungsten",
             "graphite": "graphite", "graphite-anode": "graphite", "NdFeB": "ndfeb magnets"}  # fmt: skip
STAGE_WORDS = {"ore": ("mine", "mining"), "oxide": ("separation", "refin"),
               "metal": ("refin", "metal"), "magnet": ("magnet",),
               "commodity": ("refin", "anode")}  # fmt: skip


@dataclass
class SupplyRisk:
    material: str
    stage_used: str | None
    our_shares: dict[str, float]  # country -> share of our mix (sums to 1 when known)
    hhi_ours: float | None
    hhi_global: float | None
    global_basis: str | None  # "commodity / stage / year" of the market shares used
    global_coverage: float | None
    china_trade: float  # t_c applied to China
    supply_risk: float | None
    alarm: bool
    alarm_country: str | None
    governance_applied: bool | Literal["partial"] = False
    governance_missing: list[str] = field(default_factory=list)  # countries without a score
    notes: list[str] = field(default_factory=list)


def supply_risk(
    db: Database, *, on: date | None = None, reactivate_suspended: bool = False,
    alarm_share: float = ALARM_SHARE, import_reliance: float = 1.0, eol_rir: float = 0.0,
    substitution: float = 1.0,
) -> list[SupplyRisk]:  # fmt: skip
    """The score of every material in our lines' BOMs, on `on` (default today)."""
    with db.session(current_user(), audit=False) as s:
        data = load_exposure_data(s)
        scores = governance_scores(s)
    day = on or date.today()
    report = build_exposure(data, on=day, reactivate_suspended=reactivate_suspended)
    restricted = {m.material for ln in report.lines for m in ln.materials if m.measures}
    net = NetworkArrays(data)
    out = []
    for mid, mix, stage in _our_mixes(data, net):
        label = _label(data, mid)
        trade = CHINA_TRADE_RESTRICTED if label in restricted else 1.0
        market, basis = _global_mix(data, mid)
        g = _hhi(market, trade, scores)
        ours = _hhi(mix, trade, scores)
        sr = None
        if ours is not None and g is not None:
            ir = import_reliance
            sr = (g * ir / 2 + ours * (1 - ir / 2)) * (1 - eol_rir) * substitution
        top = max(mix, key=lambda c: mix[c], default=None)
        alarm = top is not None and mix[top] > alarm_share
        cover = float(sum(market.values())) if market else None
        row = SupplyRisk(label, stage, mix, ours, g, basis, cover, trade, sr, alarm,
                         top if alarm else None)  # fmt: skip
        row.governance_applied, row.governance_missing = _governance([*mix, *market], scores)
        row.notes = _notes(row)
        out.append(row)
    return out


def _governance(
    countries: list[str], scores: dict[str, float]
) -> tuple[bool | Literal["partial"], list[str]]:
    keys = {country_key(c): c for c in countries}
    missing = sorted(name for key, name in keys.items() if key not in scores)
    if not keys or len(missing) == len(keys):
        return False, missing
    return (True if not missing else "partial"), missing


def _our_mixes(
    data: ExposureData, net: NetworkArrays
) -> list[tuple[int, dict[str, float], str | None]]:
    weights: dict[int, list[tuple[float, int]]] = defaultdict(list)  # material -> (kg/day, node)
    for ln in data.tables.lines:
        for r in line_part_rows(data, net, ln):
            if r.node >= 0:
                weights[r.material_id].append((ln.rate * r.kg, r.node))
    out = []
    for mid in sorted(weights, key=lambda m: _label(data, m)):
        mix, stage = _mix(data, net, mid, weights[mid])
        out.append((mid, mix, stage))
    return out


def _mix(
    data: ExposureData, net: NetworkArrays, mid: int, weights: list[tuple[float, int]]
) -> tuple[dict[str, float], str | None]:
    material = data.materials[mid]
    if material.stage in STAGES:
        own = STAGES.index(material.stage)
        order = [own, *range(len(STAGES) - 1, own, -1), *range(own - 1, -1, -1)]
    else:  # a commodity: the nodes that hold it
        order = [-1]
    kg = np.array([w for w, _ in weights])
    nodes = np.array([n for _, n in weights])
    for s in order:
        names, mix = net.country_mix(tokens(material.element), s)
        rows = mix[nodes]
        total = (kg[:, None] * np.nan_to_num(rows)).sum(axis=0)
        if total.sum() > 0:
            share = total / total.sum()
            used = STAGES[s] if s >= 0 else material.stage
            return {c: float(v) for c, v in zip(names, share, strict=True) if v > 0}, used
    return {}, None


def _notes(r: SupplyRisk) -> list[str]:
    notes = [_governance_note(r)]
    if not r.our_shares:
        notes.append("no site on the chain reports where this material comes from")
    if r.hhi_global is None:
        notes.append("no market shares for this commodity: no global HHI, no score")
    elif (r.global_coverage or 0) < 0.999:
        notes.append(
            f"global HHI from listed countries only ({r.global_basis}, "
            f"{100 * (r.global_coverage or 0):.0f} % of the market): a lower bound"
        )
    if r.china_trade != 1.0:
        notes.append(f"t_China = {r.china_trade:g} (assumption): a measure covering it applies")
    return notes


def _governance_note(r: SupplyRisk) -> str:
    missing = ", ".join(r.governance_missing)
    if r.governance_applied is True:
        return "governance applied: WGI_c from the country governance table"
    if r.governance_applied == "partial":
        return (f"governance partly applied: no score for {missing}, counted with WGI = 1 "
                "(not weighted, so understated); load their scores for a comparable figure")  # fmt: skip
    if missing:
        return f"WGI = 1 for every country: no governance score for {missing}"
    return "WGI = 1 for every country: the governance factor is not applied"


def _hhi(mix: dict[str, float], china_trade: float, scores: dict[str, float]) -> float | None:
    if not mix:
        return None
    shares = np.array(list(mix.values()))
    trade = np.array([china_trade if is_china(c) else 1.0 for c in mix])
    wgi = np.array([scores.get(country_key(c), 1.0) for c in mix])  # 1: not weighted
    return hhi(shares, wgi, trade)


def _global_mix(data: ExposureData, mid: int) -> tuple[dict[str, float], str | None]:
    """country -> world share of the commodity (the best-fitting stage and year), its basis."""
    material = data.materials[mid]
    commodity = _commodity(material.element)
    rows = [r for r in data.market if r.commodity.casefold() == commodity]
    if not rows:
        return {}, None
    groups: dict[tuple[str, int | None], list[MarketRow]] = defaultdict(list)
    for r in rows:
        groups[(r.stage, r.year)].append(r)
    words = STAGE_WORDS.get(material.stage, ())

    def rank(key: tuple[str, int | None]) -> tuple[bool, int, int]:
        fits = any(w in key[0].casefold() for w in words)
        return fits, len(groups[key]), key[1] or 0

    stage, year = max(groups, key=rank)
    mix: dict[str, float] = defaultdict(float)
    for r in groups[(stage, year)]:
        mix[r.country] += float(r.share)
    return dict(mix), f"{commodity} / {stage} / {year}"


def _commodity(element: str) -> str:
    if element in COMMODITY:
        return COMMODITY[element]
    symbols = tokens(element)
    if symbols <= RARE_EARTHS | {"R", "E", "O"}:  # Dy, NdPr, REO
        return "rare earths"
    return element.casefold()


def _label(data: ExposureData, mid: int) -> str:
    m = data.materials[mid]
    return m.element if m.stage == "commodity" else f"{m.element} {m.stage}"

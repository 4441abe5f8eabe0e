"""Country governance scores (WGI, rescaled 0..10, higher = worse) for the supply-risk formula.

A governance CSV has the columns country and either wgi_score (already on the 0..10 scale) or
wgi_estimate (the World Bank's Worldwide Governance Indicators estimate, about -2.5..2.5, higher
= better; the mean of the six dimensions, as the EU method uses), plus optional year,
confidence, source_url and notes. The file is checked whole before anything is written (all or
nothing); an error names the file, row, column and value.

Loading upserts by country (names compared ignoring case and spacing): rows a person typed in
(origin user) are never overwritten by a file; file rows are stored with origin reference.
No scores ship with rePlanner: the table holds only what users load or type, with its source.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from rePlanner.domain.enums import AuditAction, Confidence, Origin
from rePlanner.domain.errors import DataFileError, NotFoundError
from rePlanner.io.refdata_cells import Cells
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import AuditEntry, CountryGovernance
from rePlanner.services.exposure_load import is_china
from rePlanner.services.session import current_user

COLUMNS = ("country", "wgi_score", "wgi_estimate", "year", "confidence", "source_url", "notes")
FIELDS = ("wgi_score", "year", "confidence", "source_url", "notes")
WGI_RANGE = (-2.5, 2.5)


@dataclass(frozen=True)
class Governance:
    country: str
    wgi_score: float
    year: int | None
    confidence: str | None
    source_url: str | None
    notes: str | None
    origin: str


@dataclass
class GovernanceLoad:
    file: str
    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_user: list[str] = field(default_factory=list)  # typed in by a person: not overwritten


def wgi_from_estimate(estimate: float) -> float:
    """The WGI estimate (-2.5 best-to-worst 2.5, reversed) on the EU method's 0..10 scale.

    European Commission (2017), Methodology for establishing the EU list of critical raw
    materials - Guidelines, and its JRC background report (Blengini et al. 2017, EUR 28654 EN,
    doi:10.2760/73303): the WGI estimate is rescaled to 0..10, higher values meaning worse
    governance. The linear map of -2.5..2.5 onto 10..0 is score = (2.5 - estimate) x 2:
    +2.5 -> 0, 0 (the world mean the WGI is standardised to) -> 5, -2.5 -> 10.
    """
    return (WGI_RANGE[1] - estimate) * 2.0


def country_key(name: str) -> str:
    """How countries are matched: case and spacing ignored; China's aliases (CN, PRC) agree."""
    return "china" if is_china(name) else " ".join(name.split()).casefold()


def read_governance_csv(path: Path | str) -> list[dict[str, Any]]:
    """The typed rows of a governance CSV; the first problem raises DataFileError."""
    shown = os.fspath(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
        records = list(csv.reader(io.StringIO(text, newline="")))
    except FileNotFoundError:
        raise DataFileError(shown, "no such file") from None
    except UnicodeDecodeError:
        raise DataFileError(shown, "not UTF-8 text") from None
    except (OSError, csv.Error) as exc:
        raise DataFileError(shown, f"not a readable CSV file: {exc}") from None
    if not records:
        raise DataFileError(shown, "the file is empty")
    header = [h.strip() for h in records[0]]
    names = _check_header(shown, header)
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(records[1:], start=2):
        if not any(v.strip() for v in record):
            continue
        if len(record) > len(names):
            raise DataFileError(shown, "more cells than columns", row=number)
        cells = Cells(shown, number, dict(zip(names, record, strict=False)),
                      dict(zip(names, header, strict=True)))  # fmt: skip
        row = _row(cells)
        key = country_key(row["country"])
        if key in seen:
            cells.fail("country", f"the same country as row {seen[key]}", row["country"])
        seen[key] = number
        rows.append(row)
    if not rows:
        raise DataFileError(shown, "no data rows")
    return rows


def _check_header(shown: str, header: list[str]) -> list[str]:
    names = [h.lower() for h in header]
    if len(set(names)) != len(names):
        raise DataFileError(shown, "a column name appears twice in the header", row=1)
    unknown = [h for h, n in zip(header, names, strict=True) if n not in COLUMNS]
    if unknown:
        raise DataFileError(shown, f"unknown column (expected: {', '.join(COLUMNS)})", row=1,
                            column=unknown[0])  # fmt: skip
    if "country" not in names:
        raise DataFileError(shown, "the header has no country column", row=1)
    if "wgi_score" not in names and "wgi_estimate" not in names:
        raise DataFileError(shown, "the header needs a wgi_score or a wgi_estimate column", row=1)
    return names


def _row(cells: Cells) -> dict[str, Any]:
    score, estimate = cells.text("wgi_score"), cells.text("wgi_estimate")
    if score is not None and estimate is not None:
        cells.fail("wgi_estimate", "give wgi_score or wgi_estimate, not both", estimate)
    if score is None and estimate is None:
        cells.fail("wgi_score" if cells.has("wgi_score") else "wgi_estimate",
                   "a value is required here")  # fmt: skip
    if score is not None:
        value = _number(cells, "wgi_score", score, (0.0, 10.0))
    else:
        assert estimate is not None
        value = wgi_from_estimate(_number(cells, "wgi_estimate", estimate, WGI_RANGE))
    confidence = cells.enum("confidence", Confidence) if cells.text("confidence") else None
    return {"country": " ".join(cells.required("country").split()), "wgi_score": value,
            "year": cells.year("year"), "confidence": confidence,
            "source_url": cells.text("source_url"), "notes": cells.text("notes")}  # fmt: skip


def _number(cells: Cells, col: str, raw: str, bounds: tuple[float, float]) -> float:
    try:
        value = float(raw)
    except ValueError:
        cells.fail(col, "not a number", raw)
    if not math.isfinite(value) or not bounds[0] <= value <= bounds[1]:
        cells.fail(col, f"must be a number from {bounds[0]:g} to {bounds[1]:g}", raw)
    return value


def load_governance(db: Database, path: Path | str, user: str | None = None) -> GovernanceLoad:
    """Upsert the file's rows by country; user rows are kept. One audit entry for the load."""
    rows = read_governance_csv(path)
    result = GovernanceLoad(os.fspath(path))
    who = user or current_user()
    with db.session(who, audit=False) as s:
        existing = {country_key(r.country): r for r in s.scalars(select(CountryGovernance))}
        new: list[dict[str, Any]] = []
        for row in rows:
            _upsert(s, existing.get(country_key(row["country"])), row, new, result)
        if new:
            s.execute(insert(CountryGovernance), new)
        s.add(AuditEntry(user=who, action=AuditAction.BULK, entity="country governance",
                         summary=_summary(result)))  # fmt: skip
    return result


def _upsert(
    s: Session, old: Any, row: dict[str, Any], new: list[dict[str, Any]], result: GovernanceLoad
) -> None:
    if old is None:
        new.append({**row, "origin": Origin.REFERENCE})
        result.inserted.append(row["country"])
    elif old.origin == Origin.USER:
        result.kept_user.append(old.country)
    elif all(getattr(old, f) == row[f] for f in FIELDS) and old.origin == Origin.REFERENCE:
        result.unchanged.append(old.country)
    else:
        values = {f: row[f] for f in FIELDS} | {"origin": Origin.REFERENCE}
        s.execute(update(CountryGovernance).where(CountryGovernance.id == old.id).values(values))
        result.updated.append(old.country)


def _summary(r: GovernanceLoad) -> str:
    return (f"governance load {Path(r.file).name}: {len(r.inserted)} inserted, "
            f"{len(r.updated)} updated, {len(r.unchanged)} unchanged, "
            f"{len(r.kept_user)} user rows kept")  # fmt: skip


def list_governance(db: Database) -> list[Governance]:
    with db.session(current_user(), audit=False) as s:
        rows = s.scalars(select(CountryGovernance).order_by(CountryGovernance.country)).all()
        return [_plain(r) for r in rows]


def get_governance(db: Database, country: str) -> Governance:
    key = country_key(country)
    found = next((g for g in list_governance(db) if country_key(g.country) == key), None)
    if found is None:
        raise NotFoundError("country governance", country)
    return found


def governance_scores(s: Session) -> dict[str, float]:
    """country_key -> wgi_score, for the supply-risk formula."""
    cg = CountryGovernance
    return {country_key(c): float(v) for c, v in s.execute(select(cg.country, cg.wgi_score))}


def _plain(r: CountryGovernance) -> Governance:
    conf = None if r.confidence is None else str(r.confidence)
    return Governance(r.country, float(r.wgi_score), r.year, conf, r.source_url, r.notes,
                      str(r.origin))  # fmt: skip

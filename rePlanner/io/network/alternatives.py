"""Read a workbook (or CSV file) of alternative sources: candidate suppliers and design changes.

The sheet is the one named "Alternatives" (or "Alternativen"), else the first; its header row is
found by synonyms (English or German, ALTERNATIVE_COLS). Each row names one alternative and the
item it offers: a part number XOR a material ("Dy oxide", "NdFeB magnet": element, then stage).
"Depends on" lists the materials it still needs and their China share, e.g.
"Dy metal: 100 %; NdPr oxide: 30 %" (entries split by ";" or new lines; "none" clears the list).
Nothing here touches the database: names are resolved by services/alternative_import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rePlanner.domain.enums import Confidence, SourceKind, SourceStatus, Stage
from rePlanner.domain.imports import ImportIssue, Severity, SheetData
from rePlanner.domain.scenario import material_key
from rePlanner.io.network.cells import Col, Reader, Table, find_table, norm

SHEET_NAMES = ("alternatives", "alternativen")
ALTERNATIVE_COLS = (
    Col("name", "Name", ("alternative", "alternative name", "candidate", "candidate name",
                         "bezeichnung", "kandidat", "alternativname"), True),
    Col("kind", "Kind", ("type", "alternative type", "art", "typ")),
    Col("supplier", "Supplier", ("existing supplier", "supplier name", "lieferant",
                                 "lieferantenname")),
    Col("part_number", "Part Number", ("part no", "part", "pn", "sachnummer", "teilenummer")),
    Col("material", "Material", ("werkstoff", "rohstoff")),
    Col("capacity_per_day", "Capacity per Day", ("capacity day", "daily capacity",
                                                 "kapazitat pro tag", "kapazitat tag",
                                                 "tageskapazitat")),
    Col("capacity_text", "Capacity Text", ("capacity as published", "published capacity",
                                           "capacity note", "kapazitatsangabe",
                                           "kapazitat text")),
    Col("earliest_available", "Earliest Available", ("available from", "earliest availability",
                                                     "verfugbar ab", "fruhestens verfugbar")),
    Col("qualification_days", "Qualification Days", ("qualification", "qualification time",
                                                     "qualifizierung", "qualifizierungsdauer",
                                                     "qualifizierung tage")),
    Col("ramp_days", "Ramp Days", ("ramp", "ramp up", "ramp up days", "hochlauf",
                                   "hochlauf tage", "anlauf")),
    Col("cost_premium_pct", "Cost Premium %", ("cost premium", "price premium", "premium",
                                               "mehrkosten", "aufschlag", "preisaufschlag")),
    Col("china_share", "China Share", ("share china", "china %", "chinaanteil", "anteil china",
                                       "china anteil")),
    Col("country", "Country", ("land", "staat")),
    Col("region", "Region", ()),
    Col("location", "Location", ("site", "facility", "standort", "werk", "ort")),
    Col("latitude", "Latitude", ("lat", "breitengrad", "breite")),
    Col("longitude", "Longitude", ("lon", "lng", "long", "langengrad", "lange")),
    Col("certifications", "Certifications", ("certification", "certificates", "zertifikate",
                                             "zertifizierungen")),
    Col("status", "Status", ("qualification status", "state", "zustand")),
    Col("confidence", "Confidence", ("konfidenz", "verlasslichkeit")),
    Col("source_url", "Source URL", ("url", "source", "link", "quelle", "quellen url")),
    Col("notes", "Notes", ("note", "comment", "comments", "remarks", "bemerkung",
                           "bemerkungen", "notiz", "notizen", "kommentar")),
    Col("depends_on", "Depends On", ("depends on materials", "dependencies", "needs",
                                     "material dependencies", "abhangig von",
                                     "abhangigkeiten", "benotigt")),
)  # fmt: skip
KINDS = {"supplier": SourceKind.SUPPLIER, "supplier alternative": SourceKind.SUPPLIER,
         "lieferant": SourceKind.SUPPLIER, "design": SourceKind.DESIGN,
         "design alternative": SourceKind.DESIGN, "konstruktion": SourceKind.DESIGN}  # fmt: skip
STATUSES = {"candidate": SourceStatus.CANDIDATE, "kandidat": SourceStatus.CANDIDATE,
            "in qualification": SourceStatus.IN_QUALIFICATION,
            "in qualifizierung": SourceStatus.IN_QUALIFICATION,
            "qualified": SourceStatus.QUALIFIED, "qualifiziert": SourceStatus.QUALIFIED,
            "active": SourceStatus.ACTIVE, "aktiv": SourceStatus.ACTIVE}  # fmt: skip
CONFIDENCES = {"confirmed": Confidence.CONFIRMED, "bestatigt": Confidence.CONFIRMED,
               "derived": Confidence.DERIVED, "abgeleitet": Confidence.DERIVED,
               "unconfirmed": Confidence.UNCONFIRMED,
               "unbestatigt": Confidence.UNCONFIRMED}  # fmt: skip
STAGES = {**{s.value: s for s in Stage}, "oxid": Stage.OXIDE, "oxides": Stage.OXIDE,
          "metall": Stage.METAL, "alloy": Stage.METAL, "legierung": Stage.METAL,
          "erz": Stage.ORE, "concentrate": Stage.ORE, "magnets": Stage.MAGNET}  # fmt: skip
NO_DEPENDENCIES = {"none", "-", "keine", "nothing"}
_ENTRY = re.compile(r"^(?P<material>[^:=]+?)\s*[:=]\s*(?P<share>.+)$")
_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_TEXT_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


@dataclass(frozen=True)
class MaterialRef:
    """A material as written: element (case-folded) and stage (None: the element's only one)."""

    text: str
    element: str
    stage: Stage | None


@dataclass(frozen=True)
class Dependency:
    material: MaterialRef
    china_share: float


@dataclass
class AlternativeIn:
    row: int
    name: str
    part_number: str | None = None
    material: MaterialRef | None = None
    supplier: str | None = None
    values: dict[str, Any] = field(default_factory=dict)  # model field -> value; blank left out
    depends_on: list[Dependency] | None = None  # None: cell blank, leave the stored list

    def item_key(self) -> tuple[str, str]:
        if self.material is not None:
            return "material", f"{self.material.element}/{self.material.stage or ''}"
        return "part", self.part_number or ""


@dataclass
class ParsedAlternatives:
    file: str
    sheet: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # column key -> header in the file
    rows: list[AlternativeIn] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)

    def column(self, key: str) -> str:
        return self.headers.get(key) or next(c.label for c in ALTERNATIVE_COLS if c.key == key)


def pick_sheet(sheets: dict[str, SheetData]) -> SheetData | None:
    """The sheet named Alternatives (any case), else the first one."""
    named = [s for n, s in sheets.items() if norm(n) in SHEET_NAMES]
    return named[0] if named else next(iter(sheets.values()), None)


TEMPLATE_EXAMPLE = "Example row: overwrite or delete"  # the template's example rows say so


def parse_alternatives(file: str, sheets: dict[str, SheetData]) -> ParsedAlternatives:
    out = ParsedAlternatives(file)
    sheet = pick_sheet(sheets)
    table = find_table(sheet, ALTERNATIVE_COLS) if sheet is not None else None
    if sheet is None or table is None:
        out.issues.append(ImportIssue(
            Severity.ERROR, "no header row with a Name column found on the sheet "
            f"{sheet.sheet if sheet else ''!r}; rename the headers or use the template",
            file, sheet.sheet if sheet else None, code="header_missing",
        ))  # fmt: skip
        return out
    out.sheet = sheet.sheet
    out.headers = {key: table.header(key) for key in table.columns}
    _read_rows(out, table)
    if not out.rows_read:
        out.issues.append(ImportIssue(Severity.ERROR, "the sheet has a header but no rows; fill "
                          "in at least one alternative", file, sheet.sheet, code="empty"))  # fmt: skip
    return out


def _read_rows(out: ParsedAlternatives, table: Table) -> None:
    r = Reader(table, out.issues)
    seen: dict[tuple[str, tuple[str, str], str], int] = {}
    for row, v in table.rows():
        out.rows_read += 1
        alt = _read_row(r, row, v)
        if alt is None:
            continue
        if str(alt.values.get("notes") or "").startswith(TEMPLATE_EXAMPLE):
            r.issue(Severity.WARNING, row, "notes", alt.values.get("notes"), "the template's "
                    "example row is skipped; overwrite it with a real source", "example_row")  # fmt: skip
            continue
        ident = (norm(alt.name), alt.item_key(), norm(alt.values.get("location") or ""))
        if ident in seen:
            r.issue(Severity.ERROR, row, "name", alt.name, f"{alt.name!r} for the same item and "
                    f"location is already given in row {seen[ident]}; keep one row", "duplicate")  # fmt: skip
            continue
        seen[ident] = row
        out.rows.append(alt)


def _read_row(r: Reader, row: int, v: list[Any]) -> AlternativeIn | None:
    errors = _error_count(r)
    name = r.text(row, v, "name")
    if not name:
        r.issue(Severity.ERROR, row, "name", None, "the name is empty; fill it in", "missing")
    part, material = r.text(row, v, "part_number"), r.text(row, v, "material")
    if part and material:
        r.issue(Severity.ERROR, row, "material", material, f"the row names part {part} and a "
                "material; an alternative offers one of them: clear one cell", "part_and_material")  # fmt: skip
    elif not part and not material:
        r.issue(Severity.ERROR, row, "part_number", None, "the row names neither a part number "
                "nor a material; enter what the alternative offers", "item_missing")  # fmt: skip
    ref = _material(r, row, "material", material) if material and not part else None
    values = _values(r, row, v)
    depends = _depends_on(r, row, r.text(row, v, "depends_on"))
    if _error_count(r) > errors:
        return None
    assert name is not None
    return AlternativeIn(row, name, part, ref,
                         r.text(row, v, "supplier"), values, depends)  # fmt: skip


def _error_count(r: Reader) -> int:
    return sum(i.severity is Severity.ERROR for i in r.issues)


def _values(r: Reader, row: int, v: list[Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": _choice(r, row, v, "kind", KINDS, "supplier or design"),
        "status": _choice(r, row, v, "status", STATUSES,
                          "candidate, in qualification, qualified or active"),
        "confidence": _choice(r, row, v, "confidence", CONFIDENCES,
                              "confirmed, derived or unconfirmed"),
        "earliest_available": _date(r, row, v, "earliest_available"),
        "china_share": r.share(row, v, "china_share"),
        "cost_premium_pct": _premium(r, row, v),
        "latitude": _coordinate(r, row, v, "latitude", 90),
        "longitude": _coordinate(r, row, v, "longitude", 180),
    }  # fmt: skip
    for key in ("capacity_per_day", "qualification_days", "ramp_days"):
        values[key] = r.number(row, v, key)
    for key in ("capacity_text", "country", "region", "location", "certifications",
                "source_url", "notes"):  # fmt: skip
        values[key] = r.text(row, v, key)
    return {k: x for k, x in values.items() if x is not None}


def _choice(r: Reader, row: int, v: list[Any], key: str, known: dict[str, Any], hint: str) -> Any:
    text = r.text(row, v, key)
    if text is None:
        return None
    found = known.get(norm(text.replace("_", " ")))
    if found is None:
        r.issue(Severity.ERROR, row, key, text, f"{text!r} is not a {key}; use {hint}",
                f"bad_{key}")  # fmt: skip
    return found


def _material(r: Reader, row: int, key: str, text: str) -> MaterialRef | None:
    """'Dy oxide', 'Dy/oxide', 'NdFeB magnet' or 'Dy' (the element's only material)."""
    element, stage = material_key(text)
    if not element:
        r.issue(Severity.ERROR, row, key, text, "names no material", "bad_material")
        return None
    if stage is None:
        return MaterialRef(text, element, None)
    found = STAGES.get(norm(stage))
    if found is None:
        stages = ", ".join(s.value for s in Stage)
        r.issue(Severity.ERROR, row, key, text, f"{stage!r} is not a stage; write the element "
                f"and one of {stages}, e.g. 'Dy oxide'", "bad_material")  # fmt: skip
    return None if found is None else MaterialRef(text, element, found)


def _depends_on(r: Reader, row: int, text: str | None) -> list[Dependency] | None:
    """'Dy metal: 100 %; NdPr oxide: 30 %' -> dependencies; None when the cell is blank."""
    if text is None:
        return None
    if norm(text) in NO_DEPENDENCIES:
        return []
    out: list[Dependency] = []
    for entry in (e.strip() for e in re.split(r"[;\n]", text)):
        if not entry:
            continue
        m = _ENTRY.match(entry)
        if m is None:
            r.issue(Severity.ERROR, row, "depends_on", text, f"cannot read {entry!r}; write "
                    "each material with its China share, e.g. 'Dy metal: 100 %; NdPr oxide: "
                    "30 %'", "bad_depends_on")  # fmt: skip
            continue
        ref = _material(r, row, "depends_on", m["material"])
        share = _share_text(r, row, m["share"], text)
        if ref is None or share is None:
            continue
        if any(d.material.element == ref.element and d.material.stage == ref.stage for d in out):
            r.issue(Severity.ERROR, row, "depends_on", text, f"{ref.text!r} is listed twice",
                    "bad_depends_on")  # fmt: skip
            continue
        out.append(Dependency(ref, share))
    return out


def _share_text(r: Reader, row: int, raw: str, cell: str) -> float | None:
    s = raw.strip()
    percent = s.endswith("%")
    s = s.rstrip("%").strip()
    if not _TEXT_NUMBER.fullmatch(s):
        r.issue(Severity.ERROR, row, "depends_on", cell, f"the China share {raw.strip()!r} is "
                "not a number; write it as 30 % or 0.3 and separate materials with ';'",
                "bad_depends_on")  # fmt: skip
        return None
    x = float(s.replace(",", "."))
    x = x / 100 if percent else x
    if not 0 <= x <= 1:
        r.issue(Severity.ERROR, row, "depends_on", cell, f"the China share {raw.strip()!r} is "
                "outside 0..100 %", "bad_depends_on")  # fmt: skip
        return None
    return x


def _date(r: Reader, row: int, v: list[Any], key: str) -> date | None:
    raw = r.raw(v, key)
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date) or raw is None:
        return raw
    text = str(raw).strip()
    m = _DATE_DE.fullmatch(text)
    try:
        if m is not None:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(text)
    except ValueError:
        r.issue(Severity.ERROR, row, key, raw, "is not a date; write 2026-07-01 or 01.07.2026",
                "bad_date")  # fmt: skip
        return None


def _premium(r: Reader, row: int, v: list[Any]) -> float | None:
    """Percent: '25 %' and 25 are 25 %; a bare 0.25 is kept as 0.25 % but flagged."""
    x = r.number(row, v, "cost_premium_pct")
    raw = r.raw(v, "cost_premium_pct")
    if x is not None and 0 < x < 1 and not (isinstance(raw, str) and "%" in raw):
        r.issue(Severity.WARNING, row, "cost_premium_pct", raw, f"read as {x:g} %; for "
                f"{x * 100:g} % write {x * 100:g}", "premium_fraction")  # fmt: skip
    return x


def _coordinate(r: Reader, row: int, v: list[Any], key: str, limit: int) -> float | None:
    raw = r.raw(v, key)
    if raw is None:
        return None
    text = str(raw).strip().replace(",", ".") if isinstance(raw, str) else raw
    try:
        x = float(text)
    except (TypeError, ValueError):
        x = float("nan")
    if isinstance(raw, bool) or not -limit <= x <= limit:  # nan fails too
        r.issue(Severity.ERROR, row, key, raw, f"must be a number from -{limit} to {limit} "
                "(decimal degrees)", f"bad_{key}")  # fmt: skip
        return None
    return x

"""One parser per reference file kind: a record's Cells -> rows named like the database columns."""

from __future__ import annotations

from collections.abc import Callable

from rePlanner.domain.enums import MeasureKind, QuotaKind, Stage
from rePlanner.domain.errors import DataFileError
from rePlanner.io.refdata_cells import Cells, Row


def _export_control(c: Cells) -> list[Row]:
    effective_raw = c.text("date_effective")
    row: Row = {
        "code": c.required("id"),
        "title": c.required("measure"),
        "announcement_no": c.text("announcement_no"),
        "authority": c.text("issuing_bodies"),
        "effective_note": None if c.date_in_text("date_effective") else effective_raw,
        "items": c.text("elements_items"),
        "hs_codes": c.text("hs_codes_reference"),
        "control_type": c.text("control_type"),
        "licence_processing": c.text("licence_processing"),
        "status_text": c.text("status_latest_seen"),
        "confidence": c.confidence(),
        "source_url": c.text("source_url"),
        "additional_sources": c.text("additional_sources"),
        "notes": c.text("notes"),
    }
    # free-text dates ("2025-11-08 (planned)") are left to measures_structured.csv
    for col in ("date_announced", "date_effective"):
        if (day := c.date_in_text(col)) is not None:
            row[col] = day
    return [row]


def _measure_structured(c: Cells) -> list[Row]:
    row: Row = {
        "code": c.required("id"),
        "kind": c.enum("kind", MeasureKind),
        "date_effective": c.iso_date("date_effective"),
        "suspended_from": c.iso_date("suspended_from"),
        "suspended_until": c.iso_date("suspended_until"),
        "licence_required": c.boolean("licence_required"),
        "licence_days_nominal": c.integer("licence_days_nominal"),
        "licence_days_min": c.integer("licence_days_min"),
        "licence_days_max": c.integer("licence_days_max"),
        "materials": c.material_keys("materials"),
        "derivation": c.text("derivation"),
    }
    if (announced := c.iso_date("date_announced")) is not None:
        row["date_announced"] = announced
    # date_ends came later: a file without the column leaves the stored end alone
    if c.has("date_ends"):
        row["date_ends"] = c.iso_date("date_ends")
    c.check_order(row, "date_effective", "date_ends")
    c.check_order(row, "suspended_from", "suspended_until")
    c.check_order(row, "licence_days_min", "licence_days_nominal", "licence_days_max")
    return [row]


def _quota(c: Cells) -> list[Row]:
    common: Row = {
        "year": _year(c),
        "batch": c.required("batch"),
        "announced": c.text("announced_date"),
        "issuing_bodies": c.text("issuing_bodies"),
        "recipients": c.text("recipients_allocation"),
        "confidence": c.confidence(),
        "source_type": c.text("source_type"),
        "source_url": c.text("source_url"),
        "notes": c.text("notes"),
    }
    c.date_in_text("announced_date")
    mining = {
        **common,
        "kind": QuotaKind.MINING,
        "volume_t": c.amount("mining_quota_t_reo"),
        "volume_light_t": c.amount("mining_light_rock_type_t"),
        "volume_ionic_t": c.amount("mining_ionic_medium_heavy_t"),
    }
    smelting = {
        **common,
        "kind": QuotaKind.SMELTING_SEPARATION,
        "volume_t": c.amount("smelting_separation_quota_t_reo"),
        "volume_light_t": None,
        "volume_ionic_t": None,
    }
    return [mining, smelting]


def _year(c: Cells) -> int:
    year = c.year("year")
    if year is None:
        c.fail("year", "a year is required")
    return year


def _market_share(c: Cells) -> list[Row]:
    value, value_q = c.number("value", bound=True)
    pct, pct_q = c.number("share_pct", bound=True)
    if pct is not None and pct > 100:
        c.fail("share_pct", "a percentage must be 0 to 100", c.text("share_pct"))
    bounds = [
        f"{col} given as {c.text(col)!r}"
        for col, q in (("value", value_q), ("share_pct", pct_q))
        if q
    ]
    notes = "; ".join([*bounds, *filter(None, [c.text("notes")])]) or None
    return [
        {
            "commodity": c.required("commodity"),
            "stage": c.required("stage"),
            "metric": c.text("metric"),
            "year": c.year("year"),
            "country": c.required("country"),
            "value": value,
            "unit": c.text("unit"),
            "share": None if pct is None else round(pct / 100, 6),
            "share_qualifier": pct_q,
            "source_publication": c.text("source_publication"),
            "confidence": c.confidence(),
            "source_type": c.text("source_type"),
            "source_url": c.text("source_url"),
            "notes": notes,
        }
    ]


def _part_content(c: Cells) -> list[Row]:
    row: Row = {
        "component": c.required("component"),
        "material": c.required("material"),
        "quantity_low": c.amount("quantity_low"),
        "quantity_high": c.amount("quantity_high"),
        "unit": c.text("unit"),
        "basis": c.text("basis"),
        "confidence": c.confidence(),
        "source_type": c.text("source_type"),
        "source_url": c.text("source_url"),
        "notes": c.text("notes"),
    }
    c.check_order(row, "quantity_low", "quantity_high")
    return [row]


def _alt_producer(c: Cells) -> list[Row]:
    value, unit = c.text("capacity_value"), c.text("capacity_unit")
    try:  # ranges such as "12,100-18,400" are kept only as text
        number = c.amount("capacity_value")
    except DataFileError:
        number = None
    return [
        {
            "name": c.required("company"),
            "country": c.text("hq_country"),
            "location": c.text("facility_location"),
            "stage_text": c.text("supply_chain_stage"),
            "product": c.text("product"),
            "capacity_value": number,
            "capacity_text": " ".join(filter(None, [value, unit])) or None,
            "timing_text": c.text("status_timing"),
            "customers": c.text("customers_offtake_support"),
            "confidence": c.confidence(),
            "source_url": c.text("source_url"),
            "additional_sources": c.text("additional_sources"),
            "notes": c.text("notes"),
        }
    ]


def _material(c: Cells) -> list[Row]:
    return [
        {
            "element": c.required("element"),
            "stage": c.enum("stage", Stage),
            "name": c.required("name"),
            "category": c.text("category"),
            "derivation": c.text("derivation"),
        }
    ]


def _alt_material(c: Cells) -> list[Row]:
    return [
        {
            "name": c.required("company"),
            "location": c.text("facility_location"),
            "element": c.required("element"),
            "stage": c.enum("stage", Stage),
            "derivation": c.text("derivation"),
        }
    ]


PARSERS: dict[str, Callable[[Cells], list[Row]]] = {
    "export_controls": _export_control,
    "measures_structured": _measure_structured,
    "quotas": _quota,
    "market_share": _market_share,
    "part_content": _part_content,
    "alt_producers": _alt_producer,
    "materials": _material,
    "alt_producers_materials": _alt_material,
}

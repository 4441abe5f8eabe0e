"""A BOM line's unit against the unit its part is kept in.

A BOM quantity is stored as a number in the part's unit (parts.uom), so a file that gives a part
in another unit would silently change what the quantity means. Severity:
- ERROR when the two units measure different things (file "kg", part "pc"): 2 kg of a part
  counted in pieces is not 2 pieces, and no factor converts it.
- WARNING when they measure the same thing (file "g", part "kg"; "set" vs "pc") or a unit is
  unknown: the quantity is kept as written, which may be right (the export's unit column is
  often stale) or off by a factor; the person must check.
One issue per part and file unit, at its first row, naming both units and how many lines.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from rePlanner.domain.imports import BomField, ImportIssue, ParsedBom, Severity
from rePlanner.io.bom.text import normalize_unit

# canonical unit (io.bom.text.UNITS) -> what it measures
MEASURES = {
    "pc": "count", "set": "count", "pair": "count",
    "kg": "mass", "g": "mass",
    "m": "length", "mm": "length",
    "m2": "area",
    "l": "volume", "ml": "volume",
}  # fmt: skip


def unit_key(unit: str) -> str:
    return normalize_unit(unit) or " ".join(unit.split()).casefold()


def unit_issues(
    parsed: ParsedBom, units: Mapping[str, str], existing: Collection[str]
) -> list[ImportIssue]:
    """Lines whose unit differs from their part's (`units`: part number -> its unit)."""
    keys: dict[str, str] = {}  # unit spelling -> key, computed once per spelling
    found: dict[tuple[str, str], list[int]] = {}  # (part, file unit) -> [first row, lines]
    for ln in parsed.lines:
        unit = ln.unit
        if not unit or not unit.strip():
            continue
        stored = units.get(ln.part_number)
        if stored is None:
            continue
        a = keys.get(unit) or keys.setdefault(unit, unit_key(unit))
        b = keys.get(stored) or keys.setdefault(stored, unit_key(stored))
        if a != b:
            hit = found.setdefault((ln.part_number, unit), [ln.row, 0])
            hit[1] += 1
    column = parsed.mapping.header_of(BomField.UNIT)
    return [
        _issue(parsed, column, pn, unit, units[pn], pn in existing, row, n)
        for (pn, unit), (row, n) in found.items()
    ]


def _issue(
    parsed: ParsedBom,
    column: str | None,
    pn: str,
    unit: str,
    stored: str,
    existing: bool,
    row: int,
    n: int,
) -> ImportIssue:
    where = "the database keeps it in" if existing else "its first line gives it in"
    lines = f" (on {n} lines)" if n > 1 else ""
    a, b = MEASURES.get(unit_key(unit)), MEASURES.get(unit_key(stored))
    head = f"part {pn} is given in {unit!r}{lines} but {where} {stored!r}"
    fix = "the part's unit in the app" if existing else "the unit on the other lines"
    if a and b and a != b:
        sev, code = Severity.ERROR, "unit_conflict"
        msg = (f"{head}: a {a} cannot stand for a {b}; correct the unit or quantity in the file, "
               f"or change {fix}")  # fmt: skip
    else:
        sev, code = Severity.WARNING, "unit_differs"
        msg = (f"{head}; the quantity is taken as {stored!r} as written: check it, convert it, "
               f"or change {fix}")  # fmt: skip
    return ImportIssue(sev, msg, parsed.file, parsed.sheet, row, column, unit, code)

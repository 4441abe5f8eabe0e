"""Reading a workbook of alternative sources: headers, typed cells, "depends on", the template."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from rePlanner.domain.enums import Confidence, SourceKind, SourceStatus, Stage
from rePlanner.domain.imports import Severity
from rePlanner.io.network import read_sheets
from rePlanner.io.network.alternatives import (
    ALTERNATIVE_COLS,
    Dependency,
    MaterialRef,
    parse_alternatives,
)
from rePlanner.io.network.alternatives_template import write_alternatives_template
from tests.io.network.helpers import write_book

HEADER = ["Name", "Kind", "Supplier", "Part Number", "Material", "Capacity per Day",
          "Capacity Text", "Earliest Available", "Qualification Days", "Ramp Days",
          "Cost Premium %", "China Share", "Country", "Region", "Location", "Latitude",
          "Longitude", "Certifications", "Status", "Confidence", "Source URL", "Notes",
          "Depends On"]  # fmt: skip
FULL = ["Texas Magnets", "supplier", "Magnetics GmbH", None, "NdFeB magnet", 120, "1,000 t/yr",
        date(2027, 3, 1), 180, 60, "25 %", "40 %", "USA", "Americas", "Fort Worth", 32.75,
        -97.33, "IATF 16949", "in qualification", "derived", "https://example.org/x",
        "note", "Dy metal: 100 %; NdPr oxide: 0.3\nTb = 50%"]  # fmt: skip


def parse(tmp_path, rows, sheets=None):
    path = write_book(tmp_path / "a.xlsx", sheets or {"Alternatives": rows})
    return parse_alternatives(str(path), read_sheets(path))


def errors(parsed):
    return [i for i in parsed.issues if i.severity is Severity.ERROR]


def test_every_column_is_read_and_typed(tmp_path):
    parsed = parse(tmp_path, [HEADER, FULL])
    assert errors(parsed) == []
    (alt,) = parsed.rows
    assert (alt.name, alt.supplier, alt.part_number) == ("Texas Magnets", "Magnetics GmbH", None)
    assert alt.material == MaterialRef("NdFeB magnet", "ndfeb", Stage.MAGNET)
    assert alt.values == {
        "kind": SourceKind.SUPPLIER, "status": SourceStatus.IN_QUALIFICATION,
        "confidence": Confidence.DERIVED, "earliest_available": date(2027, 3, 1),
        "china_share": pytest.approx(0.4), "cost_premium_pct": 25, "latitude": 32.75,
        "longitude": -97.33, "capacity_per_day": 120, "qualification_days": 180,
        "ramp_days": 60, "capacity_text": "1,000 t/yr", "country": "USA", "region": "Americas",
        "location": "Fort Worth", "certifications": "IATF 16949",
        "source_url": "https://example.org/x", "notes": "note",
    }  # fmt: skip
    assert alt.depends_on == [
        Dependency(MaterialRef("Dy metal", "dy", Stage.METAL), 1.0),
        Dependency(MaterialRef("NdPr oxide", "ndpr", Stage.OXIDE), pytest.approx(0.3)),
        Dependency(MaterialRef("Tb", "tb", None), 0.5),
    ]


def test_german_headers_and_values(tmp_path):
    header = ["Bezeichnung", "Art", "Lieferant", "Sachnummer", "Werkstoff", "Kapazität pro Tag",
              "Verfügbar ab", "Qualifizierung (Tage)", "Hochlauf", "Mehrkosten (%)",
              "Chinaanteil", "Land", "Standort", "Breitengrad", "Längengrad", "Status",
              "Konfidenz", "Bemerkung", "Abhängig von"]  # fmt: skip
    row = ["Neuer Kandidat", "Konstruktion", None, "000123", None, "1,5", "01.07.2026", 90, 30,
           12, 0.25, "Deutschland", "Hanau", "50,13", 8.92, "Qualifiziert", "bestätigt",
           "Notiz", "Dy Oxid: 100 %"]  # fmt: skip
    parsed = parse(tmp_path, [header, row])
    assert errors(parsed) == []
    (alt,) = parsed.rows
    assert alt.part_number == "000123" and alt.material is None
    assert alt.values["kind"] is SourceKind.DESIGN
    assert alt.values["status"] is SourceStatus.QUALIFIED
    assert alt.values["confidence"] is Confidence.CONFIRMED
    assert alt.values["earliest_available"] == date(2026, 7, 1)
    assert (alt.values["capacity_per_day"], alt.values["latitude"]) == (1.5, 50.13)
    assert alt.values["location"] == "Hanau" and alt.values["china_share"] == 0.25
    assert alt.depends_on == [Dependency(MaterialRef("Dy Oxid", "dy", Stage.OXIDE), 1.0)]
    assert parsed.column("name") == "Bezeichnung"


def test_sheet_named_alternatives_wins_else_the_first(tmp_path):
    other = [["Name", "Material"], ["Wrong", "Dy oxide"]]
    mine = [["Name", "Material"], ["Right", "Dy oxide"]]
    parsed = parse(tmp_path, None, {"Notes": other, "alternatives": mine})
    assert [a.name for a in parsed.rows] == ["Right"] and parsed.sheet == "alternatives"
    parsed = parse(tmp_path, None, {"Kandidaten": mine, "Notes": other})
    assert [a.name for a in parsed.rows] == ["Right"] and parsed.sheet == "Kandidaten"


def test_blank_depends_on_leaves_the_list_and_none_clears_it(tmp_path):
    rows = [["Name", "Material", "Depends on"], ["A", "Dy oxide", None], ["B", "Dy oxide", "none"]]
    a, b = parse(tmp_path, rows).rows
    assert a.depends_on is None and b.depends_on == []
    assert a.values == {}  # blank cells set nothing: kind and status default on create only


@pytest.mark.parametrize(
    ("key", "value", "code", "column"),
    [
        ("China Share", "140 %", "out_of_range", "China Share"),
        ("Status", "maybe", "bad_status", "Status"),
        ("Kind", "partner", "bad_kind", "Kind"),
        ("Part Number", "000123", "part_and_material", "Material"),
        ("Name", None, "missing", "Name"),
        ("Depends On", "Dy metal 100 %", "bad_depends_on", "Depends On"),
        ("Depends On", "Dy metal: 140 %", "bad_depends_on", "Depends On"),
        ("Depends On", "Dy metal: lots", "bad_depends_on", "Depends On"),
        ("Depends On", "Dy metal: 10 %; Dy metal: 20 %", "bad_depends_on", "Depends On"),
        ("Depends On", "Dy powder: 10 %", "bad_material", "Depends On"),
        ("Material", "Dy powder", "bad_material", "Material"),
        ("Earliest Available", "soon", "bad_date", "Earliest Available"),
        ("Latitude", 95, "bad_latitude", "Latitude"),
        ("Qualification Days", -3, "out_of_range", "Qualification Days"),
    ],
)
def test_bad_cells_are_located_and_the_row_dropped(tmp_path, key, value, code, column):
    row = dict(zip(HEADER, FULL, strict=True))
    row[key] = value
    parsed = parse(tmp_path, [HEADER, FULL, list(row.values())])
    (issue,) = errors(parsed)
    assert (issue.code, issue.row, issue.column, issue.sheet) == (code, 3, column, "Alternatives")
    assert [a.row for a in parsed.rows] == [2]


def test_neither_part_nor_material_and_duplicates(tmp_path):
    rows = [["Name", "Part Number", "Material", "Location"], ["A", None, None, None],
            ["B", None, "Dy oxide", "X"], ["b ", None, "Dy oxide", "x"], ["B", None, "Dy oxide",
                                                                           "Y"]]  # fmt: skip
    parsed = parse(tmp_path, rows)
    assert [(i.code, i.row) for i in errors(parsed)] == [("item_missing", 2), ("duplicate", 4)]
    assert [a.row for a in parsed.rows] == [3, 5]


def test_cost_premium_as_fraction_is_flagged(tmp_path):
    parsed = parse(tmp_path, [["Name", "Material", "Cost premium (%)"], ["A", "Dy oxide", 0.25]])
    assert parsed.rows[0].values["cost_premium_pct"] == 0.25
    assert [i.code for i in parsed.issues] == ["premium_fraction"]


def test_no_header_or_no_rows(tmp_path):
    assert [i.code for i in parse(tmp_path, [["Foo", "Bar"], [1, 2]]).issues] == ["header_missing"]
    assert [i.code for i in parse(tmp_path, [["Name", "Material"]]).issues] == ["empty"]


def test_template_header_validations_and_examples(tmp_path):
    path = write_alternatives_template(tmp_path / "sub" / "t.xlsx")
    ws = load_workbook(path).active
    assert ws.title == "Alternatives" and ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == [c.label for c in ALTERNATIVE_COLS]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["B2"] == '"supplier,design"'
    assert lists["S2"] == '"candidate,in qualification,qualified,active"'
    assert ws.column_dimensions["D"].number_format == "@"  # part numbers keep leading zeros
    assert ws.max_row == 3  # header and two examples: rows typed below start at row 4
    parsed = parse_alternatives(str(path), read_sheets(path))
    assert errors(parsed) == []
    # the unedited examples are skipped with a warning: importing the template adds nothing
    assert parsed.rows == [] and parsed.rows_read == 2
    assert [i.code for i in parsed.issues] == ["example_row", "example_row"]
    ws.cell(2, [c.label for c in ALTERNATIVE_COLS].index("Notes") + 1).value = "real source"
    ws.parent.save(path)
    parsed = parse_alternatives(str(path), read_sheets(path))
    assert [a.values["kind"] for a in parsed.rows] == [SourceKind.SUPPLIER]
    assert all(a.material is not None and a.depends_on for a in parsed.rows)

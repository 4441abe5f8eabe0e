"""The risk report's document states the engine's figures for the same scenario and scope."""

from __future__ import annotations

import math

import openpyxl
import pytest

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.progress import Cancelled
from rePlanner.io.report.document import Bullets, KeyFigures, Report, Table
from rePlanner.io.report.values import format_value
from rePlanner.services.exposure import exposure
from rePlanner.services.report_annex import material_rows
from rePlanner.services.report_build import build_report
from rePlanner.services.report_data import ReportOptions
from rePlanner.services.report_export import export_report
from rePlanner.services.report_scope import ReportScope, parse_scope, resolve_scope
from rePlanner.services.report_summary import actions
from rePlanner.services.scenario_run import run_saved_scenario

SCENARIO = "EC07 stop 90 days"
FAST = ReportOptions(alternatives=False, montecarlo_draws=0, heat_map=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from rePlanner.services.workspace import build_demo

    path = tmp_path_factory.mktemp("report") / "demo.sqlite"
    result = build_demo(str(path), force=False, keep_existing=False)
    yield result.db
    result.db.dispose()


@pytest.fixture(scope="module")
def full(demo):
    return build_report(demo, scenario=SCENARIO, options=ReportOptions(montecarlo_draws=40))


def _tables(report: Report) -> dict[str, Table]:
    return {b.title: b for s in report.sections for b in s.blocks
            if isinstance(b, Table) and b.title}  # fmt: skip


def test_scope_text_is_parsed_and_bad_scopes_are_named():
    assert parse_scope(None) == ReportScope()
    assert parse_scope(" Plant: Plant Bremen ") == ReportScope("plant", "Plant Bremen")
    for bad in ("site:X", "plant:", "company:X"):
        with pytest.raises(ValidationError) as exc:
            parse_scope(bad)
        assert exc.value.issues[0].value == bad


def test_scope_resolves_to_the_lines_it_covers(demo):
    plant = resolve_scope(demo, parse_scope("plant:plant bremen"))
    assert plant.lines == ["B1 Norvik", "B2 Vela", "B3 Kestrel"]
    assert plant.label == "Plant Plant Bremen"  # the stored spelling, not the typed one
    assert resolve_scope(demo, parse_scope("line:O2 Odra e")).lines == ["O2 Odra e"]
    assert len(resolve_scope(demo, ReportScope()).lines) == 7
    with pytest.raises(ValidationError, match="Plant Ostrava"):
        resolve_scope(demo, parse_scope("plant:Plant Nowhere"))


def test_summary_states_the_engine_totals(demo, full):
    run = run_saved_scenario(demo, SCENARIO, store=False)
    risky = [r for r in run.results["lines"] if r["at_risk"]]
    assert risky, "the demo scenario must stop some line"
    figures = next(b for b in full.report.sections[0].blocks if isinstance(b, KeyFigures))
    shown = {label: value for label, value, _ in figures.items}
    assert shown["Lines at risk"] == f"{len(risky)} of {len(run.results['lines'])}"
    assert shown["Shutdown days"] == format_value(
        "days", math.fsum(r["shutdown_days"] for r in risky)
    )
    assert shown["Lost vehicles"] == format_value(
        "int", math.fsum(r["lost_vehicles"] for r in risky)
    )
    assert shown["Lost margin (EUR)"] == format_value(
        "money", math.fsum(r["lost_margin"] for r in risky))  # fmt: skip
    lines = _tables(full.report)["Lines in scope"]
    by_line = {row[0]: row for row in lines.rows}
    for r in run.results["lines"]:
        assert by_line[r["line"]][2] == pytest.approx(r["tts_days"])
        assert by_line[r["line"]][6] == pytest.approx(r["lost_margin"])


def test_a_page_per_line_at_risk_largest_loss_first(full):
    pages = [s for s in full.report.sections if s.level == 2]
    risky = sorted(full.data.at_risk, key=lambda r: -r["lost_margin"])
    assert [s.title for s in pages] == [f"Line {r['line']}" for r in risky]
    assert [s.new_page for s in pages] == [False] + [True] * (len(pages) - 1)
    for page, r in zip(pages, risky, strict=True):
        figures = next(b for b in page.blocks if isinstance(b, KeyFigures))
        assert ("Lost margin (EUR)", format_value("money", r["lost_margin"]), "risk") in (
            figures.items
        )
        ranked = next(b for b in page.blocks if isinstance(b, Table)
                      and b.title == "Alternative sources, ranked")  # fmt: skip
        assert [row[1] for row in ranked.rows] == [
            rec.source for rec in full.data.rankings[r["line"]].records
        ]


def test_the_actions_are_the_sources_that_keep_most_margin(full):
    acts = actions(full.data)
    assert acts[0].source == "Lone Star Magnetics: EPS motor magnets"
    assert acts[0].lines == ["B3 Kestrel"]  # helps Kestrel only, though ranked for all three
    kestrel = next(r for r in full.data.rankings["B3 Kestrel"].records
                   if r.source == acts[0].source)  # fmt: skip
    assert acts[0].margin_avoided == pytest.approx(kestrel.company_margin_avoided)
    assert "closes the gap" in acts[0].reason
    table = _tables(full.report)["The action that removes most risk"]
    assert table.rows[0][1] == "Qualify " + acts[0].source
    summary = full.report.sections[0].blocks
    assert any(isinstance(b, Bullets) and acts[0].source in b.items[0] for b in summary)


def test_whatif_row_at_the_scenario_length_equals_the_scenario(full):
    data = full.data
    assert data.whatif_param == "duration_days"
    at90 = next(w for w in data.whatif if w.value == 90.0)
    risky = data.at_risk
    assert at90.lines_at_risk == len(risky)
    assert at90.lost_margin == pytest.approx(math.fsum(r["lost_margin"] for r in risky))
    margins = [w.lost_margin for w in data.whatif]
    assert margins == sorted(margins)  # a longer stop never costs less


def test_material_exposure_matches_the_fleet_rollup(demo, full):
    fleet = {m["material"]: m for m in exposure(demo).materials}
    rows = material_rows(full.data)
    assert {r[0] for r in rows} == set(fleet)
    for name, kg, china in rows:
        assert kg == pytest.approx(fleet[name]["kg_per_day"])
        if china is not None and fleet[name]["china_share_any"] is not None:
            assert china == pytest.approx(fleet[name]["china_share_any"], abs=1e-6)


def test_scope_narrows_every_part_of_the_report(demo):
    b = build_report(demo, scope="plant:Plant Ostrava", scenario=SCENARIO, options=FAST)
    assert [r["line"] for r in b.data.lines] == ["O1 Odra", "O2 Odra e"]
    assert {x.line for x in b.data.exposure.lines} == {"O1 Odra", "O2 Odra e"}
    assert b.report.cover.scope == "Plant Plant Ostrava"
    assert "Plant Plant Ostrava" in b.report.header
    assert [s.title for s in b.report.sections if s.level == 2] == ["Line O2 Odra e"]


def test_building_a_report_writes_nothing(demo):
    counts = _counts(demo)
    build_report(demo, scenario=SCENARIO, options=FAST)
    assert _counts(demo) == counts


def _counts(db) -> tuple[int, int]:
    from sqlalchemy import text

    with db.session("t", audit=False) as s:
        return (s.execute(text("select count(*) from audit_log")).scalar_one(),
                s.execute(text("select count(*) from scenario_results")).scalar_one())  # fmt: skip


def test_a_cancel_stops_the_build(demo):
    class Stop:
        def update(self, done, total, message=""):
            pass

        def cancelled(self):
            return True

    with pytest.raises(Cancelled):
        build_report(demo, scenario=SCENARIO, options=FAST, progress=Stop())


def test_excel_export_has_a_sheet_per_table_numbers_as_numbers(full, tmp_path):
    out = export_report(full.report, tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Report"
    assert {"Lines", "Actions", "Materials", "Countries", "What-if", "Measures",
            "Quotas", "Inputs", "Imports", "Monte Carlo"} <= set(book.sheetnames)  # fmt: skip
    ws = book["Lines"]
    head = [c.value for c in ws[3]]
    assert head[0] == "Line" and ws.freeze_panes == "A4"
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    for r in full.data.lines:
        assert rows[r["line"]][6] == pytest.approx(r["lost_margin"])  # a number, not text


def test_excel_export_neutralises_formulas(full, tmp_path):
    t = Table([full.report.tables()[0].columns[0]], [("=HYPERLINK(\"http://x\")",)],
              "Evil", "Evil")  # fmt: skip
    report = Report(full.report.cover, [type(full.report.sections[0])("S", [t])])
    out = export_report(report, tmp_path / "evil.xlsx")
    value = openpyxl.load_workbook(out)["Evil"]["A4"].value
    assert isinstance(value, str) and not value.startswith("=")


def test_cover_and_header_carry_the_settings(full):
    cover = full.report.cover
    assert cover.company == "Nordwerk Automotive"
    assert cover.confidentiality == "Confidential · demo data"
    assert cover.scenario == SCENARIO and cover.scope == "Whole company"
    assert full.report.header.startswith("Nordwerk Automotive · Rare-earth supply risk report")

"""The risk report's document states the engine's figures for the same scenario and scope."""

from __future__ import annotations

import math
from types import SimpleNamespace

import openpyxl
import pytest

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.progress import Cancelled
from rePlanner.io.report.document import (
    Bullets,
    HeatGrid,
    KeyFigures,
    Paragraph,
    Report,
    SurvivalBars,
    Table,
)
from rePlanner.io.report.values import format_value
from rePlanner.services.exposure import exposure
from rePlanner.services.report_actions import actions
from rePlanner.services.report_annex import material_rows
from rePlanner.services.report_build import build_report
from rePlanner.services.report_data import ReportOptions
from rePlanner.services.report_export import export_report
from rePlanner.services.report_scope import ReportScope, parse_scope, resolve_scope
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
    assert plant.label == "Plant Bremen"  # as stored, not as typed; "Plant" said once
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
    assert acts[0].reason.startswith("on B3 Kestrel: closes the gap")  # the line it helps
    table = _tables(full.report)["The action that removes most risk"]
    assert table.rows[0][1:3] == (acts[0].source, "supplier")
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
    assert b.report.cover.scope == "Plant Ostrava"
    assert "Plant Ostrava" in b.report.header
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


def _rec(source, ids, line_kept, company_kept, reason="r"):
    return SimpleNamespace(source=source, kind="pair" if len(ids) > 1 else "supplier",
                           alternative_ids=ids, lost_margin_avoided=line_kept,
                           company_margin_avoided=company_kept, days_removed=10.0,
                           own_gap_lost_margin_avoided=math.nan, own_days_removed=math.nan,
                           available_from=None, premium_cost=None, reasons=[reason])  # fmt: skip


def test_actions_drop_a_plan_that_only_adds_to_a_listed_one_and_name_the_line():
    data = SimpleNamespace(rankings={
        "L1": SimpleNamespace(records=[_rec("A+B", [1, 2], 100.0, 300.0, "pair on L1"),
                                       _rec("A+B+C", [1, 2, 3], 100.0, 300.0),
                                       _rec("D", [4], 50.0, 120.0)]),
        "L2": SimpleNamespace(records=[_rec("A+B", [1, 2], 200.0, 300.0, "pair on L2"),
                                       _rec("D", [4], 0.0, 120.0)]),
    })  # fmt: skip
    acts = actions(data)
    assert [a.source for a in acts] == ["A+B", "D"]  # A+B+C keeps no more than A+B
    assert acts[0].lines == ["L1", "L2"] and acts[0].days_removed == 20.0
    assert acts[0].reason == "on L2: pair on L2"  # from the line it helps most
    assert acts[1].lines == ["L1"]  # D keeps nothing on L2


def test_open_ended_draws_are_counted_not_drawn_as_zero():
    from rePlanner.io.report.document import Histogram, Paragraph
    from rePlanner.services.report_annex import montecarlo_blocks

    nan = math.nan
    mc = SimpleNamespace(draws=4, seed=1, spec={}, lines=[
        {"line": "L1", "node": "n1", "p_shutdown": 1.0, "lost_margin_p50": None,
         "lost_margin_p90": None, "open_ended_draws": 2}], per_draw={
        "n1": {"lost_margin": [nan, 2e6, nan, 4e6]}})  # fmt: skip
    data = SimpleNamespace(montecarlo=mc, scope=SimpleNamespace(lines=["L1"]),
                           settings=SimpleNamespace(currency="EUR"))  # fmt: skip
    hist = montecarlo_blocks(data)[0]
    assert isinstance(hist, Histogram) and sum(hist.counts) == 2
    assert min(hist.edges) >= 2.0 and "2 of 4 draws open-ended" in hist.title
    mc.per_draw["n1"]["lost_margin"] = [nan] * 4
    first = montecarlo_blocks(data)[0]
    assert isinstance(first, Paragraph) and "All 4 draws" in first.text


def test_heat_map_colours_follow_the_engines_verdict(full):
    grid = next(b for s in full.report.sections for b in s.blocks if isinstance(b, HeatGrid))
    cells = full.data.heat.cells
    assert grid.level
    for key, level in grid.level.items():
        assert (level == "stop") == bool(cells[key].shutdown_days and cells[key].shutdown_days > 1e-6
                                          or (cells[key].ratio or 2) < 1)  # fmt: skip


def test_a_line_stopping_on_shared_parts_is_explained(full):
    note = _tables(full.report)["Lines in scope"].note
    assert "B3 Kestrel: more shutdown days than the gap between running short" in note
    method = next(b.text for s in full.report.sections for b in s.blocks
                  if isinstance(b, Paragraph) and b.text.startswith("Method"))  # fmt: skip
    assert "days between the two" not in method and "higher-margin lines first" in method


def test_default_scenario_uses_the_report_day_and_unknown_names_list_the_saved(demo):
    from datetime import date

    b = build_report(demo, options=FAST, today=date(2026, 3, 1))
    assert "2026-03-01" in b.data.scenario and b.report.cover.report_date == date(2026, 3, 1)
    with pytest.raises(ValidationError, match="EC07 stop 1 year"):
        build_report(demo, scenario="No such", options=FAST)


def test_an_empty_database_says_there_is_nothing_to_assess(db):
    b = build_report(db, options=FAST)
    lead = b.report.sections[0].blocks[0]
    assert "no production line is recorded" in lead.text
    assert not any(isinstance(x, SurvivalBars) for x in b.report.sections[0].blocks)


def test_excel_has_the_line_pages_and_typed_values(full, tmp_path):
    book = openpyxl.load_workbook(export_report(full.report, tmp_path / "r.xlsx"))
    for sheet in ("Line binding", "Line materials", "Line suppliers", "Line alternatives"):
        assert book[sheet]["A3"].value == "Line"
    lines = {r[0] for r in book["Line suppliers"].iter_rows(min_row=4, values_only=True)}
    assert lines == {r["line"] for r in full.data.at_risk}
    years = [r[0] for r in book["Quotas"].iter_rows(min_row=4, values_only=True)]
    assert years[0] == "2010"  # a year, not 2,010.00
    inputs = {r[0]: r[1] for r in book["Inputs"].iter_rows(min_row=4, values_only=True)}
    assert inputs["duration days"] == 90 and isinstance(inputs["duration days"], int | float)


def test_cancel_during_monte_carlo_stops_before_the_rankings(demo):
    seen: list[str] = []

    class StopInMonteCarlo:
        def update(self, done, total, message=""):
            seen.append(message)

        def cancelled(self):
            return any(m.startswith("Monte Carlo") for m in seen)

    options = ReportOptions(heat_map=False, montecarlo_draws=400)
    with pytest.raises(Cancelled):
        build_report(demo, scenario=SCENARIO, options=options, progress=StopInMonteCarlo())
    inner = [m for m in seen if m.startswith("Monte Carlo: ")]
    assert inner, "the Monte Carlo run must report (and so hear Cancel) through the report"
    assert len(inner) <= 2  # it stopped at the first chance, not after all 400 draws
    assert not any(m.startswith("Alternatives") for m in seen)

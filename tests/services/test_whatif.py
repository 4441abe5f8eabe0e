"""What-if tables and goal seek through the database, on a network whose answers are known.

Line L (10/day, margin 100) needs 1 motor; our plant holds 100. Motors come from a Chinese
supplier (5/day, Dy, measure M1 needs a licence) and a Polish one (5/day). M1 stops the Chinese
node for 30 days, then a licence of D working days (5-day week): TTR = 30 + 1.4 D.
TTS = (100 + 10 B) / 5 = 20 + 2 B with B buffer days, so shutdown = max(0, TTR - 20 - 2 B).
"""

from __future__ import annotations

import math

import openpyxl
import pytest

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.progress import Cancelled
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services.scenario import save_scenario
from rePlanner.services.scenario_run import ScenarioContext, run_inputs
from rePlanner.services.whatif import goal_seek, what_if_table
from rePlanner.services.whatif_export import safe_text, write_xlsx

STOP = ScenarioInputs(measures=("M1",), duration_days=30, licence_delay_days=10)


@pytest.fixture
def hand(db, motor_network):
    save_scenario(db, "stop", STOP)
    return db


def test_buffer_days_against_shutdown_days(hand):
    t = what_if_table(hand, "stop", [("buffer_days", [0, 10, 20])], "shutdown_days", "L")
    assert t.cells == [[pytest.approx(24)], [pytest.approx(4)], [0.0]]
    assert t.row_param == "buffer_days" and t.col_param is None and t.line == "Plant / L"


def test_lost_vehicles_fall_with_buffer(hand):
    # over 44 days: 440 needed, 100 + 10 B on hand + 5 x 44 from Poland
    t = what_if_table(hand, "stop", [("buffer_days", [0, 5, 12])], "lost_vehicles")
    assert [r[0] for r in t.cells] == pytest.approx([120, 70, 0], abs=1e-6)


def test_two_inputs_table_shape_headers_and_values(hand):
    t = what_if_table(hand, "stop", [("buffer_days", [0, 10, 20]),
                                     ("licence_delay_days", [0, 10])], "shutdown_days")  # fmt: skip
    assert (t.row_values, t.col_param, t.col_values) == ([0, 10, 20], "licence_delay_days", [0, 10])
    assert t.cells == [[pytest.approx(10), pytest.approx(24)], [0, pytest.approx(4)], [0, 0]]
    d = t.as_dict()
    assert d["rows"] == {"param": "buffer_days", "values": [0.0, 10.0, 20.0]}
    assert d["columns"]["values"] == [0.0, 10.0] and len(d["cells"]) == 3


def test_alternative_days_cap_the_recovery(hand):
    # no alternative activated: a hypothetical one delivering after A days, TTR = min(44, A)
    t = what_if_table(hand, "stop", [("alternative_days", [10, 30, 60])], "shutdown_days", "L")
    assert [r[0] for r in t.cells] == pytest.approx([0, 10, 24])


def test_open_ended_stop_gives_infinite_shutdown_and_unknown_losses(hand):
    t = what_if_table(hand, ScenarioInputs(measures=("M1",), denial_share=1.0),
                      [("buffer_days", [0])], "shutdown_days")  # fmt: skip
    assert math.isinf(t.cells[0][0]) and t.as_dict()["cells"] == [[None]]
    lost = what_if_table(hand, ScenarioInputs(measures=("M1",), denial_share=1.0),
                         [("buffer_days", [0])], "lost_margin")  # fmt: skip
    assert math.isnan(lost.cells[0][0])


def test_refusals(hand):
    with pytest.raises(ValidationError, match="metric"):
        what_if_table(hand, "stop", [("buffer_days", [0])], "profit")
    with pytest.raises(ValidationError, match="param"):
        what_if_table(hand, "stop", [("speed", [0])], "shutdown_days")
    with pytest.raises(ValidationError, match="no such line"):
        what_if_table(hand, "stop", [("buffer_days", [0])], "shutdown_days", "Nope")
    with pytest.raises(ValidationError, match="denial_share"):
        what_if_table(hand, "stop", [("denial_share", [2.0])], "shutdown_days")


def test_cancel_mid_table(hand):
    class Cancel:
        done = 0

        def update(self, done, total, message=""):
            self.done = done

        def cancelled(self):
            return self.done >= 2

    p = Cancel()
    with pytest.raises(Cancelled):
        what_if_table(hand, "stop", [("buffer_days", [0, 10, 20])], "shutdown_days", None, p)
    assert p.done == 2


def test_goal_seek_finds_the_buffer_threshold(hand):
    found = goal_seek(hand, "stop", "L", "buffer_days")  # 20 + 2 B >= 44  ->  B = 12
    r = found.result
    assert r.reachable and r.monotone and 12 <= r.value <= 12.01
    assert found.as_dict()["value"] == r.value and found.line == "Plant / L"


def test_goal_seek_longest_stop_a_line_survives(hand):
    r = goal_seek(hand, "stop", "L", "duration_days").result  # d + 14 <= 20
    assert r.reachable and 6 - 0.01 <= r.value <= 6 and r.good_end == "lo"


def test_goal_seek_reports_unreachable(hand):
    r = goal_seek(hand, "stop", "L", "buffer_days", hi=5).result
    assert not r.reachable and "not reachable within [0, 5]" in r.message
    r = goal_seek(hand, "stop", "L", "licence_delay_days").result  # 30 days stop > 20 TTS
    assert not r.reachable and r.value is None
    with pytest.raises(ValidationError):
        goal_seek(hand, "stop", "L", "buffer_days", lo=5, hi=1)


def test_context_evaluates_variants_without_the_database(hand, monkeypatch):
    ctx = ScenarioContext.prepare(hand, STOP)

    def no_db(*a, **k):
        raise AssertionError("evaluate touched the database")

    monkeypatch.setattr(ctx.db, "session", no_db)
    same = ctx.evaluate(STOP)
    buffered = ctx.evaluate(ScenarioInputs(measures=("M1",), duration_days=30, buffer_days=10,
                                           licence_delay_days=10, quota_cut=0.5))  # fmt: skip
    assert buffered.results["lines"][0]["shutdown_days"] == pytest.approx(4)
    monkeypatch.undo()
    assert same.results == run_inputs(hand, STOP).results


def test_xlsx_numbers_are_numbers_and_text_is_neutralised(hand, tmp_path):
    t = what_if_table(hand, "stop", [("buffer_days", [0, 10]), ("licence_delay_days", [0, 10])],
                      "shutdown_days")  # fmt: skip
    t.scenario = "=HYPERLINK(1)"
    path = write_xlsx(t, tmp_path / "t.xlsx", {"suppliers": ["=cmd|'/c calc'!A1"], "x": 1.5,
                                               "name": "@SUM(A1)"})  # fmt: skip
    wb = openpyxl.load_workbook(path)
    ws = wb["What-if"]
    assert ws.freeze_panes == "B5"
    assert [c.value for c in ws[4]] == ["buffer_days \\ licence_delay_days", 0, 10]
    assert ws.cell(5, 1).value == 0 and ws.cell(5, 3).value == pytest.approx(24)
    assert all(isinstance(ws.cell(r, c).value, int | float) for r in (5, 6) for c in (1, 2, 3))
    inputs = {row[0].value: row[1].value for row in wb["Scenario"].iter_rows(min_row=2)}
    assert inputs == {"suppliers": "'=cmd|'/c calc'!A1", "x": 1.5, "name": "'@SUM(A1)"}
    for sheet in wb:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)
    assert safe_text("-1+1") == "'-1+1" and safe_text("plain") == "plain"

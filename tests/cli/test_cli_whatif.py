"""replanner whatif / goalseek: JSON, xlsx, readable output and exit codes 0/1/2.

Line L (10/day) fed by one Chinese supplier (10/day) of a part with Tb; plant stock 50;
scenario "tb" stops it for 12 days: TTS = 5 + B (buffer days B), shutdown = max(0, 7 - B).
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from rePlanner.cli import main


@pytest.fixture
def path(tb_line_path) -> str:
    assert main(["--db", tb_line_path, "scenario", "save", "tb", "--material", "Tb/metal",
                 "--duration", "12"]) == 0  # fmt: skip
    return tb_line_path


def test_whatif_json_one_and_two_inputs(path, capsys):
    capsys.readouterr()
    args = ["--db", path, "whatif", "--scenario", "tb", "--vary", "buffer_days=0:10:5",
            "--metric", "shutdown_days", "--line", "l", "--json"]  # fmt: skip
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows"]["values"] == [0, 5, 10] and out["columns"] is None
    assert out["cells"] == [[pytest.approx(7)], [pytest.approx(2)], [0]]
    args = ["--db", path, "whatif", "--scenario", "tb", "--vary", "buffer_days=0,5",
            "--vary", "duration_days=5,12", "--metric", "lost_vehicles", "--json"]  # fmt: skip
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["columns"] == {"param": "duration_days", "values": [5.0, 12.0]}
    assert out["cells"] == [[0, pytest.approx(70)], [0, pytest.approx(20)]]


def test_whatif_text_and_xlsx(path, capsys, tmp_path):
    capsys.readouterr()
    base = ["--db", path, "whatif", "--scenario", "tb", "--vary", "buffer_days=0,3",
            "--metric", "shutdown_days"]  # fmt: skip
    assert main(base) == 0
    text = capsys.readouterr().out
    assert "buffer_days" in text and "7.00" in text and "4.00" in text
    target = tmp_path / "out.xlsx"
    assert main([*base, "--xlsx", str(target)]) == 0
    ws = openpyxl.load_workbook(target)["What-if"]
    assert ws.cell(5, 1).value == 0 and ws.cell(6, 2).value == pytest.approx(4)


def test_goalseek_json_and_text(path, capsys):
    capsys.readouterr()
    args = ["--db", path, "goalseek", "--scenario", "tb", "--line", "L", "--param",
            "buffer_days", "--json"]  # fmt: skip
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reachable"] and 7 <= out["value"] <= 7.01 and out["trace"]
    assert main(args[:-1]) == 0
    assert "at least 7" in capsys.readouterr().out


def test_goalseek_unreachable_exits_1(path, capsys):
    capsys.readouterr()
    args = ["--db", path, "goalseek", "--scenario", "tb", "--line", "L", "--param",
            "buffer_days", "--hi", "3"]  # fmt: skip
    assert main(args) == 1
    assert "not reachable within [0, 3]" in capsys.readouterr().out


def test_errors_and_usage(path, capsys):
    w = ["--db", path, "whatif", "--scenario", "tb", "--metric", "shutdown_days"]
    assert main([*w, "--vary", "buffer_days=0", "--line", "X"]) == 1
    assert "no such line" in capsys.readouterr().err
    assert main(["--db", path, "whatif", "--scenario", "nope", "--vary", "buffer_days=0",
                 "--metric", "shutdown_days"]) == 1  # fmt: skip
    assert main([*w, "--vary", "quota_cut=2"]) == 1  # out of range: a data error
    for bad in ("speed=1", "buffer_days=a,b", "buffer_days"):
        with pytest.raises(SystemExit) as exc:
            main([*w, "--vary", bad])
        assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["--db", path, "goalseek", "--scenario", "tb", "--line", "L", "--param", "x"])
    assert exc.value.code == 2
    three = ["--vary", "buffer_days=0", "--vary", "quota_cut=0", "--vary", "denial_share=0"]
    assert main([*w, *three]) == 2


def test_the_parser_offers_every_input_and_output_the_service_knows():
    from rePlanner.cli import whatif as cli_whatif
    from rePlanner.services import whatif as service

    assert tuple(service.PARAMS) == cli_whatif.PARAM_NAMES
    assert cli_whatif.METRIC_NAMES == service.METRICS

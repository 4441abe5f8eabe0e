"""replanner montecarlo: JSON shape, table, exit codes."""

from __future__ import annotations

import json

import pytest

from rePlanner.cli import main

from .test_cli_scenario import path  # noqa: F401  (fixture)


def test_json_shape_and_exit_codes(path, capsys) -> None:  # noqa: F811
    assert main(["--db", path, "scenario", "save", "tb", "--material", "Tb/metal"]) == 0
    capsys.readouterr()
    args = ["--db", path, "montecarlo", "--scenario", "tb", "--draws", "40", "--seed", "3"]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"scenario", "draws", "seed", "distributions", "lines"} <= set(data)
    assert data["draws"] == 40 and data["seed"] == 3
    (row,) = data["lines"]
    assert {"line", "p_shutdown", "lost_vehicles_p50", "lost_vehicles_p90",
            "lost_margin_p50", "lost_margin_p90", "lost_margin_mean"} <= set(row)  # fmt: skip
    assert row["p_shutdown"] == 1.0  # 50 in stock, 10/day, no other source: TTS 5 d < TTR
    assert main(args) == 0
    assert "P(shutdown)" in capsys.readouterr().out
    assert main(["--db", path, "montecarlo", "--scenario", "nope"]) == 1
    with pytest.raises(SystemExit) as bad:
        main(["--db", path, "montecarlo", "--scenario", "tb", "--draws", "0"])
    assert bad.value.code == 2

"""replanner stress-test: JSON shape, the ranked table, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rePlanner.cli import main
from rePlanner.services.workspace import open_workspace

PEER = Path("/work/shared/peer")
FIELDS = {"node", "tts_days", "ttr_days", "lost_profit", "added_lost_profit",
          "risk_exposure_index", "no_impact", "at_risk", "supplier", "site", "item", "line"}  # fmt: skip


@pytest.fixture
def small(tmp_path) -> str:
    path = str(tmp_path / "w.sqlite")
    open_workspace(path).dispose()
    assert main(["--db", path, "import-network", str(PEER / "small.xlsx")]) == 0
    return path


def test_json_one_record_per_node_riskiest_first(small, capsys):
    capsys.readouterr()
    assert main(["--db", small, "stress-test", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    records = out["records"]
    assert out["nodes"] == len(records) == 35 and out["lines"] == 5
    assert all(r.keys() >= FIELDS for r in records)
    peer = {r["disrupted"]: r for r in json.loads((PEER / "small.json").read_text())["results"]}
    for r in records:
        ref = peer[r["supplier"]]
        assert r["tts_days"] == pytest.approx(ref["tts"], rel=1e-6)
        assert r["lost_profit"] == pytest.approx(ref["pi"], rel=1e-6, abs=1e-9)
    flags = [r["at_risk"] for r in records]
    assert flags == sorted(flags, reverse=True) and out["at_risk"] == sum(flags)
    risky = [r["risk_exposure_index"] for r in records if r["at_risk"]]
    assert risky == sorted(risky, reverse=True) and risky[0] == 1.0
    assert not any(r["at_risk"] and r["no_impact"] for r in records)


def test_top_and_scope(small, capsys):
    capsys.readouterr()
    assert main(["--db", small, "stress-test", "--json", "--top", "3", "--scope", "small"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["records"]) == 3 and out["nodes"] == 35 and out["scope"] == "small"
    assert main(["--db", small, "stress-test", "--top", "2"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].startswith("Stress test: 35 nodes, 5 lines; undisrupted time to survive 14.24")
    assert "TTS d" in text[1] and text[3].split()[:3] == ["1", "T2_10", "/"]
    assert (
        text[3].endswith("AT RISK") and text[-1] == "  ... 33 more (run without --top to see all)"
    )


def test_errors_exit_1_and_bad_usage_2(small, tmp_path, capsys):
    assert main(["--db", small, "stress-test", "--scope", "nowhere"]) == 1
    assert (
        "no plant or network is called 'nowhere'; choose one of: small" in capsys.readouterr().err
    )
    empty = str(tmp_path / "e.sqlite")
    open_workspace(empty).dispose()
    assert main(["--db", empty, "stress-test"]) == 1
    assert "nothing to test" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "none.sqlite"), "stress-test"]) == 1
    with pytest.raises(SystemExit) as exc:
        main(["--db", small, "stress-test", "--top", "0"])
    assert exc.value.code == 2

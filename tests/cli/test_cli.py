"""The command line as a user runs it: real entry point, real database files, exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rePlanner.cli import build_parser, main

COMMANDS = [[], ["gui"], ["demo"], ["info"], ["refdata"], ["refdata", "update"]]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console entry point, as a user would call it."""
    full_env = dict(os.environ, **(env or {}))
    exe = Path(sys.executable).with_name("replanner")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "rePlanner"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=full_env, timeout=300)


@pytest.mark.parametrize("words", COMMANDS, ids=lambda w: " ".join(w) or "top")
def test_every_command_has_help(words, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*words, "--help"])
    assert exit_.value.code == 0
    assert "usage: replanner" in capsys.readouterr().out


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_module_and_entry_point_agree():
    a = subprocess.run(
        [sys.executable, "-m", "rePlanner", "--version"], capture_output=True, text=True
    )
    assert a.returncode == 0 and a.stdout.startswith("rePlanner ")
    b = run("--version")
    assert b.stdout == a.stdout


def test_db_option_before_or_after_command(tmp_path):
    p = build_parser()
    assert p.parse_args(["--db", "a.sqlite", "info"]).db == "a.sqlite"
    assert p.parse_args(["info", "--db", "b.sqlite"]).db == "b.sqlite"
    assert p.parse_args(["info"]).db is None


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite"
    result = run("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Demo database created" in result.stdout
    return path


def test_demo_then_info_json(demo_db):
    result = run("--db", str(demo_db), "info", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["schema_version"] == info["schema_head"]
    assert info["refdata_as_of"]
    assert info["company_name"]
    counts = info["counts"]
    assert counts["supplier"] >= 50 and counts["part"] >= 200 and counts["production line"] >= 6
    assert counts["policy measure"] >= 10 and counts["quota batch"] > 0
    assert info["reference_counts"]["policy measure"] == counts["policy measure"]


def test_every_reference_row_has_a_source(demo_db):
    con = sqlite3.connect(demo_db)
    try:
        for table in ("policy_measures", "quota_batches", "market_shares", "part_content_refs"):
            total, sourced = con.execute(
                f"SELECT count(*), count(NULLIF(trim(source_url), '')) FROM {table}"
            ).fetchone()
            assert total > 0 and sourced == total, table
        total, sourced = con.execute(
            "SELECT count(*), count(NULLIF(trim(source_url), '')) FROM alternative_sources"
            " WHERE origin = 'reference'"
        ).fetchone()
        assert total > 0 and sourced == total
    finally:
        con.close()


def test_info_text(demo_db):
    result = run("info", env={"REPLANNER_DB": str(demo_db)})
    assert result.returncode == 0, result.stderr
    assert str(demo_db) in result.stdout
    assert "Reference data:  as of 20" in result.stdout
    assert "supplier" in result.stdout


def test_demo_refuses_to_overwrite_then_force_rebuilds(demo_db, tmp_path):
    copy = tmp_path / "copy.sqlite"
    src = sqlite3.connect(demo_db)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    refused = run("demo", "--db", str(copy))
    assert refused.returncode == 1
    assert "already holds data" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    forced = run("demo", "--db", str(copy), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "copied to" in forced.stdout
    kept = Path(forced.stdout.split("copied to ")[1].splitlines()[0])
    assert kept.exists() and kept.parent == tmp_path


def test_newer_database_refused_cleanly(tmp_path):
    path = tmp_path / "future.sqlite"
    from rePlanner.persistence.database import open_database

    open_database(str(path)).dispose()
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = 'zz_future'")
    con.close()
    result = run("info", "--db", str(path))
    assert result.returncode == 1
    assert "newer" in result.stderr and "Traceback" not in result.stderr


def test_refdata_update_missing_file(tmp_path):
    result = run(
        "refdata", "update", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.sqlite")
    )
    assert result.returncode == 1
    assert "nope.csv" in result.stderr and "Traceback" not in result.stderr


def test_refdata_update_bad_file_reports_location(tmp_path):
    bad = tmp_path / "quotas.csv"
    src = Path(__file__).resolve().parents[2] / "resources" / "refdata" / "quotas.csv"
    lines = src.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[-1].split(",")
    year_col = header.index("year")
    row[year_col] = "twenty-five"
    bad.write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
    db = tmp_path / "x.sqlite"
    result = run("refdata", "update", str(bad), "--db", str(db))
    assert result.returncode == 1, result.stdout
    assert "quotas.csv" in result.stderr and "row 2" in result.stderr
    assert "twenty-five" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="display detection is for X11/Wayland"
)
def test_gui_without_display_explains(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    exe = Path(sys.executable).with_name("replanner")
    result = subprocess.run(
        [str(exe), "--db", str(tmp_path / "x.sqlite")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert "xvfb-run" in result.stderr and "Traceback" not in result.stderr


def test_refdata_update_changes_reference_and_keeps_user_data(demo_db, tmp_path):
    copy = tmp_path / "copy.sqlite"
    src, dst = sqlite3.connect(demo_db), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    quotas = Path(__file__).resolve().parents[2] / "resources" / "refdata" / "quotas.csv"
    newer = tmp_path / "quotas.csv"
    text = quotas.read_text(encoding="utf-8")
    assert "2024,batch 1,2024-02-06,135000," in text
    newer.write_text(
        text.replace("2024,batch 1,2024-02-06,135000,", "2024,batch 1,2024-02-06,135500,")
    )
    con = sqlite3.connect(copy)
    suppliers_before = con.execute("SELECT count(*) FROM suppliers").fetchone()[0]
    con.close()
    result = run("refdata", "update", str(newer), "--db", str(copy))
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.strip().startswith("quota_batches"))
    assert line.split()[1:4] == ["0", "1", "63"]  # inserted, updated, unchanged
    con = sqlite3.connect(copy)
    try:
        volume = con.execute(
            "SELECT volume_t FROM quota_batches WHERE year=2024 AND batch='batch 1' AND kind='mining'"
        ).fetchone()[0]
        assert volume == 135500
        assert con.execute("SELECT count(*) FROM suppliers").fetchone()[0] == suppliers_before
    finally:
        con.close()


def test_info_on_a_missing_database_creates_nothing(tmp_path):
    target = tmp_path / "typo" / "x.sqlite"
    result = run("info", "--db", str(target))
    assert result.returncode == 1
    assert "no database at" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "typo").exists()


def test_demo_force_refuses_a_file_that_is_not_a_database(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("precious")
    result = run("demo", "--db", str(notes), "--force")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert notes.read_text() == "precious"


def test_server_password_not_echoed():
    result = run("info", "--db", "postgresql+psycopg://anna:s3cret-pw@127.0.0.1:1/none")
    assert result.returncode == 1
    assert "s3cret-pw" not in result.stderr and "Traceback" not in result.stderr

"""The demo company's risk report as a real PDF: read back with poppler, its figures are the
engine's, its contents page is right, nothing runs off a page, and `replanner report` works
headless."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rePlanner.io.report.values import format_value
from rePlanner.services.report_build import build_report
from rePlanner.services.report_data import ReportOptions
from rePlanner.services.scenario_run import run_saved_scenario
from rePlanner.ui.report_files import save_pdf

SCENARIO = "EC07 stop 90 days"
SHOTS = Path(os.environ.get("REPLANNER_SHOTS", "")) if os.environ.get("REPLANNER_SHOTS") else None


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from rePlanner.services.workspace import build_demo

    path = tmp_path_factory.mktemp("pdf") / "demo.sqlite"
    result = build_demo(str(path), force=False, keep_existing=False)
    yield result.db
    result.db.dispose()


@pytest.fixture(scope="module")
def pdf(demo, tmp_path_factory, qapp):
    built = build_report(demo, scenario=SCENARIO, options=ReportOptions(montecarlo_draws=40))
    out = tmp_path_factory.mktemp("out") / "report.pdf"
    info = save_pdf(built.report, out)
    return built, info, out


def _pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    return text.split("\f")[:-1]


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_page_count_and_running_footer(pdf):
    _, info, out = pdf
    meta = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert int(re.search(r"Pages:\s+(\d+)", meta.stdout).group(1)) == info.pages > 10
    pages = _pages(out)
    for n, page in enumerate(pages[1:], start=2):  # the cover has no footer
        assert f"Page {n} of {info.pages}" in page


def test_figures_in_the_pdf_are_the_engines(demo, pdf):
    built, _, out = pdf
    run = run_saved_scenario(demo, SCENARIO, store=False)
    text = "\n".join(_pages(out))
    flat = _squash(text)
    for r in run.results["lines"]:
        # the summary's line row: name, survival, recovery, shutdown, vehicles, margin
        row = [format_value("days", r["tts_days"]), format_value("days", r["ttr_days"]),
               format_value("days", r["shutdown_days"]), format_value("int", r["lost_vehicles"]),
               format_value("money", r["lost_margin"])]  # fmt: skip
        # the table row: starts with the line's first word (a long name wraps in its cell)
        first = r["line"].split()[0]
        rows = [_squash(x).split() for x in text.splitlines()
                if x.strip().startswith(first + " ") and len(x.split()) >= 6]  # fmt: skip
        want = [*row[:4], *row[4].split()]
        assert any(words[-len(want) :] == want for words in rows), (r, rows)
    risky = [r for r in run.results["lines"] if r["at_risk"]]
    total = format_value("money", sum(r["lost_margin"] for r in risky))
    assert f"EUR {total} of margin lost" in flat
    assert f"{len(risky)} of {len(run.results['lines'])}" in flat


def test_contents_page_numbers_are_where_the_headings_are(pdf):
    built, info, out = pdf
    pages = _pages(out)
    assert [t.title for t in info.toc if t.level == 1][0] == "Executive summary"
    contents = _squash(pages[1])
    for entry in info.toc:
        assert _squash(entry.title) in contents
        assert _squash(entry.title) in _squash(pages[entry.page - 1]), entry
    assert {t.title for t in info.toc} >= {s.title for s in built.report.sections}


def test_no_text_runs_off_a_page(pdf):
    _, info, out = pdf
    html = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    width, height = info.page_size
    boxes = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html)
    assert len(boxes) > 1000
    for x0, y0, x1, y1 in ((float(v) for v in b) for b in boxes):
        assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height
    left, top, body_w, body_h = info.body
    for t in info.tables:  # every table part inside the printable body
        assert t.x >= left - 0.5 and t.x + t.w <= left + body_w + 0.5, t
        assert t.y >= top - 0.5 and t.y + t.h <= top + body_h + 0.5, t


def test_pages_render_to_png(pdf, tmp_path):
    _, info, out = pdf
    folder = SHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "3", str(out),
                    str(folder / "report")], check=True)  # fmt: skip
    pngs = sorted(folder.glob("report-*.png"))
    assert len(pngs) == 3 and all(p.stat().st_size > 5000 for p in pngs)


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "rePlanner", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, timeout=300)  # fmt: skip


def test_cli_report_and_export_headless(demo, tmp_path):
    db = Path(demo.engine.url.database)
    done = _cli("report", "--out", str(tmp_path / "r.pdf"), "--scope", "line:B3 Kestrel",
                "--scenario", SCENARIO, "--draws", "0", db=db)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "pages" in done.stdout and (tmp_path / "r.pdf").stat().st_size > 10_000
    assert "Line B3 Kestrel" in "".join(_pages(tmp_path / "r.pdf"))
    done = _cli("export", "--out", str(tmp_path / "r.xlsx"), "--no-alternatives",
                "--draws", "0", "--scenario", SCENARIO, db=db)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.xlsx").stat().st_size > 5_000


def test_cli_bad_scope_or_folder_fails_cleanly(demo, tmp_path):
    db = Path(demo.engine.url.database)
    done = _cli("report", "--out", str(tmp_path / "r.pdf"), "--scope", "plant:Atlantis", db=db)
    assert done.returncode == 1 and "Atlantis" in done.stderr and "Plant Bremen" in done.stderr
    assert not (tmp_path / "r.pdf").exists()
    done = _cli("report", "--out", str(tmp_path / "no" / "r.pdf"), "--no-alternatives",
                "--draws", "0", db=db)  # fmt: skip
    assert done.returncode == 1 and "does not exist" in done.stderr
    assert "Traceback" not in done.stderr

"""Report PDF timings (issue 7 bar: a 50-page report in < 5 s, aim ~1 s).

Run on demand: .venv/bin/python -m pytest tests/benchmarks/test_bench_report.py -m benchmark -s
Prints figures; checks only that the output is right (machines differ). The baseline, measured in
the same run, is what a first version would do: the same tables as HTML in a QTextDocument printed
to a QPdfWriter (with the paint-device fix from platform-notes.md, without page numbers).
"""

from __future__ import annotations

import html
import statistics
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from rePlanner.io.report.document import Paragraph, Report, Table
from rePlanner.io.report.values import format_value
from rePlanner.ui.printing import write_pdf
from tests.ui.printing.helpers import big_report, page_texts, pdf_pages

pytestmark = pytest.mark.benchmark


def _html(report: Report) -> str:
    out = [f"<h1>{html.escape(report.cover.title)}</h1>"]
    for s in report.sections:
        brk = " style='page-break-before: always'" if s.new_page or s.level == 1 else ""
        out.append(f"<h{s.level}{brk}>{html.escape(s.title)}</h{s.level}>")
        for b in s.blocks:
            if isinstance(b, Paragraph):
                out.append(f"<p>{html.escape(b.text)}</p>")
            elif isinstance(b, Table):
                head = "".join(f"<th>{html.escape(c.title)}</th>" for c in b.columns)
                rows = "".join(
                    "<tr>" + "".join(
                        f"<td>{html.escape(format_value(c.kind, v))}</td>"
                        for c, v in zip(b.columns, r, strict=True)
                    ) + "</tr>"
                    for r in b.rows
                )  # fmt: skip
                out.append(
                    f"<h3>{html.escape(b.title or '')}</h3><table border='0.5' cellpadding='2' "
                    f"width='100%'><thead><tr>{head}</tr></thead>{rows}</table>"
                )
    return "".join(out)


def _baseline(report: Report, path: Path) -> int:
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 24, 18, 21),
        )  # fmt: skip
    )
    doc = QTextDocument()
    doc.setDefaultStyleSheet("body, td, th { font-family: 'DejaVu Sans'; font-size: 8.5pt; }")
    doc.documentLayout().setPaintDevice(writer)
    doc.setHtml(_html(report))
    doc.setPageSize(QSizeF(writer.pageLayout().paintRectPixels(300).size()))
    doc.print_(writer)
    return doc.pageCount()


def _median(fn, repeat: int = 3) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def test_bench_fifty_page_report(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = big_report()
    ours = tmp_path / "ours.pdf"
    secs, info = _median(lambda: write_pdf(report, ours))
    pages = pdf_pages(ours)
    assert pages == info.pages  # type: ignore[attr-defined]
    assert 48 <= pages <= 60
    texts = page_texts(ours)
    assert all(f"Page {n} of {pages}" in t for n, t in enumerate(texts, start=1))
    rows = sum(len(b.rows) for s in report.sections for b in s.blocks if isinstance(b, Table))
    base_path = tmp_path / "baseline.pdf"
    base_secs, base_pages = _median(lambda: _baseline(report, base_path), repeat=1)
    size_kb = ours.stat().st_size / 1024
    base_kb = base_path.stat().st_size / 1024
    print(
        f"\nreport: {pages} pages, {rows} table rows x 8 columns + 4 charts\n"
        f"  QPainter renderer (write_pdf): {secs:.2f} s, {size_kb:.0f} KB "
        f"({secs / pages * 1000:.1f} ms/page)\n"
        f"  QTextDocument HTML baseline:   {base_secs:.2f} s, {base_kb:.0f} KB, {base_pages} pages\n"
        f"  speed-up: {base_secs / secs:.1f} x; bar 5 s"
    )


def test_bench_demo_report_end_to_end(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The demo company's whole report: gathering the figures (scenario, what-if, heat map,
    Monte Carlo, alternatives for each line at risk) and rendering, timed apart; the baseline
    is ranking each line on its own context (what the report did before sharing one)."""
    from rePlanner.services.alternatives_rank import rank_alternatives
    from rePlanner.services.report_build import build_report
    from rePlanner.services.report_data import ReportOptions
    from rePlanner.services.workspace import build_demo

    db = build_demo(str(tmp_path / "demo.sqlite"), force=False, keep_existing=False).db
    scenario = "EC07 stop 90 days"
    t0 = time.perf_counter()
    built = build_report(db, scenario=scenario, options=ReportOptions())
    gather = time.perf_counter() - t0
    secs, info = _median(lambda: write_pdf(built.report, tmp_path / "demo.pdf"))
    quick = ReportOptions(alternatives=False, montecarlo_draws=0, heat_map=False)
    t0 = time.perf_counter()
    build_report(db, scenario=scenario, options=quick)
    quick_secs = time.perf_counter() - t0
    t0 = time.perf_counter()
    for row in built.data.at_risk:  # baseline: each line's ranking on a fresh context
        rank_alternatives(db, line=row["line"], scenario=scenario)
    separate = time.perf_counter() - t0
    db.dispose()
    assert info.pages == pdf_pages(tmp_path / "demo.pdf")  # type: ignore[attr-defined]
    print(
        f"\ndemo report ({scenario}): {info.pages} pages\n"  # type: ignore[attr-defined]
        f"  figures (run, what-if, heat map, 200 MC draws, {len(built.data.at_risk)} rankings): "
        f"{gather:.2f} s; without rankings/MC/heat map: {quick_secs:.2f} s\n"
        f"  rankings on their own contexts (baseline): {separate:.2f} s\n"
        f"  rendering the PDF: {secs:.3f} s; whole report {gather + secs:.2f} s"
    )

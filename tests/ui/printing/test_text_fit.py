"""Text that does not fit is set smaller, wrapped between words or elided, never split inside a
word and never off the page: key figures, heat-map headers, chart and table titles on A5 and
Letter landscape (the print preview's printer path), and the running header."""

from __future__ import annotations

from pathlib import Path

import pytest

from rePlanner.io.report.document import (
    Column,
    HeatGrid,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from rePlanner.ui.printing import RenderInfo, print_report, write_pdf
from tests.ui.printing.helpers import cover, overlapping, page_texts, words

HEADS = ["Dy", "graphite-anode", "NdFeB-magnets", "Praseodymium", "Samarium-cobalt", "Tb"]
HEADS += [f"Element{k}" for k in range(6)]
LONG_TITLE = "Lines x elements: each element cut from China for ninety days, every stage"


def _inside_body(info: RenderInfo, path: Path) -> None:
    found, _sizes = words(path)
    bx, _by, bw, _bh = info.body
    off = [w for w in found if w.x0 < bx - 0.5 or w.x1 > bx + bw + 0.5]
    assert not off, off[:5]
    assert not overlapping([w for w in found if w.page > 1])  # the cover's big type aside


def _grid(rows: int) -> HeatGrid:
    names = [f"Line {i}" for i in range(rows)]
    ratio = {(r, c): 0.5 for r in names for c in HEADS}
    text = {(r, c): "9.9" for r in names for c in HEADS}
    level = {(r, c): "stop" for r in names for c in HEADS}
    return HeatGrid(LONG_TITLE, names, HEADS, ratio, text, level=level)  # type: ignore[arg-type]


def _titled_report() -> Report:
    rows = [(f"Part {i}", i * 1.5) for i in range(120)]
    long_table = Table(
        [Column("Part"), Column("Days", "days")], rows, title=LONG_TITLE + " (parts)"
    )
    return Report(cover(), [Section("Heat", [_grid(40)]), Section("Parts", [long_table])])


def _print(report: Report, path: Path, name: str, landscape: bool) -> RenderInfo:
    """Through the print preview's path: a QPrinter (PDF output) on `name` paper."""
    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtPrintSupport import QPrinter

    size = getattr(QPageSize.PageSizeId, name)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(size))
    orient = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setPageOrientation(orient)
    return print_report(report, printer)


def test_long_key_figures_shrink_instead_of_breaking_a_word(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    items = [("Lines at risk", "7 of 7", "risk"), ("Shutdown days", "open-ended", "risk"),
             ("Lost vehicles", "1,234,567,890", "warn"), ("Lost margin (EUR)", "open-ended", None)]  # fmt: skip
    path = tmp_path / "k.pdf"
    info = write_pdf(Report(cover(), [Section("Summary", [KeyFigures(items)])]), path)  # type: ignore[arg-type]
    found, _ = words(path)
    page = info.toc[0].page
    texts = [w.text for w in found if w.page == page]
    assert texts.count("open-ended") == 2 and "1,234,567,890" in texts
    assert not [t for t in texts if t.startswith("open-end") and t != "open-ended"]
    bx, _by, bw, _bh = info.body
    box_w = (bw - 3 * 8) / 4
    for i, value in enumerate(["7", "open-ended", "1,234,567,890"]):
        w = next(w for w in found if w.page == page and w.text == value)
        left = bx + i * (box_w + 8)
        assert left < w.x0 and w.x1 <= left + box_w, (value, w)  # inside its own box


def test_heat_headers_wrap_between_words_only(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "h.pdf"
    info = write_pdf(Report(cover(), [Section("Heat", [_grid(3)])]), path)
    found, _ = words(path)
    on_page = [w for w in found if w.page == info.toc[0].page]
    title_end = min(w.y1 for w in on_page if w.text == "stage")  # the first title's last word
    rows_top = min(w.y0 for w in on_page if w.text == "Line")
    heads = [w.text for w in on_page if title_end < w.y0 and w.y1 < rows_top]
    # whole words, or the parts of a hyphenated one ("graphite-" / "anode"); no "graphite-an"
    allowed = {p for h in HEADS for p in (h, *h.replace("-", "- ").split())}
    assert heads and set(heads) <= allowed, heads
    joined = " ".join(heads).replace("- ", "-").split()  # the first piece's headers, in order
    assert len(joined) >= 6 and joined == HEADS[: len(joined)]
    _inside_body(info, path)


@pytest.mark.parametrize(("name", "landscape"), [("A5", False), ("Letter", True), ("A4", False)])
def test_titles_wrap_within_the_body_on_any_paper(
    qapp, tmp_path: Path, name: str, landscape: bool
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.pdf"
    info = _print(_titled_report(), path, name, landscape)
    _inside_body(info, path)
    text = " ".join(" ".join(page_texts(path)).split())
    assert text.count(f"{LONG_TITLE} (continued)") >= 1  # the heat map's continuation title
    assert f"{LONG_TITLE} (parts) (continued)" in text  # and the table's


def _header_of(path: Path, page: int, info: RenderInfo) -> str:
    found, _ = words(path)
    top = info.body[1]
    return " ".join(w.text for w in found if w.page == page and w.y1 < top)


def _footer_of(path: Path, page: int, info: RenderInfo) -> str:
    found, _ = words(path)
    bottom = info.body[1] + info.body[3]
    return " ".join(w.text for w in found if w.page == page and w.y0 > bottom)


def test_a_long_company_name_is_shortened_so_scope_and_scenario_show(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    company = "Nordwerk Automotive Components and Systems International Holding GmbH & Co. KG"
    c = cover(company=company, scope="Plant Bremen", scenario="EC07 stop 90 days")
    header = f"{company} · Rare-earth supply risk report · Plant Bremen · EC07 stop 90 days"
    path = tmp_path / "h.pdf"
    info = write_pdf(Report(c, [Section("S", [Paragraph("x")])], header=header), path)
    head = _header_of(path, 2, info)
    assert head.startswith("Nordwerk") and "…" in head
    assert "· Plant Bremen · EC07 stop 90 days" in head
    assert "Confidential – internal use" in head
    _inside_body(info, path)


def test_scope_and_scenario_move_to_the_footer_when_the_header_has_no_room(
    qapp, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    scope = "Programme Atlas BEV platform, lines B1 Norvik, B2 Vela and B3 Kestrel at Bremen"
    scenario = "EC07 stop 90 days with licence delays"
    c = cover(company="Nordwerk", scope=scope, scenario=scenario)
    header = f"Nordwerk · Rare-earth supply risk report · {scope} · {scenario}"
    path = tmp_path / "f.pdf"
    info = write_pdf(Report(c, [Section("S", [Paragraph("x")])], header=header), path)
    assert _header_of(path, 2, info).startswith("Nordwerk · Rare-earth")
    foot = _footer_of(path, 2, info)
    assert "Programme Atlas BEV" in foot and "Page 2 of" in foot and "2026-03-02" in foot
    assert "Bremen · EC07" in foot or "…" in foot  # centre of the footer, elided if need be
    _inside_body(info, path)

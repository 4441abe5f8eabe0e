"""The PDF read back with poppler: pages, every table cell's text, the contents, the running
header/footer and that nothing is printed outside the page's printable area."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rePlanner.io.report.document import Column, Paragraph, Report, Section, Table
from rePlanner.io.report.values import format_value
from rePlanner.ui.printing import RenderInfo, write_pdf
from tests.ui.printing.helpers import (
    LONG_TEXT,
    cover,
    page_texts,
    parts_table,
    pdf_pages,
    pdftotext,
    sample_report,
    words,
)

MM = 72 / 25.4


@pytest.fixture
def sample(qapp, tmp_path: Path) -> tuple[Report, RenderInfo, Path]:  # type: ignore[no-untyped-def]
    report = sample_report()
    path = tmp_path / "report.pdf"
    info = write_pdf(report, path)
    return report, info, path


def test_page_count_equals_pdfinfo_and_every_page_says_page_x_of_y(sample) -> None:  # type: ignore[no-untyped-def]
    _report, info, path = sample
    assert info.pages == pdf_pages(path) == 8
    texts = page_texts(path)
    assert len(texts) == info.pages
    for n, text in enumerate(texts, start=1):
        assert f"Page {n} of {info.pages}" in text
        assert "2026-03-02" in text  # the report date in the footer


def test_running_header_on_every_page_but_the_cover(sample) -> None:  # type: ignore[no-untyped-def]
    _report, _info, path = sample
    texts = page_texts(path)
    assert "Acme – rare-earth risk report" not in texts[0]
    for text in texts[1:]:
        assert "Acme – rare-earth risk report" in text
        assert "Confidential – internal use" in text  # real text, no "fi" ligature


def test_every_table_cell_is_read_back_as_format_value_wrote_it(sample) -> None:  # type: ignore[no-untyped-def]
    report, _info, path = sample
    text = "\n".join(page_texts(path))
    found = {w.text for w in words(path)[0]}
    tables = [b for s in report.sections for b in s.blocks if isinstance(b, Table)]
    checked = 0
    for t in tables:
        for row in t.rows:
            for col, value in zip(t.columns, row, strict=True):
                cell = format_value(col.kind, value)
                if col.kind == "text":
                    assert set(cell.split()) <= found, cell  # may wrap over lines
                else:
                    assert cell in text, cell  # one line, exactly as formatted
                checked += 1
    assert checked > 500
    assert "None." in text  # the empty table's empty_text


def test_no_word_outside_the_printable_area_and_tables_inside_the_body(sample) -> None:  # type: ignore[no-untyped-def]
    _report, info, path = sample
    found, sizes = words(path)
    assert sizes == [(pytest.approx(595.3, abs=0.5), pytest.approx(841.9, abs=0.5))] * info.pages
    bx, by, bw, bh = info.body
    for w in found:
        assert bx - 0.5 <= w.x0 and w.x1 <= bx + bw + 0.5, w  # side margins
        assert w.y0 >= 8 * MM and w.y1 <= sizes[0][1] - 8 * MM, w  # header/footer bands
    assert info.tables
    for t in info.tables:
        assert bx - 0.1 <= t.x and t.x + t.w <= bx + bw + 0.1, t
        assert by - 0.1 <= t.y and t.y + t.h <= by + bh + 0.1, t


def test_contents_list_each_section_with_the_page_of_its_heading(sample) -> None:  # type: ignore[no-untyped-def]
    report, info, path = sample
    texts = page_texts(path)
    assert [t.title for t in info.toc] == [s.title for s in report.sections]
    assert [t.level for t in info.toc] == [1, 1, 2, 1, 1]
    contents = pdftotext(path, "-layout", "-f", "2", "-l", "2")  # one line per entry
    first_body = min(t.page for t in info.toc)
    for entry in info.toc:
        line = re.escape(entry.title) + r" +" + str(entry.page) + r"\n"
        assert re.search(line, contents), (entry, contents)
        assert entry.title in texts[entry.page - 1]
        for earlier in texts[first_body - 1 : entry.page - 1]:
            assert entry.title not in earlier  # the heading is not on an earlier page


def test_header_row_repeats_on_the_continuation_page(sample) -> None:  # type: ignore[no-untyped-def]
    _report, info, path = sample
    parts = [t for t in info.tables if t.title == "Binding parts"]
    assert [t.page for t in parts] == [4, 5]
    found, _ = words(path)
    second = parts[1]
    on_page = [w for w in found if w.page == second.page]
    heads = [w for w in on_page if w.text in {"Description", "Qty/day"}]
    assert len(heads) == 2
    for w in heads:  # in the first row of the table's box on that page
        assert second.y - 0.5 <= w.y0 <= second.y + 12
    assert "Binding parts (continued)" in page_texts(path)[second.page - 1]


def test_a_long_text_cell_wraps_inside_its_table(sample) -> None:  # type: ignore[no-untyped-def]
    _report, info, path = sample
    box = next(t for t in info.tables if t.title == "Findings")
    found, _ = words(path)
    inside = [
        w
        for w in found
        if w.page == box.page
        and box.x <= w.x0 and w.x1 <= box.x + box.w
        and box.y <= w.y0 and w.y1 <= box.y + box.h
    ]  # fmt: skip
    assert set(LONG_TEXT.split()) <= {w.text for w in inside}
    lines = {round(w.y0) for w in inside if w.text in set(LONG_TEXT.split())}
    assert len(lines) >= 3  # ~40 words in a cell of a third of the page width


def test_rows_are_never_split_and_headings_stay_with_their_table(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tall = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu " * 3
    cols = [Column("Key", "text"), Column("Story", "text", 1.0), Column("Days", "days")]
    sections = [Section("Intro", [Paragraph("Tables of growing length.")])]
    for k in range(12):
        rows = [(f"k{k:02d}r{i:02d}", tall.replace("alpha", f"a{k:02d}r{i:02d}"), i * 1.5)
                for i in range(k + 3)]  # fmt: skip
        sections.append(Section(f"Group {k:02d}", [Table(cols, rows, title=f"T{k:02d}")], level=2))
    path = tmp_path / "rows.pdf"
    info = write_pdf(Report(cover(), sections), path)
    found, _ = words(path)
    page_of: dict[str, set[int]] = {}
    for w in found:
        page_of.setdefault(w.text, set()).add(w.page)
    assert max(t.page for t in info.tables) >= 5
    for k in range(12):
        for i in range(k + 3):
            key, first = f"k{k:02d}r{i:02d}", f"a{k:02d}r{i:02d}"
            assert page_of[key] == page_of[first], key  # the row's first and last lines
        heading_page = next(t.page for t in info.toc if t.title == f"Group {k:02d}")
        title_page = min(page_of[f"T{k:02d}"])  # "Tnn (continued)" may follow overleaf
        assert title_page == heading_page == min(page_of[f"k{k:02d}r00"])


def test_a_table_too_wide_for_the_page_shrinks_instead_of_running_off(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cols = [Column(f"Quantity {j}", "int") for j in range(12)] + [Column("Name", "text")]
    rows = [tuple([123_456_789 + j for j in range(12)] + [f"Part {i}"]) for i in range(5)]
    path = tmp_path / "wide.pdf"
    info = write_pdf(Report(cover(), [Section("Wide", [Table(cols, rows, title="Wide")])]), path)
    text = "\n".join(page_texts(path))
    assert "123,456,789" in text and "123,456,800" in text
    found, _ = words(path)
    bx, _by, bw, _bh = info.body
    assert all(bx - 0.5 <= w.x0 and w.x1 <= bx + bw + 0.5 for w in found)


def test_a_big_table_flows_over_many_pages_with_every_row(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = parts_table(150, seed=7)
    path = tmp_path / "long.pdf"
    info = write_pdf(Report(cover(), [Section("Parts", [table])]), path)
    text = "\n".join(page_texts(path))
    assert all(f"P-07{i:04d}" in text for i in range(150))
    pages = [t.page for t in info.tables]
    assert pages == list(range(pages[0], pages[0] + len(pages))) and len(pages) >= 4

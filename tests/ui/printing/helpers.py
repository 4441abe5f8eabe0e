"""Hand-built reports and PDF read-back (poppler's pdftotext/pdfinfo) for the renderer tests."""

from __future__ import annotations

import random
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtGui import QImage

from rePlanner.io.report.document import (
    Bullets,
    Column,
    Cover,
    HeatGrid,
    Histogram,
    KeyFigures,
    LineChart,
    Paragraph,
    Report,
    Section,
    SurvivalBars,
    Table,
)

LONG_TEXT = (
    "Magnet supplier in Ningbo sources sintered NdFeB blocks from two separators; the second "
    "separator is licensed only until the end of the quarter and its export licence renewal "
    "has been pending for 47 days with no decision announced by MOFCOM"
)


def cover(**kw: object) -> Cover:
    values: dict[str, object] = dict(
        title="Rare-earth supply risk", company="Acme Automotive GmbH", scope="Whole company",
        scenario="EC07 export licences +60 days", report_date=date(2026, 3, 2),
        confidentiality="Confidential – internal use", lines=["Data as of 2026-02-28 (import #12)"],
    )  # fmt: skip
    values.update(kw)
    return Cover(**values)  # type: ignore[arg-type]


def parts_table(n: int, seed: int = 1, title: str = "Binding parts") -> Table:
    rng = random.Random(seed)
    cols = [
        Column("Part", "text"),
        Column("Description", "text", weight=2.0),
        Column("Supplier", "text"),
        Column("Qty/day", "int"),
        Column("TTS days", "days"),
        Column("TTR days", "days"),
        Column("China share", "share"),
        Column("Lost margin EUR", "money"),
    ]
    rows, flags = [], []
    for i in range(n):
        tts = rng.uniform(2, 90)
        ttr = rng.choice([rng.uniform(10, 120), None, float("inf")])
        rows.append((
            f"P-{seed:02d}{i:04d}", f"{rng.choice(['Seat', 'Wiper', 'Pump', 'EPS'])} motor {i}",
            f"Supplier {rng.randint(1, 40)}", rng.randint(50, 25000), tts, ttr,
            rng.random(), rng.uniform(1e3, 9e7),
        ))  # fmt: skip
        flags.append(rng.choice(["risk", "warn", "safe", None]))
    return Table(cols, rows, title=title, flags=flags, note="TTS/TTR in days; money in EUR.")


def sample_report() -> Report:
    """Every block kind once, a table that breaks over pages and a long wrapping cell."""
    wide = Table(
        [Column("Supplier", "text"), Column("Finding", "text", 3.0), Column("Sites", "int")],
        [("Ningbo Magnets Co.", LONG_TEXT, 3), ("Baotou Steel RE", "Single separator", 1)],
        title="Findings",
    )
    lines = [f"Line {i}" for i in range(1, 7)]
    mats = ["Nd metal", "Dy oxide", "Tb metal", "Pr-Nd oxide", "Sm metal"]
    ratio = {
        (r, m): (i + j) / 4 if (i + j) % 3 else None
        for i, r in enumerate(lines)
        for j, m in enumerate(mats)
    }
    sections = [
        Section(
            "Executive summary",
            [
                KeyFigures(
                    [
                        ("Lines at risk", "3 of 7", "risk"),
                        ("Shutdown days", "41.5", "warn"),
                        ("Lost vehicles", "12,400", "risk"),
                        ("Lost margin", "38.2 M", None),
                    ]
                ),
                Paragraph("Three lines stop before their suppliers recover.", "lead"),
                Bullets(
                    ["Qualify a second magnet source for the EPS motor", "Raise Dy oxide stock"]
                ),
            ],
        ),  # fmt: skip
        Section("Line pages", [Paragraph("One page per production line.")]),
        Section("Line 1 – Wolfsburg BEV", [parts_table(70), wide], level=2),
        Section(
            "Charts",
            [
                SurvivalBars(
                    "Survival vs recovery",
                    lines,
                    [5.0, None, 30.0, 12.0, 60.0, 3.5],
                    [20.0, 14.0, None, 12.5, 30.0, float("inf")],
                ),
                HeatGrid(
                    "Line x material",
                    lines,
                    mats,
                    ratio,
                    {k: format(v, ".1f") if v is not None else "–" for k, v in ratio.items()},
                ),
                LineChart(
                    "Quota history",
                    ["2021", "2022", "2023", "2024", "2025"],
                    [
                        ("Mining", [168e3, 210e3, 240e3, None, 270e3]),
                        ("Smelting", [162e3, 202e3, 230e3, 254e3, 254e3]),
                    ],
                    unit="t REO",
                ),
                Histogram(
                    "Lost margin distribution",
                    [0, 5, 10, 15, 20, 25],
                    [3, 12, 30, 18, 4],
                    [("P50", 11.2), ("P90", 18.7)],
                    unit="M EUR",
                ),
            ],
        ),  # fmt: skip
        Section("Empty annex", [Table([Column("Measure")], [], title="Measures suspended")]),
    ]
    return Report(cover(), sections, header="Acme – rare-earth risk report")


def big_report(tables: int = 26, rows: int = 40) -> Report:
    """About 50 pages: per line a section with a 40-row x 8-column table; a few charts."""
    sections = []
    for i in range(tables):
        blocks: list = [
            Paragraph(f"Binding parts of line {i}, worst first. " * 3),
            parts_table(rows, i),
        ]
        sections.append(
            Section(f"Line {i:02d}", blocks, level=1 if i % 4 == 0 else 2, new_page=True)
        )
    sample = sample_report()
    sections.extend(s for s in sample.sections if s.title == "Charts")
    return Report(cover(), sections, header="Acme – rare-earth risk report")


def pdftotext(path: Path, *extra: str) -> str:
    return subprocess.run(
        ["pdftotext", *extra, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_texts(path: Path) -> list[str]:
    """Text of each page (pdftotext separates pages with form feeds)."""
    return pdftotext(path).split("\f")[:-1]


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]


@dataclass
class Word:
    page: int  # 1-based
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def words(path: Path) -> tuple[list[Word], list[tuple[float, float]]]:
    """Every word with its box in points, and each page's size."""
    xml = pdftotext(path, "-bbox")
    xml = xml[xml.index("<body>") : xml.index("</body>") + 7]
    out, sizes = [], []
    for n, page in enumerate(ET.fromstring(xml).iter("page"), start=1):
        sizes.append((float(page.get("width")), float(page.get("height"))))  # type: ignore[arg-type]
        for w in page.iter("word"):
            box = [float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]  # type: ignore[arg-type]
            out.append(Word(n, w.text or "", *box))
    return out, sizes


def raster(path: Path, page: int, dpi: int = 144) -> QImage:
    """One page of the PDF as an image (poppler's pdftoppm), `dpi` pixels per inch."""
    stem = path.with_name(f"{path.stem}-raster-{page}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    "-png", str(path), str(stem)], check=True)  # fmt: skip
    image = QImage(str(stem) + ".png")
    assert not image.isNull()
    return image


def colour_at(image: QImage, x: float, y: float, dpi: int = 144) -> tuple[int, int, int]:
    """RGB of the pixel at (x, y) points from the page's top left."""
    c = image.pixelColor(round(x * dpi / 72), round(y * dpi / 72))
    return c.red(), c.green(), c.blue()


def word_at(found: list[Word], text: str, page: int | None = None) -> Word:
    hits = [w for w in found if w.text == text and (page is None or w.page == page)]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def overlapping(found: list[Word]) -> list[tuple[str, str]]:
    """Pairs of words on one page whose boxes overlap (text drawn over text)."""
    out = []
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.page != b.page:
                continue
            ix = min(a.x1, b.x1) - max(a.x0, b.x0)
            iy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if ix > 1.0 and iy > 1.5:
                out.append((a.text, b.text))
    return out

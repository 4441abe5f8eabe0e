"""Charts show the engine's verdicts: heat cells by `level` (ratio only as a fallback), survival
bars red by `at_risk`, and quota points that are only lower bounds drawn hollow and unjoined.
Pages are rasterised with pdftoppm and the pixels under the drawn items are checked."""

from __future__ import annotations

from pathlib import Path

from rePlanner.io.report.document import HeatGrid, LineChart, Report, Section, SurvivalBars
from rePlanner.ui.printing import write_pdf
from tests.ui.printing.helpers import colour_at, cover, page_texts, raster, word_at, words

DPI = 144


def _kind(rgb: tuple[int, int, int]) -> str:
    r, g, b = rgb
    if r > 240 and g > 240 and b > 240:
        return "white"
    if r > 180 and g < 140 and b < 140:
        return "red"
    if r > 200 and 150 < g < 210 and b < 120:
        return "amber"
    if g > r + 15 and g > b + 15:
        return "green"
    return "other"


def _render(tmp_path: Path, *blocks: object) -> tuple[Path, int]:
    path = tmp_path / "chart.pdf"
    info = write_pdf(Report(cover(), [Section("Charts", list(blocks))]), path)  # type: ignore[arg-type]
    return path, info.toc[0].page


def _cell_colour(path: Path, page: int, text: str) -> str:
    """The fill beside a heat cell's text (the text is centred in a cell >= 34 pt wide)."""
    w = word_at(words(path)[0], text, page)
    return _kind(colour_at(raster(path, page, DPI), w.x0 - 5, (w.y0 + w.y1) / 2, DPI))


def test_heat_cells_follow_the_engines_level_not_the_ratio(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cols = ["Nd", "Dy", "Tb", "Ga"]
    ratio = {("L1", "Nd"): 2.4, ("L1", "Dy"): 0.4, ("L1", "Tb"): 3.0, ("L1", "Ga"): None}
    # the review's case: 14.8 shutdown days with TTS well above TTR -> the line still stops
    text = {("L1", "Nd"): "14.8", ("L1", "Dy"): "2.0", ("L1", "Tb"): "6.5", ("L1", "Ga"): "7.7"}
    level = {("L1", "Nd"): "stop", ("L1", "Dy"): "ok", ("L1", "Tb"): "close"}
    grid = HeatGrid("Heat", ["L1"], cols, ratio, text, level=level)  # type: ignore[arg-type]
    path, page = _render(tmp_path, grid)
    assert _cell_colour(path, page, "14.8") == "red"
    assert _cell_colour(path, page, "2.0") == "green"
    assert _cell_colour(path, page, "6.5") == "amber"
    assert _cell_colour(path, page, "7.7") == "white"  # no level: blank
    squashed = " ".join(page_texts(path)[page - 1].split())
    for label in ("line stops", "survives, < 25 % spare", "survives"):
        assert label in squashed
    assert "TTS < TTR" not in squashed and "not at risk" not in squashed


def test_heat_cells_without_levels_fall_back_to_the_quarter_spare_rule(
    qapp, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ratio = {("L1", "a"): 0.8, ("L1", "b"): 1.2, ("L1", "c"): 1.3, ("L1", "d"): None}
    text = {("L1", "a"): "1.1", ("L1", "b"): "2.2", ("L1", "c"): "3.3", ("L1", "d"): "4.4"}
    path, page = _render(tmp_path, HeatGrid("Heat", ["L1"], list("abcd"), ratio, text))
    kinds = [_cell_colour(path, page, t) for t in ("1.1", "2.2", "3.3", "4.4")]
    assert kinds == ["red", "amber", "green", "white"]


def test_survival_bar_is_red_when_the_engine_says_at_risk_even_if_tts_exceeds_ttr(
    qapp, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    bars = SurvivalBars("Survival", ["Long stock", "Short stock"], [60.0, 5.0], [20.0, 30.0],
                        at_risk=[True, False])  # fmt: skip
    path, page = _render(tmp_path, bars)
    image = raster(path, page, DPI)
    found = words(path)[0]

    def bar_colour(label: str) -> str:  # the TTS bar ends 3 pt left of its value label
        w = word_at(found, label, page)
        return _kind(colour_at(image, w.x0 - 6, (w.y0 + w.y1) / 2, DPI))

    assert bar_colour("60.0") == "red"  # TTS 60 > TTR 20, yet the line stops (licence wait)
    assert bar_colour("5.0") == "green"  # TTS 5 < TTR 30, but the engine says it rides it out


def _series_ink(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb  # the first series is dark blue (#24527a)
    return b > r + 40 and r < 120


def test_a_lower_bound_point_is_hollow_and_not_joined_into_the_line(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    years = ["2021", "2022", "2023", "2024", "2025"]
    chart = LineChart("Quota", years, [("Mining", [100.0, 100.0, 100.0, 100.0, 200.0])],
                      lower_bound=[[False, False, True, False, False]])  # fmt: skip
    path, page = _render(tmp_path, chart)
    assert "hollow: lower bound (not all batches published)" in page_texts(path)[page - 1]
    found = words(path)[0]
    image = raster(path, page, DPI)
    tick = word_at(found, "100", page)  # the y-axis label at the line's height
    y = (tick.y0 + tick.y1) / 2
    xs = [(word_at(found, s, page).x0 + word_at(found, s, page).x1) / 2 for s in years]

    def line_near(x: float) -> bool:  # the series' ink within 3 pt of the 100 line
        return any(_series_ink(colour_at(image, x, y + d / 4, DPI)) for d in range(-12, 13))

    assert line_near((xs[0] + xs[1]) / 2)  # joined points: a line between them
    assert not line_near((xs[1] + xs[2]) / 2)  # a gap before the lower bound
    assert not line_near((xs[2] + xs[3]) / 2)  # and after it
    assert any(line_near(xs[2] + d / 4) for d in range(8, 15))  # its ring is drawn
    centre = [colour_at(image, xs[k], y + d / 4, DPI) for k in (1, 2) for d in range(-4, 5)]
    assert any(_series_ink(c) for c in centre[:9])  # a solid marker: ink in the middle
    assert not any(_series_ink(c) for c in centre[9:])  # the hollow one: white in the middle


def test_no_lower_bound_no_legend_entry(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chart = LineChart("Quota", ["2024", "2025"], [("Mining", [1.0, 2.0])])
    path, page = _render(tmp_path, chart)
    assert "lower bound" not in page_texts(path)[page - 1]

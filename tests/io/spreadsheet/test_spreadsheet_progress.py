"""Streaming reports progress against the sheet's total and stops when the user cancels."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from rePlanner.domain.progress import Cancelled
from rePlanner.io.spreadsheet import open_workbook

ROWS = 20_000


class Recorder:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.updates: list[tuple[int, int]] = []
        self.cancel_after = cancel_after

    def update(self, done: int, total: int, message: str = "") -> None:
        self.updates.append((done, total))

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.updates) >= self.cancel_after


@pytest.fixture(scope="module")
def big_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "big.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("BOM")
    ws.write_row(0, 0, ["Part", "Qty"])
    for r in range(1, ROWS):
        ws.write_string(r, 0, f"{r:08d}")
        ws.write_number(r, 1, r)
    wb.close()
    return path


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "big.csv"
    path.write_text("Part;Qty\n" + "".join(f"{r:08d};{r}\n" for r in range(1, ROWS)))
    return path


@pytest.mark.parametrize("which", ["big_xlsx", "big_csv"])
def test_progress_reported_up_to_the_total(which: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(which)
    progress = Recorder()
    with open_workbook(path) as src:
        rows = list(src.iter_rows(src.sheet_names()[0], progress, start=1))
    assert len(rows) == ROWS - 1 and rows[-1][0] == f"{ROWS - 1:08d}"
    assert len(progress.updates) >= 4
    assert all(t == ROWS for _, t in progress.updates)
    assert progress.updates[-1] == (ROWS, ROWS)
    done = [d for d, _ in progress.updates]
    assert done == sorted(done)


@pytest.mark.parametrize("which", ["big_xlsx", "big_csv"])
def test_cancel_during_iter_rows(which: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(which)
    progress = Recorder(cancel_after=2)
    seen = 0
    with open_workbook(path) as src, pytest.raises(Cancelled, match="cancelled"):
        for _ in src.iter_rows(src.sheet_names()[0], progress):
            seen += 1
    assert 0 < seen < ROWS - 1

"""CSV and other delimited text: encoding and delimiter detected, every value kept as text.

Encoding: see encoding.detect_encoding. The detected encoding and delimiter are exposed as
`CsvSource.encoding` and `CsvSource.delimiter`.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rePlanner.domain.errors import DataFileError
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.io.spreadsheet.encoding import detect_encoding
from rePlanner.io.spreadsheet.failures import reading
from rePlanner.io.spreadsheet.limits import Limits, too_many_columns, too_many_rows
from rePlanner.io.spreadsheet.source import PROGRESS_EVERY, WorkbookSource

DELIMITERS = ",;\t|"
_CHUNK = 1 << 20
_SNIFF_CHARS = 64 * 1024
csv.field_size_limit(16 * 1024 * 1024)  # one cell of 16 MiB is already absurd; the default is 128K


def sniff_delimiter(sample: str) -> str:
    """The candidate that splits the most lines into the same number (> 1) of fields."""
    lines = [ln for ln in sample.splitlines()[:100] if ln.strip()]
    if lines and len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line of a sample may be cut short
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) >= 5:
        return lines[0][4]  # Excel's own hint line
    best, best_score = ",", (0.0, 0)
    for d in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        if not counts:
            continue
        mode, hits = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = (hits / len(counts), mode)
        if score > best_score:
            best, best_score = d, score
    return best


class CsvSource(WorkbookSource):
    kind = "CSV"

    def __init__(self, file: str, path: str, limits: Limits) -> None:
        super().__init__(file, path, limits)
        with reading(file):
            self.encoding, self._codec = detect_encoding(path)
            with open(path, encoding=self._codec, newline="") as f:
                sample = f.read(_SNIFF_CHARS)
        if not sample.strip():
            raise DataFileError(file, "the file contains no data (only blank lines).")
        self.delimiter = sniff_delimiter(sample)
        self._name = Path(file).name
        self._total: int | None = None

    def sheet_names(self) -> list[str]:
        return [self._name]

    def is_empty(self, name: str) -> bool:
        return False  # checked when opening

    def sheet_rows(self, name: str) -> int | None:
        """Line count: exact unless quoted cells contain line breaks (then an upper bound)."""
        if self._total is None:
            n, last = 0, b"\n"
            with reading(self.file), open(self.path, "rb") as f:
                while chunk := f.read(_CHUNK):
                    n += chunk.count(b"\n")
                    last = chunk[-1:]
            self._total = n + (last != b"\n")
        return self._total

    def iter_rows(
        self, name: str, progress: Progress | None = None, start: int = 0
    ) -> Iterator[list[Any]]:
        self._check_name(name)
        progress = progress or NullProgress()
        total = 0  # counted when first needed: a 200-row head read should not scan the file
        what = f"reading {self.file}"
        i = 0
        with reading(self.file), open(self.path, encoding=self._codec, newline="") as f:
            reader = csv.reader(f, delimiter=self.delimiter or ",")
            while True:
                try:
                    fields = next(reader, None)
                except csv.Error as e:
                    raise DataFileError(
                        self.file,
                        f"the text cannot be split into cells ({e}). Open it in a text "
                        "editor and check the quotes around this line.",
                        row=i + 1,
                    ) from None
                if fields is None:
                    break
                i += 1
                if i > self.limits.max_rows:
                    raise too_many_rows(self.file, None, i, self.limits)
                if len(fields) > self.limits.max_columns:
                    raise too_many_columns(self.file, None, len(fields), self.limits)
                if i % PROGRESS_EVERY == 0:
                    check(progress, what)
                    total = total or self.sheet_rows(name) or 0
                    progress.update(i, max(total, i), f"{name}: row {i:,} of about {total:,}")
                if i > start:
                    yield [v if v else None for v in fields]
        progress.update(i, i, f"{name}: {i:,} rows read")

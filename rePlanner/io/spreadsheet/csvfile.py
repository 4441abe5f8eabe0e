"""CSV and other delimited text: encoding and delimiter detected, every value kept as text.

Encoding: a BOM decides (UTF-8, UTF-16 LE/BE); else the whole file must decode as strict UTF-8;
else GBK (Chinese ERP exports) or cp1252 (Western Excel "CSV") by how the non-ASCII bytes group.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rePlanner.domain.errors import DataFileError
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.io.spreadsheet.limits import Limits, too_many_columns, too_many_rows
from rePlanner.io.spreadsheet.source import PROGRESS_EVERY, WorkbookSource

DELIMITERS = ",;\t|"
_CHUNK = 1 << 20
_SNIFF_CHARS = 64 * 1024
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
csv.field_size_limit(16 * 1024 * 1024)  # one cell of 16 MiB is already absurd; the default is 128K


def detect_encoding(path: str) -> tuple[str, str]:
    """(name to report, codec to open the file with)."""
    with open(path, "rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "utf-8-sig"
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", "utf-16"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", "utf-16"
    if len(head) >= 2 and b"\x00" in head:  # UTF-16 without a BOM (ASCII text half zeros)
        enc = "utf-16-le" if head[1] == 0 else "utf-16-be"
        return enc, enc
    if _decodes(path, "utf-8"):
        return "utf-8", "utf-8"
    if _decodes(path, "gbk") and _looks_chinese(path):
        return "gbk", "gbk"
    if _decodes(path, "cp1252"):
        return "cp1252", "cp1252"
    return "latin-1", "latin-1"  # cp1252 with its 5 undefined bytes: never fails


def _decodes(path: str, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _looks_chinese(path: str) -> bool:
    """GBK text has runs of high bytes of even length (2 per character); cp1252 text mostly has
    single accented letters between ASCII ones ("Müller", "café")."""
    with open(path, "rb") as f:
        data = f.read(4 * _CHUNK)
    runs = [len(r) for r in _HIGH_RUN.findall(data)]
    odd = sum(1 for n in runs if n % 2)
    return bool(runs) and odd <= 0.05 * len(runs)


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
            with open(self.path, "rb") as f:
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
        with open(self.path, encoding=self._codec, newline="") as f:
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

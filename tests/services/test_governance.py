"""Country governance scores: CSV load (all or nothing), WGI rescaling, user rows kept, list/get.

Every score below is MADE-UP TEST DATA, not a World Bank figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from rePlanner.domain.enums import AuditAction
from rePlanner.domain.errors import DataFileError, NotFoundError
from rePlanner.persistence.models import AuditEntry
from rePlanner.services import crud
from rePlanner.services.governance import (
    get_governance,
    list_governance,
    load_governance,
    read_governance_csv,
    wgi_from_estimate,
)

TEST_NOTE = "TEST DATA - made up - not a sourced score"


def write(tmp_path: Path, text: str, name: str = "gov.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_jrc_rescaling_of_the_wgi_estimate():
    assert wgi_from_estimate(2.5) == 0.0  # best governance
    assert wgi_from_estimate(0.0) == 5.0  # the world mean of the WGI
    assert wgi_from_estimate(-2.5) == 10.0
    assert wgi_from_estimate(-1.0) == pytest.approx(7.0)


def test_load_scores_and_estimates_then_list_and_get(db, tmp_path):
    path = write(tmp_path, "country,wgi_score,wgi_estimate,year,confidence,source_url,notes\n"
                 f"China,6.5,,2023,derived,https://example.org/test,{TEST_NOTE}\n"
                 f"Japan,,1.0,2023,,,{TEST_NOTE}\n")  # fmt: skip
    result = load_governance(db, path)
    assert result.inserted == ["China", "Japan"] and not result.updated
    rows = {g.country: g for g in list_governance(db)}
    assert rows["China"].wgi_score == 6.5 and rows["China"].confidence == "derived"
    assert rows["Japan"].wgi_score == pytest.approx(3.0)  # (2.5 - 1.0) x 2
    assert {g.origin for g in rows.values()} == {"reference"}
    assert get_governance(db, "PRC").country == "China"  # an alias of China
    assert get_governance(db, "  japan ").wgi_score == pytest.approx(3.0)
    with pytest.raises(NotFoundError):
        get_governance(db, "Atlantis")
    with db.session("t", audit=False) as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "country governance"))
        assert [a.action for a in audit] == [AuditAction.BULK]


def test_reload_updates_file_rows_and_never_overwrites_user_rows(db, tmp_path):
    crud.create(db, "country governance", {"country": "Malaysia", "wgi_score": 4.0,
                                           "notes": TEST_NOTE})  # fmt: skip
    first = write(tmp_path, f"country,wgi_score,notes\nChina,6.5,{TEST_NOTE}\n"
                  f"Japan,3.0,{TEST_NOTE}\n")  # fmt: skip
    load_governance(db, first)
    second = write(tmp_path, f"country,wgi_score,notes\nchina,7.0,{TEST_NOTE}\n"
                   f"Japan,3.0,{TEST_NOTE}\nMALAYSIA,9.0,{TEST_NOTE}\n", "again.csv")  # fmt: skip
    result = load_governance(db, second)
    assert result.updated == ["China"] and result.unchanged == ["Japan"]
    assert result.kept_user == ["Malaysia"] and not result.inserted
    rows = {g.country: g for g in list_governance(db)}
    assert rows["China"].wgi_score == 7.0
    assert rows["Malaysia"].wgi_score == 4.0 and rows["Malaysia"].origin == "user"


@pytest.mark.parametrize(
    ("text", "row", "column", "value"),
    [
        ("country,wgi_score\nChina,6\nJapan,11\n", 3, "wgi_score", "11"),
        ("country,wgi_score\nChina,6\nJapan,high\n", 3, "wgi_score", "high"),
        ("country,wgi_estimate\nChina,-3.1\n", 2, "wgi_estimate", "-3.1"),
        ("country,wgi_score,wgi_estimate\nChina,6,-0.5\n", 2, "wgi_estimate", "-0.5"),
        ("country,wgi_score\nChina,\n", 2, "wgi_score", None),
        ("country,wgi_score\n,6\n", 2, "country", None),
        ("country,wgi_score\nChina,6\nPRC,7\n", 3, "country", "PRC"),
        ("country,wgi_score,year\nChina,6,20233\n", 2, "year", "20233"),
        ("country,wgi_score,confidence\nChina,6,sure\n", 2, "confidence", "sure"),
        ("country,score\nChina,6\n", 1, "score", None),
    ],
)  # fmt: skip
def test_a_bad_file_names_file_row_column_value_and_loads_nothing(
    db, tmp_path, text, row, column, value
):
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as exc:
        load_governance(db, path)
    err = exc.value
    assert (err.file, err.row, err.column, err.value) == (str(path), row, column, value)
    assert str(path) in str(err) and f"row {row}" in str(err)
    assert list_governance(db) == []  # all or nothing: the good rows before it are not loaded


def test_files_without_the_needed_columns_or_rows_are_refused(tmp_path):
    for text, message in (("name,wgi_score\nChina,6\n", "unknown column"),
                          ("wgi_score\n6\n", "no country column"),
                          ("country,year\nChina,2023\n", "wgi_score or a wgi_estimate"),
                          ("country,wgi_score\n", "no data rows"), ("", "empty")):  # fmt: skip
        with pytest.raises(DataFileError, match=message):
            read_governance_csv(write(tmp_path, text))
    with pytest.raises(DataFileError, match="no such file"):
        read_governance_csv(tmp_path / "missing.csv")

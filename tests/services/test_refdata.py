"""Seeding and refreshing reference data in a real SQLite file."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from rePlanner.domain.enums import AuditAction, Origin
from rePlanner.domain.errors import DataFileError
from rePlanner.paths import refdata_dir
from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.refdata import (
    reference_as_of,
    reference_counts,
    seed_reference,
    update_reference,
)

SHIPPED = refdata_dir()
SOURCED = {
    "export_controls.csv": "policy_measures",
    "quotas.csv": "quota_batches",
    "market_share.csv": "market_shares",
    "part_content.csv": "part_content_refs",
    "alt_producers.csv": "alternative_sources",
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "refdata"
    shutil.copytree(SHIPPED, folder)
    for p in folder.iterdir():
        p.chmod(0o644)
    return folder


def _dump(db: Database, model: Any) -> list[tuple[Any, ...]]:
    with db.session("t", audit=False) as s:
        table = model.__table__
        order = list(table.primary_key.columns)
        return [tuple(r) for r in s.execute(select(table).order_by(*order))]


def _material_id(db: Database, element: str, stage: str) -> int:
    return crud.find(db, "material", element=element, stage=stage)[0]["id"]


def test_seed_loads_every_sourced_row_and_only_those(db: Database) -> None:
    summary = seed_reference(db, user="tester")
    counts = reference_counts(db)
    for name, table in SOURCED.items():
        with_source = [r for r in _rows(SHIPPED / name) if r["source_url"].strip()]
        factor = 2 if name == "quotas.csv" else 1  # a mining and a smelting batch per row
        assert counts[table] == len(with_source) * factor, name
        assert summary.tables[table].inserted == len(with_source) * factor
    assert counts["materials"] == len(_rows(SHIPPED / "materials.csv"))
    skipped = {(s.file, s.row) for s in summary.skipped}
    no_source = [i + 2 for i, r in enumerate(_rows(SHIPPED / "quotas.csv")) if not r["source_url"]]
    assert skipped == {("quotas.csv", n) for n in no_source} and no_source


def test_every_loaded_row_has_a_source_and_keeps_its_confidence(db: Database) -> None:
    seed_reference(db)
    with db.session("t", audit=False) as s:
        for model in (
            m.PolicyMeasure,
            m.QuotaBatch,
            m.MarketShare,
            m.PartContentReference,
            m.AlternativeSource,
        ):
            urls = s.scalars(select(model.source_url)).all()
            assert urls and all(u and u.strip() for u in urls), model.__tablename__
        assert all(n for n in s.scalars(select(m.Material.notes)))  # the derivation
        assert set(s.scalars(select(m.Material.origin))) == {Origin.REFERENCE}
        for name, model in (
            ("market_share.csv", m.MarketShare),
            ("part_content.csv", m.PartContentReference),
            ("alt_producers.csv", m.AlternativeSource),
        ):
            expected = sum(r["confidence"] == "unconfirmed" for r in _rows(SHIPPED / name))
            stored = s.scalar(select(func.count()).where(model.confidence == "unconfirmed"))
            assert expected > 0 and stored == expected, name
        vac = s.scalars(select(m.AlternativeSource).where(m.AlternativeSource.name.like("VAC%")))
        assert vac.one().confidence == "unconfirmed"


def test_seeded_values(db: Database) -> None:
    summary = seed_reference(db)
    with db.session("t", audit=False) as s:
        q2025 = s.scalars(select(m.QuotaBatch).where(m.QuotaBatch.year == 2025)).all()
        assert q2025 and all(q.volume_t is None for q in q2025)
        ec07 = s.scalars(select(m.PolicyMeasure).where(m.PolicyMeasure.code == "EC07")).one()
        keys = {(x.element, x.stage.value) for x in ec07.materials}
        assert {("Dy", "oxide"), ("Tb", "oxide"), ("Dy", "metal"), ("Tb", "metal")} <= keys
        assert ec07.licence_days_nominal == 45 and ec07.licence_required
        ec10 = s.scalars(select(m.PolicyMeasure).where(m.PolicyMeasure.code == "EC10")).one()
        assert ec10.date_effective is None and ec10.effective_note == "2025-11-08 (planned)"
        assert (ec10.suspended_from, ec10.suspended_until) == (
            date(2025, 11, 7),
            date(2026, 11, 10),
        )
        ends = dict(s.execute(select(m.PolicyMeasure.code, m.PolicyMeasure.date_ends)).all())
        assert ends.pop("EC14") == date(2026, 11, 10)
        assert ends and set(ends.values()) == {None}
        lynas = s.scalars(
            select(m.AlternativeSource).where(m.AlternativeSource.location.like("Mt Weld%"))
        ).one()
        assert (lynas.kind, lynas.status, lynas.origin) == ("supplier", "candidate", "reference")
        assert s.get(m.Material, lynas.material_id).element == "NdPr"
        iluka = s.scalars(
            select(m.AlternativeSource).where(m.AlternativeSource.name == "Iluka Resources")
        ).one()
        assert iluka.capacity_text.startswith("12,100-18,400") and iluka.material_id is None
        bulk = s.scalars(select(m.AuditEntry.action)).all()
        assert bulk and set(bulk) == {AuditAction.BULK}
    assert summary.as_of == reference_as_of(db) == date(2025, 11, 9)


def test_reseeding_does_not_duplicate(db: Database) -> None:
    seed_reference(db)
    before = reference_counts(db)
    again = seed_reference(db)
    assert reference_counts(db) == before
    assert all(c.inserted == c.updated == c.deleted == 0 for c in again.tables.values())
    assert again.tables["materials"].unchanged == before["materials"]


def test_update_changes_reference_values_and_leaves_user_data_alone(
    db: Database, tmp_path: Path
) -> None:
    seed_reference(db)
    supplier = crud.create(db, "supplier", {"name": "Our Magnet Co", "country": "DE"})
    part = crud.create(db, "part", {"part_number": "0042", "description": "seat motor"})
    mine = crud.create(db, "policy measure", {"code": "EC16", "kind": "ban", "title": "my view"})
    folder = _folder(tmp_path)
    quotas = _rows(folder / "quotas.csv")
    next(r for r in quotas if r["year"] == "2024" and r["batch"] == "annual")[
        "mining_quota_t_REO"
    ] = "280000"
    _write(folder / "quotas.csv", quotas)
    controls = _rows(folder / "export_controls.csv")
    controls[6]["measure"] = "Seven rare earths (renamed)"
    controls.append({**controls[6], "id": "EC16", "measure": "from the file"})
    _write(folder / "export_controls.csv", controls)

    summary = update_reference(db, folder)

    assert summary.tables["quota_batches"].updated == 1
    q = crud.find(db, "quota batch", year=2024, batch="annual", kind="mining")[0]
    assert q["volume_t"] == 280000
    assert crud.find(db, "policy measure", code="EC07")[0]["title"] == "Seven rare earths (renamed)"
    assert summary.tables["policy_measures"].user_owned == 1
    assert crud.get(db, "policy measure", mine["id"]) == mine
    assert crud.get(db, "supplier", supplier["id"]) == supplier
    assert crud.get(db, "part", part["id"]) == part
    ec07 = crud.find(db, "policy measure", code="EC07")[0]
    assert ec07["licence_days_nominal"] == 45  # the structured columns were not disturbed


def test_raw_only_update_keeps_structured_columns(db: Database, tmp_path: Path) -> None:
    seed_reference(db)
    folder = _folder(tmp_path)
    controls = _rows(folder / "export_controls.csv")
    controls[6]["notes"] = "new note"  # EC07
    _write(folder / "export_controls.csv", controls)
    summary = update_reference(db, folder / "export_controls.csv")
    assert summary.tables["policy_measures"].updated == 1
    ec07 = crud.find(db, "policy measure", code="EC07")[0]
    assert ec07["notes"].startswith("new note") and "[derivation]" in ec07["notes"]
    assert ec07["licence_days_nominal"] == 45 and ec07["licence_required"]
    ec08 = crud.find(db, "policy measure", code="EC08")[0]
    assert ec08["suspended_until"] == date(2026, 11, 10) and ec08["date_effective"] is None
    assert crud.find(db, "policy measure", code="EC14")[0]["date_ends"] == date(2026, 11, 10)


def test_structured_only_update_changes_columns_but_deletes_no_measure(
    db: Database, tmp_path: Path
) -> None:
    seed_reference(db)
    folder = _folder(tmp_path)
    ec07 = next(r for r in _rows(folder / "measures_structured.csv") if r["id"] == "EC07")
    ec07["licence_days_nominal"] = "40"
    ec07["materials"] = "Dy:oxide; Tb:oxide"
    _write(folder / "measures_structured.csv", [ec07])
    summary = update_reference(db, folder / "measures_structured.csv")
    assert reference_counts(db)["policy_measures"] == 15
    assert crud.find(db, "policy measure", code="EC07")[0]["licence_days_nominal"] == 40
    assert summary.tables["measure_materials"].deleted == 14
    assert summary.tables["measure_materials"].unchanged == 2


def test_measure_end_is_loaded_and_a_file_without_the_column_leaves_it(
    db: Database, tmp_path: Path
) -> None:
    seed_reference(db)
    folder = _folder(tmp_path)
    rows = _rows(folder / "measures_structured.csv")
    ec14 = next(r for r in rows if r["id"] == "EC14")
    ec14["date_ends"] = "2026-12-31"
    _write(folder / "measures_structured.csv", rows)
    update_reference(db, folder / "measures_structured.csv")
    assert crud.find(db, "policy measure", code="EC14")[0]["date_ends"] == date(2026, 12, 31)

    older = [{k: v for k, v in r.items() if k != "date_ends"} for r in rows]
    _write(folder / "measures_structured.csv", older)
    summary = update_reference(db, folder / "measures_structured.csv")
    assert crud.find(db, "policy measure", code="EC14")[0]["date_ends"] == date(2026, 12, 31)
    assert summary.tables["policy_measures"].updated == 0


@pytest.mark.parametrize(
    ("file", "key", "column", "value"),
    [
        ("quotas.csv", "2019", "mining_quota_t_REO", "lots"),
        ("measures_structured.csv", "EC07", "date_effective", "2025-04-31"),
    ],
)
def test_bad_file_raises_located_error_and_changes_nothing(
    db: Database, tmp_path: Path, file: str, key: str, column: str, value: str
) -> None:
    seed_reference(db)
    folder = _folder(tmp_path)
    materials = _rows(folder / "materials.csv")
    materials[0]["name"] = "renamed concentrate"  # a valid change in the same folder
    _write(folder / "materials.csv", materials)
    rows = _rows(folder / file)
    index = next(i for i, r in enumerate(rows) if next(iter(r.values())) == key)
    rows[index][column] = value
    _write(folder / file, rows)
    before = [_dump(db, t) for t in (m.Material, m.QuotaBatch, m.PolicyMeasure, m.AppMeta)]

    with pytest.raises(DataFileError) as err:
        update_reference(db, folder)

    assert (err.value.file, err.value.row, err.value.column) == (
        str(folder / file),
        index + 2,
        column,
    )
    after = [_dump(db, t) for t in (m.Material, m.QuotaBatch, m.PolicyMeasure, m.AppMeta)]
    assert after == before


def test_error_found_inside_the_transaction_rolls_everything_back(
    db: Database, tmp_path: Path
) -> None:
    seed_reference(db)
    folder = _folder(tmp_path)
    materials = _rows(folder / "materials.csv")
    materials[0]["name"] = "renamed concentrate"
    _write(folder / "materials.csv", materials)
    measures = _rows(folder / "measures_structured.csv")
    measures[6]["materials"] += "; Xx:oxide"  # EC07: well formed, but no such material
    _write(folder / "measures_structured.csv", measures)
    before = _dump(db, m.Material), _dump(db, m.MeasureMaterial)
    with pytest.raises(DataFileError) as err:
        update_reference(db, folder)
    assert (err.value.row, err.value.column, err.value.value) == (8, "materials", "Xx:oxide")
    assert (_dump(db, m.Material), _dump(db, m.MeasureMaterial)) == before


def test_material_used_by_a_user_part_is_kept(db: Database, tmp_path: Path) -> None:
    seed_reference(db)
    part = crud.create(db, "part", {"part_number": "0042"})
    nd_metal = _material_id(db, "Nd", "metal")
    crud.create(
        db, "part material", {"part_id": part["id"], "material_id": nd_metal, "kg_per_unit": 0.01}
    )
    folder = _folder(tmp_path)
    rows = [
        r
        for r in _rows(folder / "materials.csv")
        if (r["element"], r["stage"]) not in {("Nd", "metal"), ("Pr", "metal")}
    ]
    _write(folder / "materials.csv", rows)

    summary = update_reference(db, folder / "materials.csv")

    assert crud.get(db, "material", nd_metal)["element"] == "Nd"
    assert crud.find(db, "material", element="Pr", stage="metal") == []
    assert summary.tables["materials"].kept == 1 and summary.tables["materials"].deleted == 1
    [kept] = summary.kept
    assert kept.key == "Nd / metal" and "part_materials" in kept.reason


@pytest.mark.parametrize(
    ("file", "entity", "table", "key"),
    [
        ("market_share.csv", "market share", "market_shares", ("metric", "country", "year")),
        ("part_content.csv", "part content reference", "part_content_refs", ("component",)),
    ],
)
def test_user_rows_survive_a_refresh_that_removes_their_twin(
    db: Database, tmp_path: Path, file: str, entity: str, table: str, key: tuple[str, ...]
) -> None:
    """A user row equal to a reference row is still the user's: dropping that row from the
    file deletes the reference row only."""
    seed_reference(db)
    folder = _folder(tmp_path)
    rows = _rows(folder / file)
    first: dict[str, Any] = {k: rows[0][k] for k in key}
    if "year" in first:
        first["year"] = int(first["year"])
    [reference] = crud.find(db, entity, **first)
    twin = crud.create(
        db, entity, {k: v for k, v in reference.items() if k not in ("id", "origin")}
    )
    assert twin["origin"] is Origin.USER
    _write(folder / file, rows[1:])

    summary = update_reference(db, folder / file)

    assert crud.find(db, entity, **first) == [twin]
    counts = summary.tables[table]
    assert (counts.deleted, counts.inserted, counts.unchanged) == (1, 0, len(rows) - 1)
    assert reference_counts(db)[table] == len(rows) - 1


def test_changed_market_share_replaces_the_reference_row_only(db: Database, tmp_path: Path) -> None:
    seed_reference(db)
    mine = crud.create(
        db, "market share", {"commodity": "Dy", "stage": "oxide", "country": "Laos", "share": 0.1}
    )
    key = {"metric": "mine production, REO equivalent", "country": "China", "year": 2024}
    [old] = crud.find(db, "market share", **key)
    folder = _folder(tmp_path)
    rows = _rows(folder / "market_share.csv")
    assert (rows[0]["country"], rows[0]["year"]) == ("China", "2024")
    rows[0]["share_pct"] = "70"
    _write(folder / "market_share.csv", rows)

    summary = update_reference(db, folder / "market_share.csv")

    assert crud.get(db, "market share", mine["id"]) == mine
    [new] = crud.find(db, "market share", **key)
    assert (new["share"], new["origin"]) == (0.7, Origin.REFERENCE)
    assert crud.find(db, "market share", id=old["id"]) == []
    counts = summary.tables["market_shares"]
    assert (counts.inserted, counts.deleted, counts.unchanged) == (1, 1, len(rows) - 1)
    assert reference_counts(db)["market_shares"] == len(rows)


def test_edited_reference_row_becomes_the_users_and_survives_a_refresh(
    db: Database, tmp_path: Path
) -> None:
    """crud.update turns an edited reference row into a user row: the refresh leaves it alone
    and brings back the file's row beside it."""
    seed_reference(db)
    [edited] = crud.find(db, "market share", country="Madagascar")
    crud.update(db, "market share", edited["id"], {"notes": "checked with our analyst"})
    summary = update_reference(db, _folder(tmp_path) / "market_share.csv")
    rows = {r["origin"]: r for r in crud.find(db, "market share", country="Madagascar")}
    assert set(rows) == {Origin.USER, Origin.REFERENCE}
    assert rows[Origin.USER]["id"] == edited["id"]
    assert rows[Origin.USER]["notes"] == "checked with our analyst"
    assert rows[Origin.REFERENCE]["notes"] == edited["notes"]
    counts = summary.tables["market_shares"]
    assert (counts.inserted, counts.deleted) == (1, 0)


def test_alternative_a_user_has_worked_on_is_kept(db: Database, tmp_path: Path) -> None:
    seed_reference(db)
    tdk = crud.find(db, "alternative source", name="TDK")[0]
    crud.update(db, "alternative source", tdk["id"], {"status": "in_qualification"})
    folder = _folder(tmp_path)
    rows = [r for r in _rows(folder / "alt_producers.csv") if r["company"] not in ("TDK", "Solvay")]
    _write(folder / "alt_producers.csv", rows)
    summary = update_reference(db, folder / "alt_producers.csv")
    kept = crud.get(db, "alternative source", tdk["id"])
    assert (kept["status"], kept["origin"]) == ("in_qualification", Origin.USER)
    assert crud.find(db, "alternative source", name="Solvay") == []
    assert summary.tables["alternative_sources"].deleted == 1


def test_update_rejects_unknown_files(db: Database, tmp_path: Path) -> None:
    other = tmp_path / "bom.csv"
    other.write_text("part,qty\n1,2\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        update_reference(db, other)
    with pytest.raises(DataFileError, match="no such file"):
        update_reference(db, tmp_path / "missing.csv")
    assert reference_as_of(db) is None and reference_counts(db)["materials"] == 0


def test_material_mapping_alone_repoints_reference_alternatives(
    db: Database, tmp_path: Path
) -> None:
    seed_reference(db)
    path = tmp_path / "alt_producers_materials.csv"
    rows = [
        {
            "company": "Serra Verde",
            "facility_location": "Pela Ema, Goias",
            "element": "Nd",
            "stage": "oxide",
            "derivation": "test",
        },
        {
            "company": "Nobody",
            "facility_location": "Nowhere",
            "element": "Nd",
            "stage": "oxide",
            "derivation": "test",
        },
    ]
    _write(path, rows)
    summary = update_reference(db, path)
    serra = crud.find(db, "alternative source", name="Serra Verde")[0]
    assert serra["material_id"] == _material_id(db, "Nd", "oxide")
    lynas = crud.find(db, "alternative source", name="Arafura Rare Earths")[0]
    assert lynas["material_id"] is None  # the mapping file is the whole mapping
    assert [(s.row, s.reason) for s in summary.skipped] == [
        (3, "no alternative with this company and location")
    ]
    assert reference_counts(db)["alternative_sources"] == 20


@pytest.mark.parametrize(
    ("file", "table"),
    [("quotas.csv", m.QuotaBatch), ("market_share.csv", m.MarketShare),
     ("alt_producers.csv", m.AlternativeSource), ("materials.csv", m.Material)],
)  # fmt: skip
@pytest.mark.parametrize("emptied", ["no sources", "no data rows"])
def test_a_file_without_loadable_rows_is_refused_and_changes_nothing(
    db: Database, tmp_path: Path, file: str, table: Any, emptied: str
) -> None:
    seed_reference(db)
    rows = _rows(SHIPPED / file)
    source = "derivation" if file == "materials.csv" else "source_url"
    path = tmp_path / file
    if emptied == "no sources":
        _write(path, [{**r, source: ""} for r in rows])
    else:
        path.write_text(",".join(rows[0]) + "\n", encoding="utf-8")
    before = [_dump(db, t) for t in (table, m.AppMeta, m.AuditEntry)]

    with pytest.raises(DataFileError, match="no loadable rows") as err:
        update_reference(db, path)

    assert err.value.file == str(path)
    expected = f"{len(rows)} skipped" if emptied == "no sources" else "no data rows"
    assert expected in str(err.value)
    assert [_dump(db, t) for t in (table, m.AppMeta, m.AuditEntry)] == before
    assert _dump(db, table)

"""One refresh of reference rows inside one session; each file kind owns the columns it fills.

Only origin=REFERENCE rows are updated or deleted. Tables with a natural key are upserted by
it (a key held by a user row is left to the user). Market shares and part-content references
have no natural key: their reference rows are replaced by the file's rows, keeping those that
are equal to a file row. Reference rows that left their file but are still used are kept.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from rePlanner.domain.enums import SourceKind, SourceStatus
from rePlanner.domain.errors import DataFileError
from rePlanner.io.refdata_csv import RefFile, Row, SkippedRow
from rePlanner.persistence import models as m
from rePlanner.services.refdata_records import (
    REF,
    alternative_record,
    content,
    describe,
    measure_record,
    plain,
    table_of,
    uniform,
)
from rePlanner.services.refdata_summary import KeptRow, RefdataSummary
from rePlanner.services.usage import blocking_references

# file kind -> table without a natural key, replaced as a whole
REPLACED: dict[str, Any] = {"market_share": m.MarketShare, "part_content": m.PartContentReference}
# tables whose vanished reference rows are deleted, dependants first
_DELETE_ORDER = ("alternative_sources", "policy_measures", "quota_batches", "materials")


class Loader:
    def __init__(self, session: Session, files: dict[str, RefFile], summary: RefdataSummary):
        self.s, self.files, self.summary = session, files, summary
        self.doomed: dict[str, list[Any]] = {}  # reference rows gone from their file

    def run(self) -> None:
        if "materials" in self.files:
            self._materials()
        if {"export_controls", "measures_structured"} & self.files.keys():
            self._measures()
        if "quotas" in self.files:
            rows = [plain(r) for r in self.files["quotas"].rows]
            self.doomed["quota_batches"] = self._upsert(
                m.QuotaBatch, ("year", "batch", "kind"), rows
            )
        if {"alt_producers", "alt_producers_materials"} & self.files.keys():
            self._alternatives()
        for kind, model in REPLACED.items():
            if kind in self.files:
                self._replace(table_of(model), self.files[kind])
        self._delete_doomed()

    # --- tables with a natural key --------------------------------------------------------

    def _upsert(
        self, model: Any, key: tuple[str, ...], records: list[Row], on_insert: Row | None = None
    ) -> list[Any]:
        """Insert new keys, update changed REFERENCE rows; return REFERENCE rows not in records."""
        table = table_of(model)
        counts = self.summary.counts(table.name)
        existing: dict[tuple[Any, ...], Any] = {}
        for row in self.s.execute(select(table)).mappings():
            k = tuple(row[c] for c in key)
            if k not in existing or row["origin"] == REF:  # no unique key: prefer ours
                existing[k] = row
        inserts = []
        for rec in records:
            old = existing.get(tuple(rec[c] for c in key))
            if old is None:
                inserts.append({**(on_insert or {}), **rec, "origin": REF})
            elif old["origin"] != REF:
                counts.user_owned += 1
            elif changes := {c: v for c, v in rec.items() if old[c] != v}:
                self.s.execute(update(table).where(table.c.id == old["id"]).values(**changes))
                counts.updated += 1
            else:
                counts.unchanged += 1
        if inserts:
            self.s.execute(insert(table), uniform(inserts))
            counts.inserted += len(inserts)
        wanted = {tuple(rec[c] for c in key) for rec in records}
        return [r for k, r in existing.items() if r["origin"] == REF and k not in wanted]

    def _materials(self) -> None:
        rows = [
            {**plain(r, "derivation"), "notes": r["derivation"]}
            for r in self.files["materials"].rows
        ]
        self.doomed["materials"] = self._upsert(m.Material, ("element", "stage"), rows)

    def _measures(self) -> None:
        raw, structured = self.files.get("export_controls"), self.files.get("measures_structured")
        table = table_of(m.PolicyMeasure)
        existing = {r["code"]: r for r in self.s.execute(select(table)).mappings()}
        raw_rows = {r["code"]: r for r in raw.rows} if raw else {}
        st_rows = {r["code"]: r for r in structured.rows} if structured else {}
        records = []
        for code in [*raw_rows, *(c for c in st_rows if c not in raw_rows)]:
            r, t, old = raw_rows.get(code), st_rows.get(code), existing.get(code)
            if r is None and old is None and structured and t:
                self.summary.skipped.append(
                    SkippedRow(structured.name, t["_row"], f"no export_controls row {code}")
                )
                st_rows.pop(code)
                continue
            records.append(measure_record(code, r, t, old))
        missing = self._upsert(m.PolicyMeasure, ("code",), records)
        if raw:  # the raw file decides which measures exist
            self.doomed["policy_measures"] = missing
        if structured:
            self._link_materials(structured, st_rows)

    def _link_materials(self, structured: RefFile, st_rows: dict[str, Row]) -> None:
        counts = self.summary.counts("measure_materials")
        link = table_of(m.MeasureMaterial)
        query = select(m.PolicyMeasure.code, m.PolicyMeasure.id).where(
            m.PolicyMeasure.origin == REF
        )
        ids: dict[str, int] = {code: mid for code, mid in self.s.execute(query)}
        for code, row in st_rows.items():
            if code not in ids:
                continue  # held by a user measure: not ours to relink
            mid = ids[code]
            new = {self._material_id(structured, row, k, "materials") for k in row["materials"]}
            old = set(self.s.scalars(select(link.c.material_id).where(link.c.measure_id == mid)))
            if old - new:
                gone = link.c.material_id.in_(old - new)
                self.s.execute(delete(link).where(link.c.measure_id == mid, gone))
            if new - old:
                rows = [{"measure_id": mid, "material_id": i} for i in new - old]
                self.s.execute(insert(link), rows)
            counts.inserted += len(new - old)
            counts.deleted += len(old - new)
            counts.unchanged += len(old & new)

    def _material_id(self, file: RefFile, row: Row, key: tuple[str, Any], column: str) -> int:
        mid = self.s.scalar(
            select(m.Material.id).where(m.Material.element == key[0], m.Material.stage == key[1])
        )
        if mid is None:
            raise DataFileError(
                file.shown,
                "no material with this element and stage",
                row=row["_row"],
                column=column,
                value=f"{key[0]}:{key[1].value}",
            )
        return mid

    def _alternatives(self) -> None:
        raw, mapping = self.files.get("alt_producers"), self.files.get("alt_producers_materials")
        if raw:
            records = [alternative_record(r) for r in raw.rows]
        else:  # mapping only: re-point the reference alternatives we have
            t = table_of(m.AlternativeSource)
            query = select(t.c.name, t.c.location).where(t.c.origin == REF)
            records = [{"name": n, "location": loc} for n, loc in self.s.execute(query)]
        if mapping:
            self._map_materials(mapping, records)
        on_insert = {"kind": SourceKind.SUPPLIER, "status": SourceStatus.CANDIDATE}
        missing = self._upsert(m.AlternativeSource, ("name", "location"), records, on_insert)
        if raw:
            self.doomed["alternative_sources"] = missing

    def _map_materials(self, mapping: RefFile, records: list[Row]) -> None:
        """Set material_id on every record: the mapping file is the whole mapping."""
        material_for: dict[tuple[Any, Any], int] = {}
        for row in mapping.rows:
            mid = self._material_id(mapping, row, (row["element"], row["stage"]), "element")
            material_for[(row["name"], row["location"])] = mid
        for rec in records:
            rec["material_id"] = material_for.get((rec["name"], rec["location"]))
        known = {(rec["name"], rec["location"]) for rec in records}
        self.summary.skipped += [
            SkippedRow(mapping.name, r["_row"], "no alternative with this company and location")
            for r in mapping.rows
            if (r["name"], r["location"]) not in known
        ]

    # --- tables without a natural key -----------------------------------------------------

    def _replace(self, table: Table, file: RefFile) -> None:
        """Reference rows equal to a file row stay (ids kept); the other reference rows are
        deleted, edited ones included; the file rows left over are inserted."""
        counts = self.summary.counts(table.name)
        cols = [c.name for c in table.columns if c.name not in ("id", "origin")]
        wanted = Counter(content(r, cols) for r in file.rows)
        stale = []
        for row in self.s.execute(select(table).where(table.c.origin == REF)).mappings():
            if wanted[key := content(row, cols)] > 0:
                wanted[key] -= 1
                counts.unchanged += 1
            else:
                stale.append(row["id"])
        new = []
        for r in file.rows:
            if wanted[key := content(r, cols)] > 0:
                wanted[key] -= 1
                new.append({**{c: r.get(c) for c in cols}, "origin": REF})
        if stale:
            self.s.execute(delete(table).where(table.c.origin == REF, table.c.id.in_(stale)))
        if new:
            self.s.execute(insert(table), new)
        counts.deleted += len(stale)
        counts.inserted += len(new)

    # --- reference rows that left their file ----------------------------------------------

    def _delete_doomed(self) -> None:
        """Delete reference rows that left their file, unless something still uses them."""
        for name in (n for n in _DELETE_ORDER if n in self.doomed):
            table, counts = m.Base.metadata.tables[name], self.summary.counts(name)
            for row in self.doomed[name]:
                reason = self._still_used(name, table, row)
                if reason:
                    self.summary.kept.append(KeptRow(name, describe(name, row), reason))
                    counts.kept += 1
                else:
                    self.s.execute(delete(table).where(table.c.id == row["id"]))
                    counts.deleted += 1

    def _still_used(self, name: str, table: Table, row: Any) -> str | None:
        if name == "alternative_sources":
            worked_on = (
                row["status"] != SourceStatus.CANDIDATE or row["part_id"] or row["supplier_id"]
            )
            return "a user has worked on it (status, part or supplier set)" if worked_on else None
        used = blocking_references(self.s, table, {row["id"]})
        if not used:
            return None
        return "still used by " + ", ".join(f"{n} {t}" for t, n in sorted(used.items()))

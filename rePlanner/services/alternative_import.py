"""Import alternative sources (candidate suppliers, design alternatives) from Excel or CSV.

Mapping: each row finds an existing alternative by name (case and spacing ignored) and the item
it offers (part XOR material); when several share both, as reference producers with more than
one facility do, the Location tells them apart. Found: the filled-in cells update it (blank
cells leave stored values alone) and a reference row that changes becomes origin "import";
else it is created (kind supplier, status candidate unless given). Part numbers, materials and
supplier names must already exist. A filled-in "Depends on" replaces the alternative's
alternative_materials rows. All or nothing: any error in the file or against the database
writes nothing and raises AlternativeImportError, naming file, sheet, row, column and value.
Written like the supplier import: one transaction, one ImportBatch, one BULK audit entry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rePlanner.domain.enums import Origin, SourceKind, SourceStatus
from rePlanner.domain.errors import DataFileError, ValidationError
from rePlanner.domain.imports import ImportIssue, Severity
from rePlanner.io.network import read_sheets
from rePlanner.io.network.alternatives import (
    AlternativeIn,
    MaterialRef,
    ParsedAlternatives,
    parse_alternatives,
)
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import AlternativeMaterial, AlternativeSource, Material, Part
from rePlanner.services.bom_import_match import (
    SupplierMatch,
    known_suppliers,
    norm,
    resolve_supplier,
)
from rePlanner.services.network_import_base import ImportResult, Tally, record_batch, run_unit
from rePlanner.services.network_model_load import material_label
from rePlanner.services.registry import spec
from rePlanner.services.session import current_user
from rePlanner.services.validation import clean

ENTITY, LINK = "alternative source", "alternative material"


@dataclass
class AlternativeImportResult(ImportResult):
    """What the import did: `created` / `updated` / `unchanged` alternatives and `warnings`."""

    def _count(self, action: str) -> int:
        return self.changes.get(ENTITY, {}).get(action, 0)

    @property
    def created(self) -> int:
        return self._count("created")

    @property
    def updated(self) -> int:
        return self._count("updated")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def warnings(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "created": self.created, "updated": self.updated}


class AlternativeImportError(DataFileError):
    """Every error of a refused import; the attributes locate the first, `result` has all."""

    def __init__(self, result: AlternativeImportResult) -> None:
        errors = result.errors
        first = errors[0]
        super().__init__(first.file, first.message, sheet=first.sheet, row=first.row,
                         column=first.column, value=first.value)  # fmt: skip
        self.result, self.issues = result, errors
        lines = [_located(i) for i in errors]
        n = len(errors)
        self.args = ("\n".join(lines) + f"\nNothing was imported ({n} error{'s' * (n > 1)}).",)


def _located(i: ImportIssue) -> str:
    return str(DataFileError(i.file, i.message, sheet=i.sheet, row=i.row, column=i.column,
                             value=i.value))  # fmt: skip


def import_alternatives(
    db: Database, path: Path | str, *, user: str | None = None, dry_run: bool = False
) -> AlternativeImportResult:
    """Read, resolve and (unless dry_run) write the file in one transaction, or raise."""
    file = Path(path)
    who = user or current_user()
    result = AlternativeImportResult("alternatives", str(file), dry_run=dry_run)
    parsed = parse_alternatives(str(file), read_sheets(file))
    result.rows_read, result.issues = parsed.rows_read, list(parsed.issues)
    result.counts = {"alternatives": len(parsed.rows)}
    tally = Tally()

    def work(s: Session) -> None:
        resolver = _Resolver(s, parsed, result.issues)
        plan = [p for a in parsed.rows if (p := resolver.row(a)) is not None]
        if result.errors:
            return  # run_unit rolls back: nothing is written
        w = _Writer(s, tally)
        for p in plan:
            w.write(p)
        if not dry_run:
            record_batch(s, result, file, parsed.sheet, who, tally)

    run_unit(db, who, result, work)
    result.changes = tally.as_dict()
    if result.errors:
        raise AlternativeImportError(result)
    return result


@dataclass
class _Planned:
    row: AlternativeIn
    fields: dict[str, Any]
    existing: AlternativeSource | None
    depends_on: dict[int, float] | None  # material id -> China share; None: leave as stored


class _Resolver:
    """Names in the file -> database ids; every problem becomes a located ImportIssue."""

    def __init__(self, s: Session, parsed: ParsedAlternatives, issues: list[ImportIssue]):
        self.s, self.parsed, self.issues = s, parsed, issues
        self.known = known_suppliers(s)
        numbers = {a.part_number for a in parsed.rows if a.part_number}
        query = select(Part.part_number, Part.id).where(Part.part_number.in_(numbers))
        self.parts = {pn: pid for pn, pid in s.execute(query).tuples()}
        self.materials = list(s.scalars(select(Material)))
        self.index: dict[tuple[str, int | None, int | None], list[AlternativeSource]]
        self.index = defaultdict(list)
        for alt in s.scalars(select(AlternativeSource).order_by(AlternativeSource.id)):
            self.index[norm(alt.name), alt.part_id, alt.material_id].append(alt)
        self.claimed: dict[int, int] = {}  # alternative id -> file row

    def _issue(self, a: AlternativeIn, key: str, value: Any, message: str, code: str) -> None:
        self.issues.append(ImportIssue(Severity.ERROR, message, self.parsed.file,
                                       self.parsed.sheet, a.row, self.parsed.column(key), value,
                                       code))  # fmt: skip

    def row(self, a: AlternativeIn) -> _Planned | None:
        before = len(self.issues)
        fields: dict[str, Any] = {**a.values, "name": " ".join(a.name.split())}
        if a.supplier:
            fields["supplier_id"] = self._supplier(a, a.supplier)
        if a.part_number:
            fields["part_id"] = self._part(a, a.part_number)
        elif a.material is not None:
            fields["material_id"] = self._material(a, a.material, "material")
        deps = self._depends_on(a)
        fields = self._clean(a, fields)
        if len(self.issues) > before:
            return None
        existing = self._existing(a, fields)
        return None if len(self.issues) > before else _Planned(a, fields, existing, deps)

    def _supplier(self, a: AlternativeIn, name: str) -> int | None:
        m = SupplierMatch(" ".join(name.split()), 1, a.row, "")
        resolve_supplier(m, self.known)
        if m.status == "exact":
            return m.supplier_id
        hint = f" (did you mean {m.candidates[0][0]!r}?)" if m.candidates else ""
        self._issue(a, "supplier", name, f"supplier {name!r} is not in rePlanner{hint}; add it "
                    "first or correct the name (a new candidate needs no supplier)",
                    "unknown_supplier")  # fmt: skip
        return None

    def _part(self, a: AlternativeIn, number: str) -> int | None:
        if number in self.parts:
            return self.parts[number]
        bare = number.lstrip("0")
        ending = select(Part.part_number).where(Part.part_number.endswith(bare, autoescape=True))
        alike = [p for p in self.s.scalars(ending) if bare and p.lstrip("0") == bare]
        hint = f" (did you mean {alike[0]!r}? format the column as text)" if alike else ""
        self._issue(a, "part_number", number, f"part {number!r} is not in rePlanner{hint}; add "
                    "the part first or correct the number", "unknown_part")  # fmt: skip
        return None

    def _material(self, a: AlternativeIn, ref: MaterialRef, key: str) -> int | None:
        same = [m for m in self.materials if m.element.casefold() == ref.element]
        found = [m for m in same if ref.stage is None or m.stage == ref.stage]
        if not found:
            found = [m for m in self.materials if norm(m.name) == norm(ref.text)]
        if len(found) == 1:
            return found[0].id
        labels = [material_label(m.element, m.stage.value) for m in found or same]
        if len(found) > 1:
            why = f"{ref.text!r} names {len(found)} materials ({', '.join(labels)}); add the stage"
        else:
            known = f" (known: {', '.join(labels)})" if labels else ""
            why = (f"no material {ref.text!r} in rePlanner{known}; write element and stage as "
                   "in the materials table, e.g. 'Dy oxide'")  # fmt: skip
        self._issue(a, key, ref.text, why, "unknown_material")
        return None

    def _depends_on(self, a: AlternativeIn) -> dict[int, float] | None:
        if a.depends_on is None:
            return None
        out: dict[int, float] = {}
        for d in a.depends_on:
            mid = self._material(a, d.material, "depends_on")
            if mid is not None and mid in out:
                self._issue(a, "depends_on", d.material.text, f"{d.material.text!r} repeats a "
                            "material already listed", "bad_depends_on")  # fmt: skip
            elif mid is not None:
                out[mid] = d.china_share
        return out

    def _clean(self, a: AlternativeIn, fields: dict[str, Any]) -> dict[str, Any]:
        """The schema's own checks (text lengths, ranges), located in the file."""
        try:
            return clean(spec(ENTITY), fields, creating=False)
        except ValidationError as exc:
            columns = {"supplier_id": "supplier", "part_id": "part_number",
                       "material_id": "material"}  # fmt: skip
            for i in exc.issues:
                self._issue(a, columns.get(i.field, i.field), i.value, f"{i.reason}", "invalid")
            return fields

    def _existing(self, a: AlternativeIn, fields: dict[str, Any]) -> AlternativeSource | None:
        found = self.index.get((norm(fields["name"]), fields.get("part_id"),
                                fields.get("material_id")), [])  # fmt: skip
        if len(found) > 1:
            places = "; ".join(repr(x.location or "") for x in found)
            found = [x for x in found if norm(x.location or "") == norm(a.values.get(
                "location") or "")]  # fmt: skip
            if len(found) != 1:
                self._issue(a, "location", a.values.get("location"), f"rePlanner holds several "
                            f"alternatives {fields['name']!r} for this item (locations: "
                            f"{places}); write one of these locations", "ambiguous")  # fmt: skip
                return None
        if not found:
            return None
        twin = self.claimed.setdefault(found[0].id, a.row)
        if twin != a.row:
            self._issue(a, "name", a.name, f"row {twin} already updates this alternative; keep "
                        "one row", "duplicate")  # fmt: skip
        return found[0]


class _Writer:
    """Writes what the resolver planned; counts every change for the summary and the audit."""

    def __init__(self, s: Session, tally: Tally) -> None:
        self.s, self.tally = s, tally

    def write(self, p: _Planned) -> None:
        alt = p.existing
        if alt is None:
            alt = AlternativeSource(**{"kind": SourceKind.SUPPLIER,
                                       "status": SourceStatus.CANDIDATE, **p.fields},
                                    origin=Origin.IMPORT)  # fmt: skip
            self.s.add(alt)
            self.s.flush()
            self.tally.add(ENTITY, "created")
            self._depends_on(alt.id, p.depends_on)
            return
        changed = {
            k: v for k, v in p.fields.items() if k != "name" and getattr(alt, k) != v
        }  # the stored spelling stays
        for key, value in changed.items():
            setattr(alt, key, value)
        if self._depends_on(alt.id, p.depends_on) or changed:
            if alt.origin == Origin.REFERENCE:  # edited: a refdata update must not undo it
                alt.origin = Origin.IMPORT
            self.tally.add(ENTITY, "updated")
        else:
            self.tally.add(ENTITY, "unchanged")

    def _depends_on(self, alt_id: int, wanted: dict[int, float] | None) -> bool:
        """Make the stored rows equal `wanted`; True when anything changed."""
        if wanted is None:
            return False
        stored = {am.material_id: am for am in self.s.scalars(
            select(AlternativeMaterial).where(AlternativeMaterial.alternative_id == alt_id))}  # fmt: skip
        changed = False
        for mid, am in stored.items():
            if mid not in wanted:
                self.s.delete(am)
                self.tally.add(LINK, "deleted")
                changed = True
            elif am.china_share != wanted[mid]:
                am.china_share = wanted[mid]
                self.tally.add(LINK, "updated")
                changed = True
        for mid in wanted.keys() - stored.keys():
            self.s.add(AlternativeMaterial(alternative_id=alt_id, material_id=mid,
                                           china_share=wanted[mid]))  # fmt: skip
            self.tally.add(LINK, "created")
            changed = True
        self.s.flush()
        return changed

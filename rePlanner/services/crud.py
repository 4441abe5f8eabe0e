"""Create, edit, delete and read any editable object, with validation and clear refusals.

Typed wrappers (suppliers.create_supplier, ...) are not needed: every object is described by
its table, so one validated path serves them all and the audit trail is written by the session.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from rePlanner.domain.enums import Origin
from rePlanner.domain.errors import (
    DuplicateError,
    InUseError,
    NotFoundError,
    ReplannerError,
    ValidationError,
    ValidationIssue,
)
from rePlanner.persistence.audit import cascaded_delete_entry, jsonable
from rePlanner.persistence.database import Database
from rePlanner.services.registry import BY_TABLE, EntitySpec, spec
from rePlanner.services.session import current_user
from rePlanner.services.usage import blocking_references, plan_deletion
from rePlanner.services.validation import SYSTEM_FIELDS, clean

Record = dict[str, Any]


def to_record(row: Any) -> Record:
    return {c.key: getattr(row, c.key) for c in row.__mapper__.column_attrs}


def _load(session: Session, sp: EntitySpec, key: Any) -> Any:
    row = session.get(sp.model, key)
    if row is None:
        raise NotFoundError(sp.name, key)
    return row


def _check_unique(session: Session, sp: EntitySpec, row: Any) -> None:
    """Report a duplicate by its fields before the database raises an opaque error."""
    table = sp.table
    groups: list[tuple[str, ...]] = [(c.name,) for c in table.columns if c.unique]
    groups += [tuple(c.name for c in uc.columns) for uc in table.constraints if _is_unique(uc)]
    pk = [c.key for c in table.primary_key.columns]
    for cols in groups:
        vals = tuple(getattr(row, c) for c in cols)
        if any(v is None for v in vals):
            continue
        stmt = select(sp.model).where(
            *(table.columns[c] == v for c, v in zip(cols, vals, strict=True))
        )
        with session.no_autoflush:
            other = session.scalars(stmt).first()
        if other is not None and any(getattr(other, k) != getattr(row, k) for k in pk):
            raise DuplicateError(sp.name, cols, vals)


def _is_unique(constraint: Any) -> bool:
    from sqlalchemy import UniqueConstraint

    return isinstance(constraint, UniqueConstraint)


def _check_references(session: Session, sp: EntitySpec, row: Any) -> None:
    issues: list[ValidationIssue] = []
    for fkc in sp.table.foreign_key_constraints:
        col = fkc.columns[0]
        val = getattr(row, col.key)
        if val is None:
            continue
        target = BY_TABLE.get(fkc.referred_table.name)
        if target is not None and session.get(target.model, val) is None:
            issues.append(ValidationIssue(sp.name, col.key, val, f"no {target.name} has this id"))
    issues += _object_rules(sp, row)
    if issues:
        raise ValidationError(issues)


def _object_rules(sp: EntitySpec, row: Any) -> list[ValidationIssue]:
    """Rules that span fields (the schema checks them too, but without a readable reason)."""
    issues = []
    if sp.name == "supply node" and (row.part_id is None) == (row.material_id is None):
        issues.append(
            ValidationIssue(sp.name, "part_id", row.part_id, "give either a part or a material")
        )
    if sp.name == "sourcing link" and row.from_node_id == row.to_node_id:
        issues.append(
            ValidationIssue(sp.name, "to_node_id", row.to_node_id, "a node cannot supply itself")
        )
    return issues


def _flush(session: Session, sp: EntitySpec) -> None:
    """Write the change, then the audit entries it produced, so a refusal of either is named."""
    try:
        session.flush()
        session.flush()  # the audit hook adds its entries during the first flush
    except (IntegrityError, DataError) as exc:  # a constraint the checks above did not foresee
        raise ReplannerError(f"the database refused this {sp.name}: {exc.orig}") from exc


def create(db: Database, entity: str, values: dict[str, Any], user: str | None = None) -> Record:
    sp = spec(entity)
    data = clean(sp, values, creating=True)
    if "origin" in sp.table.columns:
        data["origin"] = Origin.USER  # whatever a person creates is theirs
    with db.session(user or current_user()) as s:
        row = sp.model(**data)
        _check_references(s, sp, row)
        _check_unique(s, sp, row)
        s.add(row)
        _flush(s, sp)
        return to_record(row)


def restore(db: Database, entity: str, record: Record, user: str | None = None) -> Record:
    """Create a row again as it was (undo of a delete): its values are checked like any new
    row, and its origin and timestamps are kept from `record` (a record this module returned),
    so a restored reference row is still reference data."""
    sp = spec(entity)
    kept = {k: record[k] for k in SYSTEM_FIELDS if k in sp.table.columns and record.get(k)}
    values = {k: v for k, v in record.items() if k not in SYSTEM_FIELDS}
    data = clean(sp, {k: v for k, v in values.items() if v is not None}, creating=True)
    with db.session(user or current_user()) as s:
        row = sp.model(**data, **kept)
        _check_references(s, sp, row)
        _check_unique(s, sp, row)
        s.add(row)
        _flush(s, sp)
        return to_record(row)


def update(
    db: Database, entity: str, key: Any, changes: dict[str, Any], user: str | None = None
) -> Record:
    sp = spec(entity)
    data = clean(sp, changes, creating=False)
    with db.session(user or current_user()) as s:
        row = _load(s, sp, key)
        edited = any(getattr(row, k) != v for k, v in data.items())
        for k, v in data.items():
            setattr(row, k, v)
        # an edited reference row becomes the user's own: a refresh must not overwrite it
        if edited and getattr(row, "origin", None) == Origin.REFERENCE:
            row.origin = Origin.USER
        with s.no_autoflush:  # the checks' queries must not write the change before checking
            _check_references(s, sp, row)
            _check_unique(s, sp, row)
        _flush(s, sp)
        return to_record(row)


def usage(db: Database, entity: str, key: Any) -> dict[str, int]:
    """What still refers to this row (by table name); empty when it may be deleted."""
    sp = spec(entity)
    with db.session(current_user(), audit=False) as s:
        _load(s, sp, key)
        return dict(blocking_references(s, sp.table, {key}))


def delete(db: Database, entity: str, key: Any, user: str | None = None) -> None:
    """Delete one row and what it owns; every owned row gets its own audit entry."""
    sp = spec(entity)
    who = user or current_user()
    with db.session(who) as s:
        row = _load(s, sp, key)
        plan = plan_deletion(s, sp.table, {key})
        if plan.blockers:
            named = {BY_TABLE[t].name if t in BY_TABLE else t: n for t, n in plan.blockers.items()}
            raise InUseError(sp.name, sp.describe(row), named)
        label = f"deleted with {sp.name} {sp.describe(row)}"
        s.delete(row)
        _flush(s, sp)
        # snapshots taken above: the database has removed these rows by now
        s.add_all(cascaded_delete_entry(who, table, r, label) for table, r in plan.owned)
        _flush(s, sp)


def get(db: Database, entity: str, key: Any) -> Record:
    sp = spec(entity)
    with db.session(current_user(), audit=False) as s:
        return to_record(_load(s, sp, key))


def find(db: Database, entity: str, **where: Any) -> list[Record]:
    """Rows whose fields equal the given values (e.g. find(db, "part", part_number="0042"))."""
    sp = spec(entity)
    with db.session(current_user(), audit=False) as s:
        stmt = select(sp.model).where(*(sp.table.columns[k] == v for k, v in where.items()))
        return [to_record(r) for r in s.scalars(stmt)]


def records_jsonable(records: list[Record]) -> list[dict[str, Any]]:
    return [{k: jsonable(v) for k, v in r.items()} for r in records]

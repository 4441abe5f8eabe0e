"""Audit trail written by the session itself, so no service can forget it.

Every ORM insert, update and delete in an audited session adds an AuditEntry with the user and
the changed values. Bulk loaders (demo, reference data) switch it off and write one BULK entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from rePlanner.domain.enums import AuditAction


def jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def _columns(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {a.key: jsonable(getattr(obj, a.key)) for a in mapper.column_attrs}


def _identity(obj: Any) -> str | None:
    # identity is not set yet for rows inserted in this flush; the key attributes are
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    if not ident or any(i is None for i in ident):
        return None
    return "/".join(str(i) for i in ident)


def _updates(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if hist.has_changes() and attr.key not in ("updated_at",):
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                out[attr.key] = [jsonable(old), jsonable(new)]
    return out


def _after_flush(session: Session, _ctx: Any) -> None:
    from rePlanner.persistence.models import AuditEntry  # local: models import this module's users

    if not session.info.get("audit", True):
        return
    user = session.info.get("user", "unknown")
    entries: list[AuditEntry] = []
    for obj in session.new:
        if isinstance(obj, AuditEntry):
            continue
        entries.append(_entry(user, AuditAction.CREATE, obj, _columns(obj)))
    for obj in session.dirty:
        if isinstance(obj, AuditEntry) or not session.is_modified(obj):
            continue
        changes = _updates(obj)
        if changes:
            entries.append(_entry(user, AuditAction.UPDATE, obj, changes))
    for obj in session.deleted:
        entries.append(_entry(user, AuditAction.DELETE, obj, _columns(obj)))
    session.add_all(entries)


def _entry(user: str, action: AuditAction, obj: Any, changes: dict[str, Any]) -> Any:
    from rePlanner.persistence.models import AuditEntry

    return AuditEntry(
        user=user,
        action=action,
        entity=obj.__tablename__,
        entity_id=_identity(obj),
        changes=changes,
    )


def cascaded_delete_entry(user: str, table: Any, row: Mapping[Any, Any], summary: str) -> Any:
    """DELETE entry for a row the database removes itself (ON DELETE CASCADE).

    The session never sees such rows as objects, so the caller snapshots them before the
    delete and adds these entries to the same unit of work.
    """
    from rePlanner.persistence.models import AuditEntry

    pk = [c.name for c in table.primary_key.columns]
    return AuditEntry(
        user=user,
        action=AuditAction.DELETE,
        entity=table.name,
        entity_id="/".join(str(row[c]) for c in pk),
        summary=summary,
        changes={k: jsonable(v) for k, v in row.items()},
    )


def install_audit(factory: sessionmaker[Session]) -> None:
    """Called once per new session factory. No `event.contains` guard: SQLAlchemy's registry is
    keyed by id(), so a factory created where a collected one lived could be taken for it and
    left without its audit listener (seen once in CI)."""
    event.listen(factory, "after_flush", _after_flush)

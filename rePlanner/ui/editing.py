"""Undoable edits of table rows, applied through services.crud on the GUI thread.

Every user action is one QUndoCommand: an edit of one cell, a bulk edit of many rows, a pasted
block, a deletion of several rows. A command is applied before it is pushed: when crud refuses
(ValidationError, InUseError, DuplicateError, ...) nothing is pushed, nothing stays half-written
(rows already written are put back) and `failed` says why.

Deleting rows also deletes what they own (a supplier's sites, ON DELETE CASCADE). Undo re-creates
the rows and what they owned from snapshots taken before, with the same ids where those are
still free; when an id was taken meanwhile the row gets a new one, later commands follow it
(`resolve`), and the message says so. Re-created rows are the user's (origin "user") with new
timestamps: crud.create decides that, not the snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack

from rePlanner.domain.errors import InUseError, NotFoundError, ReplannerError, ValidationError
from rePlanner.services import crud
from rePlanner.services.registry import BY_TABLE, EntitySpec, spec
from rePlanner.services.tables import Column
from rePlanner.services.validation import SYSTEM_FIELDS, clean, required_columns
from rePlanner.ui.edit_commands import (  # re-exported: their home before the split
    AppliedCommand,
    owned_by,
    parse_block,
    tr,
    typed_value,
)

if TYPE_CHECKING:  # the controller hands the database to services only
    from rePlanner.persistence.database import Database

__all__ = ["CellEdit", "EditController", "parse_block", "typed_value"]

Values = dict[int, dict[str, Any]]  # row key -> field -> value
Snapshot = list[tuple[EntitySpec, dict[str, Any]]]  # a row, then what it owns, parents first
CellEdit = tuple[int, Column, str]  # row key, column, text typed or pasted


class EditController(QObject):
    changed = Signal(str, list)  # entity, row keys to reload (absent from the database: gone)
    failed = Signal(str)  # why an edit, its undo or its redo was not applied
    applied = Signal(str)  # what was just done, for a status line

    def __init__(self, db: Database | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.stack = QUndoStack(self)
        self.undo_action: QAction = self.stack.createUndoAction(self, tr("&Undo"))
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action: QAction = self.stack.createRedoAction(self, tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self._alias: dict[tuple[str, int], int] = {}  # (entity, old id) -> id after re-creation

    def set_database(self, db: Database) -> None:
        """Another database: the history refers to rows of the old one, so it goes."""
        self._db = db
        self.stack.clear()
        self._alias.clear()

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("no database to edit: call set_database first")
        return self._db

    def has_database(self) -> bool:
        return self._db is not None

    def resolve(self, entity: str, key: int) -> int:
        while (entity, key) in self._alias:
            key = self._alias[(entity, key)]
        return key

    def required_fields(self, entity: str) -> set[str]:
        return set(required_columns(spec(entity).table))

    # --- checks ----------------------------------------------------------------------------

    def check(self, entity: str, column: Column, text: str) -> tuple[Any, str | None]:
        """(value, None) or (None, why) for one cell, without touching the database."""
        assert column.field is not None
        value = typed_value(column, text)
        try:
            clean(spec(entity), {column.field: value}, creating=False)
        except ValidationError as exc:
            return None, "; ".join(i.reason for i in exc.issues)
        return value, None

    # --- set cells -------------------------------------------------------------------------

    def set_cells(self, entity: str, edits: list[CellEdit], text: str) -> str | None:
        """Apply one or many cell edits as ONE undoable step; None when applied, else why."""
        new: Values = {}
        for key, column, typed in edits:
            value, why = self.check(entity, column, typed)
            if why is not None:
                return self._fail(f"{tr(column.title)} “{typed}”: {why}")
            assert column.field is not None
            new.setdefault(key, {})[column.field] = value
        try:
            old = {k: self._current(entity, k, list(f)) for k, f in new.items()}
        except ReplannerError as exc:
            return self._fail(str(exc))
        why = self._write(entity, new, old)
        if why is not None:
            return self._fail(why)
        self._push(text, lambda: self._write(entity, new, old),
                   lambda: self._write(entity, old, new))  # fmt: skip
        return None

    def _current(self, entity: str, key: int, fields: list[str]) -> dict[str, Any]:
        record = crud.get(self.db, entity, self.resolve(entity, key))
        return {f: record[f] for f in fields}

    def _write(self, entity: str, target: Values, previous: Values) -> str | None:
        """Write `target` row by row; on a refusal put the rows written back to `previous`."""
        done: list[int] = []
        try:
            for key, changes in target.items():
                crud.update(self.db, entity, self.resolve(entity, key), changes)
                done.append(key)
        except ReplannerError as exc:
            try:
                for key in reversed(done):
                    crud.update(self.db, entity, self.resolve(entity, key), previous[key])
            except ReplannerError as again:
                return tr("{why} (and {n} row(s) could not be put back: {again})").format(
                    why=exc, n=len(done), again=again
                )
            return str(exc)
        finally:
            self.changed.emit(entity, [self.resolve(entity, k) for k in target])
        return None

    # --- delete rows -----------------------------------------------------------------------

    def delete_rows(self, entity: str, keys: list[int], text: str) -> str | None:
        """Delete rows and what they own as ONE undoable step; refused if any is still used."""
        keys = [self.resolve(entity, k) for k in keys]
        try:
            why = self.refusal(entity, keys)
            if why is not None:
                return self._fail(why)
            snapshots = [self._snapshot(spec(entity), k) for k in keys]
        except ReplannerError as exc:
            return self._fail(str(exc))
        why = self._delete(entity, keys, snapshots)
        if why is not None:
            return self._fail(why)
        self._push(text, lambda: self._delete(entity, keys, snapshots),
                   lambda: self._restore(entity, snapshots))  # fmt: skip
        return None

    def refusal(self, entity: str, keys: list[int]) -> str | None:
        """Why these rows cannot be deleted (what still uses them), or None."""
        sp = spec(entity)
        for key in keys:
            used = crud.usage(self.db, entity, key)
            if used:
                label = sp.describe(SimpleNamespace(**crud.get(self.db, entity, key)))
                named = {BY_TABLE[t].name if t in BY_TABLE else t: n for t, n in used.items()}
                return str(InUseError(sp.name, label, named))
        return None

    def owned_counts(self, entity: str, keys: list[int]) -> dict[str, int]:
        """What deleting these rows deletes with them: entity name -> rows."""
        counts: dict[str, int] = {}
        for key in keys:
            for child, _record in self._snapshot(spec(entity), key)[1:]:
                counts[child.name] = counts.get(child.name, 0) + 1
        return counts

    def _snapshot(self, sp: EntitySpec, key: int) -> Snapshot:
        rows: Snapshot = [(sp, crud.get(self.db, sp.name, key))]
        seen = {(sp.name, key)}
        for parent, record in rows:  # grows while walked: children of children follow
            if "id" not in record:
                continue
            for child, column in owned_by(parent):
                for r in crud.find(self.db, child.name, **{column: record["id"]}):
                    if (child.name, r.get("id", id(r))) not in seen:
                        seen.add((child.name, r.get("id", id(r))))
                        rows.append((child, r))
        return rows

    def _delete(self, entity: str, keys: list[int], snapshots: list[Snapshot]) -> str | None:
        done: list[Snapshot] = []
        try:
            for key, snap in zip(keys, snapshots, strict=True):
                crud.delete(self.db, entity, self.resolve(entity, key))
                done.append(snap)
        except ReplannerError as exc:
            self._restore(entity, done)
            return str(exc)
        finally:
            self._emit_snapshots(entity, snapshots)
        return None

    def _restore(self, entity: str, snapshots: list[Snapshot]) -> str | None:
        moved = 0
        try:
            for snap in snapshots:
                ids: dict[tuple[str, Any], Any] = {}
                for sp, record in snap:
                    moved += self._recreate(sp, record, ids)
        except ReplannerError as exc:
            return str(exc)
        finally:
            self._emit_snapshots(entity, snapshots)
        if moved:
            self.applied.emit(tr("Restored; {n} row(s) got a new id (the old one was taken)")
                              .format(n=moved))  # fmt: skip
        return None

    def _recreate(self, sp: EntitySpec, record: dict[str, Any], ids: dict[Any, Any]) -> int:
        """Create the row again with its references re-pointed; 1 when its id had to change."""
        table = sp.table
        values = {
            k: v
            for k, v in record.items()
            if k in SYSTEM_FIELDS or v is not None or table.columns[k].nullable
        }
        for fkc in table.foreign_key_constraints:
            col = fkc.columns[0].key
            values[col] = ids.get((fkc.referred_table.name, values.get(col)), values.get(col))
        old = values.get("id")
        if old is not None and not self._free(sp, old):
            del values["id"]
        new = crud.restore(self.db, sp.name, values)  # origin and timestamps as they were
        if old is None or new["id"] == old:
            return 0
        ids[(table.name, old)] = new["id"]
        self._alias[(sp.name, old)] = new["id"]
        return 1

    def _free(self, sp: EntitySpec, key: Any) -> bool:
        try:
            crud.get(self.db, sp.name, key)
        except NotFoundError:
            return True
        return False

    def _emit_snapshots(self, entity: str, snapshots: list[Snapshot]) -> None:
        by_entity: dict[str, list[int]] = {}
        for snap in snapshots:
            for sp, record in snap:
                if "id" in record:
                    key = self.resolve(sp.name, record["id"])
                    by_entity.setdefault(sp.name, []).append(key)
        for name, keys in by_entity.items():
            self.changed.emit(name, keys)

    # --- records saved in the form ------------------------------------------------------

    def save_record(self, entity: str, key: int | None, values: dict[str, Any],
                    text: str) -> dict[str, Any]:  # fmt: skip
        """Create (no key) or update a row through crud as ONE undoable step; the record.

        Raises what crud raises (the form shows it at each field); nothing is pushed then.
        Undo deletes a created row (refused while something uses it), or puts the changed
        fields back; redo creates it again (with what it owned at the undo) or re-applies."""
        if key is None:
            record = crud.create(self.db, entity, values)
            self._push_created(entity, int(record["id"]), text)
        else:
            key = self.resolve(entity, key)
            old = {key: self._current(entity, key, list(values))}
            record = crud.update(self.db, entity, key, values)
            new = {key: {f: record[f] for f in values}}
            self._push(text, lambda: self._write(entity, new, old),
                       lambda: self._write(entity, old, new))  # fmt: skip
        self.changed.emit(entity, [int(record["id"])])
        return record

    def _push_created(self, entity: str, key: int, text: str) -> None:
        taken: list[Snapshot] = []  # the row and what it owns, as they were at the undo

        def undo() -> str | None:
            keys = [self.resolve(entity, key)]
            try:
                why = self.refusal(entity, keys)
                if why is not None:
                    return why
                taken[:] = [self._snapshot(spec(entity), keys[0])]
            except ReplannerError as exc:
                return str(exc)
            return self._delete(entity, keys, list(taken))

        self._push(text, lambda: self._restore(entity, taken), undo)

    # --- helpers ---------------------------------------------------------------------------

    def _push(self, text: str, do: Callable[[], str | None],
              undo: Callable[[], str | None]) -> None:  # fmt: skip
        self.stack.push(AppliedCommand(text, do, undo, self._fail))
        self.applied.emit(text)

    def _fail(self, why: str) -> str:
        self.failed.emit(why)
        return why

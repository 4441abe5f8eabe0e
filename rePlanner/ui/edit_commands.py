"""The building blocks of the undoable edits: the undo command, typed values, pasted blocks.

Pure helpers of rePlanner.ui.editing (which re-exports them): what the user typed in the form
crud validates, an already-applied QUndoCommand, which rows a row owns (ON DELETE CASCADE),
and a block of cells copied from Excel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from rePlanner.services.registry import BY_TABLE, EntitySpec
from rePlanner.services.tables import Column


def tr(text: str) -> str:
    return QCoreApplication.translate("EditController", text)


def typed_value(column: Column, text: str) -> Any:
    """What the user typed, in the form crud validates: "90 %" -> 0.9, "Export control"."""
    s = text.strip()
    if column.kind == "share" and s.endswith("%"):
        number = s[:-1].strip().replace(",", ".")
        try:
            return float(number) / 100
        except ValueError:
            return s  # crud names the problem
    if column.kind == "enum" and s:
        return s.lower().replace(" ", "_")  # the label shown -> the stored value
    return s


class AppliedCommand(QUndoCommand):
    """Already applied when pushed; redo/undo re-run `do`/`undo` and report failures."""

    def __init__(self, text: str, do: Callable[[], str | None], undo: Callable[[], str | None],
                 report: Callable[[str], object]) -> None:  # fmt: skip
        super().__init__(text)
        self._do, self._undo, self._report = do, undo, report
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False  # push() calls redo once: the change is already made
            return
        self._run(self._do, tr("Could not redo “{what}”: {why}"))

    def undo(self) -> None:
        self._run(self._undo, tr("Could not undo “{what}”: {why}"))

    def _run(self, step: Callable[[], str | None], message: str) -> None:
        why = step()
        if why is not None:
            self.setObsolete(True)  # the stack drops a step that cannot be taken
            self._report(message.format(what=self.text(), why=why))


def owned_by(parent: EntitySpec) -> list[tuple[EntitySpec, str]]:
    """(child entity, its column pointing at the parent) for ON DELETE CASCADE references."""
    out = []
    for child in BY_TABLE.values():
        for fkc in child.table.foreign_key_constraints:
            if fkc.referred_table is parent.table and (fkc.ondelete or "").upper() == "CASCADE":
                out.append((child, fkc.columns[0].key))
    return out


def parse_block(text: str) -> list[list[str]]:
    """A block copied from Excel: rows by line, cells by tab; "quoted" cells lose the quotes."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # Excel ends the block with a line break
    return [[_unquote(cell) for cell in line.split("\t")] for line in lines]


def _unquote(cell: str) -> str:
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].replace('""', '"')
    return cell

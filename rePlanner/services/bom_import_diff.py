"""BOM differences between two revisions (or a file and the current revision).

A line is identified by where it sits and what it is: (parent part path, part number). The same
part twice under one parent is told apart by its occurrence (first, second, ...) in tree order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Key = tuple[tuple[str, ...], str, int]  # parent path, part number, occurrence
FileLine = tuple[tuple[str, ...], str, float, str | None, int | None]  # DiffLine's fields


@dataclass(frozen=True, slots=True)
class KeyedLine:
    quantity: float
    supplier: str | None
    row: int | None  # Excel row (file side) or source row (stored side)


@dataclass(frozen=True, slots=True)  # one per added line: 500k on a first import
class DiffLine:
    parent_path: tuple[str, ...]
    part_number: str
    quantity: float
    supplier: str | None
    row: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"parent_path": " > ".join(self.parent_path), "part_number": self.part_number,
                "quantity": self.quantity, "supplier": self.supplier, "row": self.row}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DiffChange:
    parent_path: tuple[str, ...]
    part_number: str
    old_quantity: float
    new_quantity: float
    old_supplier: str | None
    new_supplier: str | None
    row: int | None

    @property
    def quantity_changed(self) -> bool:
        return not same_quantity(self.old_quantity, self.new_quantity)

    @property
    def supplier_changed(self) -> bool:
        return _sup(self.old_supplier) != _sup(self.new_supplier)

    def as_dict(self) -> dict[str, Any]:
        return {"parent_path": " > ".join(self.parent_path), "part_number": self.part_number,
                "old_quantity": self.old_quantity, "new_quantity": self.new_quantity,
                "old_supplier": self.old_supplier, "new_supplier": self.new_supplier,
                "row": self.row}  # fmt: skip


@dataclass
class BomDiff:
    against: int | None  # the revision compared with; None: the line had no BOM yet
    added: list[DiffLine] = field(default_factory=list)
    removed: list[DiffLine] = field(default_factory=list)
    changed: list[DiffChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def quantity_changed(self) -> list[DiffChange]:
        return [c for c in self.changed if c.quantity_changed]

    @property
    def supplier_changed(self) -> list[DiffChange]:
        return [c for c in self.changed if c.supplier_changed]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed),
                "quantity_changed": len(self.quantity_changed),
                "supplier_changed": len(self.supplier_changed),
                "unchanged": self.unchanged}  # fmt: skip

    def as_dict(self, limit: int | None = None) -> dict[str, Any]:
        """Counts always; the lists cut to `limit` entries each (`truncated` says so)."""
        lists: dict[str, Sequence[DiffLine | DiffChange]] = {
            "added": self.added, "removed": self.removed,
            "quantity_changed": self.quantity_changed, "supplier_changed": self.supplier_changed,
        }  # fmt: skip
        out: dict[str, Any] = {"against_revision": self.against, "counts": self.counts()}
        for name, items in lists.items():
            out[name] = [x.as_dict() for x in items[:limit]]
        out["truncated"] = limit is not None and any(len(v) > limit for v in lists.values())
        return out


def same_quantity(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _sup(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def keyed(
    items: Iterable[tuple[tuple[str, ...], str, KeyedLine]],
) -> dict[Key, KeyedLine]:
    """Index lines by (parent path, part number, occurrence) in the order given."""
    out: dict[Key, KeyedLine] = {}
    seen: dict[tuple[tuple[str, ...], str], int] = {}
    for path, pn, line in items:
        at = (path, pn)
        n = seen.get(at, 0)
        seen[at] = n + 1
        out[(path, pn, n)] = line
    return out


def all_added(items: Iterable[FileLine], against: int | None) -> BomDiff:
    """The diff against nothing (a line's first BOM): every line is added, in the order given."""
    return BomDiff(against, added=[DiffLine(*item) for item in items])


def diff_keyed(
    old: dict[Key, KeyedLine], new: dict[Key, KeyedLine], against: int | None
) -> BomDiff:
    diff = BomDiff(against)
    if not old:  # a first BOM: everything is added
        return all_added(((k[0], k[1], n.quantity, n.supplier, n.row) for k, n in new.items()),
                         against)  # fmt: skip
    for key, n in new.items():
        o = old.get(key)
        if o is None:
            diff.added.append(DiffLine(key[0], key[1], n.quantity, n.supplier, n.row))
        elif same_quantity(o.quantity, n.quantity) and (
            o.supplier == n.supplier or _sup(o.supplier) == _sup(n.supplier)
        ):
            diff.unchanged += 1
        else:
            diff.changed.append(
                DiffChange(key[0], key[1], o.quantity, n.quantity, o.supplier, n.supplier, n.row)
            )
    diff.removed = [
        DiffLine(k[0], k[1], o.quantity, o.supplier, o.row) for k, o in old.items() if k not in new
    ]
    return diff

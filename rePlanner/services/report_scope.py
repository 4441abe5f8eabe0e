"""What a report covers: the whole company, one plant, one program or one line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rePlanner.domain.errors import ValidationError
from rePlanner.persistence.database import Database
from rePlanner.services import crud

ScopeKind = Literal["company", "plant", "program", "line"]
KINDS: tuple[ScopeKind, ...] = ("company", "plant", "program", "line")
_ENTITY = "report"


@dataclass(frozen=True)
class ReportScope:
    kind: ScopeKind = "company"
    name: str | None = None  # the plant, program or line; None for the company

    def __str__(self) -> str:
        return "company" if self.kind == "company" else f"{self.kind}:{self.name}"


@dataclass
class ResolvedScope:
    scope: ReportScope
    label: str  # "Whole company", "Plant Plant Bremen", ...
    lines: list[str] = field(default_factory=list)  # production line names, in database order
    plants: dict[str, str] = field(default_factory=dict)  # line -> plant site name
    programs: dict[str, str] = field(default_factory=dict)  # line -> program name


def parse_scope(text: str | None) -> ReportScope:
    """'company', 'plant:NAME', 'program:NAME' or 'line:NAME' (kind case-insensitive)."""
    raw = (text or "company").strip()
    kind, _, name = raw.partition(":")
    kind = kind.strip().casefold()
    if kind not in KINDS:
        raise ValidationError.single(_ENTITY, "scope", raw,
                                     "use company, plant:NAME, program:NAME or line:NAME")  # fmt: skip
    if kind == "company":
        if name.strip():
            raise ValidationError.single(_ENTITY, "scope", raw, "company takes no name")
        return ReportScope()
    if not name.strip():
        raise ValidationError.single(_ENTITY, "scope", raw, f"name the {kind}: {kind}:NAME")
    return ReportScope(kind, name.strip())


def resolve_scope(db: Database, scope: ReportScope) -> ResolvedScope:
    """The production lines the scope covers; an unknown name lists the known ones."""
    sites = {s["id"]: s["name"] for s in crud.find(db, "site")}
    programs = {p["id"]: p["name"] for p in crud.find(db, "program")}
    lines = crud.find(db, "production line")
    plant = {ln["name"]: sites.get(ln["plant_site_id"], "") for ln in lines}
    program = {ln["name"]: programs.get(ln["program_id"], "") for ln in lines}
    chosen = {"company": lambda n: True, "plant": lambda n: _same(plant[n], scope.name),
              "program": lambda n: _same(program[n], scope.name),
              "line": lambda n: _same(n, scope.name)}[scope.kind]  # fmt: skip
    names = [ln["name"] for ln in lines if chosen(ln["name"])]
    if scope.kind != "company" and not names:
        known = {"plant": plant, "program": program, "line": {n: n for n in plant}}[scope.kind]
        listed = ", ".join(sorted(set(known.values()))) or "(none)"
        raise ValidationError.single(_ENTITY, scope.kind, scope.name,
                                     f"no production line in this {scope.kind}; known: {listed}")  # fmt: skip
    label = "Whole company"
    if names and scope.kind != "company":  # the name as stored, not as typed
        stored = {"plant": plant, "program": program, "line": {n: n for n in names}}[scope.kind]
        label = scope_label(scope.kind, stored[names[0]])
    return ResolvedScope(scope, label, names, {n: plant[n] for n in names},
                         {n: program[n] for n in names})  # fmt: skip


def scope_label(kind: str, name: str) -> str:
    """'Line B1 Norvik', 'Program Kestrel', but 'Plant Bremen', not 'Plant Plant Bremen'."""
    return name if name.casefold().startswith(kind.casefold() + " ") else f"{kind.title()} {name}"


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def scope_choices(db: Database) -> list[tuple[ReportScope, str]]:
    """What a user can pick: the company, then each plant, program and line that has lines."""
    resolved = resolve_scope(db, ReportScope())
    out: list[tuple[ReportScope, str]] = [(ReportScope(), resolved.label)]
    for kind, names in (("plant", resolved.plants.values()), ("program", resolved.programs.values()),
                        ("line", resolved.lines)):  # fmt: skip
        for name in dict.fromkeys(n for n in names if n):
            out.append((ReportScope(kind, name), scope_label(kind, name)))  # type: ignore[arg-type]
    return out

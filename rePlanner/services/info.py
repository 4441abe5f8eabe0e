"""What is in a database: schema version, reference-data date and row counts per object."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select

from rePlanner import __version__
from rePlanner.domain.enums import Origin
from rePlanner.persistence import schema
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import AppMeta
from rePlanner.services.registry import ENTITIES
from rePlanner.services.session import current_user

# Objects a user thinks of, in the order `replanner info` lists them.
COUNTED = [
    "supplier", "site", "part", "part material", "material", "supply node", "sourcing link",
    "program", "production line", "BOM revision", "BOM line", "policy measure", "quota batch",
    "market share", "part content reference", "alternative source", "scenario",
    "scenario result", "import batch", "mapping profile",
]  # fmt: skip


@dataclass
class DatabaseInfo:
    location: str
    app_version: str
    schema_version: str | None
    schema_head: str
    refdata_as_of: str | None
    company_name: str | None
    counts: dict[str, int] = field(default_factory=dict)
    reference_counts: dict[str, int] = field(default_factory=dict)
    audit_entries: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def app_meta(db: Database) -> dict[str, str | None]:
    with db.session(current_user(), audit=False) as s:
        return {m.key: m.value for m in s.scalars(select(AppMeta))}


def database_info(db: Database) -> DatabaseInfo:
    meta = app_meta(db)
    counts: dict[str, int] = {}
    refs: dict[str, int] = {}
    with db.session(current_user(), audit=False) as s:
        for name in COUNTED:
            model = ENTITIES[name].model
            counts[name] = s.scalar(select(func.count()).select_from(model)) or 0
            origin = getattr(model, "origin", None)
            if origin is not None:
                refs[name] = (
                    s.scalar(
                        select(func.count()).select_from(model).where(origin == Origin.REFERENCE)
                    )
                    or 0
                )
        from rePlanner.persistence.models import AuditEntry

        audit = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return DatabaseInfo(
        location=db.location,
        app_version=__version__,
        schema_version=schema.current_revision(db.engine),
        schema_head=schema.head_revision(),
        refdata_as_of=meta.get("refdata_as_of"),
        company_name=meta.get("company_name"),
        counts=counts,
        reference_counts={k: v for k, v in refs.items() if v},
        audit_entries=audit,
    )

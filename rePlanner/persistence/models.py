"""Typed tables for every object in the domain (SQLAlchemy 2.x, portable: SQLite and PostgreSQL).

Ownership is written into the foreign keys: ON DELETE CASCADE means "part of the parent"
(a supplier's sites, a BOM revision's lines); RESTRICT means "refers to" and blocks deletion
(a sourcing link from a site). The services read these rules to explain refusals.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rePlanner.domain.enums import (
    AuditAction,
    Confidence,
    MeasureKind,
    Origin,
    Powertrain,
    QuotaKind,
    SourceKind,
    SourceStatus,
    Stage,
)
from rePlanner.persistence.base import Base, Timestamped, utcnow


def enum_col(enum: type[StrEnum], name: str) -> SAEnum:
    """Enums stored as checked strings: portable and readable in any SQL client."""
    return SAEnum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def non_negative(*cols: str) -> list[CheckConstraint]:
    return [
        CheckConstraint(
            f"{c} IS NULL OR {c} >= 0",
            name=f"{c}_non_negative",
            info={"rule": "non_negative", "column": c},
        )
        for c in cols
    ]


def share(*cols: str) -> list[CheckConstraint]:
    return [
        CheckConstraint(
            f"{c} IS NULL OR ({c} >= 0 AND {c} <= 1)",
            name=f"{c}_share",
            info={"rule": "share", "column": c},
        )
        for c in cols
    ]


def origin_col() -> Mapped[Origin]:
    return mapped_column(enum_col(Origin, "origin"), default=Origin.USER)


def confidence_col() -> Mapped[Confidence | None]:
    return mapped_column(enum_col(Confidence, "confidence"), nullable=True)


def fk(target: str, ondelete: str, nullable: bool = False, **kw: Any) -> Mapped[Any]:
    return mapped_column(ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True, **kw)


# --- materials and policy ---------------------------------------------------------------


class Material(Base):
    __tablename__ = "materials"
    __table_args__ = (UniqueConstraint("element", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    element: Mapped[str] = mapped_column(String(32))  # Nd, Dy, NdFeB, graphite, ...
    stage: Mapped[Stage] = mapped_column(enum_col(Stage, "stage"))
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str | None] = mapped_column(String(40))  # light RE, heavy RE, ...
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = origin_col()


class PolicyMeasure(Timestamped, Base):
    __tablename__ = "policy_measures"
    __table_args__ = tuple(
        non_negative("licence_days_nominal", "licence_days_min", "licence_days_max")
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[MeasureKind] = mapped_column(enum_col(MeasureKind, "measure_kind"))
    title: Mapped[str] = mapped_column(String(300))
    authority: Mapped[str | None] = mapped_column(String(300))
    announcement_no: Mapped[str | None] = mapped_column(String(300))
    date_announced: Mapped[date | None] = mapped_column(Date)
    date_effective: Mapped[date | None] = mapped_column(Date)
    effective_note: Mapped[str | None] = mapped_column(String(300))
    suspended_from: Mapped[date | None] = mapped_column(Date)
    suspended_until: Mapped[date | None] = mapped_column(Date)
    # The measure itself stops applying (e.g. a suspension announcement valid until a date).
    date_ends: Mapped[date | None] = mapped_column(Date)
    licence_required: Mapped[bool] = mapped_column(Boolean, default=False)
    licence_days_nominal: Mapped[int | None] = mapped_column(Integer)  # working days
    licence_days_min: Mapped[int | None] = mapped_column(Integer)
    licence_days_max: Mapped[int | None] = mapped_column(Integer)
    items: Mapped[str | None] = mapped_column(Text)
    hs_codes: Mapped[str | None] = mapped_column(Text)
    control_type: Mapped[str | None] = mapped_column(String(300))
    licence_processing: Mapped[str | None] = mapped_column(Text)
    status_text: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[Confidence | None] = confidence_col()
    source_url: Mapped[str | None] = mapped_column(Text)
    additional_sources: Mapped[str | None] = mapped_column(Text)
    as_of: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = origin_col()

    materials: Mapped[list[Material]] = relationship(secondary="measure_materials")


class MeasureMaterial(Base):
    __tablename__ = "measure_materials"

    measure_id: Mapped[int] = mapped_column(
        ForeignKey("policy_measures.id", ondelete="CASCADE"), primary_key=True
    )
    material_id: Mapped[int] = mapped_column(
        ForeignKey("materials.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class QuotaBatch(Base):
    __tablename__ = "quota_batches"
    __table_args__ = (
        UniqueConstraint("year", "batch", "kind"),
        *non_negative("volume_t", "volume_light_t", "volume_ionic_t"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    batch: Mapped[str] = mapped_column(String(40))  # annual, batch 1, ...
    kind: Mapped[QuotaKind] = mapped_column(enum_col(QuotaKind, "quota_kind"))
    volume_t: Mapped[float | None] = mapped_column(Float)  # None: not published
    volume_light_t: Mapped[float | None] = mapped_column(Float)
    volume_ionic_t: Mapped[float | None] = mapped_column(Float)
    announced: Mapped[str | None] = mapped_column(String(200))
    issuing_bodies: Mapped[str | None] = mapped_column(String(200))
    recipients: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[Confidence | None] = confidence_col()
    source_type: Mapped[str | None] = mapped_column(String(200))
    source_url: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = origin_col()


class MarketShare(Base):
    __tablename__ = "market_shares"
    __table_args__ = tuple(share("share"))

    id: Mapped[int] = mapped_column(primary_key=True)
    commodity: Mapped[str] = mapped_column(String(80))
    stage: Mapped[str] = mapped_column(String(80))
    metric: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str] = mapped_column(String(80))
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    share: Mapped[float | None] = mapped_column(Float)  # 0..1
    source_publication: Mapped[str | None] = mapped_column(String(300))
    confidence: Mapped[Confidence | None] = confidence_col()
    source_type: Mapped[str | None] = mapped_column(String(200))
    source_url: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = origin_col()  # since 0003


class PartContentReference(Base):
    """Typical material content of automotive parts, as published (not our parts)."""

    __tablename__ = "part_content_refs"

    id: Mapped[int] = mapped_column(primary_key=True)
    component: Mapped[str] = mapped_column(String(200))
    material: Mapped[str] = mapped_column(String(120))
    quantity_low: Mapped[float | None] = mapped_column(Float)
    quantity_high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(80))
    basis: Mapped[str | None] = mapped_column(String(300))
    confidence: Mapped[Confidence | None] = confidence_col()
    source_type: Mapped[str | None] = mapped_column(String(200))
    source_url: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = origin_col()  # since 0003


# --- companies, parts and the supply network --------------------------------------------


class Supplier(Timestamped, Base):
    __tablename__ = "suppliers"
    __table_args__ = tuple(non_negative("tier"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    country: Mapped[str] = mapped_column(String(80))
    region: Mapped[str | None] = mapped_column(String(80))
    tier: Mapped[int | None] = mapped_column(Integer)  # 0 = our own company
    is_internal: Mapped[bool] = mapped_column(Boolean, default=False)  # our own plants
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = origin_col()

    sites: Mapped[list[Site]] = relationship(back_populates="supplier", passive_deletes=True)


class Site(Timestamped, Base):
    __tablename__ = "sites"
    __table_args__ = (UniqueConstraint("supplier_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = fk("suppliers.id", "CASCADE")
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(80))
    city: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(80))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    origin: Mapped[Origin] = origin_col()

    supplier: Mapped[Supplier] = relationship(back_populates="sites")


class Part(Timestamped, Base):
    __tablename__ = "parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    part_number: Mapped[str] = mapped_column(String(80), unique=True)  # text: leading zeros matter
    description: Mapped[str | None] = mapped_column(String(300))
    uom: Mapped[str] = mapped_column(String(16), default="pc")
    category: Mapped[str | None] = mapped_column(String(80))
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = origin_col()


class PartMaterial(Base):
    __tablename__ = "part_materials"
    __table_args__ = (
        UniqueConstraint("part_id", "material_id"),
        *non_negative("kg_per_unit"),
        *share("china_share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = fk("parts.id", "CASCADE")
    material_id: Mapped[int] = fk("materials.id", "RESTRICT")
    kg_per_unit: Mapped[float] = mapped_column(Float)
    china_share: Mapped[float | None] = mapped_column(Float)  # share processed in China
    notes: Mapped[str | None] = mapped_column(Text)


class SupplyNode(Base):
    """One site making or holding one item (a part or a material): a node of the network."""

    __tablename__ = "supply_nodes"
    __table_args__ = (
        UniqueConstraint("site_id", "part_id"),
        UniqueConstraint("site_id", "material_id"),
        CheckConstraint("(part_id IS NULL) <> (material_id IS NULL)", name="exactly_one_item"),
        *non_negative("capacity_per_day", "inventory_on_hand", "inventory_in_transit", "ttr_days"),
        *share("china_share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = fk("sites.id", "CASCADE")
    part_id: Mapped[int | None] = fk("parts.id", "RESTRICT", nullable=True)
    material_id: Mapped[int | None] = fk("materials.id", "RESTRICT", nullable=True)
    capacity_per_day: Mapped[float | None] = mapped_column(Float)  # None: not limiting
    inventory_on_hand: Mapped[float] = mapped_column(Float, default=0.0)
    inventory_in_transit: Mapped[float] = mapped_column(Float, default=0.0)
    ttr_days: Mapped[float | None] = mapped_column(Float)
    china_share: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = origin_col()


class SourcingLink(Timestamped, Base):
    """`from_node` supplies its item to `to_node` (quantity per unit of the receiving item)."""

    __tablename__ = "sourcing_links"
    __table_args__ = (
        UniqueConstraint("from_node_id", "to_node_id"),
        CheckConstraint("from_node_id <> to_node_id", name="no_self_link"),
        CheckConstraint(
            "quantity_per_unit > 0",
            name="quantity_positive",
            info={"rule": "positive", "column": "quantity_per_unit"},
        ),
        *non_negative("price_per_unit", "lead_time_days"),
        *share("share", "china_share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_node_id: Mapped[int] = fk("supply_nodes.id", "RESTRICT")
    to_node_id: Mapped[int] = fk("supply_nodes.id", "RESTRICT")
    quantity_per_unit: Mapped[float] = mapped_column(Float, default=1.0)
    share: Mapped[float] = mapped_column(Float, default=1.0)
    price_per_unit: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    lead_time_days: Mapped[float | None] = mapped_column(Float)
    china_share: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = origin_col()


# --- programs, lines and BOMs -----------------------------------------------------------


class Program(Timestamped, Base):
    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    powertrain: Mapped[Powertrain] = mapped_column(enum_col(Powertrain, "powertrain"))
    description: Mapped[str | None] = mapped_column(String(300))
    origin: Mapped[Origin] = origin_col()


class ProductionLine(Timestamped, Base):
    """A line at one of our plants (a site of an internal supplier) building one program."""

    __tablename__ = "production_lines"
    __table_args__ = (
        UniqueConstraint("plant_site_id", "name"),
        *non_negative("rate_per_day"),
        CheckConstraint(
            "working_days_per_week >= 1 AND working_days_per_week <= 7",
            name="working_days",
            info={"rule": "weekdays", "column": "working_days_per_week"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    plant_site_id: Mapped[int] = fk("sites.id", "RESTRICT")
    program_id: Mapped[int] = fk("programs.id", "RESTRICT")
    rate_per_day: Mapped[float] = mapped_column(Float)  # vehicles per working day
    margin_per_vehicle: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    working_days_per_week: Mapped[int] = mapped_column(Integer, default=5)
    origin: Mapped[Origin] = origin_col()


class BomRevision(Base):
    __tablename__ = "bom_revisions"
    __table_args__ = (
        UniqueConstraint("line_id", "revision"),
        CheckConstraint(
            "revision >= 1",
            name="revision_positive",
            info={"rule": "positive", "column": "revision"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = fk("production_lines.id", "CASCADE")
    revision: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(120))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(120))
    import_batch_id: Mapped[int | None] = fk("import_batches.id", "SET NULL", nullable=True)
    note: Mapped[str | None] = mapped_column(Text)


class BomLine(Base):
    __tablename__ = "bom_lines"
    __table_args__ = (
        CheckConstraint(
            "quantity > 0",
            name="quantity_positive",
            info={"rule": "positive", "column": "quantity"},
        ),
        CheckConstraint(
            "level >= 0",
            name="level_non_negative",
            info={"rule": "non_negative", "column": "level"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = fk("bom_revisions.id", "CASCADE")
    parent_id: Mapped[int | None] = fk("bom_lines.id", "CASCADE", nullable=True)
    part_id: Mapped[int] = fk("parts.id", "RESTRICT")
    supplier_id: Mapped[int | None] = fk("suppliers.id", "RESTRICT", nullable=True)
    quantity: Mapped[float] = mapped_column(Float)  # per parent
    level: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    import_batch_id: Mapped[int | None] = fk("import_batches.id", "SET NULL", nullable=True)
    source_sheet: Mapped[str | None] = mapped_column(String(120))
    source_row: Mapped[int | None] = mapped_column(Integer)


# --- alternatives, scenarios, provenance -------------------------------------------------


class AlternativeSource(Timestamped, Base):
    __tablename__ = "alternative_sources"
    __table_args__ = (
        *non_negative("capacity_per_day", "qualification_days", "ramp_days", "cost_premium_pct"),
        *share("china_share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[SourceKind] = mapped_column(enum_col(SourceKind, "source_kind"))
    supplier_id: Mapped[int | None] = fk("suppliers.id", "RESTRICT", nullable=True)
    part_id: Mapped[int | None] = fk("parts.id", "CASCADE", nullable=True)
    material_id: Mapped[int | None] = fk("materials.id", "RESTRICT", nullable=True)
    product: Mapped[str | None] = mapped_column(String(300))
    stage_text: Mapped[str | None] = mapped_column(String(200))
    capacity_per_day: Mapped[float | None] = mapped_column(Float)
    capacity_text: Mapped[str | None] = mapped_column(Text)  # as published, with its unit
    earliest_available: Mapped[date | None] = mapped_column(Date)
    qualification_days: Mapped[float | None] = mapped_column(Float)
    ramp_days: Mapped[float | None] = mapped_column(Float)
    cost_premium_pct: Mapped[float | None] = mapped_column(Float)
    china_share: Mapped[float | None] = mapped_column(Float)  # its own dependence on China
    country: Mapped[str | None] = mapped_column(String(80))
    region: Mapped[str | None] = mapped_column(String(80))
    location: Mapped[str | None] = mapped_column(String(300))
    certifications: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[SourceStatus] = mapped_column(
        enum_col(SourceStatus, "source_status"), default=SourceStatus.CANDIDATE
    )
    timing_text: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[Confidence | None] = confidence_col()
    source_url: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)  # where it makes the item
    longitude: Mapped[float | None] = mapped_column(Float)
    origin: Mapped[Origin] = origin_col()


class AlternativeMaterial(Base):
    """A material an alternative source still depends on, and how much of it is Chinese.

    A magnet maker outside China that buys Chinese Dy lists Dy with china_share 1: under a Dy
    scenario it is no escape. A Dy-free design alternative simply does not list Dy.
    """

    __tablename__ = "alternative_materials"
    __table_args__ = (
        UniqueConstraint("alternative_id", "material_id"),
        *share("china_share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alternative_id: Mapped[int] = fk("alternative_sources.id", "CASCADE")
    material_id: Mapped[int] = fk("materials.id", "RESTRICT")
    china_share: Mapped[float] = mapped_column(Float, default=0.0)
    notes: Mapped[str | None] = mapped_column(Text)


class CountryGovernance(Timestamped, Base):
    """Governance score per country for the EU CRM supply-risk formula (WGI rescaled 0..10,
    higher = worse). Nothing is shipped until a sourced table exists; users or a refdata file
    fill it, each row with its source and confidence."""

    __tablename__ = "country_governance"
    __table_args__ = (
        CheckConstraint(
            "wgi_score >= 0 AND wgi_score <= 10",
            name="wgi_score_range",
            info={"rule": "score10", "column": "wgi_score"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(80), unique=True)
    wgi_score: Mapped[float] = mapped_column(Float)
    year: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[Confidence | None] = confidence_col()
    source_url: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = origin_col()


class Scenario(Timestamped, Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    origin: Mapped[Origin] = origin_col()


class ScenarioResult(Base):
    __tablename__ = "scenario_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = fk("scenarios.id", "CASCADE")
    run_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    run_by: Mapped[str | None] = mapped_column(String(120))
    data_as_of: Mapped[datetime | None] = mapped_column(DateTime)
    engine_version: Mapped[str | None] = mapped_column(String(40))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    results: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ImportBatch(Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # bom, suppliers, network, refdata
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    sheet: Mapped[str | None] = mapped_column(String(120))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    imported_by: Mapped[str | None] = mapped_column(String(120))
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(120))
    action: Mapped[AuditAction] = mapped_column(enum_col(AuditAction, "audit_action"))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    summary: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AppMeta(Base):
    """Key/value facts about this database (reference-data as-of, demo seed, company name)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


# --- added by schema version 0002 --------------------------------------------------------


class MappingProfile(Timestamped, Base):
    """A named column mapping for spreadsheet imports, reused across files."""

    __tablename__ = "mapping_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="bom")
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


Index("ix_audit_log_entity_entity_id", AuditEntry.entity, AuditEntry.entity_id)

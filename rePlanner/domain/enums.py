"""Closed vocabularies of the domain, stored by value in the database."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Processing stage of a material along the chain mine -> magnet."""

    ORE = "ore"  # ore / concentrate
    OXIDE = "oxide"  # separated oxide or compound
    METAL = "metal"  # metal / alloy
    MAGNET = "magnet"  # magnet or finished functional material
    COMMODITY = "commodity"  # not staged (e.g. graphite anode material)


class MeasureKind(StrEnum):
    EXPORT_CONTROL = "export_control"
    BAN = "ban"
    QUOTA = "quota"
    TECHNOLOGY = "technology"
    FRAMEWORK = "framework"
    SUSPENSION = "suspension"


class QuotaKind(StrEnum):
    MINING = "mining"
    SMELTING_SEPARATION = "smelting_separation"


class Confidence(StrEnum):
    """How sure the reference data is; only CONFIRMED is presented as fact."""

    CONFIRMED = "confirmed"
    DERIVED = "derived"
    UNCONFIRMED = "unconfirmed"


class Origin(StrEnum):
    """Who owns a row: reference refreshes touch only REFERENCE rows."""

    USER = "user"
    REFERENCE = "reference"
    DEMO = "demo"
    IMPORT = "import"


class Powertrain(StrEnum):
    BEV = "BEV"
    PHEV = "PHEV"
    HEV = "HEV"
    ICE = "ICE"


class SourceKind(StrEnum):
    SUPPLIER = "supplier"
    DESIGN = "design"


class SourceStatus(StrEnum):
    CANDIDATE = "candidate"
    IN_QUALIFICATION = "in_qualification"
    QUALIFIED = "qualified"
    ACTIVE = "active"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    BULK = "bulk"

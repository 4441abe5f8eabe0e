"""Which ORM class stands behind each editable object, and how a person names one row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rePlanner.persistence import models as m


@dataclass(frozen=True)
class EntitySpec:
    name: str  # singular, used in messages: "supplier"
    model: type[m.Base]
    label: tuple[str, ...]  # columns that name a row for people

    @property
    def table(self) -> Any:
        return self.model.__table__

    def describe(self, row: Any) -> str:
        parts = [str(getattr(row, c)) for c in self.label if getattr(row, c, None) is not None]
        return " / ".join(parts) or f"#{getattr(row, 'id', '?')}"


_SPECS = [
    EntitySpec("material", m.Material, ("element", "stage")),
    EntitySpec("policy measure", m.PolicyMeasure, ("code",)),
    EntitySpec("measure material", m.MeasureMaterial, ("measure_id", "material_id")),
    EntitySpec("quota batch", m.QuotaBatch, ("year", "batch", "kind")),
    EntitySpec("supplier", m.Supplier, ("name",)),
    EntitySpec("site", m.Site, ("name",)),
    EntitySpec("part", m.Part, ("part_number",)),
    EntitySpec("part material", m.PartMaterial, ("part_id", "material_id")),
    EntitySpec("supply node", m.SupplyNode, ("id",)),
    EntitySpec("sourcing link", m.SourcingLink, ("from_node_id", "to_node_id")),
    EntitySpec("program", m.Program, ("name",)),
    EntitySpec("production line", m.ProductionLine, ("name",)),
    EntitySpec("BOM revision", m.BomRevision, ("line_id", "revision")),
    EntitySpec("BOM line", m.BomLine, ("id",)),
    EntitySpec("alternative source", m.AlternativeSource, ("name",)),
    EntitySpec("alternative material", m.AlternativeMaterial, ("alternative_id", "material_id")),
    EntitySpec("country governance", m.CountryGovernance, ("country",)),
    EntitySpec("scenario", m.Scenario, ("name",)),
    EntitySpec("scenario result", m.ScenarioResult, ("id",)),
    EntitySpec("import batch", m.ImportBatch, ("file_name",)),
    EntitySpec("mapping profile", m.MappingProfile, ("name",)),
    EntitySpec("market share", m.MarketShare, ("commodity", "country", "year")),
    EntitySpec("part content reference", m.PartContentReference, ("component", "material")),
]

ENTITIES: dict[str, EntitySpec] = {s.name: s for s in _SPECS}
BY_TABLE: dict[str, EntitySpec] = {s.table.name: s for s in _SPECS}


def spec(name: str) -> EntitySpec:
    try:
        return ENTITIES[name]
    except KeyError:
        raise KeyError(
            f"unknown object type {name!r}; known: {', '.join(sorted(ENTITIES))}"
        ) from None

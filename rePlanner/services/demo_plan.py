"""DemoPlan: every row of the demo company, built in pure Python and deterministic for a seed.

Rows carry plan ids (except sourcing links and alternatives, which nothing refers to) that link
them here; on writing, demo_write.py lets the database assign the ids and translates the links.
material_id holds the (element, stage) key until services/demo.py resolves it on writing.
Build order fixes the RNG draws: companies, then per line its BOMs and network, then stock.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services import demo_catalog as cat
from rePlanner.services.demo_master import DEMO, MasterData, Row, Tables, add_row
from rePlanner.services.demo_network import NetworkBuilder
from rePlanner.services.demo_products import (
    ALTERNATIVES,
    FAMILY,
    LINES,
    MODULES,
    WORKING_DAYS,
    AlternativeSpec,
    LineSpec,
    Tree,
)
from rePlanner.services.demo_stock import Flows, part_china_share, write_network

DEFAULT_SEED = 2026
# Tables in the order they must be inserted (foreign keys point backwards).
TABLES = (
    "suppliers", "sites", "parts", "part_materials", "programs", "production_lines",
    "bom_revisions", "bom_lines", "supply_nodes", "sourcing_links", "alternative_sources",
    "scenarios",
)  # fmt: skip


DEMO_SCENARIOS = (
    ("EC07 stop 90 days", "Dy/Tb licences: no shipments for 90 days, then 45 working days "
     "per licence", ScenarioInputs(measures=("EC07",), duration_days=90)),
    ("EC07 stop 1 year", "Dy/Tb licences: no shipments for a year, then 45 working days per "
     "licence: long enough for new sources to count",
     ScenarioInputs(measures=("EC07",), duration_days=365)),
    ("EC07 slow licences", "No stop, but 90 working days per licence and a quarter denied",
     ScenarioInputs(measures=("EC07",), licence_delay_days=90, denial_share=0.25)),
)  # fmt: skip


class DemoPlan:
    """Every demo row, by table name (see TABLES)."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.rows: Tables = {name: [] for name in TABLES}
        self.master = MasterData(self.rows, self.rng)
        self.network = NetworkBuilder(self.master)
        self.line_ids: dict[str, int] = {}
        self.master.add_companies()
        for line in LINES:
            self._line(line)
        flows = Flows(self.network, self.master)
        write_network(self.rows, self.network, flows, self.rng)
        self._part_materials(flows)
        self._alternatives()
        self._scenarios()

    @property
    def part_price(self) -> dict[int, float]:
        """Indicative EUR per unit by part id."""
        return self.master.part_price

    # --- programs, lines, BOMs --------------------------------------------------------------

    def _line(self, line: LineSpec) -> None:
        program = add_row(self.rows, "programs", name=line.program, powertrain=line.powertrain,
                          description=line.description, origin=DEMO)  # fmt: skip
        plant_site = self.master.plant_site(line.plant)
        lid = add_row(self.rows, "production_lines", name=line.name, plant_site_id=plant_site,
                      program_id=program, rate_per_day=float(line.rate),
                      margin_per_vehicle=float(line.margin), currency="EUR",
                      working_days_per_week=WORKING_DAYS, origin=DEMO)  # fmt: skip
        self.line_ids[line.key] = lid
        for rev in range(1, line.revisions + 1):
            self._revision(line, lid, rev)
        for module in line.modules:
            for spec in MODULES[module]:
                self.network.place(line, spec, plant_site)

    def _revision(self, line: LineSpec, lid: int, rev: int) -> None:
        current = rev == line.revisions
        rid = add_row(self.rows, "bom_revisions", line_id=lid, revision=rev, is_current=current,
                      label="MY2026" if current else "SOP", created_by=None,
                      import_batch_id=None, note="Demo BOM")  # fmt: skip
        # the superseded revision lacked the last module added for the model year
        modules = line.modules if current else line.modules[:-1]
        positions = iter(range(10, 100000, 10))
        for module in modules:
            self._bom(line, rid, MODULES[module], None, 1, positions)

    def _bom(
        self, line: LineSpec, rid: int, tree: Tree, parent: int | None, level: int,
        positions: Iterator[int],
    ) -> None:  # fmt: skip
        for key, qty, children in tree:
            f = FAMILY[key]
            makers = line.overrides.get(key, f.makers)
            # the BOM names the main supplier (largest share); in-house assemblies name none
            main = self.master.supplier_ids[max(makers, key=lambda s: s[1])[0]] if makers else None
            bid = add_row(self.rows, "bom_lines", revision_id=rid, parent_id=parent,
                          part_id=self.master.part(f, line), supplier_id=main,
                          quantity=float(qty), level=level, position=next(positions),
                          import_batch_id=None, source_sheet=None, source_row=None)  # fmt: skip
            self._bom(line, rid, children, bid, level + 1, positions)

    # --- material content, alternatives ---------------------------------------------------

    def _part_materials(self, flows: Flows) -> None:
        for pid, items in self.master.content.items():
            share = part_china_share(pid, self.network, flows)
            for item, kg in items:
                add_row(self.rows, "part_materials", part_id=pid, material_id=item,
                        kg_per_unit=round(kg, 7), china_share=share, notes=None)  # fmt: skip

    def _alternatives(self) -> None:
        for a in ALTERNATIVES:
            self.rows["alternative_sources"].append(self._alternative(a))

    def _scenarios(self) -> None:
        for name, description, inputs in DEMO_SCENARIOS:
            self.rows["scenarios"].append(dict(name=name, description=description,
                                               inputs=inputs.to_dict(), origin=DEMO))  # fmt: skip

    def _alternative(self, a: AlternativeSpec) -> Row:
        f = FAMILY[a.family]
        part = self.master.magnet_part(f) if a.magnet else self.master.part(f, None)
        spec = next((s for s in cat.SUPPLIERS if s.key == a.supplier), None)
        site = next((x for x in spec.sites if x[0] == a.city), spec.sites[0]) if spec else None
        city, country = (site[0], site[1]) if site else (None, None)
        return dict(  # no id: reference alternatives may exist already
            name=a.name, kind=a.kind,
            supplier_id=self.master.supplier_ids[a.supplier] if a.supplier else None,
            part_id=part, material_id=None, product=a.product,
            stage_text="magnet" if a.magnet else "part", capacity_per_day=a.capacity_per_day,
            capacity_text=f"{a.capacity_per_day:g} units/day" if a.capacity_per_day else None,
            earliest_available=None, qualification_days=a.qualification_days,
            ramp_days=a.ramp_days, cost_premium_pct=a.cost_premium_pct,
            china_share=a.china_share, country=country,
            region=cat.REGION[country] if country else None,
            location=f"{city}, {country}" if spec else None,
            certifications="IATF 16949" if spec else None, status=a.status,
            timing_text=a.timing, confidence=None, source_url=None,
            notes=" ".join(("Fictional demo alternative.", a.notes)).strip(), origin=DEMO,
        )  # fmt: skip

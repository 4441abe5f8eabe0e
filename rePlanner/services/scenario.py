"""Named scenarios: save, list, show; their inputs are domain.scenario.ScenarioInputs as JSON.

Runs live in services/scenario_run.py; every run is a scenario_results row with a copy of the
inputs it used, so an old number can be reproduced after the scenario was edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from rePlanner.domain.errors import NotFoundError, ValidationError
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import Scenario, ScenarioResult
from rePlanner.services import crud
from rePlanner.services.session import current_user


@dataclass(frozen=True)
class ScenarioInfo:
    id: int
    name: str
    description: str | None
    inputs: ScenarioInputs
    runs: int = 0
    last_run_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "inputs": self.inputs.to_dict(),
            "runs": self.runs,
            "last_run_at": self.last_run_at.isoformat() if self.last_run_at else None,
        }


def save_scenario(
    db: Database,
    name: str,
    inputs: ScenarioInputs,
    description: str | None = None,
    *,
    replace: bool = False,
) -> ScenarioInfo:
    """Create the scenario, or with `replace` overwrite the inputs of an existing one."""
    if not name or not name.strip():
        raise ValidationError.single("scenario", "name", name, "give the scenario a name")
    name = name.strip()
    values = {"inputs": inputs.to_dict(), "description": description}
    found = crud.find(db, "scenario", name=name)
    if found and replace:
        crud.update(db, "scenario", found[0]["id"], values)
    else:
        crud.create(db, "scenario", {"name": name, **values})  # a duplicate name is refused
    return get_scenario(db, name)


def get_scenario(db: Database, name: str) -> ScenarioInfo:
    infos = [i for i in list_scenarios(db) if i.name.casefold() == name.strip().casefold()]
    if not infos:
        raise NotFoundError("scenario", name)
    return infos[0]


def list_scenarios(db: Database) -> list[ScenarioInfo]:
    r = ScenarioResult
    with db.session(current_user(), audit=False) as s:
        runs = {
            sid: (n, last)
            for sid, n, last in s.execute(
                select(r.scenario_id, func.count(r.id), func.max(r.run_at)).group_by(r.scenario_id)
            )
        }
        rows = s.execute(
            select(Scenario.id, Scenario.name, Scenario.description, Scenario.inputs).order_by(
                Scenario.name
            )
        ).all()
    return [
        ScenarioInfo(
            sid, name, desc, ScenarioInputs.from_dict(inputs or {}), *runs.get(sid, (0, None))
        )
        for sid, name, desc, inputs in rows
    ]


def scenario_results(db: Database, name: str) -> list[dict[str, Any]]:
    """The stored runs of a scenario, newest first, as plain dicts."""
    info = get_scenario(db, name)
    r = ScenarioResult
    with db.session(current_user(), audit=False) as s:
        rows = s.scalars(
            select(r).where(r.scenario_id == info.id).order_by(r.run_at.desc(), r.id.desc())
        ).all()
        return [crud.to_record(row) for row in rows]

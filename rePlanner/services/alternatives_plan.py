"""Scenarios around alternative sources: the default scenario of a ranking (the measures in
force today, licences at their nominal delay) and "what if we qualify X now": a copy of a
scenario with the chosen source activated, so what-if tables and reports show the plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.policy import MeasureState, measure_status
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.scenario import ScenarioInfo, get_scenario, save_scenario
from rePlanner.services.scenario_sources import alternative_days

_WHAT = "alternatives"


def default_inputs(db: Database, today: date | None = None) -> tuple[str, ScenarioInputs]:
    """Every measure in force on `today` that needs a licence, no stop, nominal delays."""
    on = today or date.today()
    codes = []
    for m in crud.find(db, "policy measure"):
        state = measure_status(m["date_effective"], m["suspended_from"], m["suspended_until"],
                               on, date_ends=m["date_ends"]).state  # fmt: skip
        if state == MeasureState.IN_FORCE and m["licence_required"]:
            codes.append(m["code"])
    label = (
        f"(default: licence measures in force on {on.isoformat()}: {', '.join(codes) or 'none'})"
    )
    return label, ScenarioInputs(measures=tuple(sorted(codes)), start=on)


def qualify_now(
    db: Database, scenario: str, alternative_id: int | Sequence[int], new_name: str | None = None
) -> ScenarioInfo:
    """Save `scenario` with the alternative(s) activated, as `new_name` (default: "<scenario> +
    qualify <sources>"); the original scenario is left as it is. A source without any
    qualification, ramp or availability figure is refused: it could not be placed in time."""
    ids = [alternative_id] if isinstance(alternative_id, int) else list(alternative_id)
    base = get_scenario(db, scenario)
    names = []
    for i in ids:
        found = crud.find(db, "alternative source", id=i)
        if not found:
            raise ValidationError.single(_WHAT, "alternative", i, "no such alternative source")
        row = found[0]
        if i in base.inputs.alternatives:
            raise ValidationError.single(_WHAT, "alternative", i,
                                         f"scenario {base.name!r} already activates it")  # fmt: skip
        if alternative_days(SimpleNamespace(**row), base.inputs.start or date.today()) is None:
            raise ValidationError.single(_WHAT, "alternative", i,
                                         f"{row['name']} has no qualification, ramp or "
                                         "availability figure: enter them first")  # fmt: skip
        names.append(row["name"])
    name = new_name or f"{base.name} + qualify {' + '.join(names)}"
    inputs = replace(base.inputs, alternatives=(*base.inputs.alternatives, *ids))
    note = f"{base.name} with {', '.join(names)} qualified now (from rePlanner alternatives)"
    return save_scenario(db, name[:120], inputs, note)

"""Scenarios around alternative sources: the default scenario of a ranking (the measures in
force today, licences at their nominal delay) and "what if we qualify X now": a copy of a
scenario with the chosen source activated, so what-if tables and reports show the plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.policy import MeasureState, measure_status
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.scenario import ScenarioInfo, get_scenario, save_scenario


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
    db: Database, scenario: str, alternative_id: int, new_name: str | None = None
) -> ScenarioInfo:
    """Save `scenario` with the alternative activated, as `new_name` (default: "<scenario> +
    qualify <source>"); the original scenario is left as it is."""
    base = get_scenario(db, scenario)
    alt = crud.find(db, "alternative source", id=alternative_id)
    if not alt:
        raise ValidationError.single("alternatives", "alternative", alternative_id,
                                     "no such alternative source")  # fmt: skip
    ids = base.inputs.alternatives
    if alternative_id in ids:
        raise ValidationError.single("alternatives", "alternative", alternative_id,
                                     f"scenario {base.name!r} already activates it")  # fmt: skip
    name = new_name or f"{base.name} + qualify {alt[0]['name']}"
    inputs = replace(base.inputs, alternatives=(*ids, alternative_id))
    note = f"{base.name} with {alt[0]['name']} qualified now (from rePlanner alternatives)"
    return save_scenario(db, name[:120], inputs, note)

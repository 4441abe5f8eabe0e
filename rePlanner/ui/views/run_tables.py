"""The per-line tables of the scenario page, built from run results: one run
(`results_table`), a Monte Carlo (`montecarlo_table`) and 2-4 runs side by side
(`compare_table`, with the worse value of each row and metric marked).

An unknown loss over an open-ended recovery counts as the largest loss.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

from rePlanner.services.tables import Column, TableData
from rePlanner.ui.views.scenario_editor import tr

if TYPE_CHECKING:
    from rePlanner.services.scenario_run import ScenarioRun

HEADER_WIDTH = 14  # characters of a scenario name per header line
RESULT_COLUMNS = [
    Column("line", "Line"),
    Column("plant", "Plant"),
    Column("tts_days", "TTS days", "number",
           "Time to survive: days the line keeps building on stock and unaffected supply"),
    Column("ttr_days", "TTR days", "number",
           "Time to recover: days until supply is back (ban, licence wait, alternatives)"),
    Column("shutdown_days", "Shutdown days", "number", "Days the line stands still: TTR − TTS"),
    Column("lost_vehicles", "Lost vehicles", "int", "Vehicles not built during the shutdown"),
    Column("lost_margin", "Lost margin", "int", "Margin of the vehicles not built"),
    Column("risk", "Risk", "text", "At risk: the line runs short before supply recovers"),
]  # fmt: skip
COMPARED = ("shutdown_days", "lost_vehicles", "lost_margin")


MC_COLUMNS = [
    Column("line", "Line"),
    Column("plant", "Plant"),
    Column("p_shutdown", "P(shutdown)", "share", "Share of the draws in which the line stops"),
    Column("lost_vehicles_p50", "Vehicles P50", "int", "Lost vehicles: median over the draws"),
    Column("lost_vehicles_p90", "Vehicles P90", "int", "Lost vehicles: exceeded in one draw in ten"),
    Column("lost_margin_p50", "Margin P50", "int", "Lost margin: median over the draws"),
    Column("lost_margin_p90", "Margin P90", "int", "Lost margin: exceeded in one draw in ten"),
    Column("lost_margin_mean", "Margin mean", "int", "Lost margin: average over the draws"),
]  # fmt: skip


MC_MEASURES = [("lost_margin", "Lost margin"), ("shutdown_days", "Shutdown days"),
               ("lost_vehicles", "Lost vehicles")]  # fmt: skip


def whole(v: float | None) -> int | None:
    return None if v is None else round(v)


def montecarlo_table(lines: list[dict[str, Any]]) -> tuple[TableData, list[bool | None]]:
    ints = [c.key for c in MC_COLUMNS if c.kind == "int"]
    rows = [(x["line"] or x["node"], x["plant"], x["p_shutdown"], *(whole(x[k]) for k in ints))
            for x in lines]  # fmt: skip
    flags: list[bool | None] = [(x["p_shutdown"] or 0) > 0 for x in lines]
    return TableData(MC_COLUMNS, rows, list(range(len(rows)))), flags


def result_blanks() -> dict[str, tuple[str, str]]:
    return {
        "tts_days": (tr("never"), tr("Infinite: this line never runs short in this scenario")),
        "ttr_days": (tr("never"), tr("Open-ended: nothing in this scenario ends the disruption")),
    }


def results_table(run: ScenarioRun) -> tuple[TableData, list[bool | None]]:
    rows: list[tuple[Any, ...]] = []
    flags: list[bool | None] = []
    for x in run.results.get("lines", []):
        risk = tr("At risk") if x["at_risk"] else tr("No impact") if x["no_impact"] else tr("Safe")
        rows.append((x["line"], x["plant"], x["tts_days"], x["ttr_days"], x["shutdown_days"],
                     whole(x["lost_vehicles"]), whole(x["lost_margin"]), risk))  # fmt: skip
        flags.append(bool(x["at_risk"]))
    return TableData(RESULT_COLUMNS, rows, list(range(len(rows)))), flags


# --- side by side ---------------------------------------------------------------------------


def compare_table(runs: list[ScenarioRun]) -> tuple[TableData, set[tuple[int, int]]]:
    """Rows: every line of any run, then "Total"; columns: line, plant, then per metric one
    column per run. Returns the table and the (row, column) cells holding a row's worse value."""
    metrics = {c.key: c for c in RESULT_COLUMNS if c.key in COMPARED}
    columns = [RESULT_COLUMNS[0], RESULT_COLUMNS[1]]
    for key in COMPARED:
        columns += [Column(f"{key}:{i}", f"{tr(metrics[key].title)}\n{_wrap(run.name or '')}",
                           metrics[key].kind, f"{run.name}: {tr(metrics[key].tip)}")
                    for i, run in enumerate(runs)]  # fmt: skip
    by_run = [{x["node"]: x for x in run.results.get("lines", [])} for run in runs]
    nodes: dict[str, tuple[str, str]] = {}
    for run in runs:
        for x in run.results.get("lines", []):
            nodes.setdefault(x["node"], (x["line"], x["plant"]))
    rows = [(line, plant, *_values(by_run, node)) for node, (line, plant) in nodes.items()]
    rows.append((tr("Total"), "", *(_total(rows, k) for k in range(2, len(columns)))))
    worse = {
        (r, 2 + k * len(runs) + i)
        for r, row in enumerate(rows)
        for k in range(len(COMPARED))
        for i in _worst(row[2 + k * len(runs) :][: len(runs)])
    }
    return TableData(columns, rows, [*range(len(rows) - 1), -1]), worse  # fmt: skip


def _wrap(name: str) -> str:
    """A scenario name on at most two header lines, so that six or more columns fit."""
    lines = textwrap.wrap(name, HEADER_WIDTH) or [""]
    return "\n".join([lines[0], " ".join(lines[1:])] if len(lines) > 1 else lines)


def _values(by_run: list[dict[str, dict[str, Any]]], node: str) -> list[Any]:
    out: list[Any] = []
    for key in COMPARED:
        for lines in by_run:
            v = lines[node][key] if node in lines else None
            out.append(v if key == "shutdown_days" else whole(v))
    return out


def _total(rows: list[tuple[Any, ...]], k: int) -> Any:
    """A column's sum; unknown (None) when any line's value is unknown."""
    values = [row[k] for row in rows]
    return None if any(v is None for v in values) else sum(values)


def _worst(values: tuple[Any, ...]) -> list[int]:
    """Indices holding the largest value, when the values differ; None counts as infinite."""
    keys = [math.inf if v is None else float(v) for v in values]
    if len(keys) < 2 or max(keys) - min(keys) <= 1e-9 * max(1.0, abs(min(keys))):
        return []
    return [i for i, k in enumerate(keys) if k == max(keys)]

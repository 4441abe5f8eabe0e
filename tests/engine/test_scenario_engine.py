"""engine.scenario on hand-made networks: flows, perturbations, per-line survival and losses."""

from __future__ import annotations

import math

import pytest

from rePlanner.engine.scenario import daily_flow, perturbed, run_scenario


def test_daily_flow_and_perturbation(two_lines):
    net = two_lines()
    flow = daily_flow(net)
    assert flow.tolist() == [10, 5, 20, 10, 10]  # L2 takes 2 P per vehicle; A/B split evenly
    p = perturbed(net, capacity_factor={3: 0.5, 4: 0.0}, buffer_nodes=[2], buffer_days=3)
    assert p.capacity[3] == 7.0 and p.capacity[4] == 0.0
    assert p.inventory[2] == 60 + 3 * 20
    assert net.inventory[2] == 60 and net.capacity[3] == 14  # the original is untouched


def test_per_line_survival_shutdown_and_loss(two_lines):
    net = two_lines()
    out = run_scenario(net, [3], {0: 30.0, 1: 30.0})  # A stops: only B's 6/day remain
    assert math.isinf(out.baseline_tts_days) and not out.no_impact
    # jointly 20 P/day are needed, 6 arrive: 60 / 14 days
    assert out.tts_days == pytest.approx(60 / 14)
    l1, l2 = out.lines
    assert l1.tts_days == pytest.approx(60 / 4)  # L1 alone: needs 10 P/day, gets 6
    assert l2.tts_days == pytest.approx(60 / 4)  # L2 alone: 5 x 2 = 10 P/day, gets 6
    assert l1.shutdown_days == pytest.approx(15) and l1.at_risk and l2.at_risk
    # over 30 days 60 + 180 P arrive; L1 earns 100 per P, L2 25: L1 gets them all
    assert (l1.lost_vehicles, l2.lost_vehicles) == (pytest.approx(60), pytest.approx(150))
    assert (l1.lost_margin, l2.lost_margin) == (pytest.approx(6000), pytest.approx(7500))
    assert l1.added_lost_margin == pytest.approx(6000)  # nothing is lost undisrupted
    assert out.lost_profit == pytest.approx(13500)
    assert any(b.kind == "capacity" and b.node == "B" for b in l1.binding)


def test_open_ended_recovery_has_no_loss_figure(two_lines):
    out = run_scenario(two_lines(), [3], {0: math.inf, 1: math.inf})
    l1 = out.lines[0]
    assert math.isinf(l1.shutdown_days) and math.isnan(l1.lost_vehicles) and l1.at_risk
    assert math.isnan(out.lost_profit)


def test_no_impact_when_the_disrupted_node_is_spare(two_lines):
    net = two_lines()
    net.capacity[4] = 100.0  # B alone covers everything
    out = run_scenario(net, [3], {0: 30.0, 1: 30.0})
    assert out.no_impact and all(x.no_impact and not x.at_risk for x in out.lines)
    assert out.lost_profit == 0 and all(x.shutdown_days == 0 for x in out.lines)

"""Every node of the peer's small and medium networks: our TTS and PI equal the peer's LP."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from rePlanner.engine.peer import PeerCase, load_peer
from rePlanner.engine.solve import Engine
from rePlanner.engine.stress import StressReport, stress_test

PEER = Path(__file__).resolve().parents[3] / "shared" / "peer"
if not (PEER / "small.json").exists():  # the tree may sit elsewhere; fall back to /work
    PEER = Path("/work/shared/peer")


def _close(ours: float, theirs: float) -> bool:
    if math.isinf(theirs) or math.isinf(ours):
        return ours == theirs
    return abs(ours - theirs) <= 1e-6 * max(1.0, abs(theirs))


@pytest.fixture(scope="module", params=["small", "medium"])
def case(request: pytest.FixtureRequest) -> PeerCase:
    return load_peer(PEER / f"{request.param}.json")


@pytest.fixture(scope="module")
def report(case: PeerCase) -> StressReport:
    return stress_test(case.network)


def test_baseline_matches_peer(case: PeerCase, report: StressReport) -> None:
    assert _close(report.baseline_tts, case.baseline_tts)
    for horizon, pi in case.baseline_pi.items():
        assert _close(report.baseline_pi[horizon], pi), horizon


def test_every_node_tts_and_pi_match_peer(case: PeerCase, report: StressReport) -> None:
    ours = {r.node: r for r in report.nodes}
    assert len(case.references) == case.network.size
    wrong = [
        (ref.node, ours[ref.node].tts_days, ref.tts, ours[ref.node].lost_profit, ref.pi)
        for ref in case.references
        if not (
            _close(ours[ref.node].tts_days, ref.tts) and _close(ours[ref.node].lost_profit, ref.pi)
        )
    ]
    assert wrong == []


def test_added_loss_matches_peer(case: PeerCase, report: StressReport) -> None:
    ours = {r.node: r for r in report.nodes}
    for ref in case.references:
        assert _close(ours[ref.node].added_lost_profit, ref.pi_minus_no_disruption), ref.node


def test_every_node_without_shortcuts_matches_peer(case: PeerCase) -> None:
    plain = stress_test(case.network, use_shortcuts=False, workers=1)
    assert plain.shortcuts == 0
    ours = {r.node: r for r in plain.nodes}
    for ref in case.references:
        assert _close(ours[ref.node].tts_days, ref.tts), ref.node
        assert _close(ours[ref.node].lost_profit, ref.pi), ref.node


def test_shortcuts_agree_with_a_fresh_lp(case: PeerCase, report: StressReport) -> None:
    settled = [r for r in report.nodes if r.method != "lp"]
    assert settled, "the peer networks have nodes a shortcut settles"
    fresh = Engine(case.network, warm=False)  # scipy.optimize.linprog, one LP per question
    for r in settled[:: max(1, len(settled) // 60)]:
        assert _close(fresh.time_to_survive([r.node]).tts, r.tts_days), r.node
        assert _close(fresh.performance_impact([r.node], r.ttr_days).lost_profit, r.lost_profit)


def test_peer_flags(case: PeerCase, report: StressReport) -> None:
    for r in report.nodes:
        assert r.no_impact == (r.tts_days >= report.baseline_tts - 1e-6 * report.baseline_tts)
        assert r.at_risk == (r.tts_days < r.ttr_days and not r.no_impact)
        assert 0.0 <= r.risk_exposure_index <= 1.0
    assert max(r.risk_exposure_index for r in report.nodes) == pytest.approx(1.0)

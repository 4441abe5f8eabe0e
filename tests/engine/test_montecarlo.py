"""Monte Carlo engine: seeded draws, a hand network with a known P(shutdown), cancel, workers."""

from __future__ import annotations

import numpy as np
import pytest

from rePlanner.domain.progress import Cancelled
from rePlanner.engine.montecarlo import Dist, McSpec, make_draws, run_draws, summarise
from rePlanner.engine.montecarlo_model import McModel
from rePlanner.engine.network import InputGroup, Network


def hand() -> McModel:
    """Line P (10/day) needs 1 part from A (5/day, disrupted) or B (5/day); P holds 100.

    TTS of P with A stopped = 100 / 5 = 20 days. TTR = licence delay x 7/5 (no ban), so with
    the delay uniform on 10..20 working days, TTR > 20 iff delay > 100/7: P = (20 - 100/7) / 10.
    """
    net = Network(
        ids=["P", "A", "B"],
        capacity=np.array([np.inf, 5.0, 5.0]),
        inventory=np.array([100.0, 0.0, 0.0]),
        ttr=np.full(3, np.nan),
        demand=np.array([10.0, 0.0, 0.0]),
        profit=np.array([100.0, 0.0, 0.0]),
        inputs=[InputGroup(0, (1, 2), (1.0, 1.0), "part")],
    )
    return McModel(net, [1], week={0: 5.0}, licence_applies=True)


SPEC = McSpec(Dist("uniform", 10, 20), Dist("fixed", 0.0), Dist("fixed", 0.0))


def test_known_probability_of_shutdown_and_losses() -> None:
    model = hand()
    draws = make_draws(SPEC, 4000, seed=1)
    res, _ = run_draws(model.evaluate, model.labels(), draws, workers=1)
    (st,) = summarise(res)
    assert st.p_shutdown == pytest.approx((20 - 100 / 7) / 10, abs=0.03)
    # lost vehicles per draw = 5 x (TTR - 20) when TTR > 20 (half the demand is met)
    ttr = draws.licence_delay * 7 / 5
    np.testing.assert_allclose(res.lost_vehicles[:, 0], np.maximum(0, 5 * (ttr - 20)), atol=1e-6)
    np.testing.assert_allclose(res.lost_margin[:, 0], 100 * res.lost_vehicles[:, 0], atol=1e-4)
    assert st.lost_vehicles_p90 == pytest.approx(np.percentile(res.lost_vehicles[:, 0], 90))


def test_same_seed_same_numbers_other_seed_differs() -> None:
    model = hand()

    def stats(seed: int, workers: int) -> list[float]:
        res, _ = run_draws(model.evaluate, model.labels(), make_draws(SPEC, 300, seed),
                           workers=workers)  # fmt: skip
        return list(vars(summarise(res)[0]).values())[1:]

    first = stats(7, 1)
    assert stats(7, 1) == first
    assert stats(7, 2) == first  # worker count does not change the numbers
    assert stats(8, 1) != first


def test_draws_are_reproducible_and_within_ranges() -> None:
    spec = McSpec(Dist("triangular", 20, 90, 45), Dist("beta", 0, 0.5, 2, 5),
                  Dist("uniform", 0.1, 0.3))  # fmt: skip
    a, b = make_draws(spec, 500, 3), make_draws(spec, 500, 3)
    assert np.array_equal(a.licence_delay, b.licence_delay)
    assert np.array_equal(a.quota_cut, b.quota_cut)
    assert a.licence_delay.min() >= 20 and a.licence_delay.max() <= 90
    assert a.denial_share.min() >= 0 and a.denial_share.max() <= 0.5
    assert a.quota_cut.min() >= 0.1 and a.quota_cut.max() <= 0.3
    with pytest.raises(ValueError):
        Dist("triangular", 20, 10, 15)


class _CancelAfter:
    def __init__(self, n: int) -> None:
        self.calls, self.n, self.seen = 0, n, 0

    def update(self, done: int, total: int, message: str = "") -> None:
        self.seen = done

    def cancelled(self) -> bool:
        self.calls += 1
        return self.calls > self.n


def test_cancel_between_chunks() -> None:
    model = hand()
    progress = _CancelAfter(1)
    with pytest.raises(Cancelled):
        run_draws(model.evaluate, model.labels(), make_draws(SPEC, 200, 1), workers=1,
                  progress=progress)  # fmt: skip
    assert 0 < progress.seen < 200


def quota_model() -> McModel:
    """hand() with B a quota node: a cut lowers B's 5/day, so P's TTS is 100 / (5 + 5 cut)."""
    model = hand()
    model.quota = [2]
    return model


def test_draws_grouped_by_cut_cover_every_draw_once_and_do_not_depend_on_workers() -> None:
    spec = McSpec(Dist("uniform", 10, 20), Dist("fixed", 0.0), Dist("uniform", 0.0, 0.3))
    draws = make_draws(spec, 400, seed=5)
    model = quota_model()
    chunks = model.chunks(draws)
    assert sorted(np.concatenate(chunks).tolist()) == list(range(400))
    cuts = [model.rounded_cut(c) for c in draws.quota_cut]
    firsts = [cuts[c[0]] for c in chunks]
    assert firsts == sorted(firsts)  # chunks follow the cut values
    assert len(chunks) < 400 / 10  # one engine serves many draws
    one, _ = model.run(draws, workers=1)
    two, _ = quota_model().run(draws, workers=2)
    for name in ("shutdown_days", "lost_vehicles", "lost_margin"):
        assert np.array_equal(getattr(one, name), getattr(two, name), equal_nan=True)
    # the numbers are those of index-ordered chunks (engine warm starts aside)
    plain, _ = run_draws(quota_model().evaluate, model.labels(), draws, workers=1)
    np.testing.assert_allclose(one.shutdown_days, plain.shutdown_days, atol=1e-9)
    # by hand, A stopped and B cut: TTS = 100 / (10 - 5 (1 - cut)); over TTR h the loss is
    # (5 + 5 cut) h - 100 (none undisrupted: 5 cut h < 100), i.e. that / 10 days of output
    cut, h = np.array(cuts), draws.licence_delay * 7 / 5
    expected = np.maximum.reduce(
        [np.zeros(400), h - 100 / (5 + 5 * cut), ((5 + 5 * cut) * h - 100) / 10]
    )
    np.testing.assert_allclose(one.shutdown_days[:, 0], expected, atol=1e-6)

"""Progress helpers: a step of a longer job reports inside its step and cancels with it."""


def test_step_progress_moves_within_its_step_and_passes_cancel_through():
    from rePlanner.domain.progress import StepProgress

    seen = []

    class Outer:
        stop = False

        def update(self, done, total, message=""):
            seen.append((done / total, message))

        def cancelled(self):
            return self.stop

    outer = Outer()
    step = StepProgress(outer, 2, 4, "Monte Carlo")
    step.update(0, 10, "draw 0")
    step.update(10, 10, "draw 10")
    assert seen[0] == (0.5, "Monte Carlo: draw 0")
    assert 0.5 < seen[1][0] < 0.75  # never past the step's end
    assert not step.cancelled()
    outer.stop = True
    assert step.cancelled()

"""game/engine/jobs.py: work off the frame loop on named lanes, results back on the frame loop."""

from __future__ import annotations

import logging
import threading

import pytest

from game.engine.jobs import JobCancelled, Jobs


class FrameLoop:
    """Stands in for the app's on_frame_loop: what is handed back waits here until the loop runs it."""

    def __init__(self) -> None:
        self.waiting: list = []
        self.handed = threading.Event()

    def deliver(self, job) -> None:
        self.waiting.append(job)
        self.handed.set()

    def run(self) -> None:
        waiting, self.waiting = self.waiting, []
        for job in waiting:
            job()


def blocked_lane(jobs: Jobs, lane: str) -> threading.Event:
    """Hold ``lane`` with a job that waits for the returned event: what is submitted next queues."""
    started, release = threading.Event(), threading.Event()
    jobs.submit(lambda: (started.set(), release.wait(10)), lane=lane)
    assert started.wait(10)
    return release


def test_jobs_run_in_order_and_hand_their_results_to_the_frame_loop():
    loop = FrameLoop()
    jobs = Jobs(loop.deliver)
    shown, threads = [], set()

    def work(number):
        threads.add(threading.get_ident())
        return number * 10

    for number in range(5):
        jobs.submit(work, number, lane="disk", then=lambda result: shown.append((result, threading.get_ident())))
    assert jobs.join(10)
    assert shown == [], "nothing reaches a scene until the frame loop runs it"
    loop.run()
    assert [result for result, _ in shown] == [0, 10, 20, 30, 40], "one lane keeps its order"
    assert {thread for _, thread in shown} == {threading.get_ident()}, "results run on the frame loop's thread"
    assert threading.get_ident() not in threads, "the work itself ran off it"


def test_an_urgent_job_goes_before_those_waiting():
    jobs = Jobs()
    done = []
    release = blocked_lane(jobs, "pictures")
    for name in ("ahead-1", "ahead-2"):
        jobs.submit(done.append, name, lane="pictures")
    jobs.submit(done.append, "on-screen", lane="pictures", urgent=True)
    release.set()
    assert jobs.join(10)
    assert done == ["on-screen", "ahead-1", "ahead-2"]


def test_a_cancelled_job_never_runs_and_a_running_one_hands_nothing_back():
    loop = FrameLoop()
    jobs = Jobs(loop.deliver)
    ran, shown = [], []
    release = blocked_lane(jobs, "disk")
    queued = jobs.submit(ran.append, "queued", lane="disk", then=shown.append)
    assert queued.cancel() and queued.cancelled and queued.done
    with pytest.raises(JobCancelled):
        queued.result(1)

    started, finish = threading.Event(), threading.Event()
    running = jobs.submit(lambda: (started.set(), finish.wait(10), "late")[-1], lane="speech", then=shown.append)
    assert started.wait(10)
    assert not running.cancel(), "a running job cannot be taken back"
    finish.set()
    release.set()
    assert running.result(10) == "late"
    assert jobs.join(10)
    loop.run()
    assert ran == [] and shown == [], "neither the cancelled job nor the unwanted result reached anyone"


def test_a_failure_is_handed_to_failed_on_the_frame_loop_or_logged(caplog):
    loop = FrameLoop()
    jobs = Jobs(loop.deliver)
    errors = []

    def broken():
        raise OSError("disk full")

    jobs.submit(broken, lane="disk", then=lambda _: None, failed=errors.append)
    with caplog.at_level(logging.ERROR, logger="game.engine.jobs"):
        jobs.submit(broken, lane="disk", then=lambda _: None)  # nobody to tell: it must not vanish
        assert jobs.join(10)
    loop.run()
    assert [str(error) for error in errors] == ["disk full"]
    assert any("failed" in record.getMessage() for record in caplog.records)
    waited = jobs.submit(broken, lane="disk")  # a job waited for: its error is raised to whoever waits
    with pytest.raises(OSError, match="disk full"):
        waited.result(10)


def test_results_need_a_frame_loop_to_go_to():
    with pytest.raises(ValueError, match="frame loop"):
        Jobs().submit(lambda: 1, lane="disk", then=print)


def test_an_idle_lane_keeps_no_thread_but_one_that_must_keeps_its_own():
    jobs = Jobs()
    job = jobs.submit(threading.get_ident, lane="lessons")
    worker = job.result(10)
    assert jobs.join(10)
    for thread in threading.enumerate():
        if thread.ident == worker:
            thread.join(10)  # it ends by itself once the lane is empty
            assert not thread.is_alive()
    speech = jobs.lane("speech-synth", keep_thread=True)
    idents = {speech.submit(threading.get_ident).result(10) for _ in range(3)}
    assert len(idents) == 1, "every job of a keep_thread lane runs on its one thread (a speech engine's)"
    jobs.shutdown(5)


def test_shutdown_drops_what_has_not_started_and_waits_for_what_has():
    jobs = Jobs()
    release = blocked_lane(jobs, "disk")
    queued = jobs.submit(lambda: "never", lane="disk")
    closing = threading.Thread(target=jobs.shutdown, args=(10,))
    closing.start()
    assert queued.wait(10) and queued.cancelled, "what had not started is dropped at once"
    assert closing.is_alive(), "and the running job is waited for"
    release.set()
    closing.join(10)
    assert not closing.is_alive() and jobs.closing.is_set()
    assert not jobs.busy
    late = jobs.submit(lambda: "too late", lane="disk")
    assert late.cancelled, "a closed game takes no new work"


def test_the_games_jobs_answer_on_its_frame_loop(pilot):
    ran_on, then_on = [], []
    pilot.app.ctx.jobs.submit(lambda: ran_on.append(threading.get_ident()) or "done", lane="disk",
                              then=lambda result: then_on.append((result, threading.get_ident())))
    pilot.wait_until(lambda: then_on)
    assert then_on == [("done", threading.get_ident())], "the result came back on the frame loop's thread"
    assert ran_on and ran_on[0] != threading.get_ident()

"""Progress the store cannot take is held in a file elsewhere (game/held.py) and written to the store
on the next start: each answer exactly once, in order, whatever state the file was left in.

The whole game's side of it (a read-only folder, the game closed, started again) is in test_faults.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from game.held import HeldProgress
from game.recording import Recorder
from game.store import STORE_FILE, ProgressStore


def answers(store_path: Path) -> list[tuple[str, str, int]]:
    with ProgressStore(store_path) as store:
        return [(row["scene_id"], row["answer_id"], row["try_number"]) for row in store.answer_rows()]


def held_jobs(attempt: str) -> list[tuple[str, tuple, dict]]:
    return [
        ("start_attempt", (attempt, "safe-password", "safe"), {"pupil_id": None, "class_id": None,
                                                               "whole_class": False, "at": "2026-12-01T09:00:00.000+00:00"}),
        ("record_answer", (attempt, "q1", "tell-kofi", False, 1, 2.5), {"at": "2026-12-01T09:00:03.100+00:00"}),
        ("record_answer", (attempt, "q1", "keep-it", True, 2, 1.25), {"at": "2026-12-01T09:00:05.200+00:00"}),
        ("add_worry", ("safe-password", None, None), {"at": "2026-12-01T09:00:06.000+00:00"}),
        ("finish_attempt", (attempt, 2), {"at": "2026-12-01T09:00:09.000+00:00"}),
    ]


def test_held_progress_is_written_on_the_next_start_and_then_forgotten(tmp_path):
    store_path = tmp_path / "data" / STORE_FILE
    store_path.parent.mkdir()
    held = HeldProgress(store_path, [tmp_path / "cache"])
    assert held.hold(held_jobs("a1")) == held.places[0]

    recorder = Recorder(store_path, held=held)
    assert recorder.flush()
    recorder.close()
    assert answers(store_path) == [("q1", "tell-kofi", 1), ("q1", "keep-it", 2)]
    assert recorder.recorded == 2 and recorder.problem is None
    with ProgressStore(store_path) as store:
        assert store.db.execute("SELECT stars FROM attempts WHERE id = 'a1'").fetchone()[0] == 2
        assert store.db.execute("SELECT COUNT(*) FROM worries").fetchone()[0] == 1
    assert not held.places[0].exists()


def test_what_reached_the_store_before_the_game_stopped_is_not_written_twice(tmp_path):
    """The game may stop after writing held progress to the store and before removing the file."""
    store_path = tmp_path / STORE_FILE
    jobs = held_jobs("a2")
    with ProgressStore(store_path) as store:  # the first three were written, then the power went
        for method, args, kwargs in jobs[:3]:
            getattr(store, method)(*args, **kwargs)
    held = HeldProgress(store_path, [tmp_path / "cache"])
    held.hold(jobs)

    recorder = Recorder(store_path, held=held)
    recorder.answered("a2", "q2", "later", True, 1, 1.0)  # played after the start: written after them
    assert recorder.flush()
    recorder.close()
    assert answers(store_path) == [("q1", "tell-kofi", 1), ("q1", "keep-it", 2), ("q2", "later", 1)]
    assert recorder.recorded == 1, "only the answer new to the store is counted"
    with ProgressStore(store_path) as store:
        assert store.db.execute("SELECT COUNT(*) FROM worries").fetchone()[0] == 1


def test_a_damaged_held_file_gives_what_it_can_and_nothing_else(tmp_path):
    """A line cut short by a power cut, or a file someone edited, never runs anything but recording."""
    store_path = tmp_path / STORE_FILE
    held = HeldProgress(store_path, [tmp_path / "cache"])
    jobs = held_jobs("a3")
    lines = [json.dumps([method, list(args), kwargs]) for method, args, kwargs in jobs[:2]]
    lines += [
        json.dumps(["erase_pupil", [1], {}]),  # not a recording call
        json.dumps([["record_answer"], [], {}]),  # not a name
        json.dumps(["finish_attempt", ["a3"], {}]),  # too few values
        json.dumps(["finish_attempt", ["a3", 1], {"sql": "DROP TABLE answers"}]),  # a name it does not take
        json.dumps(["record_answer", [["nested"], "q", "a", True, 1, 1.0], {}]),  # not plain values
        json.dumps({"method": "record_answer"}),  # not a call at all
        "\x00\x00garbage",
        json.dumps([jobs[2][0], list(jobs[2][1]), jobs[2][2]])[:-7],  # an answer cut short
    ]
    held.places[0].parent.mkdir(parents=True)
    held.places[0].write_text("\n".join(lines), encoding="utf-8")

    recorder = Recorder(store_path, held=held)
    assert recorder.flush()
    recorder.close()
    assert answers(store_path) == [("q1", "tell-kofi", 1)]
    assert recorder.problem is None and not held.places[0].exists()


def test_held_in_the_next_folder_when_the_first_cannot_be_written(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    held = HeldProgress(tmp_path / STORE_FILE, [blocked, tmp_path / "temp"])
    where = held.hold(held_jobs("a4"))
    assert where == held.places[1] and where.parent == tmp_path / "temp" / "held"
    assert [job[0] for job in held.take()] == [job[0] for job in held_jobs("a4")]
    held.hold(held_jobs("a4")[:1])  # held again: replaces what was there
    assert len(held.take()) == 1
    assert HeldProgress(tmp_path / "other" / STORE_FILE, [tmp_path / "temp"]).take() == [], \
        "another data folder's progress is not mixed in"


def test_nowhere_to_hold_it_says_so(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    held = HeldProgress(tmp_path / STORE_FILE, [blocked])
    assert held.hold(held_jobs("a5")) is None and held.where is None

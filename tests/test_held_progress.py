"""Progress the store cannot take is held in a file elsewhere (game/progress/held.py) and written to the store
on the next start: each answer exactly once, in order, whatever state the file was left in.

The whole game's side of it (a read-only folder, the game closed, started again) is in test_faults.py.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from game.progress.commands import AddWorry, ChildRecord, FinishLesson, RecordAnswer, RecordHands, StartLesson
from game.progress.held import HeldProgress
from game.progress.service import Recorder
from game.progress.store import STORE_FILE, ProgressStore


def answers(store_path: Path) -> list[tuple[str, str, int]]:
    with ProgressStore(store_path) as store:
        return [(row["scene_id"], row["answer_id"], row["try_number"]) for row in store.answer_rows()]


def held_jobs(attempt: str) -> list[ChildRecord]:
    return [
        StartLesson(attempt, "safe-password", "safe", pupil_id=None, class_id=None, whole_class=False,
                    at="2026-12-01T09:00:00.000+00:00"),
        RecordAnswer(attempt, "q1", "tell-kofi", False, 1, 2.5, at="2026-12-01T09:00:03.100+00:00"),
        RecordAnswer(attempt, "q1", "keep-it", True, 2, 1.25, at="2026-12-01T09:00:05.200+00:00"),
        AddWorry("safe-password", None, None, at="2026-12-01T09:00:06.000+00:00"),
        FinishLesson(attempt, 2, at="2026-12-01T09:00:09.000+00:00"),
    ]


def as_v1(record: ChildRecord) -> list:
    """A record as versions before commands held it: the store's method, its values in order, then ``at``."""
    fields = dataclasses.asdict(record)
    at = fields.pop("at")
    if isinstance(record, StartLesson):
        named = {name: fields.pop(name) for name in ("pupil_id", "class_id", "whole_class")}
        return [record.METHOD, list(fields.values()), {**named, "at": at}]
    return [record.METHOD, list(fields.values()), {"at": at}]


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
        for job in jobs[:3]:
            job.apply(store)
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
    lines = [json.dumps(as_v1(job)) for job in jobs[:2]]
    lines += [
        json.dumps(["erase_pupil", [1], {}]),  # not a recording call
        json.dumps([["record_answer"], [], {}]),  # not a name
        json.dumps(["finish_attempt", ["a3"], {}]),  # too few values
        json.dumps(["finish_attempt", ["a3", 1], {"sql": "DROP TABLE answers"}]),  # a name it does not take
        json.dumps(["record_answer", [["nested"], "q", "a", True, 1, 1.0], {}]),  # not plain values
        json.dumps({"method": "record_answer"}),  # not a call at all
        "\x00\x00garbage",
        json.dumps(as_v1(jobs[2]))[:-7],  # an answer cut short
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
    assert held.take() == held_jobs("a4")
    held.hold(held_jobs("a4")[:1])  # held again: replaces what was there
    assert len(held.take()) == 1
    assert HeldProgress(tmp_path / "other" / STORE_FILE, [tmp_path / "temp"]).take() == [], \
        "another data folder's progress is not mixed in"


def test_nowhere_to_hold_it_says_so(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    held = HeldProgress(tmp_path / STORE_FILE, [blocked])
    assert held.hold(held_jobs("a5")) is None and held.where is None


def test_every_childs_record_is_held_as_a_named_command_and_read_back_the_same(tmp_path):
    """Held progress, version 2: one JSON object a line, the command's name and every field by name."""
    records = held_jobs("a6") + [RecordHands("a6", "q1", "up", 17, at="2026-12-01T09:00:07.000+00:00"),
                                 AddWorry("tell-a-grown-up", 3, 1, at="2026-12-01T09:00:08.000+00:00")]
    held = HeldProgress(tmp_path / STORE_FILE, [tmp_path / "cache"])
    where = held.hold(records)
    lines = [json.loads(line) for line in where.read_text(encoding="utf-8").splitlines()]
    assert lines[1] == {"v": 2, "command": "RecordAnswer", "fields": {
        "attempt_id": "a6", "scene_id": "q1", "answer_id": "tell-kofi", "right": False, "try_number": 1,
        "seconds": 2.5, "at": "2026-12-01T09:00:03.100+00:00"}}
    assert [line["command"] for line in lines] == ["StartLesson", "RecordAnswer", "RecordAnswer", "AddWorry",
                                                  "FinishLesson", "RecordHands", "AddWorry"]
    assert held.take() == records


def test_a_file_held_by_an_older_version_is_written_to_the_store(tmp_path):
    """Version 1 lines, exactly as game/progress/held.py wrote them before commands: every one still replays, and
    one already in the store (matched by its fields' names) is not written twice."""
    store_path = tmp_path / "data" / STORE_FILE
    store_path.parent.mkdir()
    with ProgressStore(store_path) as store:
        store.start_attempt("old1", "safe-password", "safe", at="2026-12-01T09:00:00.000+00:00")
        store.record_answer("old1", "q1", "tell-kofi", False, 1, 2.5, at="2026-12-01T09:00:03.100+00:00")
    held = HeldProgress(store_path, [tmp_path / "cache"])
    held.places[0].parent.mkdir(parents=True, mode=0o700)
    held.places[0].write_text("\n".join([
        '["start_attempt", ["old1", "safe-password", "safe"], {"pupil_id": null, "class_id": null, '
        '"whole_class": false, "at": "2026-12-01T09:00:00.000+00:00"}]',
        '["record_answer", ["old1", "q1", "tell-kofi", false, 1, 2.5], {"at": "2026-12-01T09:00:03.100+00:00"}]',
        '["record_answer", ["old1", "q1", "keep-it", true, 2, 1.25], {"at": "2026-12-01T09:00:05.200+00:00"}]',
        '["record_hands", ["old1", "q1", "keep-it", 9], {"at": "2026-12-01T09:00:05.500+00:00"}]',
        '["add_worry", ["safe-password", null, null], {"at": "2026-12-01T09:00:06.000+00:00"}]',
        '["finish_attempt", ["old1", 2], {"at": "2026-12-01T09:00:09.000+00:00"}]',
    ]) + "\n", encoding="utf-8")
    held.places[0].chmod(0o600)
    assert held.take()[2] == RecordAnswer("old1", "q1", "keep-it", True, 2, 1.25, at="2026-12-01T09:00:05.200+00:00")

    recorder = Recorder(store_path, held=HeldProgress(store_path, [tmp_path / "cache"]))
    assert recorder.flush()
    recorder.close()
    assert answers(store_path) == [("q1", "tell-kofi", 1), ("q1", "keep-it", 2)]
    assert recorder.recorded == 1
    with ProgressStore(store_path) as store:
        assert store.db.execute("SELECT stars FROM attempts WHERE id = 'old1'").fetchone()[0] == 2
        assert store.db.execute("SELECT COUNT(*) FROM worries").fetchone()[0] == 1
        assert [row["count"] for row in store.hands_rows()] == [9]
    assert not held.places[0].exists()


def test_a_held_line_that_is_not_exactly_a_childs_record_is_left_out(tmp_path):
    good = RecordAnswer("a7", "q1", "keep-it", True, 1, 1.0, at="2026-12-01T09:00:05.200+00:00").to_held()
    bad = [
        {**good, "command": "ErasePupil", "fields": {"pupil_id": 1}},  # a teacher's change: never held
        {**good, "command": "__class__"},
        {**good, "v": 3},  # a version this game does not know
        {**good, "fields": {**good["fields"], "right": "yes"}},  # not of its type
        {**good, "fields": {**good["fields"], "try_number": True}},  # a yes/no is not a number
        {**good, "fields": {**good["fields"], "sql": "DROP TABLE answers"}},  # a field it does not have
        {**good, "fields": {key: value for key, value in good["fields"].items() if key != "scene_id"}},
        {**good, "extra": 1},
    ]
    held = HeldProgress(tmp_path / STORE_FILE, [tmp_path / "cache"])
    held.places[0].parent.mkdir(parents=True, mode=0o700)
    held.places[0].write_text("\n".join(json.dumps(line) for line in [good, *bad]), encoding="utf-8")
    assert held.take() == [RecordAnswer("a7", "q1", "keep-it", True, 1, 1.0, at="2026-12-01T09:00:05.200+00:00")]

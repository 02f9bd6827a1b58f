"""What moves between devices (docs/sync.md): statements made as children play, taken in once on the hub,
the roster, and erasure that reaches every device. Real stores in temporary folders."""

from __future__ import annotations

import json
import uuid

import pytest

from game.progress.store import ProgressStore
from game.sync import ledger, xapi
from tests.test_identity import schema_5_store

NAMES = ["Zoë", "José", "Siobhán", "Aleksandra-Marie", "Bo", "Nguyễn", "Mohammed-Ali"]


@pytest.fixture
def hub(tmp_path):
    with ProgressStore(tmp_path / "hub" / "progress.sqlite3") as store:
        yield store


def tablet(tmp_path, n: int) -> ProgressStore:
    return ProgressStore(tmp_path / f"tablet{n}" / "progress.sqlite3")


def class_on(store: ProgressStore, names=NAMES) -> tuple[int, list[int]]:
    class_id = store.add_class("Robins")
    return class_id, [store.add_pupil(class_id, name, "fox") for name in names]


def play(store: ProgressStore, class_id: int, pupil_id: int, lesson: str = "safe-password", worry: bool = False) -> str:
    attempt = uuid.uuid4().hex
    store.start_attempt(attempt, lesson, "safe", pupil_id=pupil_id, class_id=class_id)
    store.record_answer(attempt, "q1", "wrong", False, 1, 3.2)
    store.record_answer(attempt, "q1", "right", True, 2, 1.1)
    store.finish_attempt(attempt, 2)
    if worry:
        store.add_worry("tell-a", pupil_id, class_id)
    return attempt


def join(hub: ProgressStore, device: ProgressStore) -> None:
    """What joining does: the tablet takes the hub's roster, the hub the tablet's."""
    ledger.apply_roster(hub, ledger.roster(device), authoritative=False)
    ledger.apply_roster(device, ledger.roster(hub), authoritative=True)


def push(hub: ProgressStore, device: ProgressStore) -> ledger.TakeIn:
    total = ledger.TakeIn()
    while batch := ledger.outbox(device, limit=7):
        got = ledger.take_in(hub, [s.body for s in batch])
        ledger.mark_pushed(device, [s.id for s in batch])
        total.stored += got.stored
        total.duplicates += got.duplicates
        total.refused += got.refused
        total.worries += got.worries
    return total


def test_every_record_is_a_statement_with_no_name_in_it(tmp_path):
    with tablet(tmp_path, 1) as store:
        class_id, pupils = class_on(store)
        for pupil in pupils:
            play(store, class_id, pupil, worry=pupil == pupils[2])
        attempt = uuid.uuid4().hex
        store.start_attempt(attempt, "safe-password", "safe", class_id=class_id, whole_class=True)
        store.record_hands(attempt, "q1", "right", 21)
        bodies = [json.loads(s.body) for s in ledger.outbox(store, limit=1000)]
        assert len(bodies) == len(pupils) * 4 + 1 + 2  # start, 2 answers, finish each; a worry; the board's two
        assert {xapi.kind_of(b) for b in bodies} == set(xapi.KINDS)
        text = " ".join(s.body for s in ledger.outbox(store, limit=1000))
        for name in NAMES:
            assert name not in text and json.dumps(name)[1:-1] not in text
        for body in bodies:
            uuid.UUID(body["id"])
            assert body["actor"]["account"]["name"] and "name" not in body["actor"]
            assert body["timestamp"].endswith("+00:00")
        answer = next(b for b in bodies if xapi.kind_of(b) == "answered")
        assert answer["result"]["success"] is False and answer["result"]["response"] == "wrong"
        assert answer["context"]["registration"] == str(uuid.UUID(hex=xapi.record_of(answer)["attempt"]))
        from game.progress.store import this_device
        worry = next(b for b in bodies if xapi.kind_of(b) == "worried")
        assert set(xapi.record_of(worry)) == {"lesson", "uid", "class", "device", "whole_class", "pupil"}
        assert this_device() not in json.dumps(worry)  # the computer's name never leaves in a statement
        hands = next(b for b in bodies if xapi.kind_of(b) == "hands")
        assert hands["actor"]["objectType"] == "Group"


def test_a_tablets_play_reaches_the_hub_once_merged_by_pupil(tmp_path, hub):
    hub_class, _ = class_on(hub)
    devices = [tablet(tmp_path, n) for n in range(3)]
    try:
        for device in devices:
            join(hub, device)
        for n, device in enumerate(devices):  # each pupil plays on a different tablet each day
            class_id = device.class_id("Robins")
            for pupil_id, name, _ in device.pupils(class_id):
                play(device, class_id, pupil_id, lesson=f"lesson-{n}", worry=(name == "Bo" and n == 1))
        results = [push(hub, device) for device in devices]
        assert sum(r.stored for r in results) == 3 * len(NAMES) * 4 + 1
        assert sum(r.worries for r in results) == 1
        rows = list(hub.class_progress_rows(hub_class))
        assert len(rows) == 3 * len(NAMES)  # every pupil, every lesson, one pupil each (not a pupil per device)
        assert {row["pupil"] for row in rows} == set(NAMES)
        assert all(row["finished"] and row["wrong_answers"] == 1 for row in rows)
        origins = {o for (o,) in hub.db.execute("SELECT DISTINCT origin FROM attempts")}
        assert origins == {device.device_id for device in devices}
        worry = hub.db.execute("SELECT pupils.name, worries.origin, worries.seen FROM worries "
                               "JOIN pupils ON pupils.id = worries.pupil_id").fetchall()
        assert worry == [("Bo", devices[1].device_id, 0)]
        # the same batches again: nothing changes
        again = ledger.take_in(hub, [s for s, in hub.db.execute("SELECT body FROM statements")])
        assert again.stored == 0 and again.duplicates == 3 * len(NAMES) * 4 + 1
        assert len(list(hub.class_progress_rows(hub_class))) == 3 * len(NAMES)
        assert hub.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 3 * len(NAMES) * 2
    finally:
        for device in devices:
            device.close()


def test_same_id_other_content_is_a_conflict_and_changes_nothing(tmp_path, hub):
    with tablet(tmp_path, 1) as device:
        class_on(hub)
        join(hub, device)
        class_id = device.class_id("Robins")
        play(device, class_id, device.pupils(class_id)[0][0])
        push(hub, device)
        body = json.loads(hub.db.execute("SELECT body FROM statements WHERE kind = 'answered'").fetchone()[0])
        body["result"]["success"] = True
        before = hub.db.execute("SELECT COUNT(*), SUM(right) FROM answers").fetchone()
        outcome = ledger.take_in(hub, [body, "not json", {"id": "x"}])
        assert outcome.conflicts == [body["id"]] and outcome.stored == 0
        assert [why for _, why in outcome.refused] == ["not JSON", "its id is not a UUID"]
        assert hub.db.execute("SELECT COUNT(*), SUM(right) FROM answers").fetchone() == before


def test_statements_wait_for_their_pupil_then_are_written(tmp_path, hub):
    with tablet(tmp_path, 1) as device:
        class_id, pupils = class_on(device, ["Zoë"])
        play(device, class_id, pupils[0])
        outcome = push(hub, device)  # the hub has never heard of Robins or Zoë
        assert outcome.stored == 4 and hub.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
        ledger.apply_roster(hub, ledger.roster(device), authoritative=False)
        assert hub.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 2
        assert [row["pupil"] for row in hub.class_progress_rows(hub.class_id("Robins"))] == ["Zoë"]


def test_one_child_made_on_two_devices_is_one_pupil(tmp_path, hub):
    class_on(hub, ["Zoë", "Bo"])
    with tablet(tmp_path, 1) as device:
        class_id, pupils = class_on(device, ["Zoë"])  # typed in on the tablet before it ever met the hub
        play(device, class_id, pupils[0])
        join(hub, device)
        play(device, class_id, pupils[0], lesson="second")
        push(hub, device)
        assert [p[1] for p in hub.pupils(hub.class_id("Robins"))] == ["Bo", "Zoë"]
        assert [p[1] for p in device.pupils(device.class_id("Robins"))] == ["Bo", "Zoë"]
        lessons = {row["lesson_id"] for row in hub.class_progress_rows(hub.class_id("Robins")) if row["pupil"] == "Zoë"}
        assert lessons == {"safe-password", "second"}


def test_an_erasure_reaches_a_tablet_that_was_offline_and_nothing_about_them_comes_back(tmp_path, hub):
    hub_class, hub_pupils = class_on(hub, ["Zoë", "Bo"])
    with tablet(tmp_path, 1) as device:
        join(hub, device)
        class_id = device.class_id("Robins")
        zoe = next(pid for pid, name, _ in device.pupils(class_id) if name == "Zoë")
        play(device, class_id, zoe, worry=True)
        push(hub, device)
        # the tablet goes offline and Zoë plays again; meanwhile her family asks the school to erase her
        play(device, class_id, zoe, lesson="offline")
        hub.erase_pupil(hub_pupils[0])
        assert hub.db.execute("SELECT COUNT(*) FROM statements WHERE pupil_uid IS NOT NULL").fetchone()[0] == 0
        assert [p[1] for p in hub.pupils(hub_class)] == ["Bo"]
        outcome = push(hub, device)  # back online: what it kept is refused, not stored
        assert outcome.stored == 0 and len(outcome.refused) == 4
        ledger.apply_roster(device, ledger.roster(hub), authoritative=True)
        assert [p[1] for p in device.pupils(class_id)] == ["Bo"]
        assert device.db.execute("SELECT COUNT(*) FROM statements").fetchone()[0] == 0
        assert device.db.execute("SELECT COUNT(*) FROM worries").fetchone()[0] == 0
        assert "Zoë" not in json.dumps(ledger.roster(hub), ensure_ascii=False)
        for store in (hub, device):
            assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_older_stores_whole_history_becomes_statements(tmp_path, hub):
    path = tmp_path / "old" / "progress.sqlite3"
    path.parent.mkdir()
    schema_5_store(path)
    with ProgressStore(path) as old:
        counts = old.db.execute("SELECT (SELECT COUNT(*) FROM attempts), (SELECT COUNT(*) FROM answers), "
                                "(SELECT COUNT(*) FROM hands), (SELECT COUNT(*) FROM worries)").fetchone()
        kinds = dict(old.db.execute("SELECT kind, COUNT(*) FROM statements GROUP BY kind"))
        assert kinds == {"started": counts[0], "answered": counts[1], "hands": counts[2], "worried": counts[3]}
        ledger.apply_roster(hub, ledger.roster(old), authoritative=False)
        push(hub, old)
        assert hub.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == counts[1]
        assert sorted(r["pupil"] for r in hub.class_progress_rows(hub.class_id("Robins"))) == \
            sorted(r["pupil"] for r in old.class_progress_rows(old.class_id("Robins")))


def test_a_tablet_pulls_only_its_classes_from_a_cursor(tmp_path, hub):
    robins, robin_pupils = class_on(hub, ["Zoë"])
    owls = hub.add_class("Owls")
    owl = hub.add_pupil(owls, "Bo", "owl")
    play(hub, robins, robin_pupils[0])
    play(hub, owls, owl)
    robins_uid = hub.db.execute("SELECT uid FROM classes WHERE id = ?", (robins,)).fetchone()[0]
    bodies, cursor = ledger.statements_since(hub, 0, [robins_uid])
    assert len(bodies) == 4 and all(xapi.record_of(json.loads(b))["class"] == robins_uid for b in bodies)
    assert ledger.statements_since(hub, cursor, [robins_uid])[0] == []
    newest = hub.db.execute("SELECT MAX(seq) FROM statements").fetchone()[0]
    assert ledger.statements_since(hub, 0, [robins_uid], not_from=hub.device_id) == ([], newest)  # all its own
    with tablet(tmp_path, 1) as device:
        join(hub, device)
        assert ledger.take_in(device, bodies).stored == 4
        assert ledger.waiting(device) == 0  # taken from the hub: never pushed back
        assert [r["pupil"] for r in device.class_progress_rows(device.class_id("Robins"))] == ["Zoë"]

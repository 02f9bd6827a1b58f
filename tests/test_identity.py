"""Ids that mean the same on every device (store migration 6): a class's tablets and the teacher's PC
share one class, so its pupils, answers and worries need ids no other device will make."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from game.progress.classlist import import_class_list, read_class_list
from game.progress.store import MIGRATIONS, SCHEMA_VERSION, ProgressStore


def schema_5_store(path) -> None:
    """A store as the game wrote it before migration 6 (schema 5), with a little of everything in it."""
    db = sqlite3.connect(str(path), isolation_level=None)
    for version in range(1, 6):
        for statement in MIGRATIONS[version]:
            db.execute(statement)
    db.execute("PRAGMA user_version=5")
    db.execute("INSERT INTO classes(name, created) VALUES ('Robins', 'x'), ('Owls', 'x')")
    for n, name in enumerate(["Zoë", "José", "Siobhán", "Bo"]):
        db.execute("INSERT INTO pupils(class_id, name, avatar, created) VALUES (1, ?, 'fox', 'x')", (name,))
        db.execute("INSERT INTO attempts(id, class_id, pupil_id, lesson_id, letter, started) "
                   "VALUES (?, 1, ?, 'safe-password', 'safe', 'x')", (f"attempt{n}", n + 1))
        for scene in ("q1", "q2", "q3"):
            db.execute("INSERT INTO answers(attempt_id, scene_id, answer_id, right, try_number, seconds, at) "
                       "VALUES (?, ?, 'a', 1, 1, 1.5, 'x')", (f"attempt{n}", scene))
    db.execute("INSERT INTO worries(pupil_id, class_id, lesson_id, at) VALUES (2, 1, 'tell-a', 'x')")
    db.execute("INSERT INTO hands(attempt_id, scene_id, answer_id, count, at) VALUES ('attempt0', 'q1', 'a', 12, 'x')")
    db.close()


def counts(db) -> dict[str, int]:
    return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("classes", "pupils", "attempts", "answers", "worries", "hands")}


def test_an_older_store_gets_ids_in_place_without_losing_a_row(tmp_path):
    path = tmp_path / "progress.sqlite3"
    schema_5_store(path)
    before = counts(sqlite3.connect(str(path)))
    with ProgressStore(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 6
        assert counts(store.db) == before
        device = store.device_id
        assert len(device) == 32 and int(device, 16) >= 0
        for table in ("classes", "pupils", "answers", "worries", "hands"):
            uids = [uid for (uid,) in store.db.execute(f"SELECT uid FROM {table}")]
            assert all(uid and len(uid) == 32 for uid in uids), table
            assert len(set(uids)) == len(uids), table
        origins = {origin for (origin,) in store.db.execute("SELECT origin FROM attempts UNION SELECT origin FROM worries")}
        assert origins == {device}
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with ProgressStore(path) as again:  # opening again changes nothing: the device keeps its id
        assert again.device_id == device


def test_every_new_row_gets_its_own_id_whichever_way_it_comes_in(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with ProgressStore(path) as store:
        class_id = store.add_class("Robins")
        pupil = store.add_pupil(class_id, "Zoë", "fox")
        store.start_attempt("a1", "safe-password", "safe", pupil_id=pupil, class_id=class_id)
        store.record_answer("a1", "q1", "a", True, 1, 2.0)
        store.record_hands("a1", "q1", "a", 3)
        store.add_worry("tell-a", pupil, class_id)
        roster = tmp_path / "Owls.csv"
        roster.write_text("name,avatar\nBo,owl\nNguyễn,cat\n", encoding="utf-8")
        import_class_list(store, "Owls", read_class_list(roster))  # writes its rows itself, in one transaction
        for table in ("classes", "pupils", "answers", "worries", "hands"):
            uids = [uid for (uid,) in store.db.execute(f"SELECT uid FROM {table}")]
            assert all(uid for uid in uids) and len(set(uids)) == len(uids), table
        assert store.db.execute("SELECT COUNT(*) FROM pupils").fetchone()[0] == 3
        assert {o for (o,) in store.db.execute("SELECT origin FROM attempts UNION SELECT origin FROM worries")} \
            == {store.device_id}


def test_two_devices_never_share_an_id(tmp_path):
    stores = [ProgressStore(tmp_path / f"tablet{n}" / "progress.sqlite3") for n in range(2)]
    try:
        assert stores[0].device_id != stores[1].device_id
        uids = []
        for store in stores:
            class_id = store.add_class("Robins")
            store.add_pupil(class_id, "Zoë", "fox")
            uids += [uid for (uid,) in store.db.execute("SELECT uid FROM classes UNION ALL SELECT uid FROM pupils")]
        assert len(set(uids)) == len(uids) == 4
    finally:
        for store in stores:
            store.close()


def test_a_store_written_by_the_game_before_ids_upgrades_in_place_and_shares_everything(tmp_path):
    """tests/data/progress-written-by-5220d66.sqlite3 was written by the game's own code at commit 5220d66
    (schema 5: two classes, 31 pupils with accents, 120 attempts, 480 answers, a show of hands, two worries,
    preferences), before ids and statements existed."""
    import shutil

    from game.sync import ledger

    path = tmp_path / "progress.sqlite3"
    shutil.copy(Path(__file__).with_name("data") / "progress-written-by-5220d66.sqlite3", path)
    old = sqlite3.connect(str(path))
    assert old.execute("PRAGMA user_version").fetchone()[0] == 5
    before = counts(old)
    rows_before = old.execute("SELECT * FROM answers ORDER BY id").fetchall()
    preferences_before = old.execute("SELECT * FROM preferences ORDER BY rowid").fetchall()
    old.close()
    with ProgressStore(path) as store:
        assert counts(store.db) == before == {"classes": 2, "pupils": 31, "attempts": 121, "answers": 480,
                                              "worries": 2, "hands": 2}
        assert [row[:8] for row in store.db.execute("SELECT * FROM answers ORDER BY id")] == rows_before
        assert store.db.execute("SELECT * FROM preferences ORDER BY rowid").fetchall() == preferences_before
        kinds = dict(store.db.execute("SELECT kind, COUNT(*) FROM statements GROUP BY kind"))
        assert kinds == {"started": 121, "answered": 480, "completed": 96, "hands": 2, "worried": 2}
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with ProgressStore(tmp_path / "hub" / "progress.sqlite3") as hub:  # and all of it can be shared
            ledger.apply_roster(hub, ledger.roster(store), authoritative=False)
            outcome = ledger.take_in(hub, [s.body for s in ledger.outbox(store, limit=10_000)])
            assert outcome.stored == sum(kinds.values()) and not outcome.refused
            assert sorted(map(str, hub.class_progress_rows(hub.class_id("Robins 1B")))) == \
                sorted(map(str, store.class_progress_rows(store.class_id("Robins 1B"))))

"""Every answer is recorded durably, survives SIGKILL, can be read by another process, and exported."""

import csv
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.progress.store import ANSWER_COLUMNS, SCHEMA_VERSION, STORE_FILE, ProgressStore
from tests.helpers import play_a_lesson

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def recording_pilot(make_pilot, tmp_path):
    def start(data_dir=None):
        return make_pilot(data_dir=data_dir or tmp_path / "data")

    return start


def test_every_answer_start_and_finish_is_recorded(recording_pilot, tmp_path):
    pilot = recording_pilot()
    lesson, expected = play_a_lesson(pilot, "meeting")
    assert pilot.app.ctx.recorder.flush()
    store = ProgressStore(tmp_path / "data" / STORE_FILE)
    rows = list(store.answer_rows())
    assert [(row["scene_id"], row["answer_id"]) for row in rows] == expected
    assert all(row["lesson_id"] == lesson.id and row["letter"] == "meeting" for row in rows)
    first_scene = rows[0]["scene_id"]
    tries = [row["try_number"] for row in rows if row["scene_id"] == first_scene]
    assert tries == list(range(1, len(tries) + 1))
    rights = {(row["scene_id"], row["answer_id"]): row["right"] for row in rows}
    for scene in lesson.scenes:
        for answer in getattr(scene, "answers", ()):
            if (scene.id, answer.id) in rights:
                assert rights[(scene.id, answer.id)] == int(answer.right)
    assert all(row["seconds"] >= 0 for row in rows)
    started, finished, stars = store.db.execute("SELECT started, finished, stars FROM attempts").fetchone()
    assert started and finished and stars == pilot.scene.stars


def test_answers_survive_sigkill_at_random_moments(tmp_path, cache_dir):
    data_dir = tmp_path / "data"
    rng = random.Random(20261125)
    last_reported = 0
    for round_number in range(3):
        game = subprocess.Popen([sys.executable, str(ROOT / "tests" / "record_and_be_killed.py"), str(data_dir),
                                 str(cache_dir)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        deadline = time.monotonic() + 60
        target = rng.randint(3, 40)
        reported = 0
        for line in game.stdout:
            if line.startswith("recorded="):
                reported = int(line.split("=")[1])
                if reported >= target or time.monotonic() > deadline:
                    break
        time.sleep(rng.uniform(0, 0.05))  # land the kill at a random moment, writes in flight
        game.send_signal(signal.SIGKILL)
        game.wait(10)
        assert reported > 0, "the game recorded answers before it was killed"
        db = sqlite3.connect(str(data_dir / STORE_FILE))
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        db.close()
        assert stored >= last_reported + reported, f"round {round_number}: reported {reported}, stored {stored}"
        last_reported = stored


def test_a_second_process_can_read_while_the_game_writes(recording_pilot, tmp_path):
    pilot = recording_pilot()
    pilot.app.ctx.recorder.flush()
    reader = subprocess.Popen(
        [sys.executable, "-c",
         "import select, sqlite3, sys\n"
         f"db = sqlite3.connect({str(tmp_path / 'data' / STORE_FILE)!r}, timeout=10)\n"
         "counts = [db.execute('SELECT COUNT(*) FROM answers').fetchone()[0]]\n"
         "print('reading', flush=True)\n"
         "while not select.select([sys.stdin], [], [], 0.01)[0]:  # reads until its input is closed\n"
         "    counts.append(db.execute('SELECT COUNT(*) FROM answers').fetchone()[0])\n"
         "print(min(counts), max(counts))\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "reading"  # it reads the store before the first answer
    play_a_lesson(pilot, "meeting")
    pilot.app.ctx.recorder.flush()
    reader.stdin.close()  # the game has written every answer: the reader stops and says what it saw
    low, high = map(int, reader.stdout.read().split())
    reader.wait(30)
    assert high > low, "the reader saw answers arrive while the game was writing"


def test_export_answers_csv_equals_the_store(recording_pilot, tmp_path):
    pilot = recording_pilot()
    play_a_lesson(pilot, "safe")
    pilot.app.ctx.recorder.flush()
    out = tmp_path / "answers.csv"
    result = subprocess.run([sys.executable, "play.py", "export", "--data-dir", str(tmp_path / "data"),
                             "--answers", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with out.open(newline="", encoding="utf-8") as file:
        exported = list(csv.DictReader(file))
    stored = list(ProgressStore(tmp_path / "data" / STORE_FILE).answer_rows())
    assert len(exported) == len(stored) > 0
    assert exported == [{key: "" if row[key] is None else str(row[key]) for key in ANSWER_COLUMNS} for row in stored]
    assert f"wrote {len(stored)} answers" in result.stdout


def test_export_of_a_class(tmp_path):
    store = ProgressStore(tmp_path / STORE_FILE)
    class_id = store.add_class("Robins")
    priya = store.add_pupil(class_id, "Priya", "owl")
    store.start_attempt("a1", "safe-password", "safe", pupil_id=priya, class_id=class_id)
    store.record_answer("a1", "q", "tell", True, 1, 2.5)
    store.finish_attempt("a1", 3)
    store.close()
    out = tmp_path / "robins.csv"
    result = subprocess.run([sys.executable, "play.py", "export", "--data-dir", str(tmp_path), "--class", "Robins",
                             "--csv", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows == [{"pupil": "Priya", "avatar": "owl", "letter": "safe", "lesson_id": "safe-password",
                     "attempts": "1", "finished": "True", "best_stars": "3", "right_first_time": "True",
                     "wrong_answers": "0"}]
    missing = subprocess.run([sys.executable, "play.py", "export", "--data-dir", str(tmp_path), "--class", "Owls",
                              "--csv", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 1 and "no class called 'Owls' (classes: Robins)" in missing.stderr


def test_a_store_that_cannot_be_written_keeps_the_game_playing(recording_pilot, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    pilot = recording_pilot(data_dir=blocked)
    lesson, _ = play_a_lesson(pilot, "tell")
    assert pilot.scene.name == "reward", "play went on"
    pilot.app.ctx.recorder.flush()
    assert "progress is not being saved" in pilot.app.ctx.recorder.problem
    pilot.tap_widget("home")
    assert "Progress is not being saved" in pilot.scene.widget("notice").text


def test_schema_version_and_wal(tmp_path):
    store = ProgressStore(tmp_path / STORE_FILE)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7  # 3: worries' notes, 4: hands, 5: preferences, 6: uids, 7: statements
    store.close()
    db = sqlite3.connect(str(tmp_path / STORE_FILE))
    db.execute("PRAGMA user_version=99")
    db.close()
    from game.progress.store import StoreError

    with pytest.raises(StoreError, match="newer SMART Stars"):
        ProgressStore(tmp_path / STORE_FILE)


def test_an_older_store_is_migrated_in_place_keeping_its_answers(tmp_path):
    from game.progress.store import MIGRATIONS

    db = sqlite3.connect(str(tmp_path / STORE_FILE))
    for statement in MIGRATIONS[1]:
        db.execute(statement)
    db.execute("PRAGMA user_version=1")
    db.execute("INSERT INTO attempts(id, lesson_id, letter, started) VALUES ('old', 'safe-password', 'safe', 'x')")
    db.execute("INSERT INTO answers(attempt_id, scene_id, answer_id, right, try_number, seconds, at) "
               "VALUES ('old', 'q', 'a', 0, 1, 1.0, 'x')")
    db.commit()
    db.close()
    store = ProgressStore(tmp_path / STORE_FILE)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    indexes = {row[1] for row in store.db.execute("PRAGMA index_list(answers)")}
    assert "answers_wrong" in indexes
    assert [row["answer_id"] for row in store.answer_rows()] == ["a"]


def test_a_full_disk_loses_nothing_and_recovers(tmp_path, monkeypatch):
    """SQLite reports a full disk as 'database or disk is full': the answers wait, in order, then land."""
    from game.progress.service import Recorder

    import threading

    real = ProgressStore.record_answer
    space_freed = threading.Event()

    def full_then_fine(self, *args, **kwargs):
        if not space_freed.is_set():
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ProgressStore, "record_answer", full_then_fine)
    monkeypatch.setattr("game.progress.service.RETRY_SECONDS", 0.05)
    recorder = Recorder(tmp_path / STORE_FILE)
    attempt = recorder.lesson_started("safe-password", "safe")
    for number in range(3):
        recorder.answered(attempt, "q", f"answer-{number}", number == 2, number + 1, 1.0)
    recorder.flush()
    assert "database or disk is full" in (recorder.problem or ""), "the teacher is told"
    assert recorder.recorded == 0
    space_freed.set()
    for _ in range(100):
        if recorder.recorded == 3:
            break
        time.sleep(0.05)
    recorder.close()
    assert recorder.problem is None, "the problem clears once writing works again"
    with ProgressStore(tmp_path / STORE_FILE) as store:
        assert [row["answer_id"] for row in store.answer_rows()] == ["answer-0", "answer-1", "answer-2"]


def test_an_answer_the_store_refuses_does_not_hold_back_the_rest(tmp_path):
    """An answer about an attempt that is gone (its pupil erased) can never be written: it must not block
    every later answer behind it, as it did before bench/monkey.py found it."""
    from game.progress.service import Recorder

    recorder = Recorder(tmp_path / STORE_FILE)
    recorder.answered("an-erased-pupils-attempt", "q", "gone", True, 1, 1.0)
    attempt = recorder.lesson_started("safe-password", "safe")
    recorder.answered(attempt, "q", "kept", True, 1, 1.0)
    assert recorder.flush()
    recorder.close()
    assert recorder.problem is None and recorder.recorded == 1
    with ProgressStore(tmp_path / STORE_FILE) as store:
        assert [row["answer_id"] for row in store.answer_rows()] == ["kept"]

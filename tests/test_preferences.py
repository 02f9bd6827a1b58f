"""What a teacher turns on for a class or one pupil: kept in the store, resolved for whoever plays, loaded
off the frame loop when the player changes (game/progress/preferences.py)."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from game.progress import preferences
from game.progress.preferences import Preferences, declare, read, write
from game.progress.service import Player
from game.progress.store import MIGRATIONS, SCHEMA_VERSION, STORE_FILE, ProgressStore

EXAMPLE = declare("test_example_size", "normal", choices=("normal", "bigger"), words="a test's own preference")
FLAG = declare("test_example_flag", False)


def test_a_pupils_choice_is_over_the_classs_and_the_default_under_both(tmp_path):
    with ProgressStore(tmp_path / STORE_FILE) as store:
        robins = store.add_class("Robins 1B")
        zoe, bo = store.add_pupil(robins, "Zoë", "fox"), store.add_pupil(robins, "Bo", "owl")
        assert read(store, robins, zoe).get("test_example_size") == "normal"
        write(store, robins, None, "test_example_size", "bigger")
        write(store, robins, zoe, "test_example_flag", True)
        write(store, robins, bo, "test_example_size", "normal")
        zoes, bos = read(store, robins, zoe), read(store, robins, bo)
        assert (zoes.get("test_example_size"), zoes.where("test_example_size")) == ("bigger", "class")
        assert (zoes.get("test_example_flag"), zoes.where("test_example_flag")) == (True, "pupil")
        assert bos.get("test_example_size") == "normal" and bos.where("test_example_size") == "pupil"
        assert bos.get("test_example_flag") is False and bos.where("test_example_flag") == "default"
        write(store, robins, zoe, "test_example_flag", True)  # again: still one row
        write(store, robins, bo, "test_example_size", None)  # taken away: Bo follows the class again
        assert read(store, robins, bo).get("test_example_size") == "bigger"
        assert store.db.execute("SELECT COUNT(*) FROM preferences").fetchone()[0] == 2
        with pytest.raises(ValueError):
            write(store, robins, zoe, "test_example_size", "huge")
        store.erase_pupil(zoe)  # erasing a child erases what was chosen for them
        assert store.db.execute("SELECT COUNT(*) FROM preferences WHERE pupil_id IS NOT NULL").fetchone()[0] == 0


def test_a_value_that_cannot_be_used_is_passed_over():
    found = Preferences({"test_example_size": "bigger"}, {"test_example_size": "huge", "test_example_flag": "yes"})
    assert found.get("test_example_size") == "bigger" and found.get("test_example_flag") is False
    with pytest.raises(KeyError):
        found.get("never-declared")


def test_an_older_store_gains_the_table(tmp_path):
    db = sqlite3.connect(str(tmp_path / STORE_FILE))
    for version in range(1, 5):
        for statement in MIGRATIONS[version]:
            db.execute(statement)
    db.execute("PRAGMA user_version=4")
    db.execute("INSERT INTO classes(name, created) VALUES ('Robins', 'x')")
    db.commit()
    db.close()
    with ProgressStore(tmp_path / STORE_FILE) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 5
        write(store, 1, None, "test_example_flag", True)
        assert read(store, 1, None).get("test_example_flag") is True


def test_the_game_puts_a_childs_preferences_in_force_when_they_start_playing(make_pilot, tmp_path):
    data_dir = tmp_path / "data"
    with ProgressStore(data_dir / STORE_FILE) as store:
        robins = store.add_class("Robins")
        zoe = store.add_pupil(robins, "Zoë", "fox")
        write(store, robins, zoe, "test_example_size", "bigger")
    pilot = make_pilot(data_dir=data_dir)
    app = pilot.app
    assert app.ctx.preferences.get("test_example_size") == "normal"
    readers = []
    real_read = preferences.read

    def spy(*args):
        readers.append(threading.current_thread().name)
        return real_read(*args)

    preferences.read = spy
    try:
        app.ctx.recorder.player = Player(pupil_id=zoe, class_id=robins)
        pilot.wait_until(lambda: app.ctx.preferences.get("test_example_size") == "bigger")
        assert readers and threading.main_thread().name not in readers, "read off the frame loop"
        app.ctx.recorder.player = Player()  # nobody: the defaults again
        pilot.wait_until(lambda: app.ctx.preferences.get("test_example_size") == "normal")
    finally:
        preferences.read = real_read


def test_with_nobody_picked_on_a_class_tablet_the_classs_choices_are_in_force(make_pilot, tmp_path):
    """A child who needs switches must be able to pick their own animal by switch."""
    from game.engine.settings import Settings

    data_dir = tmp_path / "data"
    with ProgressStore(data_dir / STORE_FILE) as store:
        robins = store.add_class("Robins")
        store.add_pupil(robins, "Zoë", "fox")
        write(store, robins, None, "test_example_size", "bigger")
    Settings(class_name="Robins").save(data_dir)
    pilot = make_pilot(data_dir=data_dir)
    assert pilot.app.ctx.recorder.player.pupil_id is None
    pilot.wait_until(lambda: pilot.app.ctx.preferences.get("test_example_size") == "bigger")

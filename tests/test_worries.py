"""Worries are never anonymous, reach the teacher with an unread count, take a note, and go to the school's
safeguarding log as CSV."""

import csv
import sqlite3

import pygame

from game.progress.store import MIGRATIONS, STORE_FILE, ProgressStore, this_device
from tests.helpers import enter_teacher_mode, play_lesson, worries_now
from tests.test_turns import class_of_30, pick, said


def finish_a_tell_lesson(pilot):
    pilot.tap_widget("letter-tell")
    lesson = pilot.app.ctx.library.for_letter("tell")[0]
    play_lesson(pilot, lesson)
    assert pilot.scene.name == "reward"
    return lesson


def test_with_no_pupil_chosen_the_child_taps_their_animal_first(make_pilot, tmp_path):
    data_dir = tmp_path / "data"
    ids = class_of_30(data_dir)
    (data_dir / "settings.json").unlink()  # the class exists; the teacher chooses it once the game is going
    pilot = make_pilot(data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("class")
    assert pilot.app.ctx.settings.class_name == "Robins 1B"
    pilot.tap_widget("back-to-game")
    assert pilot.scene.name == "home" and pilot.scene.widget("turn").label == "Who's playing?"
    assert pilot.app.ctx.recorder.player.pupil_id is None, "nobody picked yet: the case that was anonymous"
    lesson = finish_a_tell_lesson(pilot)
    pilot.tap_widget("worry")
    assert pilot.scene.name == "pupils", "first: who is it from?"
    assert said(pilot)[-1] == "Tap your animal so your teacher knows who to talk to."
    pick(pilot, "Zoë")
    assert pilot.scene.name == "reward" and pilot.scene.widget("worry").state == "right"
    assert said(pilot)[-2:] == ["Zoë!", "Thank you. A grown-up will talk with you soon."]
    pilot.app.ctx.recorder.flush()
    with ProgressStore(data_dir / STORE_FILE) as store:
        rows = store.db.execute("SELECT pupil_id, class_id, lesson_id FROM worries").fetchall()
        assert rows == [(ids["Zoë"], store.class_id("Robins 1B"), lesson.id)]
    worry = worries_now(pilot)[0]
    assert (worry.who, worry.class_name) == ("Zoë", "Robins 1B")


def test_with_no_class_at_all_the_worry_keeps_the_device_and_teacher_mode_says_so(make_pilot, tmp_path):
    pilot = make_pilot(data_dir=tmp_path / "data")
    finish_a_tell_lesson(pilot)
    pilot.tap_widget("worry")
    assert pilot.scene.name == "reward", "no class to pick from: recorded at once"
    pilot.app.ctx.recorder.flush()
    pilot.tap_widget("home")
    enter_teacher_mode(pilot)
    pilot.tap_widget("worries")
    text = next(w.text for w in pilot.scene.widgets if w.name.startswith("worry-text-"))
    assert this_device() in text and "no class was chosen" in text


def add_worries(data_dir, lesson_ids):
    ids = class_of_30(data_dir)
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_id = store.class_id("Robins 1B")
        for name, lesson_id, at in zip(["Nguyễn", "Mohammed-Ali"], lesson_ids,
                                       ["2026-11-24T09:15:00.000+00:00", "2026-11-25T14:05:00.000+00:00"]):
            store.add_worry(lesson_id, ids[name], class_id, at=at)


def test_unread_badge_notes_and_the_safeguarding_csv(make_pilot, tmp_path):
    data_dir = tmp_path / "data"
    pilot = make_pilot(data_dir=data_dir)  # the lessons, to name the worries' lessons by title
    library = pilot.app.ctx.library
    tell = library.for_letter("tell")
    pilot.app.close()
    add_worries(data_dir, [tell[0].id, tell[-1].id])
    pilot = make_pilot(data_dir=data_dir)
    pick(pilot, "Bo")
    enter_teacher_mode(pilot)
    assert pilot.scene.widget("worries-unread").text == "2", "the menu shows how many are unread"
    pilot.tap_widget("worries")
    rows = [w for w in pilot.scene.widgets if w.name.startswith("worry-text-")]
    assert len(rows) == 2 and all(row.text.startswith("New: ") for row in rows)
    newest = worries_now(pilot)[0]
    assert newest.who == "Mohammed-Ali"
    pilot.tap_widget(f"note-{newest.id}")
    assert pilot.scene.name == "text-entry"
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="Spoke to Mum at 3:15, all fine.", window=None))
    pilot.frames(1)
    assert pilot.scene.text == "Spoke to Mum at 3:15, all fine.", "a note keeps digits and punctuation"
    pilot.tap_widget("key-ok")
    pilot.wait_until(lambda: worries_now(pilot)[0].note == "Spoke to Mum at 3:15, all fine.")
    pilot.frames(2)
    assert "Note: Spoke to Mum at 3:15, all fine." in pilot.scene.widget(f"worry-text-{newest.id}").text
    pilot.tap_widget(f"follow-{newest.id}")
    pilot.tap_widget("export")
    pilot.wait_until(lambda: pilot.scene.message.startswith("Saved"))
    saved = pilot.scene.exported
    assert str(saved) in pilot.scene.message, "the teacher is told where it went"
    assert saved.parent == data_dir / "reports" and saved.name.startswith("worries-")
    with saved.open(newline="", encoding="utf-8") as file:
        log = list(csv.DictReader(file))
    assert list(log[0]) == ["date", "child", "class", "lesson", "note", "followed up"]
    assert [(row["child"], row["class"], row["lesson"], row["note"], row["followed up"]) for row in log] == [
        ("Nguyễn", "Robins 1B", tell[0].title.text, "", "no"),
        ("Mohammed-Ali", "Robins 1B", tell[-1].title.text, "Spoke to Mum at 3:15, all fine.", "yes")]
    assert log[0]["date"][:10] in ("2026-11-24", "2026-11-23", "2026-11-25"), "a date, in local time"
    pilot.tap_widget("back")
    assert pilot.scene.name == "teacher"
    assert not any(w.name == "worries-unread" for w in pilot.scene.widgets), "seen: no longer unread"


def test_the_new_columns_come_to_an_existing_store(tmp_path):
    """A store written before notes (schema 2), with worries in it, opens and keeps them."""
    path = tmp_path / STORE_FILE
    db = sqlite3.connect(path)
    for version in (1, 2):
        for statement in MIGRATIONS[version]:
            db.execute(statement)
    db.execute("PRAGMA user_version=2")
    db.execute("INSERT INTO classes(name, created) VALUES ('Owls', 'x')")
    db.execute("INSERT INTO worries(class_id, lesson_id, at, followed_up) VALUES (1, 'tell-a', '2026-01-05', 1)")
    db.execute("INSERT INTO worries(class_id, lesson_id, at, followed_up) VALUES (1, 'tell-b', '2026-01-06', 0)")
    db.commit()
    db.close()
    with ProgressStore(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == max(MIGRATIONS)
        rows = store.db.execute("SELECT lesson_id, note, seen, followed_up FROM worries ORDER BY id").fetchall()
        assert rows == [("tell-a", "", 1, 1), ("tell-b", "", 0, 0)], "followed up ones were plainly seen"
        store.set_worry_note(2, "Called home")
        assert store.db.execute("SELECT note FROM worries WHERE id = 2").fetchone()[0] == "Called home"

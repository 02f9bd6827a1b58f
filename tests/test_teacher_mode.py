"""Teacher mode: an adult-only way in, a PIN that is hashed and locks, quitting, and worries."""

import hashlib
import json

import pygame
import pytest

from game.classroom.teacher_pin import FIRST_LOCK_SECONDS, FREE_TRIES, PIN_FILE, TeacherPin
from tests.helpers import answer_grown_up_question, enter_teacher_mode, type_pin, worries_now


@pytest.fixture
def pilot(make_pilot, tmp_path):
    def start():
        return make_pilot(size=(1920, 1080), fullscreen=True, data_dir=tmp_path / "data")

    return start


def hold_title(pilot, seconds):
    pos = pilot.centre_of("teacher-hold")
    finger = pilot.finger_down(pos)
    pilot.wait(seconds)
    pilot.finger_up(pos, finger)
    pilot.frames(1)


def test_holding_the_title_for_three_seconds_opens_the_pin(pilot):
    p = pilot()
    hold_title(p, 1.5)
    assert p.scene.name == "home", "a short press is a child's tap: nothing happens"
    p.tap_widget("teacher-hold")
    assert p.scene.name == "home"
    hold_title(p, 3.2)
    assert p.scene.name == "pin"


def test_first_use_sets_the_pin_then_the_menu_can_close_the_game(pilot, tmp_path):
    p = pilot()
    hold_title(p, 3.2)
    answer_grown_up_question(p)
    type_pin(p, "2468")
    assert p.scene.message == "Type the new PIN again"
    type_pin(p, "2468")
    assert p.scene.name == "teacher"
    stored = json.loads((tmp_path / "data" / PIN_FILE).read_text())
    # The salt and hash are random hex, which may hold "2468" by chance (about once in 700 runs):
    # the PIN must be nowhere else, and the hash must not be the PIN's hash without the salt.
    hex_values = {key: value for key, value in stored.items() if isinstance(value, str)}
    assert len(stored["salt"]) == 32, "only a salted hash is kept"
    assert all(set(value) <= set("0123456789abcdef") for value in hex_values.values()), hex_values
    assert "2468" not in json.dumps({key: value for key, value in stored.items() if key not in hex_values})
    assert hashlib.sha256(b"2468").hexdigest() not in hex_values.values()
    p.tap_widget("quit")
    assert p.scene.name == "confirm", "closing is asked first"
    p.tap_widget("no")
    assert p.scene.name == "teacher" and p.app.step(1 / 60) is True
    p.tap_widget("quit")
    p.tap_widget("yes")
    assert p.app.step(1 / 60) is False


def test_a_child_cannot_stumble_into_choosing_the_first_pin(pilot, tmp_path):
    """On a fresh install the hold opens a grown-up's question, not "choose a PIN": digits typed at random
    (or the same digits twice, as a child would) close the pad, and no PIN is set."""
    p = pilot()
    hold_title(p, 3.2)
    assert p.scene.name == "pin" and "For grown-ups" in p.scene.message
    for attempt in ("1111", "1"):
        type_pin(p, attempt)
        assert p.scene.name == "home", "a wrong answer closes the pad: another try needs another 3 s hold"
        hold_title(p, 3.2)
    answer_grown_up_question(p, right=False)
    assert p.scene.name == "home" and not TeacherPin(tmp_path / "data").is_set
    assert not (tmp_path / "data" / PIN_FILE).exists()


def test_wrong_pins_lock_with_a_growing_delay_that_survives_a_restart(tmp_path):
    clock = [1000.0]
    pin = TeacherPin(tmp_path, clock=lambda: clock[0])
    pin.set("1357")
    for _ in range(FREE_TRIES - 1):
        assert not pin.check("0000")
    assert pin.seconds_locked() == 0
    assert not pin.check("0000")
    assert pin.seconds_locked() == FIRST_LOCK_SECONDS
    assert not pin.check("1357"), "while locked even the right PIN is refused"
    again = TeacherPin(tmp_path, clock=lambda: clock[0])
    assert again.seconds_locked() == FIRST_LOCK_SECONDS, "restarting the game does not lift the lock"
    clock[0] += FIRST_LOCK_SECONDS + 1
    assert not again.check("9999")
    assert again.seconds_locked() == FIRST_LOCK_SECONDS * 2, "each further wrong try doubles the wait"
    clock[0] += FIRST_LOCK_SECONDS * 2 + 1
    assert again.check("1357")
    assert again.seconds_locked() == 0 and again.record.wrong == 0


def lock_it(pin: TeacherPin) -> None:
    for _ in range(FREE_TRIES):
        assert not pin.check("0000")


def test_a_clock_set_back_a_year_locks_no_longer_than_the_lock_itself(tmp_path):
    """Issue 15: the lock's end is a wall-clock time; set back a year, the clock used to lock teacher mode
    for a year. Now a lock never has longer left than its own length, counted from now."""
    year = 365 * 24 * 3600.0
    clock = [1_800_000_000.0]
    pin = TeacherPin(tmp_path, clock=lambda: clock[0])
    pin.set("1357")
    lock_it(pin)
    assert pin.seconds_locked() == FIRST_LOCK_SECONDS
    clock[0] -= year  # the teacher (or a flat battery) sets the clock back
    assert pin.seconds_locked() == FIRST_LOCK_SECONDS
    restarted = TeacherPin(tmp_path, clock=lambda: clock[0])  # and the game is restarted
    assert restarted.seconds_locked() == FIRST_LOCK_SECONDS
    clock[0] += FIRST_LOCK_SECONDS / 2
    assert restarted.seconds_locked() == FIRST_LOCK_SECONDS / 2, "it counts down from then on"
    clock[0] += FIRST_LOCK_SECONDS / 2 + 0.5
    assert restarted.seconds_locked() == 0
    assert not restarted.check("9999"), "a further wrong try still doubles the wait"
    assert restarted.seconds_locked() == FIRST_LOCK_SECONDS * 2
    clock[0] -= year
    assert restarted.seconds_locked() == FIRST_LOCK_SECONDS * 2, "capped at the longer lock's own length"
    clock[0] += FIRST_LOCK_SECONDS * 2 + 1
    assert restarted.check("1357") and restarted.seconds_locked() == 0


def test_the_longest_lock_is_capped_at_its_own_length_too(tmp_path):
    clock = [1_800_000_000.0]
    pin = TeacherPin(tmp_path, clock=lambda: clock[0])
    pin.set("1357")
    lock_it(pin)
    for _ in range(9):  # a night of guessing: the lock doubles up to its longest, 30 s x 2^8 (at 13 wrong tries)
        clock[0] += pin.seconds_locked() + 1
        assert not pin.check("0000")
    assert pin.seconds_locked() == FIRST_LOCK_SECONDS * 2 ** 8
    clock[0] -= 10 * 365 * 24 * 3600
    assert TeacherPin(tmp_path, clock=lambda: clock[0]).seconds_locked() == FIRST_LOCK_SECONDS * 2 ** 8


def test_reset_pin_removes_the_pin_and_its_lock_and_says_so(make_pilot, tmp_path, capsys):
    from game.cli import main

    data = tmp_path / "data"
    pin = TeacherPin(data)
    pin.set("1357")
    lock_it(pin)
    assert TeacherPin(data).seconds_locked() > 0
    (data / ".teacher-abc.tmp").write_text("{}")  # a save cut off part way
    assert main(["reset-pin", "--data-dir", str(data)]) == 0
    said = capsys.readouterr()
    assert said.out.splitlines() == [
        f"Removing the teacher PIN (and any lock after wrong tries) kept in {data / PIN_FILE}. "
        "Classes, progress and settings stay as they are.",
        "Done. The next time teacher mode is opened (hold the SMART Stars title for three seconds, or press "
        "Ctrl + Shift + Q) it asks for a new PIN.",
    ] and said.err == ""
    assert sorted(path.name for path in data.iterdir() if "teacher" in path.name) == []
    p = make_pilot(data_dir=data)
    p.key(pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    assert p.scene.name == "pin" and "to choose the teacher PIN" in p.scene.message, "no lock, a new PIN"
    answer_grown_up_question(p)
    assert p.scene.message == "Choose a teacher PIN (4 to 6 digits)"
    type_pin(p, "2468")
    type_pin(p, "2468")
    assert p.scene.name == "teacher"
    assert main(["reset-pin", "--data-dir", str(tmp_path / "nothing-here")]) == 0
    assert "There is no teacher PIN in" in capsys.readouterr().out


def test_reset_pin_that_cannot_remove_the_file_says_what_to_do(tmp_path, capsys, monkeypatch):
    from pathlib import Path

    from game.cli import main

    TeacherPin(tmp_path).set("1357")

    def refuse(self, missing_ok=False):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "unlink", refuse)
    assert main(["reset-pin", "--data-dir", str(tmp_path)]) == 1
    assert "The teacher PIN could not be removed (Permission denied): check that this account can change the files" \
        in capsys.readouterr().err
    monkeypatch.undo()
    assert TeacherPin(tmp_path).is_set


def test_no_way_round_the_pin_by_keys_or_taps(pilot):
    p = pilot()
    p.key(pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    assert p.scene.name == "pin"
    for key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_F4, pygame.K_q):
        p.key(key)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    p.frames(1)
    assert p.app.running and p.scene.name == "pin"
    p.tap_widget("pin-ok")  # nothing typed
    p.palm([(10, 10), (500, 500), (900, 900)])
    assert p.scene.name == "pin"
    p.tap_widget("cancel")
    assert p.scene.name == "home" and p.app.running


def test_a_childs_worry_reaches_the_teacher_first_and_only_there(pilot):
    p = pilot()
    narrator = p.app.ctx.narrator
    p.tap_widget("letter-tell")
    lesson = p.app.ctx.library.for_letter("tell")[0]
    from tests.helpers import play_lesson

    play_lesson(p, lesson)
    assert p.scene.name == "reward"
    p.tap_widget("worry")
    assert [line.id for line in narrator.spoken + narrator.queue][-1] == "ui.worry.thanks"
    assert p.scene.widget("worry").state == "right"
    p.app.ctx.recorder.flush()
    p.tap_widget("home")
    assert "worry" not in " ".join(w.name for w in p.scene.widgets), "nothing about it shows to other children"
    enter_teacher_mode(p, "1234")
    assert p.scene.widget("worries").label == "Worries: 1 new"
    p.tap_widget("worries")
    worry = worries_now(p)[0]
    assert worry.lesson_title == lesson.title.text and not worry.followed_up
    p.tap_widget(f"follow-{worry.id}")
    assert worries_now(p)[0].followed_up
    p.tap_widget("back")
    assert p.scene.widget("worries").label == "Worries"


def test_teacher_menu_switches_whole_class_mode_and_remembers(pilot, tmp_path):
    p = pilot()
    enter_teacher_mode(p, "9876")
    p.tap_widget("whole-class")
    assert p.app.ctx.settings.whole_class and p.app.ctx.recorder.player.whole_class
    p.wait_until(lambda: (tmp_path / "data" / "settings.json").exists())
    assert json.loads((tmp_path / "data" / "settings.json").read_text())["whole_class"] is True
    p.tap_widget("fullscreen")
    assert not p.app.fullscreen
    p.tap_widget("back-to-game")
    assert p.scene.name == "home"


def test_settings_change_sound_captions_pause_and_the_pin(pilot, tmp_path):
    p = pilot()
    enter_teacher_mode(p, "1111")
    p.tap_widget("settings")
    settings = p.app.ctx.settings
    p.tap_widget("speech-volume-less")
    p.tap_widget("effects-volume-less")
    p.tap_widget("talk-seconds-more")
    p.tap_widget("captions")
    assert (settings.speech_volume, settings.effects_volume, settings.talk_seconds, settings.captions) == \
        (0.9, 0.5, 25, False)
    p.tap_widget("change-pin")
    type_pin(p, "2222")
    type_pin(p, "2222")
    assert p.scene.name == "settings"
    assert TeacherPin(tmp_path / "data").check("2222")
    assert not TeacherPin(tmp_path / "data").check("1111")
    settings_file = tmp_path / "data" / "settings.json"
    p.wait_until(lambda: settings_file.exists() and json.loads(settings_file.read_text())["captions"] is False)
    saved = json.loads(settings_file.read_text())
    assert saved["speech_volume"] == 0.9 and saved["talk_seconds"] == 25 and saved["captions"] is False


def test_the_voice_can_be_chosen_from_the_engines_english_voices(make_pilot, tmp_path):
    from game.speech.tts import VoiceInfo

    p = make_pilot(data_dir=tmp_path / "data")
    voices = [VoiceInfo("gb", "English (Great Britain)", ("en-gb",)), VoiceInfo("fr", "French", ("fr",)),
              VoiceInfo("us", "English (America)", ("en-us",))]
    p.app.ctx.narrator.pipeline = type("Pipeline", (), {"voices": voices})()  # the engine's voices
    enter_teacher_mode(p, "1234")
    p.tap_widget("settings")
    assert p.scene.widget("voice-text").text.startswith("Voice: British English (automatic)")
    p.tap_widget("voice-more")
    assert p.app.ctx.settings.voice == "gb"
    p.tap_widget("voice-more")
    assert p.app.ctx.settings.voice == "us", "only English voices are offered"
    p.tap_widget("voice-more")
    assert p.app.ctx.settings.voice is None, "and back to automatic"


def test_teacher_hides_and_reorders_lessons(make_pilot, tmp_path):
    p = make_pilot(data_dir=tmp_path / "data")
    library = p.app.ctx.library
    first, second = library.for_letter("meeting")[:2]
    enter_teacher_mode(p, "1234")
    p.tap_widget("lessons")
    p.tap_widget("tab-meeting")
    p.tap_widget(f"earlier-{second.id}")
    p.tap_widget(f"show-{first.id}")
    assert p.app.ctx.settings.hidden_lessons == [first.id]
    p.tap_widget("back")
    p.tap_widget("back-to-game")
    p.tap_widget("letter-meeting")
    tiles = [w.name for w in p.scene.widgets if w.name.startswith("lesson-")]
    assert f"lesson-{first.id}" not in tiles, "a hidden lesson is not offered"
    assert tiles[0] == f"lesson-{second.id}", "the teacher's order comes first"

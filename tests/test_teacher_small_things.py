"""Small teacher things: a class name keeps its digits, "+" on Voice stays in English, closing is asked."""

import pygame

from game.speech.tts import VoiceInfo
from game.progress.store import STORE_FILE, ProgressStore
from tests.helpers import enter_teacher_mode

# The first voices espeak-ng lists on Linux, in its order (the Mandarin one is named "... as English").
ESPEAK_VOICES = [
    VoiceInfo("sit/cmn", "Chinese (Mandarin, latin as English)", ("cmn",)),
    VoiceInfo("gmw/en-029", "English (Caribbean)", ("en-029",)),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",)),
    VoiceInfo("roa/fr", "French", ("fr-fr",)),
    VoiceInfo("gmw/en-gb-scotland", "English (Scotland)", ("en-gb-scotland",)),
    VoiceInfo("gmw/en-us", "English (America)", ("en-us",)),
]


def test_a_class_name_keeps_its_digits(make_pilot, tmp_path):
    pilot = make_pilot(data_dir=tmp_path / "data")
    enter_teacher_mode(pilot)
    pilot.tap_widget("new-class")
    for key in "ROBINS":
        pilot.tap_widget(f"key-{key}")
    pilot.tap_widget("key-space")
    pilot.tap_widget("key-1")  # a big key for each digit, on screen
    pilot.tap_widget("key-B")
    assert pilot.scene.text == "Robins 1B"
    pilot.tap_widget("key-back")
    pilot.tap_widget("key-back")
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="2c", window=None))  # or a keyboard
    pilot.frames(1)
    assert pilot.scene.text == "Robins 2C"
    pilot.tap_widget("key-ok")
    pilot.wait_until(lambda: pilot.app.ctx.settings.class_name == "Robins 2C")
    with ProgressStore(tmp_path / "data" / STORE_FILE) as store:
        assert [name for _, name in store.classes()] == ["Robins 2C"]


def test_voice_plus_stays_in_english_with_the_others_behind_more(make_pilot, tmp_path):
    pilot = make_pilot(data_dir=tmp_path / "data")
    pilot.app.ctx.narrator.pipeline = type("Pipeline", (), {"voices": ESPEAK_VOICES})()
    enter_teacher_mode(pilot)
    pilot.tap_widget("settings")
    settings = pilot.app.ctx.settings
    pilot.tap_widget("voice-more")
    assert settings.voice == "gmw/en", "one tap of + gives British English, not Mandarin"
    stepped = [settings.voice]
    for _ in range(4):
        pilot.tap_widget("voice-more")
        stepped.append(settings.voice)
    assert stepped == ["gmw/en", "gmw/en-gb-scotland", "gmw/en-029", "gmw/en-us", None], \
        "British voices first, then the other English ones, then back to automatic"
    pilot.tap_widget("more-voices")
    seen = set()
    for _ in range(len(ESPEAK_VOICES) + 1):
        pilot.tap_widget("voice-more")
        seen.add(settings.voice)
    assert {"sit/cmn", "roa/fr"} <= seen, "the other languages are there, behind More voices"
    settings.voice = "sit/cmn"
    pilot.tap_widget("back")
    pilot.tap_widget("settings")
    assert pilot.scene.widget("voice-text").text.startswith("Voice: Chinese"), "a chosen one is still shown"


def test_closing_the_game_is_asked_first(make_pilot, tmp_path):
    pilot = make_pilot(data_dir=tmp_path / "data")
    enter_teacher_mode(pilot)
    pilot.tap_widget("quit")
    assert pilot.scene.name == "confirm" and pilot.app.running
    assert pilot.scene.widget("yes").label == "Yes, close it"
    pilot.tap_widget("no")
    assert pilot.scene.name == "teacher" and pilot.app.step(1 / 60)

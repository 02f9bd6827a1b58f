"""The pyttsx3 2.99 behaviours we design around, each pinned by a test, plus the cache and settings."""

import json
import os
import re
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from game.engine.settings import Settings
from game.speech.cache import SpeechCache, VoiceKey
from game.speech.effects import EFFECTS, render_effect
from game.speech.tts import Pyttsx3Engine, VoiceInfo, choose_voice, wav_seconds

ROOT = Path(__file__).resolve().parents[1]


def frames(path: Path) -> int:
    with wave.open(str(path), "rb") as file:
        return file.getnframes()


@pytest.fixture(scope="module")
def engine():
    return Pyttsx3Engine(None, 140)


def test_render_returns_only_once_the_wav_is_complete(engine, tmp_path):
    """runAndWait() can return before the file is written: render() waits for finished-utterance."""
    path = tmp_path / "hello.wav"
    engine.render("Hello, this is Sam.", path)
    assert frames(path) > 22050 * 0.5  # a complete, readable WAV of about a second


def test_one_utterance_per_render(engine, tmp_path):
    short, long = tmp_path / "short.wav", tmp_path / "long.wav"
    engine.render("Hi.", short)
    engine.render("Sam builds a zoo with a friend, and then they play all afternoon.", long)
    assert 0 < wav_seconds(short) < wav_seconds(long) / 2, "each file holds exactly its own line"


def test_waits_for_espeak_to_go_idle_before_the_next_line(engine, tmp_path, monkeypatch):
    """runAndWait() cancels a new line if espeak still plays the last one: we wait first."""
    espeak = sys.modules["pyttsx3.drivers._espeak"]
    busy_polls = iter([1, 1, 1])
    calls = []

    def is_playing():
        calls.append(1)
        return next(busy_polls, espeak_idle())

    espeak_idle = espeak.IsPlaying
    monkeypatch.setattr(espeak, "IsPlaying", is_playing)
    engine.render("Wait for me.", tmp_path / "wait.wav")
    assert len(calls) >= 4, "render polled until espeak was idle"
    assert frames(tmp_path / "wait.wav") > 0


def test_an_uncompleted_render_is_tried_again(engine, tmp_path, monkeypatch):
    """A cancelled utterance reports finished-utterance with completed=False: try again."""
    real_finished = engine._on_finished
    outcomes = iter([False])

    def flaky_finished(name=None, completed=True):
        real_finished(name, next(outcomes, completed))

    token = engine._engine.connect("finished-utterance", flaky_finished)  # runs after the real one
    try:
        engine.render("Try me twice.", tmp_path / "twice.wav")
    finally:
        engine._engine.disconnect(token)
    assert frames(tmp_path / "twice.wav") > 0
    assert next(outcomes, "used") == "used", "the first, uncompleted render was seen and retried"


def test_never_uses_say_which_shells_out_to_aplay(engine, tmp_path, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("say() plays through aplay; only save_to_file is allowed")

    monkeypatch.setattr(engine._engine, "say", forbidden)
    engine.render("Still works.", tmp_path / "x.wav")
    assert frames(tmp_path / "x.wav") > 0


def render_in_fresh_process(rate: int, text: str, path: Path) -> None:
    """pyttsx3.init() hands back one shared engine per process, so each rate gets its own process."""
    code = ("from pathlib import Path; from game.speech.tts import Pyttsx3Engine; "
            f"e = Pyttsx3Engine(None, {rate}); p = Path({str(path)!r}); "
            f"e.render({text!r}, p.with_suffix('.1.wav')); e.render({text!r}, p)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_voice_and_rate_are_set_once_and_respected(tmp_path):
    text = "Priya asks a grown-up before she presses anything on the tablet."
    render_in_fresh_process(90, text, tmp_path / "slow.wav")
    render_in_fresh_process(240, text, tmp_path / "fast.wav")
    assert wav_seconds(tmp_path / "slow.wav") > 1.5 * wav_seconds(tmp_path / "fast.wav")
    # the second line of a process sounds like the first: nothing drifts between utterances
    assert abs(wav_seconds(tmp_path / "slow.wav") - wav_seconds(tmp_path / "slow.1.wav")) < 0.05


def test_default_voice_is_british_english(engine):
    assert "en-gb" in " ".join(engine.voice.languages).lower() or "Great Britain" in engine.voice.name


def test_speech_works_after_pip_install_alone(tmp_path):
    """A fresh process: the bundled espeak-ng is found (and its data path set) before pyttsx3 loads."""
    out = tmp_path / "fresh.wav"
    env = {k: v for k, v in os.environ.items() if k not in ("ESPEAK_DATA_PATH", "LD_LIBRARY_PATH")}
    code = ("import os, sys; from pathlib import Path; from game.speech.tts import Pyttsx3Engine; "
            f"Pyttsx3Engine(None, 140).render('Hello there.', Path({str(out)!r})); "
            "print(os.environ['ESPEAK_DATA_PATH'])")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "espeak-ng-data" in result.stdout
    assert "Audio saved" not in result.stdout, "the driver's print is silenced"
    assert frames(out) > 0


def test_choose_voice_prefers_the_teachers_choice_then_british_english():
    voices = [VoiceInfo("us", "English (America)", ("en-us",)), VoiceInfo("fr", "French", ("fr-fr",)),
              VoiceInfo("gb", "English (Great Britain)", ("en-gb",))]
    assert choose_voice(voices, None).id == "gb"
    assert choose_voice(voices, "us").id == "us"
    assert choose_voice(voices, "missing").id == "gb"
    assert choose_voice([VoiceInfo("hazel", "Microsoft Hazel Desktop - English (Great Britain)", ())], None).id == "hazel"


def test_cache_key_changes_with_text_voice_rate_and_engine():
    base = VoiceKey("espeak", "auto-en-GB", 140)
    key = base.for_text("Hello.")
    assert key == VoiceKey("espeak", "auto-en-GB", 140).for_text("Hello.")
    assert len({key, base.for_text("Hello!"), VoiceKey("espeak", "other", 140).for_text("Hello."),
                VoiceKey("espeak", "auto-en-GB", 150).for_text("Hello."),
                VoiceKey("sapi5", "auto-en-GB", 140).for_text("Hello.")}) == 5


def test_cache_publishes_atomically(tmp_path):
    cache = SpeechCache(tmp_path)
    key = VoiceKey("espeak", "v", 140).for_text("x")
    temporary = cache.temporary_path(key)
    assert not cache.has(key), "a file being written is not yet in the cache"
    temporary.write_bytes(b"RIFF")
    cache.publish(temporary, key)
    assert cache.has(key) and not temporary.exists()


def test_settings_persist_and_survive_damage(tmp_path):
    assert Settings.load(tmp_path) == Settings()  # nothing saved yet: defaults
    Settings(voice="gb", speech_rate=120, speech_volume=0.5, effects_volume=0.2, captions=False).save(tmp_path)
    loaded = Settings.load(tmp_path)
    assert (loaded.voice, loaded.speech_rate, loaded.speech_volume, loaded.effects_volume, loaded.captions) == \
        ("gb", 120, 0.5, 0.2, False)
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    assert Settings.load(tmp_path) == Settings()
    (tmp_path / "settings.json").write_text(json.dumps({"speech_rate": "fast", "captions": True}), encoding="utf-8")
    assert Settings.load(tmp_path).speech_rate == Settings().speech_rate
    assert Settings().speech_rate < 175, "slower than the engine's adult default"


def test_effects_are_made_by_the_game_and_differ():
    sounds = {name: render_effect(notes, 44100, 2) for name, notes in EFFECTS.items()}
    assert set(sounds) == {"right", "wrong"}
    for data in sounds.values():
        import array

        samples = array.array("h")
        samples.frombytes(data)
        assert max(abs(v) for v in samples) > 5000, "audible"
        assert max(abs(v) for v in samples) < 32767, "not clipped"
    assert sounds["right"] != sounds["wrong"]


def test_narrate_writes_one_wav_per_line(tmp_path):
    out = tmp_path / "wavs"
    result = subprocess.run([sys.executable, "play.py", "narrate", "--cache-dir", str(tmp_path / "cache"),
                             "--data-dir", str(tmp_path / "data"), "--out", str(out), "--no-cast"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
    from game.lessons.loader import LessonLoader
    from game.lessons.pictures import PictureCatalog
    from game.speech.catalogue import every_line

    lines = every_line(LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR]))
    written = sorted(path.stem for path in out.glob("*.wav"))
    assert written == sorted(line.id for line in lines)
    assert all(frames(path) > 0 for path in out.glob("*.wav"))
    assert f"{len(lines)} of {len(lines)} lines ready" in result.stdout
    bar = re.search(r"\] (\d+)/(\d+)", result.stderr)
    assert bar and bar.group(1) == bar.group(2) and int(bar.group(2)) > len(lines), \
        "a progress bar, over the English lines and the shipped translations' lines"
    assert "Polish (pl): " in result.stdout and any((out / "pl").glob("*.wav")), "home languages too"

    again = subprocess.run([sys.executable, "play.py", "narrate", "--cache-dir", str(tmp_path / "cache"),
                            "--data-dir", str(tmp_path / "data"), "--no-cast"], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert "0 newly spoken" in again.stdout, "the second run takes everything from the cache"

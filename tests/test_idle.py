"""A quick start and a quiet idle: what a tablet on battery all day needs.

The first screen must not wait for the lessons; an idle game must sleep until input instead of
ticking; and a silent game must close its audio device (its thread wakes ~86 times a second).
The figures themselves are measured in bench/startup.py and bench/idle_cpu.py; these tests pin
the mechanisms, so a change that would quietly undo them fails here.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pygame

from game.engine.app import App, Options
from game.engine.input import WAKE_EVENT, wake_frame_loop
from game.lessons.pending import PendingLibrary
from game.speech.narration import QuietNarrator
from game.speech.audio import AudioOut
from game.speech.effects import EFFECTS, render_effect
from game.native.sdl import SDL, candidates
from game.native.wait import EventWaiter, event_waiter

ROOT = Path(__file__).resolve().parents[1]


def test_starting_the_game_imports_no_lesson_reader():
    """YAML, JSON Schema and the emoji tables load with the lessons, after the first frame."""
    code = ("import sys; import game.engine.app; "
            "print(sorted(m for m in ('jsonschema', 'yaml', 'emoji', 'fontTools') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={"SDL_VIDEODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1", "PATH": ""})
    assert result.stdout.strip() == "[]"


def test_lessons_load_after_the_first_frame_and_the_game_is_ready_before(cache_dir, tmp_path):
    ready = []
    options = Options(fullscreen=False, size=(1280, 800), cache_dir=cache_dir, data_dir=tmp_path / "data",
                      on_ready=lambda: ready.append(app.ctx.library_ready))
    app = App.create(options, narrator=QuietNarrator())
    try:
        assert isinstance(app.ctx.lessons, PendingLibrary)
        assert not app.ctx.library_ready  # nothing read yet: the window is open, the home screen next
        deadline = time.monotonic() + 20
        while not ready and time.monotonic() < deadline:  # the home screen is put together over a few frames
            app.step(1 / 60)
            time.sleep(0.002)
        assert ready == [False]  # the home screen was on show before any lesson was read
        deadline = time.monotonic() + 20
        while not app.ctx.library_ready and time.monotonic() < deadline:
            app.step(1 / 60)
            time.sleep(0.01)
        assert len(app.ctx.library.lessons) >= 20
        app.step(1 / 60)
        assert ready == [False], "on_ready is told once"
    finally:
        app.close()


def test_a_letter_tapped_before_the_lessons_are_read_opens_when_they_are(cache_dir, tmp_path):
    """The tap never holds up a frame waiting for the loader, and never shows an empty letter."""
    from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
    from game.lessons.loader import LessonLoader
    from game.lessons.pictures import PictureCatalog
    from game.engine.pilot import Pilot

    gate = threading.Event()

    def slow_load():
        gate.wait(10)
        return LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])

    app = App.create(Options(fullscreen=False, size=(1280, 800), cache_dir=cache_dir, data_dir=tmp_path / "data"),
                     narrator=QuietNarrator())
    app.ctx.lessons = PendingLibrary(slow_load)
    app._lessons_were_ready = False
    pilot = Pilot(app)
    try:
        pilot.frames(1)
        pos = pilot.centre_of("letter-meeting")
        finger = pilot.finger_down(pos)  # a bare finger: the pilot's taps would wait for the lessons
        pilot.frames(1)
        pilot.finger_up(pos, finger)
        pilot.frames(3)
        # The loader is held at its gate: had a frame waited for the lessons, it would still be waiting.
        assert not app.ctx.library_ready, "the frames went on while the lessons loaded"
        assert pilot.scene.name == "home"
        gate.set()
        deadline = time.monotonic() + 20
        while pilot.scene.name == "home" and time.monotonic() < deadline:
            pilot.frames(1)
            time.sleep(0.01)
        assert pilot.scene.name == "letter"
        assert pilot.scene.lessons, "the Meeting lessons are listed"
    finally:
        app.close()


def test_a_loading_failure_reaches_whoever_asks():
    def broken():
        raise OSError("the lessons folder is unreadable")

    pending = PendingLibrary(broken)
    pending.start()
    try:
        pending.get()
    except OSError as error:
        assert "unreadable" in str(error)
    else:
        raise AssertionError("the error was swallowed")


# -- sleeping until input -------------------------------------------------------------------


def test_the_dummy_display_ticks_instead_of_waiting(pilot):
    """SDL's dummy driver polls inside its wait, so the loop ticks at a low rate there."""
    assert event_waiter() is None
    assert pilot.app.waiter is None


def test_the_waiter_sleeps_until_an_event_arrives_from_another_thread(pilot):
    """The SDL pygame loaded is found and its wait returns as soon as another thread posts."""
    found = list(candidates(SDL))
    assert found, "pygame's SDL library was not found"
    import ctypes

    waiter = None
    for path in found:
        sdl = ctypes.CDLL(str(path))
        sdl.SDL_WasInit.restype = ctypes.c_uint32
        if sdl.SDL_WasInit(0x20):
            waiter = EventWaiter(sdl)
    assert waiter is not None, "no candidate is the SDL pygame initialised"
    pygame.event.get()
    started = time.perf_counter()
    waiter.wait(0.2)
    assert time.perf_counter() - started >= 0.15  # nothing came: it waited its time
    threading.Timer(0.05, wake_frame_loop).start()
    started = time.perf_counter()
    waiter.wait(60.0)
    assert time.perf_counter() - started < 50  # woken by the post: a wait not woken would take all 60 s
    assert WAKE_EVENT in [event.type for event in pygame.event.get()]


def test_an_idle_loop_knows_it_is_idle_and_input_wakes_it(pilot):
    pilot.frames(5)
    assert pilot.app._idle
    finger = pilot.finger_down(pilot.centre_of("teacher-hold"))  # a grown-up holding the title
    pilot.frames(1)
    assert not pilot.app._idle, "the hold ring grows every frame"
    pilot.finger_up(pilot.centre_of("teacher-hold"), finger)
    pilot.frames(2)
    assert pilot.app._idle
    pilot.tap_widget("letter-safe")  # a new screen, drawn once, then nothing moves
    pilot.shown()
    pilot.frames(2)
    assert pilot.scene.name == "letter" and pilot.app._idle


def test_work_finished_on_another_thread_wakes_the_loop(pilot):
    pilot.frames(5)
    pygame.event.get()
    scene = pilot.scene
    thread = threading.Thread(target=scene.relayout_soon)
    thread.start()
    thread.join()
    events = pygame.event.get()
    assert WAKE_EVENT in [event.type for event in events]
    pilot.app.router.translate(events)  # the router ignores it: it is not input


def test_the_talk_pause_asks_for_a_frame_each_second(tmp_path, cache_dir):
    from tests.test_whole_class import class_pilot

    pilot = class_pilot(tmp_path, cache_dir, talk_seconds=20)
    scene = pilot.scene
    assert scene.talking
    wake = scene.wake_in()
    assert wake is not None and 0 < wake <= 1.0
    scene.talk_left = 12.25
    assert abs(scene.wake_in() - 0.25) < 1e-6  # when the ring next moves
    pilot.app.close()


# -- a silent game lets the audio device sleep ----------------------------------------------


def test_a_silent_audio_device_is_closed_and_opened_again_when_needed(tmp_path):
    pygame.mixer.quit()
    audio, problem = AudioOut.open(tmp_path)
    assert audio is not None, problem
    try:
        audio._suspend_after = 0.05
        audio.idle_check(now=100.0)
        audio.idle_check(now=100.1)
        assert audio.suspended and pygame.mixer.get_init() is None
        assert not audio.voice_busy()
        audio.stop_voice()  # harmless while closed
        length = audio.play_effect("right", 1.0)  # opens it again
        assert not audio.suspended and pygame.mixer.get_init() is not None
        assert length > 0.5 and audio.effects.get_busy()
        audio.idle_check(now=200.0)  # playing: the clock of silence restarts
        assert not audio.suspended

        # the speech loader thread may load a line while the device is closed
        audio.effects.stop()
        audio.idle_check(now=300.0)
        audio.idle_check(now=300.1)
        assert audio.suspended
        wav = tmp_path / "line.wav"
        import wave

        with wave.open(str(wav), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(22050)
            out.writeframes(b"\x00\x10" * 2205)
        loaded = []
        thread = threading.Thread(target=lambda: loaded.append(audio.load(wav)))
        thread.start()
        thread.join()
        assert loaded and abs(loaded[0].get_length() - 0.1) < 0.01
        audio.play_voice(loaded[0], 1.0)
        assert audio.voice_busy()
    finally:
        pygame.mixer.quit()


def test_sound_effects_are_made_once_and_then_read_from_the_cache(tmp_path):
    pygame.mixer.quit()
    audio, _ = AudioOut.open(tmp_path)
    try:
        cached = list((tmp_path / "effects").glob("*.pcm"))
        assert len(cached) == len(EFFECTS)
        frequency, _, channels = pygame.mixer.get_init()
        assert sorted(path.read_bytes() for path in cached) == sorted(
            render_effect(notes, frequency, channels) for notes in EFFECTS.values())
        for path in cached:  # marked, so a sound made afresh would differ from what the cache holds
            path.write_bytes(bytes(reversed(path.read_bytes())))
        again = AudioOut(tmp_path)  # the next start reads them rather than making them
        assert sorted(sound.get_raw() for sound in again._effect_sounds.values()) == sorted(
            path.read_bytes() for path in cached), "every effect was read from the cache, none made again"
    finally:
        pygame.mixer.quit()


def test_lessons_arriving_during_a_hold_on_the_title_do_not_cut_it_short(cache_dir, tmp_path):
    """The lessons finish loading whenever they do; a grown-up's hold must still open the PIN."""
    from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
    from game.lessons.loader import LessonLoader
    from game.lessons.pictures import PictureCatalog
    from game.engine.pilot import Pilot

    gate = threading.Event()

    def slow_load():
        gate.wait(10)
        return LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])

    options = Options(fullscreen=False, size=(1280, 800), cache_dir=cache_dir, data_dir=tmp_path / "data")
    app = App.create(options, narrator=QuietNarrator())
    app.ctx.lessons = PendingLibrary(slow_load)
    app._lessons_were_ready = False
    pilot = Pilot(app)
    try:
        pilot.frames(1)
        pilot.shown()
        pos = pilot.centre_of("teacher-hold")
        finger = pilot.finger_down(pos)
        pilot.wait(1.5)
        gate.set()
        assert app.ctx.lessons.wait(20), "the lessons were read"
        pilot.wait(2.0)  # the loop notices the lessons, mid-hold
        pilot.finger_up(pos, finger)
        pilot.frames(1)
        assert pilot.scene.name == "pin"
    finally:
        app.close()

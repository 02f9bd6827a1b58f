"""Narration: what reaches the audio output, when, and what happens when things fail.

Audio tests use SDL's disk driver, so the mixer's real output is written to a
file we read back: silence, tones and speech can be told apart in it.
"""

import array
import math
import threading
import time
import wave
from pathlib import Path

import pygame
import pytest

from game.engine.app import App, Options
from game.engine.pilot import Pilot
from game.speech.tts import SpeechFailed, SpeechUnavailable

from game.speech.audio import MIXER_CHANNELS, MIXER_FREQUENCY  # noqa: E402

RATE = MIXER_FREQUENCY  # the mixer's output: 16-bit stereo
assert MIXER_CHANNELS == 2
LOUD = 300


class AudioCapture:
    def __init__(self, path: Path) -> None:
        self.path = path

    def frames(self) -> int:
        return self.path.stat().st_size // 4 if self.path.exists() else 0

    def left(self, start: int = 0, end: int | None = None) -> array.array:
        data = array.array("h")
        data.frombytes(self.path.read_bytes()[: (self.path.stat().st_size // 4) * 4])
        return data[start * 2:(end * 2 if end is not None else None):2]

    def segments(self, start: int = 0, gap: float = 0.08) -> list[tuple[int, int]]:
        """Runs of sound (from frame ``start``), split by silences longer than ``gap`` seconds."""
        samples = self.left(start)
        runs: list[list[int]] = []
        quiet = 0
        for index, value in enumerate(samples):
            if abs(value) > LOUD:
                if runs and quiet < gap * RATE:
                    runs[-1][1] = index
                else:
                    runs.append([index, index])
                quiet = 0
            else:
                quiet += 1
        return [(start + a, start + b) for a, b in runs if b - a > RATE * 0.05]

    def frequency(self, start: int, end: int) -> float:
        samples = self.left(start, end)
        crossings = sum(1 for a, b in zip(samples, samples[1:]) if (a < 0) != (b < 0))
        return crossings / 2 / (len(samples) / RATE)

    def loud_after(self, start: int) -> bool:
        return any(abs(v) > LOUD for v in self.left(start))


def write_tone(path: Path, frequency: float, seconds: float) -> Path:
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(22050)
        samples = array.array("h", (int(12000 * math.sin(2 * math.pi * frequency * i / 22050))
                                    for i in range(int(seconds * 22050))))
        file.writeframes(samples.tobytes())
    return path


@pytest.fixture
def disk_audio(tmp_path, monkeypatch):
    pygame.mixer.quit()
    out = tmp_path / "audio-out.raw"
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(out))
    monkeypatch.setenv("SDL_DISKAUDIODELAY", "5")
    yield AudioCapture(out)
    pygame.mixer.quit()


@pytest.fixture
def speaking_app(tmp_path):
    """Start the real game with real narration (engine and audio as the test says)."""
    made = []

    def start(lesson_dirs=None, engine_factory=None, use_audio=True, size=(1280, 800), cache=None):
        options = Options(fullscreen=False, size=size, cache_dir=cache or tmp_path / "cache",
                          data_dir=tmp_path / "data", **({"lesson_dirs": lesson_dirs} if lesson_dirs else {}))
        app = App.create(options, engine_factory=engine_factory, use_audio=use_audio)
        made.append(app)
        return app, Pilot(app)
    yield start
    for app in made:
        app.close()


def run_real(app: App, seconds: float) -> None:
    """Run the real frame loop (real time: the disk driver plays in real time)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.step()


def run_until(app: App, condition, limit: float = 10.0) -> None:
    end = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < end, "timed out"
        app.step()


TONE_LESSON = """\
id: tones
letter: T
title: Tones
year: Reception
outcomes: [I can identify who can help me if something happens online without my consent.]
scenes:
  - id: two-tones
    kind: story
    text:
      - {{text: The low one., audio: low.wav}}
      - {{text: The high one., audio: high.wav}}
  - id: long
    kind: story
    text:
      - {{text: A long one., audio: long.wav}}
  - id: question
    kind: choose
    question: {{text: "Which one?", audio: low.wav}}
    answers:
      - id: yes
        text: {{text: This one, audio: high.wav}}
        picture: thumbs up
        right: true
        feedback: {{text: Yes!, audio: low.wav}}
      - id: no
        text: {{text: That one, audio: low.wav}}
        picture: thumbs down
        feedback: {{text: Try again., audio: high.wav}}
"""


@pytest.fixture
def tone_lessons(tmp_path) -> Path:
    folder = tmp_path / "lessons" / "tell"
    folder.mkdir(parents=True)
    write_tone(folder / "low.wav", 440, 0.4)
    write_tone(folder / "high.wav", 880, 0.4)
    write_tone(folder / "long.wav", 660, 4.0)
    (folder / "tones.yaml").write_text(TONE_LESSON.format(), encoding="utf-8")
    return folder.parent


class CountingEngine:
    """Wraps the real engine (or not) and counts renders; can fail on demand."""

    def __init__(self, real: bool = True, fail_after: int | None = None, delay: float = 0.0,
                 gate: threading.Event | None = None) -> None:
        self.renders: list[str] = []
        self.real = real
        self.fail_after = fail_after
        self.delay = delay
        self.gate = gate  # each render waits for it: a synthesiser as slow as the test says

    def __call__(self):
        if self.real:
            from game.speech.tts import Pyttsx3Engine

            self.engine = Pyttsx3Engine(None, 140)
        return self

    def render(self, text: str, path: Path) -> None:
        if self.fail_after is not None and len(self.renders) >= self.fail_after:
            raise SpeechFailed("the test engine broke")
        time.sleep(self.delay)
        if self.gate is not None:
            self.gate.wait(30)
        self.renders.append(text)
        if self.real:
            self.engine.render(text, path)
        else:
            write_tone(path, 300, 0.3)


def open_lesson(pilot: Pilot, lesson_id: str, letter: str = "tell") -> None:
    pilot.tap_widget(f"letter-{letter}")
    pilot.tap_widget(f"lesson-{lesson_id}")


# -- reaching the output ---------------------------------------------------------


def test_scene_lines_reach_the_output_in_order(disk_audio, speaking_app, tone_lessons):
    app, pilot = speaking_app(lesson_dirs=[tone_lessons], engine_factory=CountingEngine(real=False))
    narrator = app.ctx.narrator
    pilot.tap_widget("letter-tell")
    run_until(app, lambda: not narrator.busy and narrator.current is None)  # home's and the letter's lines said
    run_real(app, 0.2)
    start = disk_audio.frames()
    pilot.tap_widget("lesson-tones")
    run_until(app, lambda: "The high one." in [line.text for line in narrator.spoken] and narrator.current is None)
    run_real(app, 0.3)
    segments = disk_audio.segments(start)
    assert len(segments) >= 2, segments
    first, second = segments[:2]
    assert abs(disk_audio.frequency(*first) - 440) < 25
    assert abs(disk_audio.frequency(*second) - 880) < 40
    assert first[1] < second[0]


def test_synthesised_speech_reaches_the_output(disk_audio, speaking_app):
    app, pilot = speaking_app()
    start = disk_audio.frames()
    run_until(app, lambda: app.ctx.narrator.spoken, limit=10)
    run_real(app, 1.0)
    assert app.ctx.narrator.spoken[0].id == "ui.home.welcome"
    assert disk_audio.loud_after(start), "the welcome line was not heard"
    assert app.ctx.narrator.notices == []
    voices = app.ctx.narrator.pipeline.voices
    assert any("en-gb" in voice.languages for voice in voices), "the teacher can choose among the engine's voices"


def test_leaving_a_scene_cuts_its_speech_off(disk_audio, speaking_app, tone_lessons):
    app, pilot = speaking_app(lesson_dirs=[tone_lessons], engine_factory=CountingEngine(real=False))
    open_lesson(pilot, "tones")
    pilot.tap_widget("next")  # the 4-second line
    run_until(app, lambda: app.ctx.narrator.current is not None and app.ctx.narrator.current.text == "A long one.")
    run_real(app, 0.5)
    assert disk_audio.loud_after(disk_audio.frames() - RATE // 10), "the long line should be playing"
    pilot.tap_widget("home")  # mid-lesson: "Stop this story?" first
    pilot.tap_widget("home")  # stop: home, which says nothing on coming back
    cut = disk_audio.frames()
    run_real(app, 1.0)
    assert app.ctx.narrator.current is None
    # allow for the mixer's buffer already on its way out (512 frames ~ 12 ms, plus the driver's)
    assert not disk_audio.loud_after(cut + RATE // 10), "speech went on after leaving the scene"


def test_a_tap_never_waits_for_speech(speaking_app, tone_lessons):
    held = threading.Event()
    slow = CountingEngine(real=False, gate=held)  # a synthesiser that renders nothing until let go
    app, pilot = speaking_app(lesson_dirs=[tone_lessons], engine_factory=slow, use_audio=False)
    try:
        pilot.tap_widget("letter-tell")
        pilot.tap_widget("lesson-tones")  # its title line is still being "synthesised"
        pilot.tap_widget("next")
        assert pilot.scene.index == 1
        assert slow.renders == [], "the taps went on while the engine was still busy: nothing waited for it"
    finally:
        held.set()


# -- cache and recordings ------------------------------------------------------------


def test_a_cached_line_is_not_synthesised_again(disk_audio, speaking_app, tmp_path):
    engine = CountingEngine(real=True)
    app, pilot = speaking_app(engine_factory=engine, cache=tmp_path / "shared-cache")
    run_until(app, lambda: len(app.ctx.narrator.spoken) >= 2)
    first_count = len(engine.renders)
    assert "Welcome to SMART Stars! Tap a letter to play." in engine.renders
    app.ctx.narrator.stop()
    pygame.mixer.quit()

    again = CountingEngine(real=True)
    app2, _ = speaking_app(engine_factory=again, cache=tmp_path / "shared-cache")
    start = disk_audio.frames()
    run_until(app2, lambda: len(app2.ctx.narrator.spoken) >= 2)
    run_real(app2, 0.3)
    assert first_count >= 2
    assert "Welcome to SMART Stars! Tap a letter to play." not in again.renders
    assert disk_audio.loud_after(start), "the cached line was played"


def test_a_recording_wins_over_synthesis(disk_audio, speaking_app, tone_lessons):
    engine = CountingEngine(real=False)
    app, pilot = speaking_app(lesson_dirs=[tone_lessons], engine_factory=engine)
    open_lesson(pilot, "tones")
    run_until(app, lambda: app.ctx.narrator.spoken and app.ctx.narrator.spoken[-1].text == "The low one.")
    start = disk_audio.frames()
    run_real(app, 0.6)  # the 0.4 s recording has played out, even on a loaded machine
    assert "The low one." not in engine.renders and "The high one." not in engine.renders
    # The recording (0.4 s at 440 Hz) ends the longest run of sound: a short sound may come just
    # before it (how soon depends on the machine's load), and what was said just before it may run
    # into it with less than the silence that splits runs, so judge the run's last 0.35 s.
    first, last = max(disk_audio.segments(start - RATE // 4), key=lambda run: run[1] - run[0])
    assert last - first >= int(0.35 * RATE)
    assert abs(disk_audio.frequency(last - int(0.35 * RATE), last) - 440) < 25


# -- failing gracefully --------------------------------------------------------------


def play_to_reward_with_captions(app, pilot, lesson_id="tones"):
    """Play a lesson through; on every screen, wait (in real time) for its first line to be captioned.

    A line's caption lasts as long as the line (0.3 s for the test engine's tone), and the frames of a
    tap can outlast it; so what counts is that the narrator began a line there (``spoken``, which is
    when its caption is set), not that a caption is still up when the tap's frames are done."""
    captions = []
    said = len(app.ctx.narrator.spoken)
    open_lesson(pilot, lesson_id)
    for _ in range(40):
        if pilot.scene.name == "reward":
            break
        run_until(app, lambda: len(app.ctx.narrator.spoken) > said, limit=8)
        captions.append(app.ctx.narrator.spoken[said].text)
        said = len(app.ctx.narrator.spoken)
        scene = pilot.scene
        if scene.scene.kind == "choose" and not scene.record.solved:
            answer = next(a for a in scene.scene.answers if a.right)
            pilot.tap_widget(f"answer-{answer.id}")
            continue
        pilot.tap_widget("next")
    assert pilot.scene.name == "reward"
    return captions


def test_no_speech_engine_shows_captions_and_tells_the_teacher(speaking_app, tmp_path):
    def no_engine():
        raise SpeechUnavailable("no speech engine could start (test)")

    app, pilot = speaking_app(engine_factory=no_engine, use_audio=False)
    run_until(app, lambda: app.ctx.narrator.caption is not None)
    assert app.ctx.narrator.caption == "Welcome to SMART Stars! Tap a letter to play."
    notices = app.ctx.narrator.notices
    assert any(n.startswith("Speech is off") for n in notices)
    pilot.scene.rebuild()
    assert "Speech is off" in pilot.scene.widget("notice").text
    assert play_to_reward_with_captions(app, pilot, "tell-unkind-message")


def test_engine_failing_mid_lesson_falls_back_to_captions(speaking_app, tone_lessons):
    engine = CountingEngine(real=False, fail_after=2)
    app, pilot = speaking_app(engine_factory=engine, use_audio=False)
    captions = play_to_reward_with_captions(app, pilot, "tell-unkind-message")
    assert len(engine.renders) == 2
    assert captions, "captions carried the lesson after the engine broke"
    assert any(n.startswith("Speech stopped working") for n in app.ctx.narrator.notices)


def test_no_audio_device_shows_captions_and_tells_the_teacher(speaking_app, monkeypatch):
    pygame.mixer.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-device")
    try:
        app, pilot = speaking_app(engine_factory=CountingEngine(real=False))
        assert app.ctx.narrator.audio is None
        assert any(n.startswith("Sound is off") for n in app.ctx.narrator.notices)
        run_until(app, lambda: app.ctx.narrator.caption is not None)
        assert play_to_reward_with_captions(app, pilot, "tell-unkind-message")
    finally:
        pygame.mixer.quit()


# -- what the child sees and hears ----------------------------------------------------


def test_answers_light_up_while_they_are_read(speaking_app, tone_lessons):
    app, pilot = speaking_app(lesson_dirs=[tone_lessons], engine_factory=CountingEngine(real=False),
                              use_audio=False)
    open_lesson(pilot, "tones")
    pilot.tap_widget("next")
    pilot.tap_widget("next")  # the question
    lit = {}
    end = time.monotonic() + 15
    while time.monotonic() < end and not (app.ctx.narrator.spoken[-1].text == "That one"
                                           and app.ctx.narrator.current is None):
        app.step()  # real time: the lines are prepared by real threads
        current = app.ctx.narrator.current
        if current is not None:
            for answer_id in ("yes", "no"):
                button = pilot.scene.widget(f"answer-{answer_id}")
                lit.setdefault(answer_id, False)
                if current.text == button.label:
                    lit[answer_id] = lit[answer_id] or button.highlighted
                else:
                    assert not button.highlighted, f"{answer_id} lit while another line is read"
    assert lit == {"yes": True, "no": True}
    spoken = [line.text for line in app.ctx.narrator.spoken[-3:]]
    assert spoken == ["Which one?", "This one", "That one"], "question, then each answer"


def test_speaker_button_replays_the_screen(speaking_app, tone_lessons):
    app, pilot = speaking_app(lesson_dirs=[tone_lessons], engine_factory=CountingEngine(real=False),
                              use_audio=False)
    open_lesson(pilot, "tones")
    run_until(app, lambda: "The low one." in [line.text for line in app.ctx.narrator.spoken])  # it has begun
    pilot.tap_widget("speaker")
    run_until(app, lambda: app.ctx.narrator.current is not None)
    assert app.ctx.narrator.current.text == "The low one."
    texts = [line.text for line in app.ctx.narrator.spoken]
    assert texts.count("The low one.") == 2


def test_every_screen_has_a_speaker_button(make_pilot):
    from game.authoring.tour import visit_every_screen

    pilot = make_pilot()
    for name in visit_every_screen(pilot):
        assert pilot.scene.widget("speaker").visible, name


def test_feedback_is_spoken_with_a_sound_effect(make_pilot):
    pilot = make_pilot()
    narrator = pilot.app.ctx.narrator
    pilot.tap_widget("letter-meeting")
    lesson = pilot.app.ctx.library.for_letter("meeting")[0]
    pilot.tap_widget(f"lesson-{lesson.id}")
    while pilot.scene.scene.kind != "choose":
        pilot.tap_widget("next")
    question = pilot.scene.scene
    wrong = next(a for a in question.answers if not a.right)
    right = next(a for a in question.answers if a.right)
    pilot.tap_widget(f"answer-{wrong.id}")
    pilot.tap_widget(f"answer-{right.id}")
    assert narrator.effects[-2:] == ["wrong", "right"]
    assert [line.id for line in narrator.spoken[-2:]] == [wrong.feedback.id, right.feedback.id]


def test_captions_follow_the_setting(speaking_app, tmp_path):
    from game.engine.settings import Settings

    Settings(captions=False).save(tmp_path / "data")
    app, pilot = speaking_app(engine_factory=CountingEngine(real=False), use_audio=False)
    run_until(app, lambda: app.ctx.narrator.current is not None)
    assert app.ctx.narrator.caption is None


def test_letter_tiles_titles_and_reward_are_spoken(make_pilot):
    pilot = make_pilot()
    narrator = pilot.app.ctx.narrator
    pilot.frames(1)
    assert [line.text for line in narrator.spoken[:3]] == [
        "Welcome to SMART Stars! Tap a letter to play.", "S is for Safe.", "M is for Meeting."]
    pilot.tap_widget("letter-reliable")
    lessons = pilot.app.ctx.library.for_letter("reliable")
    lesson = lessons[0]
    said = [line.id for line in narrator.spoken[-(len(lessons) + 1):]]
    assert said == ["ui.letter.reliable"] + [each.title.id for each in lessons], "the rule, then each lesson's title"
    from tests.helpers import play_lesson

    play_lesson(pilot, lesson)
    pilot.frames(1)
    assert narrator.spoken[-2].text == "Well done! You earned 3 stars."
    assert narrator.spoken[-1] == lesson.rule

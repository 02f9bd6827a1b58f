"""Switch access: a child plays with switches alone (real KEYDOWN/KEYUP events posted through the pilot,
no taps), with two switches and with one switch and the highlight moving by itself on a fake clock."""

import pygame
import pytest

from game.lessons.letters import LETTERS
from game.progress.preferences import Preferences
from game.access.scanning import ScanRing, targets, words_for

FRAME = 1 / 60


def turn_on(pilot, mode: str, seconds: float = 1.0) -> None:
    """As a teacher's choice for the class would: what is in force for whoever plays."""
    pilot.app.ctx.preferences = Preferences({"scanning": mode, "scan_seconds": seconds})


class Switches:
    """A child with switches: finds a widget by watching the highlight, then chooses it."""

    def __init__(self, pilot, mode: str, seconds: float = 1.0) -> None:
        self.pilot = pilot
        self.mode = mode
        self.seconds = seconds
        self.presses = 0
        self.steps = 0  # auto: highlight moves waited for

    @property
    def scanner(self):
        return self.pilot.app.scanner

    def highlighted(self) -> str | None:
        scene = self.pilot.scene
        ring = self.scanner.ring_for(scene)
        if ring is None:
            return None
        assert isinstance(ring, ScanRing)
        widget = scene.widget(self.scanner.focus)
        assert ring.rect.contains(widget.rect), "the ring goes round the highlighted thing"
        return widget.name

    def press(self, key: int) -> None:
        self.presses += 1
        self.pilot.key(key)

    def choose(self, name: str, limit: int = 80) -> None:
        pilot = self.pilot
        pilot.shown()
        for _ in range(limit):
            if self.highlighted() == name:
                self.press(pygame.K_RETURN if self.mode == "two-switch" else pygame.K_SPACE)
                return
            if self.mode == "two-switch":
                self.press(pygame.K_SPACE)
                scene, focus = pilot.scene, self.scanner.focus
                words = words_for(scene, scene.widget(focus))
                assert words is not None and words.text, f"{focus} on {scene.name} says nothing"
                assert pilot.app.ctx.narrator.spoken[-1] == words, "the highlighted thing's words are spoken"
            else:
                before = self.scanner.focus
                for _ in range(int(self.seconds / 0.25) + 2):  # the game's clock, advanced without waiting
                    pilot.frames(1, dt=0.25)
                    if self.scanner.focus != before:
                        break
                assert self.scanner.focus != before, "the highlight moves by itself"
                self.steps += 1
        raise AssertionError(f"{name} was never highlighted on {pilot.scene.name}; "
                             f"the targets are {[w.name for w in targets(pilot.scene)]}")


def play_lesson(switches: Switches, lesson) -> None:
    pilot = switches.pilot
    switches.choose(f"lesson-{lesson.id}")
    assert pilot.scene.name == "player" and pilot.scene.lesson is lesson
    for index, scene in enumerate(lesson.scenes):
        assert pilot.scene.index == index
        if scene.kind == "sort":
            for item in scene.items:
                switches.choose(f"item-{item.id}")
                assert pilot.scene.activity.selected == item.id
                switches.choose(f"group-{item.group}")
        elif scene.kind != "story":
            right = [answer for answer in scene.answers if answer.right] or list(scene.answers[:1])
            for answer in right if scene.kind == "tap-all" else right[:1]:
                switches.choose(f"answer-{answer.id}")
        assert pilot.scene.activity.done
        switches.choose("next")


def play_every_lesson(pilot, switches: Switches) -> None:
    library = pilot.app.ctx.library
    played = 0
    for letter in LETTERS:
        switches.choose(f"letter-{letter.key}")
        assert pilot.scene.name == "letter"
        for lesson in library.for_letter(letter.key):
            play_lesson(switches, lesson)
            assert pilot.scene.name == "reward"
            assert pilot.scene.stars == 3, "all right first time earns three stars"
            played += 1
            switches.choose("more")
            assert pilot.scene.name == "letter"
        switches.choose("home")
        assert pilot.scene.name == "home"
    assert played == len(library.lessons) >= 20


def test_every_lesson_played_to_its_reward_with_two_switches(pilot):
    turn_on(pilot, "two-switch")
    switches = Switches(pilot, "two-switch")
    play_every_lesson(pilot, switches)
    assert switches.presses > 0


def test_every_lesson_played_to_its_reward_with_one_switch_auto_scanning(pilot):
    turn_on(pilot, "auto", seconds=1.0)
    switches = Switches(pilot, "auto", seconds=1.0)
    play_every_lesson(pilot, switches)
    assert switches.steps > switches.presses, "the highlight moved by itself; the switch only chose"


def test_keys_do_nothing_when_scanning_is_off(pilot):
    narrator = pilot.app.ctx.narrator
    for _ in range(3):
        for key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_TAB, pygame.K_ESCAPE):
            pilot.key(key)
    assert pilot.scene.name == "home" and pilot.app.scanner.ring_for(pilot.scene) is None
    pilot.tap_widget("letter-safe")
    lesson = pilot.app.ctx.library.for_letter("safe")[0]
    pilot.tap_widget(f"lesson-{lesson.id}")
    spoken = len(narrator.spoken)
    for _ in range(5):
        pilot.key(pygame.K_SPACE)
        pilot.key(pygame.K_RETURN)
    assert pilot.scene.name == "player" and pilot.scene.index == 0
    assert pilot.app.scanner.ring_for(pilot.scene) is None
    narrator.update(0)
    assert len(narrator.spoken) == spoken, "nothing said either"


def test_the_highlighted_things_words_are_spoken(pilot):
    turn_on(pilot, "two-switch")
    narrator = pilot.app.ctx.narrator
    pilot.key(pygame.K_SPACE)
    pilot.frames(1)
    assert pilot.app.scanner.focus == "letter-safe"
    assert narrator.spoken[-1].text == "S is for Safe."
    pilot.key(pygame.K_SPACE)
    pilot.frames(1)
    assert narrator.spoken[-1].text == "M is for Meeting."


def test_a_child_cannot_reach_teacher_mode_by_scanning(pilot):
    turn_on(pilot, "two-switch")
    home = pilot.scene
    names = {widget.name for widget in targets(home)}
    assert "teacher-hold" not in names and {f"letter-{item.key}" for item in LETTERS} <= names
    seen = set()
    for _ in range(2 * len(names) + 2):  # round and round home, choosing nothing
        pilot.key(pygame.K_SPACE)
        seen.add(pilot.app.scanner.focus)
    assert seen == names
    assert not any(scene.name in ("pin", "teacher") for scene in pilot.app.stack.scenes)
    # The adults' keys still open the PIN pad; there, switches do nothing at all.
    pilot.key(pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    assert pilot.scene.name == "pin"
    pin = pilot.scene
    for key in (pygame.K_SPACE, pygame.K_RETURN) * 4:
        pilot.key(key)
    assert pilot.scene is pin and pilot.app.scanner.ring_for(pin) is None and targets(pin)
    assert pilot.app.scanner.scene is None


def test_teacher_buttons_on_the_board_are_not_scanned(make_pilot):
    pilot = make_pilot()
    pilot.app.ctx.settings.whole_class = True
    turn_on(pilot, "two-switch")
    lesson = next(lesson for lesson in pilot.app.ctx.library.lessons
                  if next(scene for scene in lesson.scenes if scene.kind != "story").kind == "choose")
    switches = Switches(pilot, "two-switch")
    switches.choose(f"letter-{lesson.letter}")
    switches.choose(f"lesson-{lesson.id}")
    player = pilot.scene
    while lesson.scenes[player.index].kind == "story":
        switches.choose("next")
    assert player.talking
    names = {widget.name for widget in targets(player)}
    assert not names & {"ready", "more-time"}, names
    player.reveal()
    pilot.frames(2)
    names = {widget.name for widget in targets(player)}
    assert player.widget("hands").visible and "hands" not in names
    assert {f"answer-{answer.id}" for answer in lesson.scenes[player.index].answers} <= names


def test_the_teacher_turns_switches_on_for_the_class_and_a_pupil(make_pilot, tmp_path):
    from game.progress.store import STORE_FILE, ProgressStore
    from game.engine.settings import Settings
    from tests.helpers import enter_teacher_mode

    data_dir = tmp_path / "data"
    with ProgressStore(data_dir / STORE_FILE) as store:
        robins = store.add_class("Robins")
        zoe = store.add_pupil(robins, "Zoë", "fox")
        store.add_pupil(robins, "Bo", "owl")
    Settings(class_name="Robins").save(data_dir)
    pilot = make_pilot(data_dir=data_dir)
    ctx = pilot.app.ctx
    assert pilot.scene.name == "pupils"
    pilot.tap_widget(f"pupil-{zoe}")
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name == "access" for w in pilot.scene.widgets), timeout=10)
    pilot.tap_widget("access")
    pilot.wait_until(lambda: any(w.name == "scanning-change" for w in pilot.scene.widgets))
    assert "off" in pilot.scene.widget("scanning-text").text
    pilot.tap_widget("scanning-change")
    pilot.wait_until(lambda: ctx.preferences.get("scanning") == "two-switch")
    assert ctx.preferences.where("scanning") == "class"
    pilot.wait_until(lambda: "Space moves" in pilot.scene.widget("scanning-text").text)
    pilot.key(pygame.K_SPACE)
    assert pilot.scene.name == "access" and pilot.app.scanner.ring_for(pilot.scene) is None, "not in teacher mode"
    # Zoë's own page: one switch for her alone, then like the class again.
    pilot.tap_widget("back")
    pilot.wait_until(lambda: any(w.name == f"name-{zoe}" for w in pilot.scene.widgets))
    pilot.tap_widget(f"name-{zoe}")
    pilot.tap_widget("access")
    pilot.wait_until(lambda: any(w.name == "scanning-change" for w in pilot.scene.widgets))
    pilot.tap_widget("scanning-change")
    pilot.wait_until(lambda: ctx.preferences.get("scanning") == "auto")
    assert ctx.preferences.where("scanning") == "pupil"
    pilot.wait_until(lambda: "pupil" in pilot.scene.widget("scanning-text").text)
    pilot.tap_widget("scanning-like-class")
    pilot.wait_until(lambda: ctx.preferences.where("scanning") == "class")
    ctx.recorder.flush()
    with ProgressStore(data_dir / STORE_FILE) as store:
        rows = store.db.execute("SELECT class_id, pupil_id, key, value FROM preferences").fetchall()
    assert rows == [(robins, None, "scanning", '"two-switch"')]
    # Back in the game, Zoë's switches work.
    for back in ("back", "back", "back", "back-to-game"):  # access, her page, the overview, the teacher's menu
        pilot.tap_widget(back)
    assert pilot.scene.name == "home"
    pilot.key(pygame.K_SPACE)
    assert pilot.app.scanner.focus is not None and pilot.app.scanner.ring_for(pilot.scene) is not None


def test_nothing_times_out_or_needs_speed_on_a_tablet(pilot):
    """Ten minutes of game time (a fake clock) on a story page, a question and the reward: nothing moves on
    by itself, and the question still waits for its answer; the switch scan rests after a few rounds."""
    lesson = pilot.app.ctx.library.for_letter("safe")[0]
    pilot.tap_widget("letter-safe")
    pilot.tap_widget(f"lesson-{lesson.id}")
    player = pilot.scene
    pilot.frames(60, dt=10.0)
    assert pilot.scene is player and player.index == 0
    question = next(index for index, scene in enumerate(lesson.scenes) if scene.kind != "story")
    for _ in range(question):
        pilot.tap_widget("next")
    pilot.frames(60, dt=10.0)
    assert pilot.scene is player and player.index == question and not player.record.tries
    turn_on(pilot, "auto", seconds=2.0)
    pilot.frames(400, dt=0.5)
    scanner = pilot.app.scanner
    assert scanner.resting and scanner.focus is None and scanner.wake_in() is None, "rests: the loop may sleep"
    assert pilot.scene is player and not player.record.tries, "auto-scanning never chooses by itself"
    pilot.key(pygame.K_SPACE)
    assert not scanner.resting and scanner.focus is not None, "a press wakes it"


def test_slower_speech_leaves_a_longer_pause_after_each_sentence():
    """A child with "slower speech" gets time to take each sentence in (here in caption-only mode, on a fake
    clock): the pause before the next sentence grows from 0.3 s to 1.2 s."""
    from game.engine.context import Context
    from game.lessons.basics import Line
    from game.speech.cache import VoiceKey
    from game.speech.narrator import SpeechNarrator, follow_pace
    from game.engine.settings import Settings

    class NoPipeline:
        def submit(self, job):
            pass

        def results(self):
            return []

    def pause(preferences) -> float:
        now = [0.0]
        narrator = SpeechNarrator(NoPipeline(), None, VoiceKey("test", "voice", 140), Settings(), clock=lambda: now[0])
        ctx = Context(lessons=None, catalog=None, text=None, pictures=None, narrator=narrator)
        follow_pace(ctx)
        for listener in ctx.preference_listeners:
            listener(preferences)
        narrator.say([Line("a", "One."), Line("b", "Two.")])
        now[0] = 10.0  # no audio will come: each line is captioned for as long as it would take to say
        narrator.update(0.0)
        assert narrator.current.id == "a"
        ended = None
        for step in range(1, 200):
            narrator.update(0.05)
            if ended is None and narrator._playing is None:
                ended = step
            if narrator.current is not None and narrator.current.id == "b":
                return (step - ended + 1) * 0.05
        raise AssertionError("the second sentence never started")

    normal, slower = pause(Preferences()), pause(Preferences({"slower_speech": True}))
    assert normal == pytest.approx(0.3, abs=0.11) and slower == pytest.approx(1.2, abs=0.11)


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def test_the_highlight_moving_is_redrawn_in_place(make_pilot, monkeypatch, tmp_path, size):
    """The ring is repainted where it was and where it goes, and nowhere else: after every step the window
    equals a full redraw (tests/test_redraw.py), the frames were partial, and the ring draws inside its areas."""
    from tests.test_redraw import Presented, assert_matches_full_redraw, outside_areas

    pilot = make_pilot(size=size)
    presented = Presented(monkeypatch)
    turn_on(pilot, "two-switch")
    pilot.tap_widget("letter-tell")
    pilot.shown()
    pilot.frames(3)
    presented.reset()
    for step in range(len(targets(pilot.scene)) + 1):  # round the letter's screen, past its end
        pilot.key(pygame.K_SPACE)
        pilot.frames(2)
        assert_matches_full_redraw(pilot, tmp_path, f"step-{step}")
        ring = pilot.app.scanner.ring_for(pilot.scene)
        assert not outside_areas(ring, pilot.app.ctx, pygame.Surface(size))
    assert presented.flips == 0 and presented.updates
    changed = sum(rect.w * rect.h for update in presented.updates for rect in update)
    assert changed < len(presented.updates) * size[0] * size[1] * 0.5, "only the rings' edges, not whole screens"


def test_between_auto_scanning_steps_the_loop_sleeps_till_the_step_and_the_sound_device_is_closed(pilot):
    """Half a minute of one-switch auto-scanning on a question, on a fake clock stepped as the real loop sleeps
    (App.step: until the scene's or the scanner's next wake, at most a second): the steps come on time, the
    loop wakes a few times a step only, and the sound device is closed after each step's words and opened
    again just before the next step (left open, its thread costs more than the whole idle game may)."""
    from game.engine.app import IDLE_WAKE_SECONDS
    from game.access.scanning import OPEN_AUDIO_SECONDS

    lesson = pilot.app.ctx.library.for_letter("safe")[0]
    pilot.tap_widget("letter-safe")
    pilot.tap_widget(f"lesson-{lesson.id}")
    question = next(index for index, scene in enumerate(lesson.scenes) if scene.kind != "story")
    for _ in range(question):
        pilot.tap_widget("next")
    pilot.shown()
    app, scanner, narrator = pilot.app, pilot.app.scanner, pilot.app.ctx.narrator
    clock, events, steps = [0.0], [], []
    narrator.rest_audio = lambda: events.append(("closed", clock[0]))
    narrator.expect_sound = lambda: events.append(("opened", clock[0]))
    real_move = scanner.move
    scanner.move = lambda scene: (steps.append(clock[0]), real_move(scene))
    turn_on(pilot, "auto", seconds=3.0)
    wakes = 0
    while clock[0] < 30:
        due = [when for when in (app.stack.top.wake_in(), scanner.wake_in()) if when is not None]
        dt = min([IDLE_WAKE_SECONDS, *due])  # as App.step sleeps
        clock[0] += dt
        app.step(dt)
        wakes += 1
    assert 9 <= len(steps) <= 11, f"a step every 3 s: {steps}"
    for before, after in zip(steps, steps[1:]):
        assert after - before == pytest.approx(3.0, abs=0.05)
        between = [(what, when) for what, when in events if before < when < after]
        assert any(what == "closed" for what, _ in between), "the device closed between the steps"
        opened = [when for what, when in between if what == "opened"]
        assert opened and after - OPEN_AUDIO_SECONDS - 0.02 <= opened[-1] < after, "and opened just before"
    assert wakes <= 30 * (1 + 1 / 3) + 2 * len(steps) + 10, f"{wakes} wake-ups in 30 s"

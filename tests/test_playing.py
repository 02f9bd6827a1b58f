"""A child plays: real finger and mouse events posted into the running loop."""

from fractions import Fraction

import pygame
import pytest

from game.lessons.model import ChooseScene
from game.lessons.letters import LETTERS
from game.progress import stars_for
from tests.helpers import play_lesson, right_answer


@pytest.mark.parametrize("mouse", [False, True], ids=["finger", "mouse"])
def test_every_lesson_can_be_played_to_its_reward(pilot, mouse):
    library = pilot.app.ctx.library
    assert {letter.key for letter in LETTERS} == {lesson.letter for lesson in library.lessons}
    for letter in LETTERS:
        pilot.tap_widget(f"letter-{letter.key}", mouse=mouse)
        assert pilot.scene.name == "letter"
        for lesson in library.for_letter(letter.key):
            play_lesson(pilot, lesson, mouse=mouse)
            assert pilot.scene.name == "reward"
            assert pilot.scene.stars == 3, "all right first time earns three stars"
            assert pilot.app.ctx.progress.stars(lesson.id) == 3
            pilot.tap_widget("more", mouse=mouse)
            assert pilot.scene.name == "letter"
        pilot.tap_widget("home", mouse=mouse)
        assert pilot.scene.name == "home"


def test_wrong_answer_shows_gentle_feedback_then_allows_a_retry(pilot):
    lesson = pilot.app.ctx.library.for_letter("meeting")[0]
    pilot.tap_widget("letter-meeting")
    pilot.tap_widget(f"lesson-{lesson.id}")
    first_question = next(i for i, s in enumerate(lesson.scenes) if isinstance(s, ChooseScene))
    for _ in range(first_question):
        pilot.tap_widget("next")
    scene = lesson.scenes[first_question]
    wrong = next(a for a in scene.answers if not a.right)

    pilot.tap_widget(f"answer-{wrong.id}")
    player = pilot.scene
    assert player.widget("feedback").text == wrong.feedback.text
    assert player.widget(f"answer-{wrong.id}").state == "wrong"
    assert not player.widget("next").visible, "a wrong answer must not let the child skip on"
    assert player.index == first_question

    right = right_answer(scene)
    pilot.tap_widget(f"answer-{right.id}")
    assert player.widget("feedback").text == right.feedback.text
    assert player.widget(f"answer-{right.id}").state == "right"
    assert player.widget("next").visible
    assert player.record.tries == [wrong.id, right.id]
    assert not player.record.right_first_time


def test_wrong_answers_earn_fewer_stars(pilot):
    lesson = pilot.app.ctx.library.for_letter("tell")[0]
    pilot.tap_widget("letter-tell")
    play_lesson(pilot, lesson, wrong_first=True)
    assert pilot.scene.name == "reward"
    questions = [scene for scene in lesson.scenes if scene.kind != "story"]

    def right_first_time(scene) -> Fraction:
        """Every wrong answer tried once first: a sort's every card was misplaced, a tap-all counts its right
        taps among all, a feeling is never wrong, and any other question with a wrong answer was missed."""
        if scene.kind == "sort":
            return Fraction(0)
        if scene.kind == "feelings":
            return Fraction(1)
        right = sum(1 for answer in scene.answers if answer.right)
        if scene.kind == "tap-all":
            return Fraction(right, len(scene.answers))
        return Fraction(right == len(scene.answers))

    assert pilot.scene.stars == stars_for(len(questions), sum(map(right_first_time, questions))) < 3


def test_one_touch_counts_once(pilot):
    """SDL sends a FINGERDOWN and a synthetic MOUSEBUTTONDOWN (touch=True) per touch."""
    lesson = pilot.app.ctx.library.for_letter("safe")[0]
    pilot.tap_widget("letter-safe")
    pilot.tap_widget(f"lesson-{lesson.id}")
    assert pilot.scene.index == 0
    pilot.tap_widget("next")  # the pilot posts both the finger and its mouse copy
    assert pilot.scene.index == 1, "one tap on 'next' must move exactly one scene"
    assert len(pilot.app.stack) == 3


def test_one_touch_counts_once_whatever_order_sdl_delivers(pilot):
    """The synthetic mouse copy (touch=True) may be queued before its finger event."""
    lesson = pilot.app.ctx.library.for_letter("safe")[0]
    pilot.tap_widget("letter-safe")
    pilot.tap_widget(f"lesson-{lesson.id}")
    pos = pilot.centre_of("next")
    width, height = pilot.app.size()
    finger = dict(touch_id=1, finger_id=4, x=pos[0] / width, y=pos[1] / height, dx=0.0, dy=0.0, pressure=1.0)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=True, window=None))
    pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, finger))
    pilot.frames(1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=True, window=None))
    pygame.event.post(pygame.event.Event(pygame.FINGERUP, finger))
    pilot.frames(1)
    assert pilot.scene.index == 1


def test_finger_alone_counts_without_mouse_copy(pilot):
    """Some boards send only FINGER events: they must work on their own."""
    pos = pilot.centre_of("letter-reliable")
    width, height = pilot.app.size()
    for kind in (pygame.FINGERDOWN, pygame.FINGERUP):
        pygame.event.post(pygame.event.Event(kind, touch_id=1, finger_id=9, x=pos[0] / width, y=pos[1] / height,
                                             dx=0.0, dy=0.0, pressure=0.0))
        pilot.frames(1)
    assert pilot.scene.name == "letter" and pilot.scene.letter.key == "reliable"


def test_a_palm_is_ignored(pilot):
    tiles = [pilot.centre_of(f"letter-{letter.key}") for letter in LETTERS[:3]]
    pilot.palm(tiles)
    assert pilot.scene.name == "home"
    # and the screen still works for the next real tap
    pilot.tap_widget("letter-tell")
    assert pilot.scene.name == "letter"


def test_second_finger_while_first_is_down_is_ignored(pilot):
    first = pilot.finger_down(pilot.centre_of("letter-tell"))
    pilot.frames(1)
    assert pilot.scene.name == "letter"
    home_pos = pilot.centre_of("home")
    second = pilot.finger_down(home_pos)
    pilot.frames(1)
    assert pilot.scene.name == "letter", "only the first finger counts"
    pilot.finger_up(home_pos, second)
    pilot.finger_up(home_pos, first)
    pilot.frames(1)
    pilot.tap_widget("home")
    assert pilot.scene.name == "home"


def test_targets_trigger_on_press_with_instant_feedback(pilot):
    pilot.tap_widget("letter-accepting")
    lesson = pilot.app.ctx.library.for_letter("accepting")[0]
    tile = pilot.scene.widget(f"lesson-{lesson.id}")
    finger = pilot.finger_down(tile.rect.center)
    pilot.frames(1)
    assert pilot.scene.name == "player", "the press itself opens the lesson; no need to lift"
    pilot.finger_up(tile.rect.center, finger)
    pilot.frames(1)
    next_button = pilot.scene.widget("next")
    finger = pilot.finger_down(next_button.rect.center)
    pilot.frames(1)
    # the next scene is showing on the very next frame
    assert pilot.scene.index == 1
    pilot.finger_up(next_button.rect.center, finger)


def test_pressed_card_changes_on_the_next_frame(pilot):
    """Instant visual feedback: the pressed card looks different one frame later, or, if the change
    is large enough to be put together over a few frames, after those, which run back to back
    without waiting for the loop's next tick (game/frame/compose.py). How long that takes is measured by
    bench/idle_cpu.py (tap_feedback_ms_p95), not here."""
    pilot.tap_widget("letter-reliable")
    lesson = pilot.app.ctx.library.for_letter("reliable")[0]
    pilot.tap_widget(f"lesson-{lesson.id}")
    while not isinstance(lesson.scenes[pilot.scene.index], ChooseScene):
        pilot.tap_widget("next")
    scene = lesson.scenes[pilot.scene.index]
    wrong = next(a for a in scene.answers if not a.right)
    card = pilot.scene.widget(f"answer-{wrong.id}").rect
    before = pygame.image.tobytes(pilot.app.screen.subsurface(card), "RGB")
    finger = pilot.finger_down(card.center)
    pilot.frames(1)
    pilot.shown()  # back to back, or waiting only for a picture the worker is drawing (the feedback's, if not ready yet)
    after = pygame.image.tobytes(pilot.app.screen.subsurface(card), "RGB")
    assert before != after
    assert pilot.scene.widget(f"answer-{wrong.id}").state == "wrong"
    pilot.finger_up(card.center, finger)


def test_escape_and_other_keys_do_nothing(pilot):
    pilot.tap_widget("letter-safe")
    for key in (pygame.K_ESCAPE, pygame.K_q, pygame.K_F4, pygame.K_BACKSPACE, pygame.K_SPACE):
        pilot.key(key)
    assert pilot.app.running
    assert pilot.scene.name == "letter"


def test_window_close_is_ignored_in_fullscreen(make_pilot):
    pilot = make_pilot(size=(1280, 800), fullscreen=True)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    pilot.frames(1)
    assert pilot.app.running


def test_adult_key_combination_opens_teacher_mode_not_quit(pilot):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_q, mod=pygame.KMOD_LCTRL | pygame.KMOD_LSHIFT,
                                         unicode="", scancode=0, window=None))
    assert pilot.app.step(1 / 60) is True
    assert pilot.app.running
    assert pilot.scene.name == "pin", "the grown-ups' keys ask for the teacher PIN first"


def test_home_is_reachable_from_every_screen(make_pilot):
    from game.authoring.tour import visit_every_screen

    pilot = make_pilot()
    seen = 0
    for name in visit_every_screen(pilot):
        scene = pilot.scene
        if scene.name != "home":
            home = scene.widget("home")
            assert home.visible and home.enabled, f"{name}: no way home"
        seen += 1
    assert seen > 20


def test_home_button_mid_lesson_goes_home_and_stack_is_clean(pilot):
    pilot.tap_widget("letter-meeting")
    lesson = pilot.app.ctx.library.for_letter("meeting")[0]
    pilot.tap_widget(f"lesson-{lesson.id}")
    pilot.tap_widget("next")
    pilot.tap_widget("home")
    assert pilot.scene.name == "stop-lesson"  # mid-lesson, home asks first (tests/test_getting_lost.py)
    pilot.tap_widget("home")
    assert pilot.scene.name == "home"
    assert len(pilot.app.stack) == 1


def test_back_button_returns_to_previous_scene(pilot):
    pilot.tap_widget("letter-safe")
    lesson = pilot.app.ctx.library.for_letter("safe")[0]
    pilot.tap_widget(f"lesson-{lesson.id}")
    with pytest.raises(KeyError):
        pilot.scene.widget("back")  # nothing to go back to on the first scene
    pilot.tap_widget("next")
    pilot.tap_widget("back")
    assert pilot.scene.index == 0


def test_play_again_restarts_the_lesson(pilot):
    pilot.tap_widget("letter-reliable")
    lesson = pilot.app.ctx.library.for_letter("reliable")[0]
    play_lesson(pilot, lesson)
    pilot.tap_widget("again")
    assert pilot.scene.name == "player" and pilot.scene.index == 0 and pilot.scene.records == {}


def test_scenes_speak_their_lines_in_order(pilot):
    narrator = pilot.app.ctx.narrator
    pilot.tap_widget("letter-meeting")
    lesson = pilot.app.ctx.library.for_letter("meeting")[0]
    narrator.spoken.clear()
    pilot.tap_widget(f"lesson-{lesson.id}")
    assert [line.id for line in narrator.spoken] == [line.id for line in lesson.scenes[0].lines]

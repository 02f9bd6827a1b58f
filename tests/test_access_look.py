"""Bigger words and high contrast (issue 20 point 3), turned on by a teacher for a class or a pupil and put
in force when that child starts playing; measured on the pixels the child sees."""

from __future__ import annotations

import pygame
import pytest

from game.access_look import DARK_INK, PLAIN_BACKGROUND, luminance
from game.preferences import write
from game.recording import Player
from game.store import STORE_FILE, ProgressStore

LESSON, QUESTION = "meeting-park", "what-to-do"  # "What should Sam do?": one line at either size


@pytest.fixture
def class_tablet(make_pilot, tmp_path):
    """Robins: the class has bigger words; Zoë also has high contrast; Bo has neither of his own."""
    data_dir = tmp_path / "data"
    with ProgressStore(data_dir / STORE_FILE) as store:
        robins = store.add_class("Robins")
        zoe = store.add_pupil(robins, "Zoë", "fox")
        bo = store.add_pupil(robins, "Bo", "owl")
        write(store, robins, None, "bigger_words", True)
        write(store, robins, zoe, "high_contrast", True)
    pilot = make_pilot(size=(1280, 800), data_dir=data_dir)
    return pilot, robins, zoe, bo


def open_question(pilot) -> None:
    lesson = pilot.app.ctx.library.by_id(LESSON)
    pilot.tap_widget(f"letter-{lesson.letter}")
    pilot.tap_widget(f"lesson-{lesson.id}")
    while pilot.scene.scene.id != QUESTION:
        pilot.tap_widget("next")
    pilot.shown()


def play_as(pilot, player: Player, scale: float, contrast: bool) -> None:
    ctx = pilot.app.ctx
    ctx.recorder.player = player
    pilot.wait_until(lambda: ctx.look.text_scale == scale and ctx.look.high_contrast == contrast)
    pilot.frames(2)
    pilot.shown()


def pixel(x: int, y: int) -> tuple[int, int, int]:
    return tuple(pygame.display.get_surface().get_at((x, y)))[:3]


def darkest(rect: pygame.Rect) -> float:
    """The lowest luminance in ``rect`` of the screen (sampled every other pixel)."""
    screen = pygame.display.get_surface()
    return min(luminance(tuple(screen.get_at((x, y)))[:3])
               for x in range(rect.left, rect.right, 2) for y in range(rect.top, rect.bottom, 2))


def test_bigger_words_make_the_question_bigger_and_high_contrast_is_plain_dark_on_light(class_tablet):
    pilot, robins, zoe, bo = class_tablet
    ctx = pilot.app.ctx
    open_question(pilot)
    question = pilot.scene.widget("question")
    plain_height = question.text_rect(ctx).h
    width, height = pilot.app.size()
    assert pixel(3, 3) != pixel(3, height - 3), "the usual look: a gradient from top to bottom"

    play_as(pilot, Player(pupil_id=bo, class_id=robins), 1.35, False)  # the class's bigger words, loaded for Bo
    question = pilot.scene.widget("question")
    assert question.text_rect(ctx).h >= 1.25 * plain_height, "the question's words are at least 1.25 times as big"
    assert pilot.scene.widget("question").text == pilot.app.ctx.library.by_id(LESSON).scenes[
        pilot.scene.index].question.text
    assert pixel(3, 3) != pixel(3, height - 3), "bigger words alone keep the usual look"

    play_as(pilot, Player(pupil_id=zoe, class_id=robins), 1.35, True)  # Zoë: her own high contrast, the class's words
    assert pixel(3, 3) == pixel(3, height // 2) == pixel(width - 3, height - 3) == PLAIN_BACKGROUND, "no gradient"
    card = pilot.scene.widget(next(w.name for w in pilot.scene.widgets if w.name.startswith("answer-")))
    edge = max(4, int(min(card.rect.size) * 0.045))
    assert edge >= 6, "a thick outline"
    outline = pixel(card.rect.x + edge // 2, card.rect.centery)
    inside = pixel(card.rect.x + edge + 3, card.rect.centery)
    assert luminance(outline) < 0.03, f"the outline is dark: {outline}"
    assert luminance(inside) > 0.7, f"the card is light: {inside}"
    question_words = pilot.scene.widget("question").text_rect(ctx)
    assert darkest(question_words) <= luminance(DARK_INK) + 0.01, "the words are near black"
    assert luminance(pixel(*pilot.scene.widget("question-panel").rect.inflate(-40, -40).topleft)) > 0.7

    play_as(pilot, Player(), 1.0, False)  # nobody chosen: the usual look again
    assert pixel(3, 3) != pixel(3, height - 3)
    assert pilot.scene.widget("question").text_rect(ctx).h == plain_height

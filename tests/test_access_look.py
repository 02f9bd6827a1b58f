"""Bigger words and high contrast (issue 20 point 3), turned on by a teacher for a class or a pupil and put
in force when that child starts playing; measured on the pixels the child sees."""

from __future__ import annotations

import pygame
import pytest

from game.access.look import DARK_INK, PLAIN_BACKGROUND, luminance
from game.progress.preferences import write
from game.progress.service import Player
from game.progress.store import STORE_FILE, ProgressStore

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


def shows(pilot, name: str, label: str) -> bool:
    return any(widget.name == name and getattr(widget, "text", None) == label for widget in pilot.scene.widgets)


def test_the_teacher_turns_them_on_for_the_class_and_for_one_pupil_in_the_access_screen(make_pilot, tmp_path):
    from game.engine.settings import Settings
    from game.classroom.teacher_pin import TeacherPin
    from game.authoring.tour import TOUR_PIN, visit_class_overview
    from test_layout import layout_problems

    data_dir = tmp_path / "data"
    with ProgressStore(data_dir / STORE_FILE) as store:
        robins = store.add_class("Robins")
        zoe, bo = store.add_pupil(robins, "Zoë", "fox"), store.add_pupil(robins, "Bo", "owl")
    Settings(class_name="Robins", whole_class=True).save(data_dir)
    TeacherPin(data_dir).set(TOUR_PIN)
    pilot = make_pilot(size=(1280, 800), data_dir=data_dir)
    ctx = pilot.app.ctx
    ctx.recorder.player = Player(pupil_id=zoe, class_id=robins)  # Zoë is playing on this tablet
    assert next(visit_class_overview(pilot)) == "teacher-overview"
    pilot.tap_widget("access")
    pilot.wait_until(lambda: pilot.scene.name == "access" and any(w.name == "high_contrast-change" for w in pilot.scene.widgets))
    assert not layout_problems(pilot.scene, (1280, 800))
    assert pilot.scene.widget("bigger_words-text").text == "Bigger words: off (as standard)"
    pilot.tap_widget("bigger_words-change")
    pilot.wait_until(lambda: shows(pilot, "bigger_words-text", "Bigger words: on (for the class)"))
    pilot.wait_until(lambda: ctx.look.text_scale > 1)  # Zoë's class has bigger words now
    pilot.tap_widget("back")

    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(w.name == f"name-{zoe}" for w in pilot.scene.widgets))
    pilot.tap_widget(f"name-{zoe}")
    pilot.tap_widget("access")
    pilot.wait_until(lambda: pilot.scene.name == "access" and any(w.name == "high_contrast-change" for w in pilot.scene.widgets))
    assert "Zoë" in pilot.scene.widget("access-title").text
    assert pilot.scene.widget("bigger_words-text").text == "Bigger words: on (for the class)"
    pilot.tap_widget("high_contrast-change")
    pilot.wait_until(lambda: shows(pilot, "high_contrast-text", "High contrast (dark words on plain light cards, thick outlines): on (for this pupil)"))
    assert not layout_problems(pilot.scene, (1280, 800))
    pilot.wait_until(lambda: ctx.look.high_contrast)

    with ProgressStore(data_dir / STORE_FILE) as store:
        from game.progress.preferences import read
        assert read(store, robins, bo).get("bigger_words") and not read(store, robins, bo).get("high_contrast")
        assert read(store, robins, zoe).where("high_contrast") == "pupil"
    ctx.recorder.player = Player(pupil_id=bo, class_id=robins)  # Bo: the class's bigger words, not Zoë's contrast
    pilot.wait_until(lambda: not ctx.look.high_contrast and ctx.look.text_scale > 1)
    ctx.recorder.player = Player(pupil_id=zoe, class_id=robins)
    pilot.wait_until(lambda: ctx.look.high_contrast)
    pilot.tap_widget("high_contrast-like-class")  # Zoë follows the class again
    pilot.wait_until(lambda: not ctx.look.high_contrast)

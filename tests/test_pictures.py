"""Pictures: an emoji, an emoji's name, or the school's own PNG/SVG next to the lesson."""

from pathlib import Path

import pygame
import pytest

from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog

LESSON = """\
id: own-pictures
letter: S
title: Our own pictures
year: Year 1
outcomes: [I can explain who I should ask before sharing things about myself or others online.]
picture: 🐶
rule: S is for Safe. Our pictures are ours to share with a grown-up's help.
scenes:
  - id: intro
    kind: story
    picture: our-school.png
    text: This is our school.
  - id: question
    kind: choose
    picture: dog face
    question: Which one is our school?
    answers:
      - id: school
        text: Our school
        picture: our-school.png
        right: true
        feedback: Yes! That is our school.
      - id: logo
        text: A circle
        picture: circle.svg
        feedback: Hmm, that is a circle. Let's try again.
"""

PINK = (255, 0, 200)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#00c000"/></svg>'


def write_own_pictures_lesson(folder: Path) -> Path:
    """The lesson with a school PNG, an SVG and emoji pictures, with its files (also used by the fault tests)."""
    folder.mkdir(parents=True)
    (folder / "own.yaml").write_text(LESSON, encoding="utf-8")
    image = pygame.Surface((40, 30))
    image.fill(PINK)
    pygame.image.save(image, str(folder / "our-school.png"))
    (folder / "circle.svg").write_text(SVG, encoding="utf-8")
    return folder


@pytest.fixture
def lesson_dir(tmp_path) -> Path:
    return write_own_pictures_lesson(tmp_path / "safe")


def test_all_three_ways_of_naming_a_picture_load(lesson_dir):
    result = LessonLoader(PictureCatalog()).load(lesson_dir / "own.yaml")
    assert result.problems == ()
    lesson = result.lesson
    catalog = PictureCatalog()
    assert lesson.picture.path == catalog.emoji_svg("🐶")
    question = lesson.scenes[1]
    assert question.picture.path == catalog.emoji_svg("🐶"), "'dog face' names the same emoji as 🐶"
    assert question.answers[0].picture.path == (lesson_dir / "our-school.png").resolve()
    assert question.answers[1].picture.path == (lesson_dir / "circle.svg").resolve()


def test_emoji_with_or_without_variation_selector():
    catalog = PictureCatalog()
    assert catalog.emoji_svg("🗣️") == catalog.emoji_svg("🗣")
    assert catalog.emoji_svg("🗣") is not None


def test_own_pictures_are_drawn_in_the_game(make_pilot, lesson_dir):
    pilot = make_pilot(size=(1280, 800), lesson_dirs=[lesson_dir])
    pilot.tap_widget("letter-safe")
    pilot.tap_widget("lesson-own-pictures")
    pilot.tap_widget("next")
    pilot.shown()
    screen = pilot.app.screen
    school_card = pilot.scene.widget("answer-school").rect
    circle_card = pilot.scene.widget("answer-logo").rect
    school_colours = {tuple(screen.get_at((x, y)))[:3] for x in range(school_card.left, school_card.right, 4)
                      for y in range(school_card.top, school_card.bottom, 4)}
    circle_colours = {tuple(screen.get_at((x, y)))[:3] for x in range(circle_card.left, circle_card.right, 4)
                      for y in range(circle_card.top, circle_card.bottom, 4)}
    assert PINK in school_colours, "the school's PNG is drawn on its answer card"
    assert (0, 192, 0) in circle_colours, "the school's SVG is drawn on its answer card"


def test_a_picture_that_disappears_after_loading_does_not_crash(make_pilot, lesson_dir):
    pilot = make_pilot(size=(1280, 800), lesson_dirs=[lesson_dir])
    assert pilot.app.ctx.library.by_id("own-pictures")  # read (in the background) before the file goes
    (lesson_dir / "our-school.png").unlink()
    pilot.tap_widget("letter-safe")
    pilot.tap_widget("lesson-own-pictures")
    pilot.frames(2)
    assert pilot.scene.name == "player"

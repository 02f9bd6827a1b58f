"""Every screen, at tablet, 1080p and 4K sizes: on screen, not overlapping, big enough."""

import pygame
import pytest

from game.engine.layout import BOTTOM_CLEAR, TARGET_MIN
from game.scenes.teacher.overview_pages import TEACHER_ROLE, TEACHER_TARGET_MIN
from game.authoring.tour import visit_class_overview, visit_every_screen

SIZES = [(1280, 800), (1920, 1080), (3840, 2160)]


def layout_problems(scene, size):
    width, height = size
    screen = pygame.Rect(0, 0, width, height)
    problems = []
    elements = [e for e in scene.elements() if e.role != "decor"]
    for element in elements:
        if not screen.contains(element.rect):
            problems.append(f"{element.name} {element.rect} is off-screen")
        if element.role == "target":
            # 20 mm on a 10-inch 1280x800 tablet: 15% of the short side, whichever way up
            if min(element.rect.w, element.rect.h) < TARGET_MIN * min(width, height):
                problems.append(f"{element.name} {element.rect.size} is under {TARGET_MIN:.0%} of the short side")
            if element.rect.bottom > height * (1 - BOTTOM_CLEAR):
                problems.append(f"{element.name} reaches the bottom edge ({element.rect.bottom} of {height})")
        if element.role == TEACHER_ROLE:
            # A grown-up's target on a screen holding a whole class: smaller than a child's, still a finger's.
            if min(element.rect.w, element.rect.h) < TEACHER_TARGET_MIN * min(width, height):
                problems.append(f"{element.name} {element.rect.size} is under {TEACHER_TARGET_MIN:.1%} of the short side")
            if element.rect.bottom > height * (1 - BOTTOM_CLEAR):
                problems.append(f"{element.name} reaches the bottom edge ({element.rect.bottom} of {height})")
    for i, first in enumerate(elements):
        for second in elements[i + 1:]:
            if first.rect.colliderect(second.rect):
                problems.append(f"{first.name} {first.rect} overlaps {second.name} {second.rect}")
    return problems


def sort_card_problems(scene, size) -> tuple[int, list[str]]:
    """The cards waiting in a sort's tray (issue 18): each is measured as a target like every other (it
    was the smallest of all), shows its words under its picture, and its picture alone is still a
    20 mm target, so the words take nothing a child needs. Returns how many cards were measured."""
    if scene.name != "player" or scene.scene.kind != "sort" or scene.talking:
        return 0, []
    short = min(size)
    targets = {e.name: e for e in scene.elements() if e.role == "target"}
    problems = []
    waiting = [item for item in scene.scene.items if item.id not in scene.activity.placed]
    for item in waiting:
        element = targets.get(f"item-{item.id}")
        if element is None:
            problems.append(f"the card '{item.id}' is not measured as a target")
            continue
        if min(element.rect.size) < TARGET_MIN * short:
            problems.append(f"the card '{item.id}' {element.rect.size} is under 20 mm")
        card = scene.widget(f"item-{item.id}")
        if card.label != item.text.text:
            problems.append(f"the card '{item.id}' shows {card.label!r}, not its words {item.text.text!r}")
        picture = card._parts().get("icon")
        if picture is None or min(picture.size) < TARGET_MIN * short:
            problems.append(f"the card '{item.id}' has a picture of {picture and picture.size}, under 20 mm")
    return len(waiting), problems


def check_every_screen(pilot, size) -> None:
    checked = cards = 0
    for name in visit_every_screen(pilot):
        assert pilot.app.size() == size
        problems = layout_problems(pilot.scene, size)
        measured, card_problems = sort_card_problems(pilot.scene, size)
        assert not problems + card_problems, f"{name} at {size}: " + "; ".join(problems + card_problems)
        checked += 1
        cards += measured
    assert checked >= 5 + 5 + 20  # home, about, letters, and every lesson scene
    sort_cards = sum(len(scene.items) for lesson in pilot.app.ctx.library.lessons for scene in lesson.scenes
                     if scene.kind == "sort")
    assert sort_cards and cards >= sort_cards, "every sort card is measured, at least on its scene's first screen"


WALKED = SIZES[:2]  # at 4K the whole walk takes minutes here: it is walked once, with both looks on (below)


@pytest.mark.parametrize("size", WALKED, ids=[f"{w}x{h}" for w, h in WALKED])
def test_every_screen_fits(make_pilot, size):
    check_every_screen(make_pilot(size=size), size)


def test_portrait_tablet_fits(make_pilot):
    """A tablet turned on its side still gets a usable, tidy screen."""
    size = (800, 1280)
    check_every_screen(make_pilot(size=size), size)


def test_resize_mid_lesson_relays_out_and_keeps_the_place(make_pilot):
    pilot = make_pilot(size=(1280, 800))
    pilot.tap_widget("letter-tell")
    lesson = pilot.app.ctx.library.for_letter("tell")[0]
    pilot.tap_widget(f"lesson-{lesson.id}")
    pilot.tap_widget("next")
    small_next = pilot.scene.widget("next").rect.copy()
    pilot.resize((1920, 1080))
    assert pilot.app.size() == (1920, 1080)
    assert pilot.scene.index == 1, "a resize must not lose the child's place"
    assert pilot.scene.widget("next").rect != small_next
    assert not layout_problems(pilot.scene, (1920, 1080))
    pilot.tap_widget("home")
    assert pilot.scene.name == "stop-lesson" and not layout_problems(pilot.scene, (1920, 1080))
    pilot.tap_widget("home")  # stop
    # the covered scenes are laid out again for the new size when they come back
    assert pilot.scene.name == "home"
    assert not layout_problems(pilot.scene, (1920, 1080))


@pytest.mark.parametrize("size", SIZES[:2], ids=[f"{w}x{h}" for w, h in SIZES[:2]])
def test_teacher_screens_fit_a_class_of_30(make_pilot, tmp_path, size):
    """The overview, a pupil's page and its access toggles, their answers for a letter, the class's access
    toggles, the class's questions and the saved report,
    for 30 pupils with a term of answers (the tour's own walk)."""
    from game.progress.demo_class import fill_demo_class
    from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
    from game.lessons.loader import LessonLoader
    from game.lessons.pictures import PictureCatalog
    from game.engine.settings import Settings
    from game.classroom.teacher_pin import TeacherPin
    from game.authoring.tour import TOUR_PIN

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    fill_demo_class(data_dir, LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR]), "Robins 1B")
    Settings(class_name="Robins 1B", whole_class=True).save(data_dir)
    TeacherPin(data_dir).set(TOUR_PIN)  # a teacher's PIN set before: no first-PIN question on the way in
    pilot = make_pilot(size=size, data_dir=data_dir)
    seen = []
    for name in visit_class_overview(pilot):
        problems = layout_problems(pilot.scene, size)
        assert not problems, f"{name} at {size}: " + "; ".join(problems)
        seen.append(pilot.scene.name)
    assert seen == ["overview", "pupil", "access", "home-language", "pupil-letter", "access", "class-questions",
                    "report-saved"]
    assert len([w for w in pilot.scene.widgets if w.name == "open-report"]) == 1


# -- bigger words and high contrast (issue 20): every screen still fits, every target still 20 mm -------------
BIGGER, CONTRAST = {"bigger_words": True}, {"high_contrast": True}
LOOKS = [((1280, 800), BIGGER), ((1280, 800), CONTRAST), ((1920, 1080), {**BIGGER, **CONTRAST})]


@pytest.mark.parametrize("size, values", LOOKS, ids=["1280x800-bigger-words", "1280x800-high-contrast",
                                                      "1920x1080-both"])
def test_every_screen_fits_with_bigger_words_and_high_contrast(make_pilot, size, values):
    from game.access.look import try_on

    pilot = make_pilot(size=size)
    try_on(pilot.app.ctx, values)
    assert pilot.app.ctx.look.text_scale > 1 or "bigger_words" not in values
    check_every_screen(pilot, size)


def test_every_screen_fits_at_4k_with_bigger_words_and_high_contrast(make_pilot):
    """Every screen at 4K, with the biggest words and the plainest look at once (the hardest to fit)."""
    from game.access.look import try_on

    size = (3840, 2160)
    pilot = make_pilot(size=size)
    try_on(pilot.app.ctx, {**BIGGER, **CONTRAST})
    assert pilot.app.ctx.look.text_scale > 1 and pilot.app.ctx.look.high_contrast
    check_every_screen(pilot, size)


@pytest.mark.parametrize("values", [{}, BIGGER, CONTRAST], ids=["standard", "bigger-words", "high-contrast"])
def test_key_screens_fit_at_4k_in_each_look(make_pilot, values):
    """Each look on its own at 4K: home, a letter, and a lesson with a story, thumbs, a choice and a sort
    (each before and after answering), and its reward (the tour's own walk of these looks)."""
    from game.access.look import try_on
    from game.authoring.tour import visit_access_screens

    size = (3840, 2160)
    pilot = make_pilot(size=size)
    try_on(pilot.app.ctx, values)
    seen = 0
    for name in visit_access_screens(pilot, "4k"):
        problems = layout_problems(pilot.scene, size) + sort_card_problems(pilot.scene, size)[1]
        assert not problems, f"{name} at 4K: " + "; ".join(problems)
        seen += 1
    assert seen >= 10

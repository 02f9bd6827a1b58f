"""Every way to play, driven by finger, by mouse, and (sorting) by tapping or by dragging."""

from pathlib import Path

import pytest

from game.lessons.kinds import KINDS
from game.authoring.tour import solve_scene
from tests.test_layout import layout_problems

ALL_KINDS = Path(__file__).resolve().parent / "lessons_all_kinds"


def open_all_kinds(make_pilot, size=(1280, 800)):
    pilot = make_pilot(size=size, lesson_dirs=[ALL_KINDS])
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-all-kinds")
    pilot.shown()
    return pilot


def advance_to(pilot, kind):
    while pilot.scene.scene.kind != kind:
        for _ in solve_scene(pilot, pilot.scene.scene):
            pass
        pilot.tap_widget("next")
    pilot.shown()


def test_the_fixture_covers_every_question_kind(make_pilot):
    pilot = make_pilot(lesson_dirs=[ALL_KINDS])
    lesson = pilot.app.ctx.library.by_id("all-kinds")
    assert {scene.kind for scene in lesson.scenes} == set(KINDS) - {"story", "choose"}


@pytest.mark.parametrize("how", ["finger", "mouse", "finger-drag", "mouse-drag"])
def test_every_kind_can_be_finished_every_way(make_pilot, how):
    pilot = open_all_kinds(make_pilot)
    mouse, drag = how.startswith("mouse"), how.endswith("drag")
    lesson = pilot.scene.lesson
    for scene in lesson.scenes:
        assert pilot.scene.scene is scene
        assert not pilot.scene.widget("next").visible, f"{scene.kind}: next shows before it is done"
        for step in solve_scene(pilot, scene, mouse=mouse, drag=drag):
            feedback = pilot.scene.widget("feedback")
            assert feedback.text, f"{scene.kind}/{step}: every answer gets feedback"
        assert pilot.scene.record.solved, scene.kind
        if scene.kind == "feelings":
            assert pilot.scene.record.wrong == 0, "a feeling is never counted as a wrong answer"
        else:
            assert pilot.scene.record.wrong > 0
        pilot.tap_widget("next", mouse=mouse)
    assert pilot.scene.name == "reward"
    assert pilot.scene.stars == 1, "a wrong answer everywhere earns the one finishing star"


def test_sort_wrong_group_bounces_back_with_a_reason(make_pilot):
    pilot = open_all_kinds(make_pilot)
    advance_to(pilot, "sort")
    sort = pilot.scene.scene
    item = sort.items[0]
    wrong_group = next(g for g in sort.groups if g.id != item.group)
    pilot.tap_widget(f"item-{item.id}")
    assert pilot.scene.widget(f"item-{item.id}").selected, "a tapped picture is picked up"
    pilot.tap_widget(f"group-{wrong_group.id}")
    assert pilot.scene.widget("feedback").text == item.feedback.text
    assert pilot.scene.widget(f"item-{item.id}").visible, "it goes back to the tray"
    assert not pilot.scene.widget(f"item-{item.id}").selected
    pilot.drag_widget(f"item-{item.id}", f"group-{item.group}")
    with pytest.raises(KeyError):
        pilot.scene.widget(f"item-{item.id}")  # sorted: it now sits in its group
    assert pilot.scene.activity.placed == {item.id: item.group}


def test_a_drag_dropped_nowhere_puts_the_picture_back(make_pilot):
    pilot = open_all_kinds(make_pilot)
    advance_to(pilot, "sort")
    item = pilot.scene.scene.items[1]
    start = pilot.scene.widget(f"item-{item.id}").rect.copy()
    pilot.drag_widget(f"item-{item.id}", "question")
    assert pilot.scene.widget(f"item-{item.id}").rect == start
    assert pilot.scene.activity.placed == {}
    assert pilot.scene.record.tries == []


def test_tap_all_needs_every_right_answer(make_pilot):
    pilot = open_all_kinds(make_pilot)
    advance_to(pilot, "tap-all")
    scene = pilot.scene.scene
    right = [a for a in scene.answers if a.right]
    for answer in right[:-1]:
        pilot.tap_widget(f"answer-{answer.id}")
        assert not pilot.scene.widget("next").visible
    pilot.tap_widget(f"answer-{right[-1].id}")
    assert pilot.scene.widget("next").visible
    assert pilot.scene.record.right_first_time
    assert pilot.app.ctx.narrator.spoken[-1] == scene.done or pilot.app.ctx.narrator.queue[-1] == scene.done


@pytest.mark.parametrize("size", [(1280, 800), (3840, 2160), (800, 1280)], ids=["tablet", "4k", "portrait"])
def test_every_kind_fits_without_overlap(make_pilot, size):
    pilot = open_all_kinds(make_pilot, size)
    for scene in pilot.scene.lesson.scenes:
        problems = layout_problems(pilot.scene, size)
        assert not problems, f"{scene.kind} at {size}: {problems}"
        for step in solve_scene(pilot, scene):
            problems = layout_problems(pilot.scene, size)
            assert not problems, f"{scene.kind}/{step} at {size}: {problems}"
        pilot.tap_widget("next")


# -- issue 19: a school's own picture that is not square -------------------------------------------------

SPOTS_ON_A_PICTURE = """\
id: odd-picture
letter: T
title: Find it
year: Year 1
outcomes:
  - I can identify who can help me if something happens online without my consent.
scenes:
  - id: find
    kind: hotspot
    picture: {picture}
    question: Where is it?
    spots:
      - {{id: corner, text: The corner, at: [10, 90], size: 15, right: true, feedback: "Yes! There it is."}}
      - {{id: middle, text: The middle, at: [30, 60], size: 15, feedback: "Not there. Let's try again."}}
rule: T is for Tell. Tell a grown-up you trust if something online worries you.
"""


def _marked_picture(path: Path, size: tuple[int, int]) -> None:
    """A picture with a dot where each spot should land, to look at (``tour``) as well as measure."""
    import pygame

    surface = pygame.Surface(size)
    surface.fill((200, 230, 255))
    for x, y in ((10, 90), (30, 60)):
        pygame.draw.circle(surface, (220, 40, 40), (size[0] * x // 100, size[1] * y // 100), max(size) // 40)
    pygame.image.save(surface, str(path))


@pytest.mark.parametrize("size", [(1200, 500), (400, 1000)], ids=["wide", "tall"])
def test_spots_are_placed_on_a_picture_that_is_not_square(make_pilot, tmp_path, size):
    """'at' is percent of the picture's own width and height: on a wide picture drawn as if it were square,
    a spot 90% down landed below the picture."""
    folder = tmp_path / "lessons" / "tell"
    folder.mkdir(parents=True)
    _marked_picture(folder / "street.png", size)
    (folder / "find.yaml").write_text(SPOTS_ON_A_PICTURE.format(picture="street.png"), encoding="utf-8")
    pilot = make_pilot(size=(1920, 1080), lesson_dirs=[tmp_path / "lessons"])
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-odd-picture")
    pilot.shown()
    drawn = pilot.scene.widget("hotspot-picture").picture_rect(pilot.app.ctx)
    assert abs(drawn.w / drawn.h - size[0] / size[1]) < 0.01, "the picture keeps its shape"

    def expected(x, y, half):  # kept inside the picture, as a spot near its edge is
        return (min(max(drawn.x + drawn.w * x / 100, drawn.left + half), drawn.right - half),
                min(max(drawn.y + drawn.h * y / 100, drawn.top + half), drawn.bottom - half))

    for name, (x, y) in (("answer-corner", (10, 90)), ("answer-middle", (30, 60))):
        spot = pilot.scene.widget(name).rect
        assert drawn.contains(spot), f"{name} {spot} is off the picture {drawn}"
        want_x, want_y = expected(x, y, spot.w / 2)
        assert abs(spot.centerx - want_x) <= 1 and abs(spot.centery - want_y) <= 1, (name, spot.center, (want_x, want_y))
    middle = pilot.scene.widget("answer-middle").rect.center
    assert abs(middle[0] - (drawn.x + drawn.w * 0.3)) <= 1 and abs(middle[1] - (drawn.y + drawn.h * 0.6)) <= 1
    pilot.tap_widget("answer-corner")
    assert pilot.scene.record.solved

"""Every way to play, driven by finger, by mouse, and (sorting) by tapping or by dragging."""

from pathlib import Path

import pytest

from game.lessons.model import SCENE_KINDS
from game.tour import solve_scene
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
    assert {scene.kind for scene in lesson.scenes} == set(SCENE_KINDS) - {"story", "choose"}


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

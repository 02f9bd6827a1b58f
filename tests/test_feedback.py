"""Feedback that neither punishes nor vanishes (issue 18, item 9), played as a child plays."""

from __future__ import annotations

from fractions import Fraction

import pytest

from game.lessons.kinds import KINDS
from game.progress import stars_for
from game.scenes.activities import QuestionRecord
from game.scenes.widgets import WRONG_AMBER

LESSON = """\
id: feedback-lesson
letter: T
title: Feedback
year: Year 1
outcomes: [I can identify who can help me if something happens online without my consent.]
rule: T is for Tell. Tell a grown-up you trust.
scenes:
  - id: feel
    kind: feelings
    question: How might Kofi feel?
    faces:
      - {id: happy, feedback: "A secret like this may not feel happy. Kofi might feel worried."}
      - {id: worried, right: true, feedback: "Yes, Kofi might feel worried. A grown-up can help."}
  - id: sorting
    kind: sort
    question: Tell a grown-up, or fine to keep playing?
    groups:
      - {id: tell, text: Tell a grown-up, picture: woman teacher}
      - {id: fine, text: Fine, picture: thumbs up}
    items:
      - {id: unkind, text: Unkind words, picture: face with symbols on mouth, group: tell, feedback: "Hmm, tell."}
      - {id: scary, text: A scary video, picture: ghost, group: tell, feedback: "Hmm, tell."}
      - {id: secret, text: A secret, picture: shushing face, group: tell, feedback: "Hmm, tell."}
      - {id: cat, text: A cat video, picture: grinning cat, group: fine, feedback: "Hmm, that is fine."}
      - {id: race, text: A race, picture: chequered flag, group: fine, feedback: "Hmm, that is fine."}
      - {id: paint, text: A drawing game, picture: artist palette, group: fine, feedback: "Hmm, that is fine."}
    done: Well sorted! You know when to tell.
  - id: who
    kind: tap-all
    question: Who can you tell?
    answers:
      - {id: teacher, text: Mrs Khan, picture: woman teacher, right: true, feedback: "Yes! Mrs Khan."}
      - {id: grandad, text: Grandad, picture: old man, right: true, feedback: "Yes! Grandad."}
      - {id: gamer, text: A game player, picture: video game, feedback: "Hmm, we only know them online."}
      - {id: dad, text: Dad, picture: "man: beard", right: true, feedback: "Yes! Dad."}
    done: Well done! You found every grown-up you can tell.
"""


@pytest.fixture
def player(make_pilot, tmp_path):
    folder = tmp_path / "lessons" / "tell"
    folder.mkdir(parents=True)
    (folder / "feedback.yaml").write_text(LESSON, encoding="utf-8")
    pilot = make_pilot(lesson_dirs=[tmp_path / "lessons"])
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-feedback-lesson")
    pilot.shown()
    return pilot


def sort_all(pilot, misplace: str | None = None) -> None:
    scene = pilot.scene.scene
    for item in scene.items:
        if item.id == misplace:
            other = next(group for group in scene.groups if group.id != item.group)
            pilot.tap_widget(f"item-{item.id}")
            pilot.tap_widget(f"group-{other.id}")
        pilot.tap_widget(f"item-{item.id}")
        pilot.tap_widget(f"group-{item.group}")


def test_a_feeling_is_never_marked_wrong(player):
    pilot = player
    narrator = pilot.app.ctx.narrator
    pilot.tap_widget("answer-happy")
    face = pilot.scene.widget("answer-happy")
    assert face.state != "wrong", "no cross and no faded face on a feeling"
    assert face.selected, "the chosen face is shown as chosen"
    assert "wrong" not in narrator.effects, "no 'try again' notes for a feeling"
    assert pilot.scene.widget("feedback").text.startswith("A secret like this may not feel happy")
    assert pilot.scene.widget("feedback-panel").border != WRONG_AMBER, "the banner is calm, not the colour of a mistake"
    assert pilot.scene.widget("next").visible, "any face answers the question"
    pilot.tap_widget("answer-worried")  # the child may still hear about another face
    assert pilot.scene.widget("answer-worried").state != "wrong"
    assert narrator.effects == ["right"], "the fitting face is praised with the chime"
    assert pilot.scene.record.tries == ["happy", "worried"], "each face is still recorded for the teacher"


def symbols(pilot) -> set[str]:
    return {widget.name for widget in pilot.scene.widgets if widget.name in ("feedback-right", "feedback-wrong")}


def test_right_and_try_again_differ_in_shape_not_only_colour(player):
    """Issue 20 point 2: the banner carries a tick or a cross beside the colour, for a sort card and a
    tap-all tap as for a choice; a feeling never gets a cross."""
    pilot = player
    pilot.tap_widget("answer-happy")
    assert symbols(pilot) == set(), "a face that fits less well: no cross"
    pilot.tap_widget("answer-worried")
    assert symbols(pilot) == {"feedback-right"}
    pilot.tap_widget("next")
    pilot.tap_widget("item-cat")
    pilot.tap_widget("group-tell")  # a card in the wrong group
    assert symbols(pilot) == {"feedback-wrong"}
    pilot.tap_widget("item-cat")
    pilot.tap_widget("group-fine")
    assert symbols(pilot) == {"feedback-right"}
    mark, words = pilot.scene.widget("feedback-right").rect, pilot.scene.widget("feedback").rect
    assert not mark.colliderect(words) and pilot.scene.widget("feedback-panel").rect.contains(mark)
    for item in pilot.scene.scene.items:
        if item.id != "cat":
            pilot.tap_widget(f"item-{item.id}")
            pilot.tap_widget(f"group-{item.group}")
    pilot.tap_widget("next")
    pilot.tap_widget("answer-gamer")
    assert symbols(pilot) == {"feedback-wrong"} and pilot.scene.widget("answer-gamer").state == "wrong"
    pilot.tap_widget("answer-dad")
    assert symbols(pilot) == {"feedback-right"} and pilot.scene.widget("answer-dad").state == "right"


def test_the_closing_line_stays_on_the_banner_when_a_sort_or_tap_all_is_done(player):
    pilot = player
    pilot.tap_widget("answer-worried")
    pilot.tap_widget("next")
    sort = pilot.scene.scene
    sort_all(pilot)
    assert pilot.scene.widget("feedback").text == sort.done.text == "Well sorted! You know when to tell."
    assert sort.done in pilot.app.ctx.narrator.queue + pilot.app.ctx.narrator.spoken, "and it is what is said last"
    assert pilot.scene.narration()[-1] == sort.done, "the speaker button says it again"
    pilot.tap_widget("next")
    tap_all = pilot.scene.scene
    pilot.tap_widget("answer-teacher")
    assert pilot.scene.widget("feedback").text == "Yes! Mrs Khan.", "until then, each answer's own feedback shows"
    pilot.tap_widget("answer-grandad")
    pilot.tap_widget("answer-dad")
    assert pilot.scene.widget("feedback").text == tap_all.done.text


def test_one_misplaced_card_and_one_feeling_do_not_cost_two_stars(player):
    """The issue's case: before, each made its whole question wrong, and this lesson earned one star."""
    pilot = player
    pilot.tap_widget("answer-happy")  # a feeling that fits less well
    pilot.tap_widget("next")
    sort_all(pilot, misplace="scary")  # one card of six in the wrong group first
    pilot.tap_widget("next")
    for answer in ("teacher", "grandad", "dad"):
        pilot.tap_widget(f"answer-{answer}")
    pilot.tap_widget("next")
    assert pilot.scene.name == "reward"
    assert pilot.scene.stars == 2, "mostly right: only the third star is missed"


def test_every_question_right_first_time_still_earns_three_stars(player):
    pilot = player
    pilot.tap_widget("answer-happy")  # any feeling: it is never a mistake
    pilot.tap_widget("next")
    sort_all(pilot)
    pilot.tap_widget("next")
    for answer in ("teacher", "grandad", "dad"):
        pilot.tap_widget(f"answer-{answer}")
    pilot.tap_widget("next")
    assert pilot.scene.stars == 3


def test_how_each_kind_of_question_counts_towards_the_stars(tmp_path):
    """Sort: card by card. Tap-all: right taps among all taps. Feelings: always whole. A choice: all or nothing."""
    folder = tmp_path / "tell"
    folder.mkdir()
    (folder / "feedback.yaml").write_text(LESSON, encoding="utf-8")
    from game.lessons.loader import LessonLoader
    from game.lessons.pictures import PictureCatalog

    lesson = LessonLoader(PictureCatalog()).load(folder / "feedback.yaml").lesson
    feel, sort, tap_all = lesson.scenes

    def score(scene, tries: list[tuple[str, bool]]) -> Fraction:
        record = QuestionRecord()
        for answer_id, right in tries:
            record.add(answer_id, right)
        record.solved = True
        return KINDS[scene.kind].activity_class().score(scene, record)

    placed = [(item.id, True) for item in sort.items]
    assert score(sort, placed) == 1
    assert score(sort, [("scary", False)] + placed) == Fraction(5, 6)
    assert score(sort, [("scary", False), ("scary", False)] + placed) == Fraction(5, 6), "a card counts once"
    assert score(sort, [(item.id, False) for item in sort.items] + placed) == 0
    right_taps = [("teacher", True), ("grandad", True), ("dad", True)]
    assert score(tap_all, right_taps) == 1
    assert score(tap_all, [("gamer", False)] + right_taps) == Fraction(3, 4)
    assert score(feel, [("happy", False)]) == 1
    assert KINDS["choose"].activity_class().score(None, QuestionRecord(tries=["a", "b"], wrong=1, solved=True)) == 0
    assert stars_for(3, 2 + Fraction(5, 6)) == 2 and stars_for(1, Fraction(5, 6)) == 2 and stars_for(3, 3) == 3
    assert stars_for(2, Fraction(5, 6)) == 1, "two slips in two questions is still one star"


def test_a_feeling_is_stored_as_a_feeling_not_a_wrong_answer(player):
    """A less-fitting face goes into the store as right (a feeling is never a mistake), so no count of
    wrong answers, export or "needs help" can call it one."""
    from game.progress.store import STORE_FILE, ProgressStore

    pilot = player
    pilot.tap_widget("answer-happy")  # fits less well
    pilot.tap_widget("answer-worried")
    assert pilot.app.ctx.recorder.flush()
    with ProgressStore(pilot.app.ctx.data_dir / STORE_FILE) as store:
        rows = [(row["answer_id"], row["right"]) for row in store.answer_rows()]
    assert rows == [("happy", 1), ("worried", 1)]

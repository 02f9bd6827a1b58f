"""Whole-class mode on the board: the countdown after the reading, nothing jumping, big words, a show of hands."""

import sqlite3

import pytest

from game.engine.app import App, Options
from game.lessons.library import BUILTIN_LESSONS_DIR
from game.speech.narration import QuietNarrator
from game.engine.pilot import Pilot
from game.scenes.board import class_label_px, label_px
from game.scenes.talk_pause import TalkPause
from game.scenes.widgets import Button, Label
from game.engine.settings import Settings
from game.engine.layout import Metrics
from game.progress.store import MIGRATIONS, SCHEMA_VERSION, STORE_FILE, ProgressStore
from game.authoring.tour import solve_scene, visit_whole_class
from tests.test_layout import layout_problems
from tests.test_scene_kinds import ALL_KINDS

READ_AS_IS = {"question", "feedback", "story-text"}  # the reference sizes themselves, fitted to their boxes


def board(tmp_path, cache_dir, size=(1920, 1080), narrator=None, lesson_dirs=(ALL_KINDS,), class_name=None):
    data_dir = tmp_path / "data"
    Settings(whole_class=True, talk_seconds=20, class_name=class_name).save(data_dir)
    app = App.create(Options(fullscreen=False, size=size, lesson_dirs=list(lesson_dirs), cache_dir=cache_dir,
                             data_dir=data_dir), narrator=narrator or QuietNarrator())
    pilot = Pilot(app)
    pilot.frames(1)
    pilot.lessons_read()
    pilot.shown()
    return pilot


def open_all_kinds(pilot):
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-all-kinds")
    pilot.shown()


def test_the_talk_countdown_starts_when_the_reading_ends(tmp_path, cache_dir):
    narrator = QuietNarrator(line_seconds=3.0)  # each line takes 3 s to say: the question, then "talk to..."
    pilot = board(tmp_path, cache_dir, narrator=narrator)
    try:
        open_all_kinds(pilot)
        player = pilot.scene
        assert player.talking
        pilot.wait(4.0)
        assert narrator.current is not None, "still reading"
        assert player.talk_left == pytest.approx(20.0), "the clock waits while the question is read"
        pilot.wait(3.0)  # the reading ends within this
        assert narrator.current is None and not narrator.queue
        pilot.wait(5.0)
        # 6 s of reading, 12 s watched: about 6 s counted down (12 if the clock had run during the reading)
        assert 13.0 <= player.talk_left <= 15.0, f"the clock runs once the reading is over ({player.talk_left})"
    finally:
        pilot.app.close()


def test_nothing_jumps_when_the_answers_appear(tmp_path, cache_dir):
    pilot = board(tmp_path, cache_dir)
    try:
        open_all_kinds(pilot)
        for scene in pilot.scene.lesson.scenes:
            player = pilot.scene
            assert player.talking
            question = player.widget("question").rect.copy()
            reserved = player.reserved.copy()
            assert reserved.contains(player.widget("talk-pause").rect), scene.id
            pilot.tap_widget("ready")
            assert player.widget("question").rect == question, f"{scene.id}: the question moved"
            answers = [w for w in player.widgets if w.visible and w.name.split("-")[0] in ("answer", "item", "group")]
            assert answers, scene.id
            for widget in answers:
                assert reserved.contains(widget.rect), f"{scene.id}: {widget.name} {widget.rect} is outside {reserved}"
            for _ in solve_scene(pilot, scene):
                pass
            pilot.tap_widget("next")
    finally:
        pilot.app.close()


def board_screens(pilot, lesson_id):
    for name in visit_whole_class(pilot, lesson_id=lesson_id):
        yield name, pilot.scene


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)], ids=["1920x1080", "1280x800"])
def test_every_word_on_the_board_is_big_enough_for_the_back_row(tmp_path, cache_dir, size):
    """The all-kinds lesson, the built-in lesson with the most answers to one question (five), and every
    built-in lesson with a sort (wordy cards, six to a scene) or a wordy show of hands, on a 1080p board and
    on a 1280x800 one (a common projector)."""
    pilot = board(tmp_path, cache_dir, size=size, lesson_dirs=(BUILTIN_LESSONS_DIR, ALL_KINDS))
    ctx = pilot.app.ctx
    m = Metrics.of(size)
    floor = class_label_px(m)
    assert floor == round(min(size) * 0.06)
    checked = pictures = cards = 0
    sorts = [lesson.id for lesson in ctx.library.lessons
             if lesson.id != "all-kinds" and any(scene.kind == "sort" for scene in lesson.scenes)]
    assert len(sorts) >= 4
    try:
        for lesson_id in ("all-kinds", None, "meeting-kind-game-friend", *sorts):
            for name, scene in board_screens(pilot, lesson_id):
                assert not layout_problems(scene, size), (name, layout_problems(scene, size))
                if scene.name == "reward":
                    continue
                for widget in scene.widgets:
                    if not widget.visible or widget.name in READ_AS_IS:
                        continue
                    if isinstance(widget, (Label, Button)):
                        px = label_px(widget, ctx)
                        if px is not None:
                            drawn = min(px, ctx.text.fitting_size(getattr(widget, "label", None) or widget.text,
                                                                  _label_box(widget).size, px))
                            assert drawn >= floor, f"{name} at {size}: {widget.name} drawn at {drawn} px < {floor}"
                            checked += 1
                            cards += widget.name.startswith(("item-", "group-"))
                    if isinstance(widget, TalkPause):
                        words = widget._parts()[1]
                        drawn = ctx.text.fitting_size(TalkPause.WORDS, words.size, widget.words_px())
                        assert drawn >= floor, f"{name}: the talk panel's words at {drawn} px"
                    if (size == (1920, 1080) and isinstance(widget, Button) and widget.icon and widget.label
                            and widget.name.startswith("answer-")):  # a card's picture (a hotspot's spots are the lesson's)
                        side = min(widget._parts()["icon"].size)
                        assert side >= 0.14 * m.short, f"{name}: {widget.name}'s picture is {side} px"
                        pictures += 1
    finally:
        pilot.app.close()
    assert checked > 60 and cards >= 15
    if size == (1920, 1080):
        assert pictures > 10


def test_a_sort_on_a_4_3_board_names_its_groups_at_the_class_size(tmp_path, cache_dir):
    """On a 1024x768 board (an XGA projector, still common in classrooms) the groups' names did not fit at the
    class size in any bin tried, and the last and tallest bin tried was kept: its square picture took most of
    the width, the names were drawn at a third of the class size, and the cards were squeezed into one thin
    strip. Now the bins that draw the names largest are kept, their picture at most a third of their width."""
    size = (1024, 768)
    pilot = board(tmp_path, cache_dir, size=size)
    ctx = pilot.app.ctx
    floor = class_label_px(Metrics.of(size))
    try:
        for name, scene in board_screens(pilot, "all-kinds"):
            if scene.name != "player" or scene.scene.kind != "sort" or any(widget.name == "talk-pause" for widget in scene.widgets):
                continue
            assert not layout_problems(scene, size), layout_problems(scene, size)
            groups = [widget for widget in scene.widgets if widget.name.startswith("group-")]
            cards = [widget for widget in scene.widgets if widget.name.startswith("item-") and widget.visible]
            assert len(groups) == 2 and len(cards) >= 2, "the cards come at least two at a time"
            for widget in groups + cards:
                assert label_px(widget, ctx) >= floor, f"{widget.name} drawn at {label_px(widget, ctx)} px < {floor}"
            for group in groups:
                assert group.rect.h <= 0.4 * size[1], f"{group.name} is {group.rect.h} px tall"
            break
        else:
            raise AssertionError("the all-kinds lesson's sort was not reached")
    finally:
        pilot.app.close()


def test_a_wordy_sort_on_the_board_brings_its_cards_a_few_at_a_time(tmp_path, cache_dir):
    """Six wordy cards cannot all show their words at the class size at once on a 1280x800 board: fewer
    places than cards, a sorted card's place taken by the next card (nobody else moves), every card sortable."""
    pilot = board(tmp_path, cache_dir, size=(1280, 800), lesson_dirs=(BUILTIN_LESSONS_DIR,))
    try:
        lesson = pilot.app.ctx.library.by_id("safe-private-things")
        pilot.tap_widget("letter-safe")
        pilot.tap_widget(f"lesson-{lesson.id}")
        for scene in lesson.scenes:
            if pilot.scene.talking:
                pilot.tap_widget("ready")
            if scene.kind == "sort":
                break
            for _ in solve_scene(pilot, scene):
                pass
            pilot.tap_widget("next")
        player = pilot.scene
        shown = [w for w in player.widgets if w.name.startswith("item-")]
        assert 1 <= len(shown) < len(scene.items), "a few cards at a time"
        first, others = shown[0], {w.name: w.rect.copy() for w in shown[1:]}
        place = first.rect.copy()
        item = next(item for item in scene.items if f"item-{item.id}" == first.name)
        pilot.tap_widget(first.name)
        pilot.tap_widget(f"group-{item.group}")
        now = {w.name: w.rect for w in player.widgets if w.name.startswith("item-")}
        assert first.name not in now
        newcomer = f"item-{scene.items[len(shown)].id}"
        assert now[newcomer] == place, "the next card takes the sorted card's place"
        assert all(now[name] == rect for name, rect in others.items()), "no other card moves"
        for item in scene.items:
            if item.id not in player.activity.placed:
                pilot.tap_widget(f"item-{item.id}")
                pilot.tap_widget(f"group-{item.group}")
        assert player.record.solved and player.widget("next").visible
        assert not layout_problems(player, (1280, 800))
    finally:
        pilot.app.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)], ids=["1920x1080", "1280x800"])
def test_a_show_of_hands_for_five_answers_is_big_enough_for_the_back_row(tmp_path, cache_dir, size):
    """Five answers' cards, each with its count and its "-": every word and count at the class size, and tidy."""
    pilot = board(tmp_path, cache_dir, size=size, lesson_dirs=(BUILTIN_LESSONS_DIR,))
    ctx = pilot.app.ctx
    floor = class_label_px(Metrics.of(size))
    try:
        lesson = max(ctx.library.lessons, key=lambda item: max(len(getattr(s, "answers", ())) for s in item.scenes))
        pilot.tap_widget(f"letter-{lesson.letter}")
        pilot.tap_widget(f"lesson-{lesson.id}")
        for scene in lesson.scenes:
            if pilot.scene.talking:
                pilot.tap_widget("ready")
            if len(getattr(scene, "answers", ())) >= 5:
                break
            for _ in solve_scene(pilot, scene):
                pass
            pilot.tap_widget("next")
        pilot.tap_widget("hands")
        hands = pilot.scene
        assert hands.name == "hands" and not layout_problems(hands, size), layout_problems(hands, size)
        for answer in scene.answers:
            pilot.tap_widget(f"more-{answer.id}")
        sized = 0
        for widget in hands.widgets:
            if widget.name.startswith(("more-", "count-")):
                px = label_px(widget, ctx)
                drawn = min(px, ctx.text.fitting_size(getattr(widget, "label", None) or widget.text,
                                                      _label_box(widget).size, px))
                assert drawn >= floor, f"{widget.name} drawn at {drawn} px < {floor}"
                sized += 1
        assert sized == 2 * len(scene.answers) >= 10
    finally:
        pilot.app.close()


def _label_box(widget):
    return widget._parts()["label"] if isinstance(widget, Button) else widget.rect


def test_a_show_of_hands_is_counted_and_recorded(tmp_path, cache_dir):
    data_dir = tmp_path / "data"
    with ProgressStore(data_dir / STORE_FILE) as store:
        store.add_class("Robins 1B")
    pilot = board(tmp_path, cache_dir, class_name="Robins 1B")
    try:
        open_all_kinds(pilot)
        pilot.tap_widget("ready")
        pilot.tap_widget("hands")
        assert pilot.scene.name == "hands"
        for _ in range(3):
            pilot.tap_widget("more-up")
        for _ in range(2):
            pilot.tap_widget("more-down")
        pilot.tap_widget("fewer-down")
        pilot.tap_widget("fewer-up")
        pilot.tap_widget("more-up")
        assert pilot.scene.widget("count-up").text == "3" and pilot.scene.widget("count-down").text == "1"
        pilot.tap_widget("hands-done")
        player = pilot.scene
        assert player.name == "player" and not player.record.tries, "counting hands is not a tap on an answer"
        assert player.widget("hands").fill != (255, 255, 255), "the hand button shows the count was taken"
        pilot.tap_widget("answer-up")  # and the teacher can still tap the class's answer
        assert player.record.solved
        pilot.app.ctx.recorder.flush()
        with ProgressStore(data_dir / STORE_FILE) as store:
            hands = {row["answer_id"]: row["count"] for row in store.hands_rows()}
            assert {row["class"] for row in store.hands_rows()} == {"Robins 1B"}
            answers = list(store.answer_rows())
        assert hands == {"up": 3, "down": 1}
        assert [row["answer_id"] for row in answers] == ["up"] and answers[0]["whole_class"] == 1
    finally:
        pilot.app.close()


def test_a_store_from_before_hands_is_migrated(tmp_path):
    assert SCHEMA_VERSION >= 3
    db = sqlite3.connect(str(tmp_path / STORE_FILE))
    for version in (1, 2):
        for statement in MIGRATIONS[version]:
            db.execute(statement)
    db.execute("PRAGMA user_version=2")
    db.execute("INSERT INTO attempts(id, lesson_id, letter, started) VALUES ('old', 'safe-password', 'safe', 'x')")
    db.commit()
    db.close()
    with ProgressStore(tmp_path / STORE_FILE) as store:
        store.record_hands("old", "q", "a", 12)
        assert [(row["answer_id"], row["count"]) for row in store.hands_rows()] == [("a", 12)]
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_show_of_hands_held_while_the_store_could_not_take_it_is_written_once(tmp_path):
    """Closed before the store took it (game/progress/held.py): the next start writes it, and only once."""
    from game.progress.commands import RecordHands, StartLesson
    from game.progress.held import HeldProgress
    from game.progress.service import Recorder

    store_path = tmp_path / "data" / STORE_FILE
    store_path.parent.mkdir()
    at = "2026-12-01T09:00:05.000+00:00"
    jobs = [StartLesson("h1", "safe-password", "safe", pupil_id=None, class_id=None, whole_class=True, at=at),
            RecordHands("h1", "q1", "up", 17, at=at),
            RecordHands("h1", "q1", "down", 12, at=at)]
    with ProgressStore(store_path) as store:  # the first hands row got in before the game stopped
        for job in jobs[:2]:
            job.apply(store)
    held = HeldProgress(store_path, [tmp_path / "cache"])
    held.hold(jobs)
    recorder = Recorder(store_path, held=held)
    assert recorder.flush()
    recorder.close()
    with ProgressStore(store_path) as store:
        assert [(row["answer_id"], row["count"]) for row in store.hands_rows()] == [("up", 17), ("down", 12)]

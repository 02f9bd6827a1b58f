"""Partial redraws: after any run of frames that repaint only what changed, the window must hold
exactly the pixels a full redraw of the same state gives.

Each check saves the window and a full redraw as PNGs and compares them pixel for pixel; each test
also checks that the frames really were partial (``pygame.display.update`` with rects, no flip),
so a comparison never passes only because everything was redrawn.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.access.look import BIGGER_WORDS, HIGH_CONTRAST, put_in_force
from game.frame import picture_load
from game.speech.narration import QuietNarrator
from game.scenes.reward import CELEBRATION_SECONDS
from game.scenes.widgets import Button
from game.authoring.tour import solve_scene
from tests.test_scene_kinds import ALL_KINDS, advance_to, open_all_kinds

SIZES = [(1280, 800), (1920, 1080)]


class Presented:
    """Counts what the frame loop sends to the display: full flips, and partial updates with their rects."""

    def __init__(self, monkeypatch) -> None:
        self.flips = 0
        self.updates: list[list[pygame.Rect]] = []
        flip, update = pygame.display.flip, pygame.display.update

        def counted_flip() -> None:
            self.flips += 1
            flip()

        def counted_update(rects=None) -> None:
            self.updates.append([pygame.Rect(rect) for rect in rects or []])
            update(rects)

        monkeypatch.setattr(pygame.display, "flip", counted_flip)
        monkeypatch.setattr(pygame.display, "update", counted_update)

    def reset(self) -> None:
        self.flips, self.updates = 0, []


@pytest.fixture
def presented(monkeypatch) -> Presented:
    return Presented(monkeypatch)


def assert_matches_full_redraw(pilot, folder: Path, label: str) -> None:
    """The window as the partial redraws left it, against the same state redrawn whole: as PNGs.

    A large change is put together over a few frames run back to back, and shown when whole
    (game/frame/compose.py): until then the window's pixels are half painted but not on show, so the
    frames that finish it are run first."""
    pilot.shown()
    window = pilot.app.screen
    full = pilot.scene.snapshot(window)
    shown, whole = folder / f"{label}-window.png", folder / f"{label}-full.png"
    pygame.image.save(window, str(shown))
    pygame.image.save(full, str(whole))
    shown_image, whole_image = pygame.image.load(str(shown)), pygame.image.load(str(whole))
    if pygame.image.tobytes(shown_image, "RGB") == pygame.image.tobytes(whole_image, "RGB"):
        return
    difference = shown_image.copy()  # |window - full| per channel, from two saturating subtractions
    difference.blit(whole_image, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    other_way = whole_image.copy()
    other_way.blit(shown_image, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    difference.blit(other_way, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
    differ = pygame.mask.from_threshold(difference, (0, 0, 0), (1, 1, 1, 255))
    differ.invert()
    boxes = differ.get_bounding_rects()
    raise AssertionError(f"{label}: the window differs from a full redraw in {boxes[:5]} (see {shown} and {whole})")


class CaptionNarrator(QuietNarrator):
    """Says nothing, but shows whatever caption the test sets."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: str | None = None

    @property
    def caption(self) -> str | None:
        return self.shown


@pytest.mark.parametrize("size", SIZES)
def test_a_button_press_flash_is_redrawn_in_place(make_pilot, presented, tmp_path, size):
    pilot = make_pilot(size=size)
    assert pilot.scene.name == "home"
    pilot.frames(2)
    presented.reset()
    speaker = pilot.scene.widget("speaker")
    finger = pilot.finger_down(speaker.rect.center)
    pilot.frames(1)
    assert speaker.flash > 0
    assert_matches_full_redraw(pilot, tmp_path, "pressed")
    pilot.finger_up(speaker.rect.center, finger)
    while speaker.flash > 0:
        pilot.frames(1)
    pilot.frames(1)
    assert_matches_full_redraw(pilot, tmp_path, "released")
    assert presented.flips == 0, "a press repaints the button, not the screen"
    drawn = [rect for rects in presented.updates for rect in rects]
    assert drawn and all(speaker.rect.inflate(speaker.rect.w // 2, speaker.rect.h // 2).contains(rect)
                         for rect in drawn), drawn


@pytest.mark.parametrize("size", SIZES)
def test_dragging_a_card_across_a_sort_scene(make_pilot, presented, tmp_path, size):
    pilot = open_all_kinds(make_pilot, size=size)
    advance_to(pilot, "sort")
    pilot.frames(15)  # the "next" flash is over
    sort = pilot.scene.scene
    item = sort.items[0]
    wrong = next(group for group in sort.groups if group.id != item.group)
    presented.reset()
    start = pilot.scene.widget(f"item-{item.id}").rect.center
    end = pilot.scene.widget(f"group-{wrong.id}").rect.center
    finger = pilot.finger_down(start)
    pilot.frames(1)
    for step in range(1, 13):
        point = (start[0] + (end[0] - start[0]) * step // 12, start[1] + (end[1] - start[1]) * step // 12)
        pilot.finger_move(point, finger)
        pilot.frames(1)
        card = pilot.scene.widget(f"item-{item.id}")  # the card on screen (pressing it picked it up: a rebuild)
        if step > 1:
            assert card.dragging, "the card on screen is the one being dragged"
            assert abs(card.rect.centerx - point[0]) <= 2 and abs(card.rect.centery - point[1]) <= 2, \
                "it follows the finger"
        assert_matches_full_redraw(pilot, tmp_path, f"drag-{step}")
    assert presented.flips == 0, "a drag repaints where the card was and is, not the screen"
    pilot.finger_up(end, finger)  # the wrong group: it goes back to the tray, with feedback
    pilot.frames(1)
    pilot.shown()  # a large change (the feedback comes) may be painted over a few frames, then shown whole
    assert pilot.scene.widget("feedback").text == item.feedback.text
    assert_matches_full_redraw(pilot, tmp_path, "dropped")
    pilot.frames(15)
    assert_matches_full_redraw(pilot, tmp_path, "settled")
    pilot.drag_widget(f"item-{item.id}", f"group-{item.group}", steps=8)  # and into its own group
    pilot.frames(15)
    assert pilot.scene.activity.placed == {item.id: item.group}
    assert_matches_full_redraw(pilot, tmp_path, "sorted")


@pytest.mark.parametrize("size", SIZES)
def test_confetti_frames(make_pilot, presented, tmp_path, size):
    pilot = open_all_kinds(make_pilot, size=size)
    for scene in pilot.scene.lesson.scenes:
        for _ in solve_scene(pilot, scene):
            pass
        pilot.tap_widget("next")
    assert pilot.scene.name == "reward"
    pilot.shown()
    assert pilot.scene.age == 0, "the celebration starts when it is on show"
    presented.reset()
    frames = 0
    while pilot.scene.animating:
        assert pilot.scene.age < CELEBRATION_SECONDS + 1
        pilot.frames(1)
        frames += 1
        if frames % 9 == 0:
            assert_matches_full_redraw(pilot, tmp_path, f"confetti-{frames}")
    pilot.frames(2)
    assert not pilot.scene.animating
    assert_matches_full_redraw(pilot, tmp_path, "confetti-over")
    assert len(presented.updates) > 60, "the celebration is drawn in partial updates"
    assert presented.flips <= 3, "confetti covers a few percent of the screen: full redraws are rare"


@pytest.mark.parametrize("size", SIZES)
def test_a_caption_coming_changing_and_going(make_pilot, presented, tmp_path, size):
    pilot = make_pilot(size=size, lesson_dirs=[ALL_KINDS])
    narrator = CaptionNarrator()
    pilot.app.ctx.narrator = narrator
    pilot.tap_widget("letter-tell")
    pilot.shown()
    pilot.frames(15)
    presented.reset()
    for label, text in (("first", "Tap a lesson to play."), ("second", "This one is about telling a grown-up."),
                        ("gone", None)):
        narrator.shown = text
        pilot.scene.dirty = True  # as a narrator's new line does (Scene.on_narration)
        pilot.frames(1)
        assert_matches_full_redraw(pilot, tmp_path, f"caption-{label}")
    assert presented.flips == 0
    assert len(presented.updates) == 3


def test_the_teacher_hold_ring_reaching_past_its_target(make_pilot, presented, tmp_path):
    pilot = make_pilot(size=(1280, 800))
    hold = pilot.scene.widget("teacher-hold")
    near_edge = (hold.rect.left + 4, hold.rect.top + 4)  # the ring, round the finger, crosses the edge
    pilot.frames(2)
    presented.reset()
    finger = pilot.finger_down(near_edge)
    for frame in range(20):
        pilot.frames(1)
        if frame % 5 == 4:
            assert_matches_full_redraw(pilot, tmp_path, f"hold-{frame}")
    pilot.finger_up(near_edge, finger)
    pilot.frames(2)
    assert_matches_full_redraw(pilot, tmp_path, "let-go")
    assert presented.flips == 0


def test_answers_judged_right_and_wrong(make_pilot, presented, tmp_path):
    """A rebuild (feedback, states) that leaves most of the screen alone is redrawn in part."""
    pilot = open_all_kinds(make_pilot)
    scene = pilot.scene.scene
    wrong = next(answer for answer in scene.answers if not answer.right)
    right = next(answer for answer in scene.answers if answer.right)
    pilot.frames(15)
    presented.reset()
    for answer in (wrong, right):
        pilot.tap_widget(f"answer-{answer.id}")
        assert_matches_full_redraw(pilot, tmp_path, f"answer-{answer.id}")
        pilot.frames(15)
        assert_matches_full_redraw(pilot, tmp_path, f"answer-{answer.id}-settled")
    assert presented.updates, "feedback repaints what changed"


def test_a_new_scene_and_a_resize_are_drawn_whole(make_pilot, presented, tmp_path):
    pilot = make_pilot(size=(1280, 800))
    presented.reset()
    pilot.tap_widget("letter-safe")
    pilot.shown()  # put together over a few frames, then shown whole
    assert presented.flips == 1
    assert_matches_full_redraw(pilot, tmp_path, "letter")
    presented.reset()
    pilot.resize((1024, 768))
    pilot.shown()
    assert presented.flips == 1
    assert_matches_full_redraw(pilot, tmp_path, "resized")
    pilot.tap_widget("home")
    pilot.shown()
    pilot.frames(15)
    assert_matches_full_redraw(pilot, tmp_path, "home-again")


@pytest.mark.parametrize("size", [(1280, 800), (3840, 2160)])
def test_every_widget_draws_only_inside_its_areas(make_pilot, size):
    """What partial redraws rely on: nothing a widget draws falls outside ``areas()``, in every state."""
    pilot = open_all_kinds(make_pilot, size=size)
    problems: list[str] = []
    screens = 0
    scratch = pygame.Surface(size)

    def check() -> None:
        nonlocal screens
        screens += 1
        scene = pilot.scene
        for widget in scene.widgets:
            if widget.visible:
                problems.extend(outside_areas(widget, scene.ctx, scratch))

    for scene in pilot.scene.lesson.scenes:
        check()
        for _ in solve_scene(pilot, scene):
            check()
            for widget in pilot.scene.widgets:
                if isinstance(widget, Button):  # the same card pressed, lit up and picked up
                    widget.flash, widget.highlighted = 0.1, True
            check()
            for widget in pilot.scene.widgets:
                if isinstance(widget, Button):
                    widget.flash, widget.highlighted = 0.0, False
        pilot.tap_widget("next")
    for age in (0.1, 0.5, 1.0, 2.0):
        pilot.scene.age = age
        check()
    assert screens > 10
    assert not problems, "\n".join(problems[:10])


def outside_areas(widget, ctx, surface: pygame.Surface) -> list[str]:
    """Where the widget, drawn alone on two plain grounds, changed pixels outside its areas.

    Only a neighbourhood is watched (the areas and the widget grown by half its size on every side):
    wide enough for any shadow, glow, ring or lifted card, and quick at 4K.
    """
    areas = widget.areas()
    watched = widget.rect.inflate(widget.rect.w + 64, widget.rect.h + 64).unionall(areas).clip(surface.get_rect())
    problems = []
    for ground in ((255, 0, 255), (0, 40, 0)):
        surface.set_clip(None)
        surface.fill(ground, watched)
        surface.set_clip(watched)
        widget.draw(surface, ctx)
        surface.set_clip(None)
        for area in areas:
            surface.fill(ground, area)
        view = surface.subsurface(watched)
        if pygame.image.tobytes(view, "RGB") == bytes(ground) * (watched.w * watched.h):
            continue
        touched = pygame.mask.from_threshold(view, ground, (1, 1, 1, 255))
        touched.invert()
        for box in touched.get_bounding_rects():
            problems.append(f"{type(widget).__name__} {widget.name}: drew at {box.move(watched.topleft)}, "
                            f"outside {areas}")
    return problems


def count_frame_loop_pictures(app, monkeypatch):
    """Note each picture drawn on the frame loop's thread for a frame, not by the preparer getting screens
    ready: returns the preparer's thread-local flag (``now`` while it works) and the list of pictures."""
    import threading

    preparing = threading.local()
    work = app.preparer.work
    load_picture = picture_load.load_picture
    drawn: list[str] = []

    def counted_work(top, until) -> None:
        preparing.now = True
        try:
            work(top, until)
        finally:
            preparing.now = False

    def counted(path, size, rasteriser=None):
        if threading.current_thread() is threading.main_thread() and not getattr(preparing, "now", False):
            drawn.append(f"{Path(path).name}@{size}")
        return load_picture(path, size, rasteriser)

    monkeypatch.setattr(app.preparer, "work", counted_work)
    monkeypatch.setattr(picture_load, "load_picture", counted)
    return preparing, drawn


def test_the_next_screen_is_ready_before_it_is_shown(make_pilot, monkeypatch):
    """While a scene is up, its feedback and the next scene are laid out and drawn ahead (game/frame/prepare.py):
    when the child answers and moves on, those frames render no words and draw no pictures."""
    pilot = open_all_kinds(make_pilot, size=(1920, 1080))
    app = pilot.app
    preparing, rasterised_here = count_frame_loop_pictures(app, monkeypatch)
    texts = app.ctx.text._cache
    put = texts.put
    rendered: list[object] = []

    def counted_put(key, value) -> None:
        if not getattr(preparing, "now", False):
            rendered.append(key)
        put(key, value)

    monkeypatch.setattr(texts, "put", counted_put)

    def settle() -> None:
        pilot.wait_until(lambda: not app.preparer.pending, timeout=30)

    scene = pilot.scene.scene
    settle()
    rasterised_here.clear()
    rendered.clear()
    for answer in [a for a in scene.answers if not a.right] + [next(a for a in scene.answers if a.right)]:
        pilot.tap_widget(f"answer-{answer.id}")
        assert pilot.scene.widget("feedback").text == answer.feedback.text
        assert not rendered, f"the feedback was ready: {rendered}"
        settle()
    pilot.tap_widget("next")
    assert pilot.scene.scene is not scene
    assert not rasterised_here, f"the next scene's pictures were drawn ahead: {rasterised_here}"
    assert not rendered, f"and its words: {rendered}"


def test_a_card_sorted_into_a_group_finds_its_pictures_ready(make_pilot, monkeypatch):
    """Each card sorted in makes a group's pictures smaller: those sizes are drawn ahead while the sort
    screen is up, so the frame of a drop draws no picture (at 4K it drew one or two: 5-10 ms)."""
    pilot = open_all_kinds(make_pilot, size=(1920, 1080))
    advance_to(pilot, "sort")
    app = pilot.app
    _, drawn_on_frame_loop = count_frame_loop_pictures(app, monkeypatch)
    scene = pilot.scene.scene
    assert len([item for item in scene.items if item.group == scene.items[0].group]) >= 2, "a group takes two cards"
    for item in scene.items:
        pilot.wait_until(lambda: not app.preparer.pending, timeout=30)
        pilot.drag_widget(f"item-{item.id}", f"group-{item.group}")
        pilot.frames(2)
        assert not drawn_on_frame_loop, f"dropping {item.id} drew {drawn_on_frame_loop} then"
    assert pilot.scene.activity.record.solved


def test_getting_ready_can_be_turned_off(make_pilot):
    pilot = make_pilot()
    app = pilot.app
    pilot.wait_until(lambda: not app.preparer.pending, timeout=30)  # what home got ready while it was on
    app.preparer.enabled = False
    lesson = app.ctx.library.for_letter("safe")[0]
    pilot.tap_widget("letter-safe")
    pilot.tap_widget(f"lesson-{lesson.id}")  # a lesson's screen has coming screens: the next scene at least
    assert pilot.scene.upcoming(app.ctx), "there would be something to get ready"
    pilot.shown()  # what the new screen needs is drawn for it, and no more
    pilot.frames(5)
    assert not app.preparer.pending


def test_every_letter_opens_ready_from_home(make_pilot, monkeypatch):
    """Home gets every letter's screen ready while the welcome is read: the first visit to a letter,
    once the slowest tap in the game, draws no picture and fits no words; neither does coming home."""
    pilot = make_pilot(size=(1920, 1080))
    app = pilot.app
    rasterised: list[str] = []
    load_picture = picture_load.load_picture

    def counted(path, size, rasteriser=None):
        rasterised.append(str(path))  # on any thread: the worker draws what a screen being shown lacks
        return load_picture(path, size, rasteriser)

    monkeypatch.setattr(picture_load, "load_picture", counted)
    texts = app.ctx.text._cache
    put = texts.put
    rendered: list[object] = []
    monkeypatch.setattr(texts, "put", lambda key, value: (rendered.append(key), put(key, value)))
    pilot.wait_until(lambda: not app.preparer.pending, timeout=30)
    assert rasterised, "the letters' pictures were drawn ahead, on home"
    for letter in ["tell", "safe", "reliable", "meeting", "accepting"]:
        rasterised.clear()
        rendered.clear()
        pilot.tap_widget(f"letter-{letter}")
        pilot.shown()
        assert pilot.scene.name == "letter" and pilot.scene.letter.key == letter
        assert not rasterised, f"{letter}: its pictures were ready: {rasterised}"
        assert not rendered, f"{letter}: and its words: {rendered}"
        pilot.tap_widget("home")
        pilot.shown()
        assert not rasterised, f"home again after {letter}: its pictures were still there: {rasterised}"
        pilot.wait_until(lambda: not app.preparer.pending, timeout=30)


def test_a_change_behind_an_unchanged_card_is_not_repainted():
    """Confetti falls behind the reward's cards: a piece wholly behind one changes no pixel, so only
    the pieces in the open, or at a card's rounded corner or edge, are repainted."""
    from game.frame.redraw import changed_areas, drawn
    from game.scenes.widgets import Panel, Widget

    class Piece(Widget):
        def look(self):
            return ("piece", tuple(self.rect))

    card = Panel("card", pygame.Rect(100, 100, 400, 300))
    inside, corner, edge, outside = (pygame.Rect(200, 200, 20, 30), pygame.Rect(101, 101, 10, 10),
                                     pygame.Rect(490, 200, 20, 30), pygame.Rect(600, 50, 20, 30))
    for rect in (inside, corner, edge, outside):
        piece = Piece("piece", rect)
        before = [drawn(piece), drawn(card)]
        piece.rect = rect.move(0, 5)
        after = [drawn(piece), drawn(card)]
        changed = changed_areas(before, after)
        if rect is inside:
            assert changed == [], "wholly behind the card: nothing to repaint"
        else:
            assert changed == [rect, rect.move(0, 5)], f"{rect}: where it was and is, as ever"
    piece = Piece("piece", inside)
    before = [drawn(card), drawn(piece)]  # over the card, not behind it
    piece.rect = inside.move(0, 5)
    assert changed_areas(before, [drawn(card), drawn(piece)]) == [inside, inside.move(0, 5)]


@pytest.mark.parametrize("access", [False, True], ids=["usual", "bigger-words-high-contrast"])
def test_a_card_dragged_on_the_board_repaints_only_its_move_in_each_frame(make_pilot, presented, monkeypatch, tmp_path,
                                                                          access):
    """On the board a sort card is large (at 4K 1.4 million pixels). Each move is painted in its own frame,
    however slow painting is reckoned to be (handed to the composer, the card fell a frame behind the finger
    and the drop's frame finished that job and painted all the drop changed at once: 15-23 ms at 4K), and
    only the strips around the card are repainted from the background up: under the card, nothing below
    it (the background, the groups, the other cards) is drawn again. The card carried is drawn over the other
    cards (it went under those after it in the tray). The pixels are a full redraw's."""
    pilot = make_pilot(size=(1920, 1080), lesson_dirs=[ALL_KINDS])
    app = pilot.app
    app.ctx.settings.whole_class, app.ctx.settings.talk_seconds = True, 0  # the board, no talk pause first
    if access:
        put_in_force(app.ctx, {BIGGER_WORDS.key: True, HIGH_CONTRAST.key: True})  # thick outlines, plain background
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-all-kinds")
    pilot.shown()
    advance_to(pilot, "sort")
    pilot.wait_until(lambda: not app.preparer.pending, timeout=30)
    pilot.frames(15)  # the "next" flash is over
    monkeypatch.setattr(app.composer.rate, "ms_of", lambda areas: 50.0)  # a slow tablet: no change looks small
    preparing, drawn_on_frame_loop = count_frame_loop_pictures(app, monkeypatch)
    started: list[object] = []
    start_composing = app.composer.start
    monkeypatch.setattr(app.composer, "start", lambda *args: (started.append(args[2]), start_composing(*args)))
    backgrounds = app.ctx.backgrounds
    from_background: list[pygame.Rect] = []
    draw_background = backgrounds.draw

    def counted_background(surface, size, top, bottom, rect=None):
        from_background.append(surface.get_rect() if rect is None else pygame.Rect(rect))
        return draw_background(surface, size, top, bottom, rect)

    monkeypatch.setattr(backgrounds, "draw", counted_background)
    sort = pilot.scene.scene
    item = sort.items[0]
    start = pilot.scene.widget(f"item-{item.id}").rect.center
    end = pilot.scene.widget(f"group-{item.group}").rect.center
    finger = pilot.finger_down(start)
    pilot.frames(1)
    pilot.shown()  # picking it up (lifted, outlined) may be put together
    steps = 10
    for step in range(1, steps + 1):
        point = (start[0] + (end[0] - start[0]) * step // steps, start[1] + (end[1] - start[1]) * step // steps)
        presented.reset()
        started.clear()
        from_background.clear()
        pilot.finger_move(point, finger)
        pilot.frames(1)
        card = pilot.scene.widget(f"item-{item.id}")
        if step == 1:
            continue  # within the drag threshold: a tap so far
        assert card.dragging
        assert abs(card.rect.centerx - point[0]) <= 2 and abs(card.rect.centery - point[1]) <= 2, "it follows the finger"
        order = [entry.widget.name for entry in pilot.scene.to_draw()]
        assert all(order.index(name) < order.index(card.name) for name in order if name.startswith(("item-", "group-"))
                   and name != card.name), f"the card carried is drawn over the others ({order})"
        assert not started and not app.composer.busy, f"move {step} was handed to the composer"
        shown = [rect for rects in presented.updates for rect in rects]
        now = card.areas()[0].clip(app.screen.get_rect())  # over its group it may reach past the screen's edge
        assert presented.flips == 0 and any(rect.contains(now) for rect in shown), \
            f"move {step}: the card where it is now was on show at the end of its frame ({shown})"
        card_pixels = card.rect.w * card.rect.h
        repainted = sum(rect.w * rect.h for rect in from_background)
        assert repainted < 0.35 * card_pixels, \
            f"move {step} repainted {repainted} px from the background up, for a card of {card_pixels} px"
        if step in (2, 7, steps):  # over the tray, on the way, over its group
            assert_matches_full_redraw(pilot, tmp_path, f"board-drag-{step}")
    pilot.finger_up(end, finger)
    pilot.frames(1)
    assert started, "the drop's larger change (the card sorted, the feedback) is put together over a few frames"
    pilot.shown()
    assert pilot.scene.activity.placed == {item.id: item.group}
    assert not drawn_on_frame_loop, f"the drag and drop drew {drawn_on_frame_loop} on the frame loop"
    assert_matches_full_redraw(pilot, tmp_path, "board-dropped")

"""Frames stay short at 4K because no unit of work in one is long: paints are cut to a cost learnt on
this machine (compose.PaintRate), long lines of words are drawn a run of words at a time
(frame.text.line_chunks), see-through pictures are made as units of their own, and a popping star
repaints itself only."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.frame.paint_rate import BAND_MS, PaintRate, bands
from game.frame.prepare import AheadPictures
from game.frame.text import CHUNK_MS, LINE_MS_PER_MPX, line_chunks
from game.scenes.reward import STAR_POP_SECONDS, RewardScene
from game.scenes.widgets import Button
from game.authoring.tour import solve_scene
from tests.test_scene_kinds import ALL_KINDS, open_all_kinds


def test_the_paint_rate_is_learnt_and_one_odd_paint_does_not_move_it():
    rate = PaintRate(ms_per_mpx=4.0, clock=lambda: 0.0)
    for _ in range(5):
        rate.learn(500_000, 5.0)  # 10 ms per million pixels: the machine is slower than the guess
    assert rate.ms_per_mpx == pytest.approx(10.0)
    rate.learn(500_000, 60.0)  # a paint that had to draw a picture: 120 ms per million, once
    assert rate.ms_per_mpx == pytest.approx(10.0)
    rate.learn(10_000, 50.0)  # too small to say anything about painting
    assert rate.ms_per_mpx == pytest.approx(10.0)
    for _ in range(9):
        rate.learn(1_000_000, 2.0)  # a faster spell: it comes down
    assert rate.ms_per_mpx == pytest.approx(2.0)


def test_bands_are_cut_to_cost_what_the_rate_says_one_band_of_painting_costs():
    area = pygame.Rect(0, 0, 3840, 2160)
    slow, fast = PaintRate(ms_per_mpx=8.0), PaintRate(ms_per_mpx=2.0)
    slow_bands, fast_bands = list(bands(area, slow)), list(bands(area, fast))
    for cut, rate in ((slow_bands, slow), (fast_bands, fast)):
        assert sum(band.h for band in cut) == area.h and all(band.w == area.w for band in cut)
        assert [band.y for band in cut] == sorted(band.y for band in cut)
        assert max(rate.ms(band.w * band.h) for band in cut) <= BAND_MS
    assert len(slow_bands) == pytest.approx(4 * len(fast_bands), rel=0.1)


def test_a_long_line_is_drawn_in_runs_of_words(make_pilot):
    pilot = make_pilot(size=(3840, 2160))
    text = pilot.app.ctx.text
    font = text.fonts.get(120)
    line = "Leo wants to share the photo of his new school jumper with everyone he plays with online"
    longest = int(CHUNK_MS * 1_000_000 / (LINE_MS_PER_MPX * font.get_linesize()))
    chunks = line_chunks(font, line, longest)
    assert len(chunks) >= 3, "a 4K line this long is several units"
    assert " ".join(run for _, run, _ in chunks) == line, "every word, once, in order"
    offsets = [offset for offset, _, _ in chunks]
    assert offsets == sorted(offsets) and offsets[0] == 0
    for (offset, run, width), (next_offset, _, _) in zip(chunks, chunks[1:]):
        assert width <= longest and offset + width < next_offset, "side by side, a space apart"
    costs = list(text.fit_units(line, (3400, 400), max_px=120))
    assert max(costs[1:]) <= CHUNK_MS, "no line of words is one long unit"
    fitted = text.fit(line, (3400, 400), max_px=120)
    assert fitted.get_bounding_rect().w > 2500, "the words are drawn, right across"


def test_a_wrong_answer_s_see_through_picture_is_made_before_it_is_painted(make_pilot, monkeypatch):
    pilot = open_all_kinds(make_pilot, size=(1920, 1080))
    pictures = pilot.app.ctx.pictures
    ahead = AheadPictures(pictures)
    icon = next(widget.icon for widget in pilot.scene.widgets if isinstance(widget, Button) and widget.icon)
    side = 240
    assert not pictures.has_variant("faded", icon, side, 150)
    ahead.faded(icon, side, 150)
    assert list(ahead.make_variants()) == [], "its picture is not in yet: it waits to be made when drawn"
    pictures.get(icon, side)
    ahead.faded(icon, side, 150)
    units = list(ahead.make_variants())
    assert len(units) == 1 and pictures.has_variant("faded", icon, side, 150)
    ahead.faded(icon, side, 150)
    assert list(ahead.make_variants()) == [], "made once"


def test_a_popping_star_repaints_only_itself(make_pilot):
    pilot = make_pilot(size=(1920, 1080))
    ctx = pilot.app.ctx
    lesson = ctx.library.for_letter("safe")[0]
    ctx.stack.push(RewardScene(ctx, lesson, 3))
    pilot.shown()
    scene = pilot.scene
    stars = [scene.widget(f"star-{number}") for number in (1, 2, 3)]
    scene.widget("confetti").visible = False  # only the stars are compared
    scene.invalidate()
    pilot.shown()
    while scene.age < STAR_POP_SECONDS * 1.5:  # the second star is half way through its pop
        pilot.frames(1)
    pilot.shown()
    entries, rects = scene.changes(pilot.app.screen)
    assert rects == []
    scene.age += 1 / 60
    entries, rects = scene.changes(pilot.app.screen)
    assert rects, "the popping star grows"
    assert all(stars[1].rect.contains(rect) for rect in rects), f"only the second star: {rects}"
    assert not any(rect.colliderect(stars[0].rect) or rect.colliderect(stars[2].rect) for rect in rects)



def test_a_small_change_needing_a_new_picture_is_put_together_not_drawn_on_the_frame_loop(make_pilot, monkeypatch,
                                                                                           tmp_path):
    """Painted at once, a small change drew its missing pictures on the frame loop (the monkey saw a
    107 ms frame: a dozen avatars). Now it waits for the worker, and is shown whole when they are in."""
    from tests.test_redraw import assert_matches_full_redraw, count_frame_loop_pictures

    pilot = make_pilot(size=(1280, 800))
    app = pilot.app
    pilot.wait_until(lambda: not app.preparer.pending, timeout=30)
    _, drawn_on_frame_loop = count_frame_loop_pictures(app, monkeypatch)
    button = pilot.scene.widget("letter-safe")
    new_icon = app.ctx.icon("certificate")
    assert new_icon != button.icon
    started: list = []
    start = app.composer.start
    monkeypatch.setattr(app.composer, "start", lambda scene, surface, areas=None: (
        started.append(areas), start(scene, surface, areas))[1])
    button.icon = new_icon  # a small change, with a picture nobody has drawn at this size
    pilot.scene.dirty = True
    pilot.frames(1)
    # Put together, not painted at once. (Whether it is still busy after this frame depends on how soon
    # the worker draws one small icon: on a quick machine it is in within the frame's 3 ms.)
    assert started and started[0] is not None, "the change was put together (its areas), not painted at once"
    assert any(area.colliderect(button.rect) for area in started[0])
    pilot.shown()
    assert not drawn_on_frame_loop, f"drawn on the frame loop: {drawn_on_frame_loop}"
    assert_matches_full_redraw(pilot, tmp_path, "new-icon")


def test_a_bilingual_text_at_sizes_not_drawn_before_is_fitted_in_short_units(make_pilot):
    """With Urdu on, fitting a story page's words tries sizes whose glyphs are new to the Noto font (HarfBuzz
    shapes each word, 0.1-0.3 ms a word): measured a few words at a time (fonts.warm_units), no unit is long.
    Before, one unit tried a size of both texts at once: 6 ms here, and frames of 10-12 ms as a T page opened."""
    import time

    from game.languages.home import use

    pilot = make_pilot(size=(1920, 1080))
    use(pilot.app.ctx, "ur")
    pilot.wait_until(lambda: pilot.app.ctx.home_language is not None, timeout=30)
    text = pilot.app.ctx.text
    lesson = next(lesson for lesson in pilot.app.ctx.library.lessons if lesson.id == "tell-worried-feeling")
    page = next(scene for scene in lesson.scenes if scene.kind == "story" and len(scene.lines) > 1)
    words = "\n".join(line.text for line in page.lines)
    assert text.home.translate(words), "the page has its Urdu translation"
    for box in ((1000, 560), (1111, 640)):  # sizes no screen has fitted it to
        text.home.fonts._fonts.clear()  # every size's glyphs new, as on a screen's first showing
        spent, units = [], text.fit_units(words, box, max_px=86)
        while True:
            started = time.thread_time()
            try:
                next(units)
            except StopIteration:
                break
            spent.append((time.thread_time() - started) * 1000)
        assert len(spent) > 8, "many short units"
        assert max(spent) < 3.0, f"a unit of {max(spent):.1f} ms"
    assert text.fit(words, (1000, 560), max_px=86).get_bounding_rect().h > 300, "both texts are drawn"


class _TickingClock:
    """``time`` as game/frame/text.py sees it: each reading 1 ms after the last, so what a frame spends on
    finding words' sizes is counted in sizes found (1 ms each), the same on any machine."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        self.now += 0.001
        return self.now


def sizes_found_per_frame(app, monkeypatch) -> tuple[list[int], list[str]]:
    """Count, for each frame, the words' sizes layouts found in it (``TextRenderer.fitting_size`` measuring
    words not measured before, one ``_WidthEstimate`` each): returns the counts and what each frame showed."""
    from game.frame import text as text_module

    monkeypatch.setattr(text_module, "time", _TickingClock(), raising=False)
    inside = [False]
    counts: list[int] = []
    shown: list[str] = []
    estimate = text_module._WidthEstimate

    class Counted(estimate):
        def __init__(self, *args, **kwargs) -> None:
            if inside[0] and counts:
                counts[-1] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(text_module, "_WidthEstimate", Counted)
    renderer = app.ctx.text
    fitting_size = renderer.fitting_size

    def counted_fitting_size(*args, **kwargs):
        inside[0] = True
        try:
            return fitting_size(*args, **kwargs)
        finally:
            inside[0] = False

    monkeypatch.setattr(renderer, "fitting_size", counted_fitting_size)
    step = app.step

    def counted_step(dt=None):
        counts.append(0)
        try:
            return step(dt)
        finally:
            top = app.stack.top
            shown.append(getattr(getattr(top, "scene", None), "kind", type(top).__name__))

    monkeypatch.setattr(app, "step", counted_step)
    return counts, shown


def laid_out(scene) -> list[tuple]:
    return [(widget.name, tuple(widget.rect), getattr(widget, "label_px", None), getattr(widget, "text", None),
             widget.visible) for widget in scene.widgets]


@pytest.mark.parametrize("whole_class", [True, False], ids=["board", "tablet"])
def test_no_frame_finds_more_than_a_few_words_sizes_as_a_scene_is_laid_out(make_pilot, monkeypatch, tmp_path,
                                                                           whole_class):
    """At 4K a sort on the board found some 40 sizes for its cards' and groups' words as it was laid out, all
    in the frame "next" was tapped in (9-11 ms), when the screen before had not been up long enough for the
    Preparer to find them first (a story page still moving its characters in). A layout on the frame loop now
    finds a frame's worth (TextRenderer.frame_fitting), guesses the rest and is laid out again in the next
    frames before it is shown. Here nothing is got ready ahead, so every scene kind's layout is found on the
    frame loop, and each frame finds two sizes at most (1 ms each on this test's clock), and every scene
    shown is laid out exactly as it is when laid out whole."""
    from game.engine.settings import Settings

    data_dir = tmp_path / "board"
    if whole_class:
        Settings(whole_class=True).save(data_dir)
    pilot = make_pilot(size=(3840, 2160), lesson_dirs=[ALL_KINDS], data_dir=data_dir)
    app = pilot.app
    app.preparer.enabled = False  # the worst case: the child taps on before anything is got ready
    counts, shown = sizes_found_per_frame(app, monkeypatch)
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-all-kinds")
    pilot.shown()
    kinds = []
    while True:
        scene = pilot.scene
        if scene.talking:  # the board's "talk to your partner" first
            pilot.tap_widget("ready")
            pilot.shown()
        kinds.append(scene.scene.kind)
        assert not scene.unsettled
        as_shown = laid_out(scene)
        scene.layout(scene.size)  # whole, off the frame loop: every size found
        assert laid_out(scene) == as_shown, f"{scene.scene.kind}: shown as laid out whole"
        for _ in solve_scene(pilot, scene.scene):
            pass
        if scene.index + 1 >= len(scene.lesson.scenes):
            break
        pilot.tap_widget("next")
        pilot.shown()
    assert {"sort", "tap-all", "hotspot", "feelings", "thumbs"} <= set(kinds)
    assert sum(counts) >= 10, "scenes were laid out with sizes found on the frame loop"
    busiest = max(range(len(counts)), key=counts.__getitem__)
    assert counts[busiest] <= 2, f"a frame showing {shown[busiest]} found {counts[busiest]} sizes"


def test_a_layout_that_never_settles_is_shown_laid_out_whole(make_pilot, monkeypatch):
    """A layout whose words change each time it is laid out would ask for new sizes for ever: after
    MOST_SETTLING_FRAMES it is laid out whole in one frame and shown, never left off the screen."""
    from game.engine.app import MOST_SETTLING_FRAMES

    pilot = make_pilot(size=(1280, 800))
    scene = pilot.scene
    build, laid = scene.build, [0]

    def build_with_new_words(screen) -> None:
        build(screen)
        laid[0] += 1
        for extra in range(3):  # words never measured before, each time
            scene.ctx.text.fitting_size(f"words {laid[0]} {extra}", (300, 80), 60)

    monkeypatch.setattr(scene, "build", build_with_new_words)
    fitting = pilot.app.ctx.text.frame_fitting  # a frame finds one size (none after the first), as on a slow tablet
    monkeypatch.setattr(pilot.app.ctx.text, "frame_fitting", lambda ms: fitting(ms if ms == float("inf") else 0.0))
    scene.relayout_soon()
    pilot.frames(MOST_SETTLING_FRAMES + 5)
    assert not scene.unsettled
    assert pilot.app._drawn_scene is scene

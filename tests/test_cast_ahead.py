"""The cast drawn ahead (game/cast/ahead.py): once the home screen takes taps, every lesson's characters are
drawn at the window's sizes into the cache folder by a niced render process, so opening a lesson never
waits for a character to be drawn for the first time, and a second start draws nothing."""

from concurrent.futures import Future
from pathlib import Path

from game.cast.ahead import CastAhead
from game.cast.pictures import png_path
from game.engine.app import App, Options
from game.engine.jobs import Jobs
from game.engine.pilot import Pilot
from game.lessons.letters import LETTERS
from game.speech.narration import QuietNarrator

SIZE = (1280, 800)


def start(cache: Path, data: Path) -> Pilot:
    options = Options(fullscreen=False, size=SIZE, cache_dir=cache, data_dir=data, record=False, whole_class=True)
    pilot = Pilot(App.create(options, narrator=QuietNarrator()))
    pilot.frames(1)
    pilot.lessons_read()
    pilot.shown()
    return pilot


def settle(pilot: Pilot) -> None:
    """Run frames, as a child listens to the welcome, until every lesson's cast is drawn ahead."""
    preparer, ahead = pilot.app.preparer, pilot.app.ctx.pictures.cast_ahead
    pilot.wait_until(lambda: preparer.looked_for_cast and ahead.idle, timeout=120)


def cast_on_screen(pilot: Pilot) -> set[Path]:
    return {widget.path for widget in pilot.scene.widgets
            if widget.visible and str(getattr(widget, "path", "")).endswith(".cast")}


def test_every_lessons_cast_is_drawn_ahead_and_a_lesson_opens_without_asking_for_one(tmp_path):
    cache = tmp_path / "cache"
    pilot = start(cache, tmp_path / "data")
    pictures = pilot.app.ctx.pictures
    try:
        assert pictures.cast_ahead.renderer.requests == 0, "nothing is drawn ahead before the home screen takes taps"
        settle(pilot)
        assert pictures.cast_ahead.drawn > 0 and pictures.cast_ahead.renderer.pids
        asked_by_screens = pictures.cast.requests
        shown: set[Path] = set()
        for letter in LETTERS:  # the first lesson of each letter, as a child opens it
            lessons = pilot.app.ctx.library.for_letter(letter.key)
            if not lessons:
                continue
            pilot.tap_widget(f"letter-{letter.key}")
            pilot.shown()
            pilot.tap_widget(f"lesson-{lessons[0].id}")
            pilot.shown()
            shown |= cast_on_screen(pilot)
            assert not pictures.standing_in
            assert pictures.cast.requests == asked_by_screens, \
                f"{lessons[0].id} waited for a character to be drawn when it was opened"
            pilot.tap_widget("next")  # the second screen was drawn ahead too (and asked for by the Preparer)
            pilot.shown()
            shown |= cast_on_screen(pilot)
            assert pictures.cast.requests == asked_by_screens, f"{lessons[0].id}'s second screen waited for a character"
            pilot.app.stack.home()
            pilot.shown()
        assert len(shown) >= 5, "the lessons opened showed characters (drawn ahead, from the cache folder)"
        assert all(path.parent == cache / "cast" for path in shown)
    finally:
        pilot.app.close()

    again = start(cache, tmp_path / "data")  # a second start: the drawings are kept in the cache folder
    try:
        settle(again)
        ahead = again.app.ctx.pictures.cast_ahead
        assert ahead.drawn == 0 and ahead.renderer.requests == 0, "a warm cache draws nothing again"
    finally:
        again.app.close()


class FakeRenderer:
    """Records what it is asked to draw; each drawing is finished by the test."""

    def __init__(self) -> None:
        self.asked: list[tuple[Path, int]] = []
        self.futures: list[Future] = []

    def submit(self, path: Path, size: int) -> Future:
        self.asked.append((path, size))
        self.futures.append(Future())
        return self.futures[-1]

    def close(self) -> None:
        pass


def test_drawing_ahead_goes_one_at_a_time_preferring_the_lessons_on_show(tmp_path):
    jobs = Jobs()
    renderer = FakeRenderer()
    ahead = CastAhead(jobs, renderer)  # type: ignore[arg-type]
    first, second, third = (tmp_path / f"{name}.cast" for name in ("a", "b", "c"))
    png_path(third, 700).write_bytes(b"drawn before")  # in the cache folder already: skipped
    ahead.add([(first, 700)], "lesson-1")
    jobs.join(5)
    ahead.add([(second, 700), (second, 760), (third, 700)], "lesson-2")  # 760: the same drawing as 700
    ahead.prefer(["lesson-2"])
    jobs.join(5)
    assert renderer.asked == [(first, 700)], "one drawing at a time: the rest wait"
    renderer.futures[0].set_result(png_path(first, 700))
    jobs.join(5)
    assert renderer.asked == [(first, 700), (second, 700)]
    assert not ahead.idle
    renderer.futures[1].set_result(png_path(second, 700))
    jobs.join(5)
    assert renderer.asked == [(first, 700), (second, 700)] and ahead.idle and ahead.drawn == 2
    ahead.add([(tmp_path / "d.cast", 100), (tmp_path / "e.cast", 100)], "lesson-3")
    jobs.join(5)  # d is being drawn
    ahead.add([(tmp_path / "f.cast", 100)], "lesson-4")
    ahead.prefer(["lesson-4"])
    jobs.join(5)
    renderer.futures[-1].set_result(None)
    jobs.join(5)
    assert [path.name for path, _ in renderer.asked[2:]] == ["d.cast", "f.cast"], "the preferred lesson next"
    jobs.shutdown()


def test_narrate_draws_the_cast_for_a_window_size_so_the_game_draws_none(tmp_path):
    """`play.py narrate` draws every lesson's cast for common window sizes (game/authoring/cast_ahead.py): a game
    then started at one of those sizes with that cache has nothing left to draw."""
    import io

    from game.authoring.cast_ahead import draw_cast_ahead

    cast_lessons = Path(__file__).resolve().parent / "lessons_cast"
    cache, log = tmp_path / "cache", io.StringIO()
    made = draw_cast_ahead(cache, [cast_lessons], [], log, sizes=((640, 400),))
    assert made > 0 and len(list((cache / "cast").glob("*.png"))) == made
    assert "the cast drawn for 640x400 windows" in log.getvalue()
    options = Options(fullscreen=False, size=(640, 400), lesson_dirs=[cast_lessons], cache_dir=cache,
                      data_dir=tmp_path / "data", record=False, whole_class=True)
    pilot = Pilot(App.create(options, narrator=QuietNarrator()))
    try:
        pilot.frames(1)
        pilot.lessons_read()
        settle(pilot)
        assert pilot.app.ctx.pictures.cast_ahead.drawn == 0 and pilot.app.ctx.pictures.cast_ahead.renderer.requests == 0
        pilot.tap_widget("letter-tell")
        pilot.tap_widget("lesson-the-cast")
        pilot.shown()
        assert cast_on_screen(pilot) and pilot.app.ctx.pictures.cast.requests == 0
    finally:
        pilot.app.close()


class FakeGameRenderer(FakeRenderer):
    """The game's own render process: busy while a drawing asked of it is not finished."""

    def start(self) -> None:
        pass

    def is_drawing(self, path: Path, size: int) -> bool:
        return any(asked == (path, size) and not future.done() for asked, future in zip(self.asked, self.futures))

    @property
    def drawing(self) -> bool:
        return any(not future.done() for future in self.futures)


def test_the_pictures_of_the_lesson_on_show_use_the_games_own_process_only_while_it_is_idle(tmp_path):
    jobs = Jobs()
    niced, own = FakeRenderer(), FakeGameRenderer()
    ahead = CastAhead(jobs, niced, beside=own)  # type: ignore[arg-type]
    ahead.prefer(["on-show"])
    ahead.add([(tmp_path / "a.cast", 100)], "elsewhere")
    jobs.join(5)
    assert len(niced.asked) == 1 and not own.asked, "every lesson's cast: the niced process"
    ahead.add([(tmp_path / "b.cast", 100), (tmp_path / "c.cast", 100)], "on-show")
    niced.futures[0].set_result(None)
    jobs.join(5)
    assert own.asked == [(tmp_path / "b.cast", 100)], "the lesson on show: the game's own, which had nothing to do"
    own.submit(tmp_path / "screen.cast", 100)  # a screen about to show needs a picture meanwhile
    own.futures[0].set_result(None)
    jobs.join(5)
    assert niced.asked[-1] == (tmp_path / "c.cast", 100), "the game's own is busy: the niced one draws it"
    own.futures[1].set_result(None)  # the screen's picture is drawn: the game's own is idle again
    niced.futures[-1].set_result(None)
    jobs.join(5)
    ahead.add([(tmp_path / "d.cast", 1500)], "on-show")
    jobs.join(5)
    assert niced.asked[-1] == (tmp_path / "d.cast", 1500) and len(own.asked) == 2, \
        "a long drawing (4K) is never lent: a screen about to show would wait behind it"
    jobs.shutdown()

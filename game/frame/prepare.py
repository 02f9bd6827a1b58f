"""Getting screens ready without holding up a frame: the words fitted and the pictures drawn first.

At 4K one large picture takes 13-25 ms to draw from its SVG and a wordy screen's text as long again,
so drawing a screen the moment it is first shown made that frame long. Two things use the pieces
here to spread that work over frames, a few milliseconds at a time:

- ``Preparer``: while a screen stays up (a child listens to it for seconds), the screen most likely to
  come next is laid out on a scratch copy and drawn onto nothing, so that its words are fitted into
  the text cache and its pictures drawn by a worker thread (``frame.picture_worker.AheadDrawer``) into the picture
  cache. When the child moves on, the new screen only has to be blitted.
- ``compose.Composer``: a screen that was not guessed gets the same treatment when it is chosen,
  while the last screen stays on show, and is then painted in bands (game/frame/compose.py).

Work is cut into units whose cost is known roughly beforehand (a text fit, converting one picture,
one widget drawn onto nothing): ``Budget`` starts a unit only if it fits in what is left of the
frame, so no frame runs long because of it. Nothing here changes what is shown: scratch screens are
never entered, and their drawing lands on a surface with nothing in its clip.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Protocol

import pygame

from ..cast.pictures import is_cast
from ..engine.input import wake_frame_loop
from .palette import INK

if TYPE_CHECKING:
    from ..engine.context import Context
    from .pictures import PictureCache
    from .text import TextRenderer

class Coming(Protocol):
    """What the Preparer needs of the scene on top (every ``Scene`` is one): its widgets, and the screens
    likely to come next (``upcoming``), each of which it lays out and draws onto nothing."""

    widgets: list
    layouts: int
    unsettled: bool  # laid out with some words' sizes guessed (its frame's time for them ran out)
    size: tuple[int, int]
    background: tuple[tuple[int, int, int], tuple[int, int, int]]

    def layout(self, size: tuple[int, int]) -> None: ...
    def upcoming(self, ctx: "Context") -> "list[Callable[[], Coming]]": ...


PREPARE_UNTIL_SECONDS = 0.003  # into a frame: getting the next screen ready stops here
WAIT = None  # a unit's cost when there is nothing to do but wait for the picture worker

# What units cost on a 2-core tablet-class machine, measured at 4K (a unit starts only if it fits):
CONVERT_MS_PER_MPX = 3.0  # converting a picture to the window's pixel format
VARIANT_MS_PER_MPX = 4.0  # copying a picture and fading or darkening it
SMALL_MS = 0.3  # laying out a screen, or drawing a widget onto nothing
LATER_SCREEN_MS = 1.0  # making, laying out and drawing onto nothing a lesson screen for its cast (0.5-1 ms at 4K)
# After a resize, the cast is looked for once the window has kept its new size this long: not at every size a
# window passes through while it is dragged bigger. (At start, as soon as the home screen's coming screens are ready.)
LATER_AFTER_SECONDS = 1.0
LAYOUT_FIT_MS = 2.0  # of a frame, for the sizes of words its layouts need (TextRenderer.frame_fitting)
SETTLE_MS = SMALL_MS + LAYOUT_FIT_MS  # laying a screen out again with more of its words' sizes found


def convert_ms(pixels: int) -> float:
    return CONVERT_MS_PER_MPX * pixels / 1_000_000


class Budget:
    """The time a frame may spend on work of this kind, from ``start`` (perf_counter seconds) for
    ``seconds``: a unit starts only if its cost fits in what is left. A unit larger than the whole
    budget (a huge picture's conversion) may start only first thing, in a frame that has done almost
    nothing else, so that work always moves on without a frame running long for it."""

    FIRST_UNIT_SLACK = 0.001  # s

    def __init__(self, start: float, seconds: float) -> None:
        self.start = start
        self.until = start + seconds
        self.spent_any = False

    def allows(self, cost_ms: float) -> bool:
        now = time.perf_counter()
        fits = now + cost_ms / 1000 <= self.until
        if fits or (not self.spent_any and now <= self.start + self.FIRST_UNIT_SLACK):
            self.spent_any = True
            return True
        return False

    @property
    def left(self) -> bool:
        return time.perf_counter() < self.until


class Steps:
    """Runs work cut into units within frame budgets. ``units`` is a generator that yields the cost
    (ms) of its next unit, or WAIT, before doing it, and does it when resumed."""

    def __init__(self, units: Iterator[float | None]) -> None:
        self._units: Iterator[float | None] | None = units
        self._next = self._advance()

    def _advance(self) -> float | None:
        try:
            return next(self._units)  # type: ignore[arg-type]
        except StopIteration:
            self._units = None
            return 0.0

    @property
    def done(self) -> bool:
        return self._units is None

    @property
    def waiting(self) -> bool:
        """Nothing can be done until the picture worker hands something back."""
        return not self.done and self._next is WAIT

    def run(self, budget: Budget) -> None:
        while not self.done:
            if self._next is WAIT:
                self._next = self._advance()  # ask again: what it waits for may have come back since
                if self._next is WAIT:
                    return
            elif budget.allows(self._next):
                self._next = self._advance()
            else:
                return


class AheadPictures:
    """The picture cache as a screen being got ready sees it: pictures not drawn yet are handed to
    the worker thread instead of being drawn here, and a blank stands in (it is drawn onto nothing).
    ``asked`` keeps the pictures asked for, so the screen can wait for exactly those."""

    def __init__(self, pictures: "PictureCache", urgent: bool = False) -> None:
        self._pictures = pictures
        self._urgent = urgent
        self._blank = pygame.Surface((1, 1), pygame.SRCALPHA)
        self.asked: set[tuple[Path, int]] = set()
        self.variants: list[tuple] = []  # see-through and darkened pictures asked for: (kind, path, size, *args)

    def get(self, path: Path, size: int) -> pygame.Surface:
        key = self._pictures.draw_ahead(path, size, self._urgent)
        if key is not None:
            self.asked.add(key)
        return self._blank

    def faded(self, path: Path, size: int, alpha: int) -> pygame.Surface:
        return self._variant("faded", path, size, alpha)

    def dimmed(self, path: Path, size: int, multiply, alpha: int) -> pygame.Surface:
        return self._variant("dimmed", path, size, tuple(multiply), alpha)

    def turned(self, path: Path, size: int, degrees: int) -> pygame.Surface:
        return self._variant("turned", path, size, degrees)

    def _variant(self, kind: str, path: Path, size: int, *args) -> pygame.Surface:
        if not self._pictures.has_variant(kind, path, size, *args):
            self.variants.append((kind, path, size, *args))
        return self.get(path, size)

    def make_variants(self) -> Iterator[float]:
        """Make each see-through or darkened picture asked for whose picture is in, a unit each (a
        copy of the picture and a pass over its pixels: 1-3 ms at 4K, too long to happen unplanned
        while a screen is painted)."""
        while self.variants:
            kind, path, size, *args = self.variants.pop(0)
            if self._pictures.has_variant(kind, path, size, *args) or not self._pictures.has(path, size):
                continue  # made already, or its picture is not in yet: it is made when first drawn
            yield VARIANT_MS_PER_MPX * size * size / 1_000_000
            getattr(self._pictures, kind)(path, size, *args)

    def still_drawing(self) -> bool:
        self.asked = {key for key in self.asked if self._pictures.drawing(key)}
        return bool(self.asked)

    @property
    def missing(self) -> set[Path]:
        return self._pictures.missing


class CastOnly(AheadPictures):
    """The picture cache as a screen laid out only for its cast sees it (``Preparer.later``): cast pictures
    are noted in ``cast``, nothing is asked for or drawn (those to draw go to game/cast/ahead.py)."""

    def __init__(self, pictures: "PictureCache") -> None:
        super().__init__(pictures)
        self.cast: list[tuple[Path, int]] = []

    def get(self, path: Path, size: int) -> pygame.Surface:
        if is_cast(path):
            self.cast.append((path, max(1, int(size))))
        return self._blank

    def _variant(self, kind: str, path: Path, size: int, *args) -> pygame.Surface:
        return self.get(path, size)


class AheadText:
    """The text renderer as a screen being got ready sees it: a text not fitted yet is noted (and a
    blank stands in), to be fitted later as a unit of its own, since one fit can take milliseconds."""

    def __init__(self, text: "TextRenderer") -> None:
        self._text = text
        self._blank = pygame.Surface((1, 1), pygame.SRCALPHA)
        self.asked: list[tuple] = []

    @property
    def fonts(self):
        return self._text.fonts

    @property
    def scale(self) -> float:
        return self._text.scale

    def fit(self, text: str, box: tuple[int, int], colour: tuple[int, int, int] = INK, max_px: float = 64,
            min_px: int = 10, align: str = "center") -> pygame.Surface:
        cached = self._text.cached(text, box, colour, max_px, align)
        if cached is not None:
            return cached
        self.asked.append((text, (int(box[0]), int(box[1])), colour, max_px, min_px, align))
        return self._blank

    def fitting_size(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10) -> int:
        return self._text.fitting_size(text, box, max_px, min_px)

    @property
    def shorts(self) -> int:
        return self._text.shorts

    @property
    def fitting_spent(self) -> bool:
        return self._text.fitting_spent

    def fit_asked(self) -> Iterator[float]:
        """Fit every text asked for, a unit at a time (its size, then each line)."""
        while self.asked:
            args = self.asked.pop(0)
            if self._text.cached(args[0], args[1], args[2], args[3], args[5]) is None:  # not asked twice
                yield from self._text.fit_units(*args)


class MeasuredLater(AheadText):
    """The text renderer as a screen laid out only for its cast sees it (``Preparer.later``): a size of words
    not found before is guessed (the smallest) and noted, to be found a unit at a time (``measure``) before
    the screen is laid out again, since a sort's board measures dozens of words (10-17 ms at once)."""

    FIT_MS = 0.1  # one size found: 0.02 ms mostly, 0.2 at the 95th percentile, 3 ms at most (4K)

    def __init__(self, text: "TextRenderer") -> None:
        super().__init__(text)
        self.sizes: list[tuple] = []  # to find
        self.found: dict[tuple, int] = {}  # kept here, not in the text cache, whose 512 places hold the words on show

    def fitting_size(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10) -> int:
        args = (text, (int(box[0]), int(box[1])), max_px, min_px)
        known = self.found.get(args)
        if known is None:
            known = self._text.known_fitting_size(text, box, max_px, min_px)
        if known is not None:
            return known
        self.sizes.append(args)
        return min_px

    def measure(self) -> Iterator[float]:
        while self.sizes:
            args = self.sizes.pop(0)
            if args not in self.found:
                yield self.FIT_MS
                self.found[args] = self._text.fitting_size_unkept(*args)


class Scratch:
    """A context for getting a screen ready: the real one, but with pictures and words put off."""

    def __init__(self, ctx: "Context", urgent: bool = False) -> None:
        self.pictures = AheadPictures(ctx.pictures, urgent)  # what the screen shows at once
        self.text = AheadText(ctx.text)
        self.ctx = dataclasses.replace(ctx, pictures=self.pictures, text=self.text)
        self.soon = dataclasses.replace(self.ctx, pictures=AheadPictures(ctx.pictures))  # in a moment: not waited for
        self.nowhere = pygame.Surface((1, 1))
        self.nowhere.set_clip(pygame.Rect(0, 0, 0, 0))  # every blit and card lands outside: nothing is drawn

    @property
    def asked_anything(self) -> bool:
        """What was drawn onto nothing asked for a picture, a see-through picture or words not ready yet."""
        return bool(self.pictures.asked or self.pictures.variants or self.text.asked)

    def draw_onto_nothing(self, widgets) -> Iterator[float]:
        """Each widget drawn onto nothing, a unit each: what it will need is asked for."""
        for widget in widgets:
            yield SMALL_MS
            widget.draw(self.nowhere, self.ctx)
            widget.draw_soon(self.nowhere, self.soon)



def take_pictures(pictures: "PictureCache", waiting_for: AheadPictures | None = None) -> Iterator[float | None]:
    """Take in the pictures back from the worker, a unit each (converting one); with ``waiting_for``,
    until every picture it asked for is in (WAIT while the worker is still drawing one)."""
    while True:
        pixels = pictures.next_drawn_pixels()
        if pixels:
            yield convert_ms(pixels)
            pictures.take_drawn()
        elif waiting_for is not None and waiting_for.still_drawing():
            yield WAIT
        else:
            return


class Preparer:
    """Works through the coming screen of whatever scene is on top, a unit at a time."""

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        ctx.pictures.on_drawn_ahead = wake_frame_loop
        self._planned_for: tuple | None = None  # (scene, its layout count, size) the plan was made for
        self.enabled = True  # off: every screen renders its words and pictures when first shown
        self._steps: Steps | None = None
        # Every screen a child may reach (every lesson's, set by the App), laid out onto nothing when nothing
        # nearer is left to do, only to have their cast drawn ahead at this window's sizes (game/cast/ahead.py).
        self.later: "Callable[[Context], list[tuple[str, Callable[[], Coming]]]] | None" = None
        self._later_for: tuple | None = None  # (size, lessons read) the cast was last looked for at
        self._later_seen: tuple[tuple | None, float] = (None, 0.0)  # (size, lessons read) on show, and since when
        self._later_steps: Steps | None = None
        self._preferring: object | None = None  # the scene whose cast_first was last put first

    @property
    def pending(self) -> bool:
        """Work left: screens to lay out, or pictures on (or back from) the worker."""
        return self._steps is not None or self.ctx.pictures.drawing_ahead

    @property
    def ready(self) -> bool:
        """Work the frame loop can do now (not just pictures still being drawn by the worker, which
        wakes the loop when one is done): while there is, the loop does not sleep."""
        later = self._later_steps is not None and not self._later_steps.waiting  # waiting: woken when it may go on
        return self._steps is not None or later or self.ctx.pictures.drawn_ahead

    @property
    def looked_for_cast(self) -> bool:
        """Every screen ``later`` names was looked through for its cast at the last size (tests, benches)."""
        return self._later_for is not None and self._later_steps is None

    def work(self, top: Coming, frame_started: float) -> None:
        """Prepare for ``top`` (planning afresh if it changed since) in what is left of the frame."""
        if not self.enabled:
            return
        # The scene itself (compared by identity, not a reusable id()); its coming screens may
        # change with a new layout and once the lessons are read.
        key = (top, top.layouts, top.size, self.ctx.library_ready)
        if key != self._planned_for:
            self._planned_for = key
            steps = Steps(self._plan(top))
            self._steps = None if steps.done else steps
        budget = Budget(frame_started, PREPARE_UNTIL_SECONDS)
        if not budget.left:
            return
        if self._steps is not None:
            try:
                self._steps.run(budget)
            except Exception:  # noqa: BLE001 - a head start only: whatever fails is drawn when it is shown
                self._steps = None
            if self._steps is not None and self._steps.done:
                self._steps = None
        if self._steps is None:
            Steps(take_pictures(self.ctx.pictures)).run(budget)
        if self._steps is None and self.later is not None and budget.left:
            self._work_later(top, budget)

    def _work_later(self, top: Coming, budget: Budget) -> None:
        """Look for the cast of every screen, once a window size, when the coming screens are ready."""
        ahead = self.ctx.pictures.cast_ahead
        if top is not self._preferring:
            self._preferring = top
            cast_first = getattr(top, "cast_first", None)
            ahead.prefer(cast_first() if cast_first is not None else [])
        key = (top.size, self.ctx.library_ready)
        if key != self._later_for:
            self._later_for, self._later_steps = None, None  # another size: what was looked for then is not wanted
            if not (self.ctx.library_ready and top.size[0] > 0 and top.size[1] > 0):
                return
            if self._later_seen[0] != key:
                first = self._later_seen[0] is None  # the game's first size: at once
                self._later_seen = (key, time.monotonic() - (LATER_AFTER_SECONDS if first else 0.0))
            if time.monotonic() - self._later_seen[1] < LATER_AFTER_SECONDS:
                return
            self._later_for = key
            ahead.start_over()
            self._later_steps = Steps(self._look_for_cast(top.size))
        if self._later_steps is not None:
            try:
                self._later_steps.run(budget)
            except Exception:  # noqa: BLE001 - a head start only: a cast picture not drawn ahead is drawn when shown
                self._later_steps = None
            if self._later_steps is not None and self._later_steps.done:
                self._later_steps = None

    def _look_for_cast(self, size: tuple[int, int]) -> Iterator[float | None]:
        """Each screen ``later`` names laid out at ``size`` and drawn onto nothing, a unit each; the cast
        pictures it shows handed to ``PictureCache.cast_ahead`` to be drawn in the cache folder."""
        assert self.later is not None
        pictures = CastOnly(self.ctx.pictures)
        text = MeasuredLater(self.ctx.text)
        ctx = dataclasses.replace(self.ctx, pictures=pictures, text=text)
        nowhere = pygame.Surface((1, 1))
        nowhere.set_clip(pygame.Rect(0, 0, 0, 0))
        for group, make in self.later(ctx):
            yield LATER_SCREEN_MS
            scene = make()
            for _ in range(3):  # laid out again once the sizes of words it guessed are found (their sizes move things)
                scene.layout(size)
                if not text.sizes:
                    break
                yield from text.measure()
                yield LATER_SCREEN_MS
            pictures.cast = []
            for widget in scene.widgets:
                if widget.visible:
                    widget.draw(nowhere, ctx)
                    widget.draw_soon(nowhere, ctx)
            text.asked.clear()
            if pictures.cast:
                self.ctx.pictures.cast_ahead.add(pictures.cast, group)
                pictures.cast = []

    def _plan(self, top: Coming) -> Iterator[float | None]:
        size = top.size
        if size[0] <= 0 or size[1] <= 0:
            return
        scratch = Scratch(self.ctx)
        for widget in [widget for widget in top.widgets if widget.visible]:
            yield SMALL_MS  # first what the screen on show will draw in a moment (a card sorted into a group)
            widget.draw_soon(scratch.nowhere, scratch.soon)
        for make in top.upcoming(scratch.ctx):
            yield SMALL_MS
            scene = make()
            yield SMALL_MS
            scene.layout(size)
            while scene.unsettled:  # this frame's time for finding sizes ran out: on in the next
                yield SETTLE_MS
                scene.layout(size)
            self.ctx.backgrounds.bands(size[1], *scene.background)
            yield from scratch.draw_onto_nothing([widget for widget in scene.widgets if widget.visible])
            yield from scratch.text.fit_asked()
            yield from take_pictures(self.ctx.pictures)
            yield from scratch.pictures.make_variants()
            yield from scratch.soon.pictures.make_variants()

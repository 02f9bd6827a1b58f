"""Cached drawing: fitted text, pictures at any size, and the game's shapes.

Text and pictures are rendered once per (content, size) and reused, so a frame
only blits. Layout changes (a resize) simply ask for new sizes.
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Hashable

import pygame

from .fonts import FontBook

INK = (40, 44, 72)
WHITE = (255, 255, 255)


class _Lru:
    """Least-recently-used cache, bounded by entries and, for surfaces, by pixels: a 4K screen's
    pictures are 16 times the size of a small tablet's, so a count alone would not bound memory.

    ``screens`` bounds the pixels by the window's own area instead (issue 7: memory): what one screen
    shows scales with the window, so this many windows' worth holds a screen and those just before it
    at any size, where a fixed count of pixels is either too small at 4K or hundreds of MB at 1080p."""

    def __init__(self, capacity: int, max_pixels: int | None = None, screens: float | None = None) -> None:
        self.capacity = capacity
        self.max_pixels = max_pixels
        self.screens = screens
        self.pixels = 0
        self.items: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable):
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: object) -> None:
        old = self.items.pop(key, None)
        self.pixels -= _pixels(old)
        self.items[key] = value
        self.pixels += _pixels(value)
        limit = self.max_pixels if self.screens is None else int(self.screens * _window_pixels())
        while len(self.items) > 1 and (len(self.items) > self.capacity or
                                       (limit is not None and self.pixels > limit)):
            _, dropped = self.items.popitem(last=False)
            self.pixels -= _pixels(dropped)


def _pixels(value: object) -> int:
    return value.get_width() * value.get_height() if isinstance(value, pygame.Surface) else 0


def _window_pixels() -> int:
    """The window's area in pixels (1920x1080's without a window: tools drawing off screen)."""
    display = pygame.display.get_surface()
    width, height = display.get_size() if display is not None else (1920, 1080)
    return max(1, width * height)


def for_display(surface: pygame.Surface, alpha: bool = True) -> pygame.Surface:
    """The surface in the window's pixel format, so blitting it is a plain copy or blend.

    SVG pictures come out of SDL_image as RGBA, the window is XRGB: blitting one unconverted
    converts every pixel every frame (38 ms for a 1200 px picture, 0.7 ms once converted).
    Without a window (a tool drawing off screen) the surface is kept as it is.
    """
    display = pygame.display.get_surface()
    if display is None:
        return surface
    if alpha:
        wanted = display.get_masks()[:3]
        if surface.get_flags() & pygame.SRCALPHA and surface.get_bitsize() == 32 and surface.get_masks()[:3] == wanted:
            return surface  # already ARGB over the window's RGB order (text, most PNGs): a copy would be wasted
        return surface.convert_alpha()
    if not surface.get_flags() & pygame.SRCALPHA and surface.get_bitsize() == display.get_bitsize() \
            and surface.get_masks() == display.get_masks():
        return surface
    return surface.convert()


def wrap_words(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Greedy word wrap. A single word wider than the box stays on its own line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if current and font.size(trial)[0] > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines


class TextRenderer:
    """Renders text that fits a box: wraps, then shrinks until it fits."""

    def __init__(self, fonts: FontBook) -> None:
        self.fonts = fonts
        self._cache = _Lru(512, screens=1.0)  # the wordiest screen's text is 0.4 of one: it and the next

    def fit(
        self,
        text: str,
        box: tuple[int, int],
        colour: tuple[int, int, int] = INK,
        max_px: int = 64,
        min_px: int = 10,
        align: str = "center",
    ) -> pygame.Surface:
        width, height = max(1, int(box[0])), max(1, int(box[1]))
        key = (text, width, height, colour, int(max_px), align)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        size = self.fitting_size(text, (width, height), max_px, min_px)
        font = self.fonts.get(size)
        lines = wrap_words(font, text, width)
        line_height = font.get_linesize()
        widest = max(font.size(line)[0] for line in lines)
        surface = pygame.Surface((min(widest, width), min(line_height * len(lines), height)), pygame.SRCALPHA)
        for index, line in enumerate(lines):
            if font.size(line)[0] == 0:
                continue  # e.g. a lone zero-width space wrapped onto its own line: SDL refuses zero-width text
            rendered = font.render(line, True, colour)
            if align == "left":
                x = 0
            else:
                x = (surface.get_width() - rendered.get_width()) // 2
            surface.blit(rendered, (x, index * line_height))
        self._cache.put(key, surface)
        return surface


    def fitting_size(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10) -> int:
        """The largest font size (<= max_px) at which the wrapped text fits the box."""
        width, height = max(1, int(box[0])), max(1, int(box[1]))
        key = ("size", text, width, height, int(max_px), min_px)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        size = max(min_px, int(max_px))
        while size > min_px:
            font = self.fonts.get(size)
            lines = wrap_words(font, text, width)
            widest = max(font.size(line)[0] for line in lines)
            if widest <= width and font.get_linesize() * len(lines) <= height:
                break
            size = max(min_px, int(size * 0.92))
        self._cache.put(key, size)
        return size


class PictureCache:
    """Pictures (SVG or PNG) scaled to fit a square, rendered once per size."""

    def __init__(self) -> None:
        self._cache = _Lru(256, screens=1.0)  # the most pictured screen's are 0.35 of one: it and the next
        self.missing: set[Path] = set()  # pictures that could not be drawn (deleted after loading): for the teacher
        self._ahead: AheadDrawer | None = None  # started on the first draw_ahead
        self.on_drawn_ahead: Callable[[], None] | None = None  # told on the worker thread as each is done

    def faded(self, path: Path, size: int, alpha: int) -> pygame.Surface:
        """The picture drawn see-through (a wrong answer, an unearned star's slot), made once per size."""
        key = ("faded", path, max(1, int(size)), alpha)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.get(path, size).copy()
            cached.set_alpha(alpha)
            self._cache.put(key, cached)
        return cached

    def dimmed(self, path: Path, size: int, multiply: tuple[int, int, int, int], alpha: int) -> pygame.Surface:
        """The picture darkened (multiplied) and see-through: an empty slot's grey star, made once per size."""
        key = ("dimmed", path, max(1, int(size)), multiply, alpha)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.get(path, size).copy()
            cached.fill(multiply, special_flags=pygame.BLEND_RGBA_MULT)
            cached.set_alpha(alpha)
            self._cache.put(key, cached)
        return cached

    def get(self, path: Path, size: int) -> pygame.Surface:
        size = max(1, int(size))
        key = (path, size)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        try:
            ready = self._ahead.take(key) if self._ahead is not None else None
            surface = ready if ready is not None else self._ahead_lock_load(path, size)
        except (pygame.error, OSError, FileNotFoundError):
            surface = missing_picture(size)
            self.missing.add(path)
        surface = for_display(surface)
        self._cache.put(key, surface)
        return surface

    def _ahead_lock_load(self, path: Path, size: int) -> pygame.Surface:
        if self._ahead is None:
            return _load_picture(path, size)
        with self._ahead.lock:  # never two SVG rasterisations at once (see AheadDrawer)
            return _load_picture(path, size)

    # -- drawing ahead, off the frame loop (game/prepare.py) -----------------------------------
    def draw_ahead(self, path: Path, size: int) -> None:
        """Start drawing a picture a coming screen will need, on a worker thread: ``get`` takes it."""
        size = max(1, int(size))
        if self._cache.get((path, size)) is not None:
            return
        if self._ahead is None:
            self._ahead = AheadDrawer(self.on_drawn_ahead)
        self._ahead.request((path, size))

    def take_drawn(self) -> bool:
        """Put one picture the worker finished into the cache (converted to the window's format, which
        only this, the frame loop's thread, may do). True if there was one."""
        finished = self._ahead.finished() if self._ahead is not None else None
        if finished is None:
            return False
        key, surface = finished
        if self._cache.get(key) is None and surface is not None:
            self._cache.put(key, for_display(surface))
        return True

    @property
    def drawing_ahead(self) -> bool:
        """Pictures asked for and not yet taken in."""
        return self._ahead is not None and self._ahead.busy

    @property
    def drawn_ahead(self) -> bool:
        """Pictures back from the worker, waiting for ``take_drawn``."""
        return self._ahead is not None and self._ahead.has_finished


def _load_picture(path: Path, size: int) -> pygame.Surface:
    """A picture read and drawn to fit a square of ``size`` pixels, in whatever format it comes."""
    if path.suffix.lower() == ".svg":
        return pygame.image.load_sized_svg(str(path), (size, size))
    image = pygame.image.load(str(path))
    if image.get_bitsize() < 24:  # smoothscale needs 24/32-bit pixels
        full = pygame.Surface(image.get_size(), pygame.SRCALPHA)
        full.blit(image, (0, 0))
        image = full
    scale = size / max(image.get_width(), image.get_height())
    new_size = (max(1, round(image.get_width() * scale)), max(1, round(image.get_height() * scale)))
    return pygame.transform.smoothscale(image, new_size)


class AheadDrawer:
    """One worker thread drawing pictures before they are needed.

    Why it is safe: the worker only reads a file and rasterises it into a new surface no other thread
    can see until it is handed over (``finished``/``take``, under a lock); it never touches the window,
    the caches or fonts. ``lock`` lets only one rasterisation run at a time in the whole game, so
    SDL_image's SVG code is never run by two threads at once. Converting to the window's format stays
    on the frame loop's thread (``PictureCache.take_drawn``): pygame holds Python's lock while
    converting, so doing it here would gain nothing. A picture that fails is simply dropped: ``get``
    draws it, or notes it missing, when it is needed.
    What it costs the frame loop: pygame lets go of Python's lock for most of an SVG rasterisation but
    not all of it (measured: the loop was held up for about 45% of the worker's busy time, in stretches
    of up to 8 ms), so the work is moved off the frame loop only in part; it is asked for while the
    screen is quiet (game/prepare.py), when a longer frame shows nothing.
    """

    def __init__(self, on_done: Callable[[], None] | None = None) -> None:
        self.on_done = on_done  # told (on the worker thread) after each picture: wakes a sleeping frame loop
        self.lock = threading.Lock()  # held around every rasterisation, on either thread
        self._state = threading.Lock()  # guards the three collections below
        self._queue: queue.Queue[tuple[Path, int]] = queue.Queue()
        self._wanted: set[tuple[Path, int]] = set()  # requested and not yet taken
        self._done: dict[tuple[Path, int], pygame.Surface | None] = {}
        self._working: tuple[Path, int] | None = None
        self._worker = threading.Thread(target=self._run, name="draw-ahead", daemon=True)
        self._worker.start()

    @property
    def busy(self) -> bool:
        with self._state:
            return bool(self._wanted)

    @property
    def has_finished(self) -> bool:
        with self._state:
            return bool(self._done)

    def request(self, key: tuple[Path, int]) -> None:
        with self._state:
            if key in self._wanted:
                return
            self._wanted.add(key)
        self._queue.put(key)

    def finished(self) -> tuple[tuple[Path, int], pygame.Surface | None] | None:
        with self._state:
            if not self._done:
                return None
            key = next(iter(self._done))
            self._wanted.discard(key)
            return key, self._done.pop(key)

    def take(self, key: tuple[Path, int]) -> pygame.Surface | None:
        """The picture if the worker has it or is drawing it now (waiting for it: sooner than starting
        again); None if it is not being drawn (then nothing waits: the caller draws it)."""
        while True:
            with self._state:
                if key in self._done:
                    self._wanted.discard(key)
                    return self._done.pop(key)
                if self._working != key:
                    self._wanted.discard(key)  # still queued: the worker will skip it
                    return None
            with self.lock:  # the worker holds it while drawing this very picture: wait for it
                pass

    def _run(self) -> None:
        while True:
            key = self._queue.get()
            with self._state:
                if key not in self._wanted:
                    continue  # taken (drawn by the frame loop itself) before its turn came
                self._working = key
            surface: pygame.Surface | None = None
            try:
                with self.lock:
                    surface = _load_picture(*key)
            except Exception:  # noqa: BLE001 - drawing ahead is only a head start: any failure, get() retries
                surface = None
            finally:
                with self._state:
                    self._working = None
                    if key in self._wanted:
                        self._done[key] = surface
                if self.on_done is not None:
                    self.on_done()


def missing_picture(size: int) -> pygame.Surface:
    """A calm grey placeholder frame: a deleted picture must not crash a lesson."""
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.rect(surface, (200, 204, 214), surface.get_rect(), width=max(2, size // 20),
                     border_radius=size // 8)
    return surface


def shade(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """Lighten (amount > 0) or darken (amount < 0) a colour."""
    if amount >= 0:
        return tuple(int(c + (255 - c) * amount) for c in colour)  # type: ignore[return-value]
    return tuple(int(c * (1 + amount)) for c in colour)  # type: ignore[return-value]


def draw_card(
    surface: pygame.Surface,
    rect: pygame.Rect,
    fill: tuple[int, int, int],
    border: tuple[int, int, int] | None = None,
    radius_frac: float = 0.12,
    lifted: bool = True,
) -> None:
    """A rounded card with a soft drop shadow: the look of everything tappable.

    Kept once drawn per (size, colours, shape) and then only blitted: rounded rectangles cost up to
    1.4 ms each at 4K, redrawn in part they cost nearly as much, and a partial redraw may pass over a
    card many times (falling confetti). The kept card is opaque with a colour key (pygame draws hard
    edges), so its blit is a copy, and pixel for pixel what drawing it gives.
    """
    if rect.w <= 0 or rect.h <= 0 or not surface.get_clip().colliderect(card_bounds(rect, lifted)):
        return  # nothing of it would show (clipped away): not even worth looking up
    key = (rect.size, tuple(fill), tuple(border) if border is not None else None, radius_frac, lifted)
    card = _CARDS.get(key)
    if isinstance(card, pygame.Surface):
        surface.blit(card, rect.topleft)
        return
    # Making the copy costs more than drawing the card (3.8 ms against 1.4 ms for a large 4K card), so it
    # is made on the third drawing: most cards are drawn once or twice (a new screen, an answer judged),
    # while those under falling confetti or a dragged card are drawn again every frame.
    uses = card or 0
    if uses < CARD_USES_BEFORE_KEEPING:
        _CARDS.put(key, uses + 1)
        _paint_card(surface, rect, fill, border, radius_frac, lifted)
        return
    card = _card_surface(rect.size, fill, border, radius_frac, lifted)
    _CARDS.put(key, card)
    surface.blit(card, rect.topleft)


CARD_USES_BEFORE_KEEPING = 2


def card_bounds(rect: pygame.Rect, lifted: bool = True) -> pygame.Rect:
    """Where draw_card puts pixels: the card and, lifted, its shadow below it."""
    return rect.union(rect.move(0, max(2, rect.h // 40))) if lifted else pygame.Rect(rect)


_CARDS = _Lru(160, screens=1.0)  # card surfaces, or how often a card not (yet) kept was drawn


def _paint_card(surface: pygame.Surface, rect: pygame.Rect, fill, border, radius_frac: float, lifted: bool) -> None:
    radius = max(4, int(min(rect.w, rect.h) * radius_frac))
    if lifted:
        pygame.draw.rect(surface, shade(fill, -0.35), rect.move(0, max(2, rect.h // 40)), border_radius=radius)
    pygame.draw.rect(surface, fill, rect, border_radius=radius)
    if border is not None:
        pygame.draw.rect(surface, border, rect, width=max(3, min(rect.w, rect.h) // 28), border_radius=radius)


def _card_surface(size: tuple[int, int], fill, border, radius_frac: float, lifted: bool) -> pygame.Surface:
    """The card drawn once on a colour-keyed surface in the window's format: blitting it is a copy."""
    rect = pygame.Rect((0, 0), size)
    used = {tuple(fill), tuple(border or fill), shade(fill, -0.35)}
    key = next(colour for colour in ((255, 0, 255), (0, 255, 1), (1, 2, 3)) if colour not in used)
    card = pygame.Surface(card_bounds(rect, lifted).size)  # no flags: the window's own pixel format
    card.fill(key)
    _paint_card(card, rect, fill, border, radius_frac, lifted)
    card = for_display(card, alpha=False)
    card.set_colorkey(key)
    return card


def vertical_gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> pygame.Surface:
    """A smooth background, drawn as a 2-pixel strip and scaled up (fast at 4K)."""
    strip = pygame.Surface((1, 2))
    strip.set_at((0, 0), top)
    strip.set_at((0, 1), bottom)
    return for_display(pygame.transform.smoothscale(strip, size), alpha=False)

"""Cached drawing: fitted text, pictures at any size, and the game's shapes.

Text and pictures are rendered once per (content, size) and reused, so a frame
only blits. Layout changes (a resize) simply ask for new sizes.
"""

from __future__ import annotations

import contextlib
import functools
import mmap
import sys
import threading
from collections import OrderedDict, deque
from pathlib import Path
from typing import Callable, Hashable, Iterator

import pygame

from .cast_pictures import CastNotDrawn, CastRenderer, is_cast, png_path
from .fonts import FontBook, warm_units
from .native.svg import SvgRasteriser

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
    if display_ready(surface, alpha):
        return surface
    if alpha:
        return surface.convert_alpha()
    return surface.convert()


def display_ready(surface: pygame.Surface, alpha: bool = True) -> bool:
    """Already in the pixel format ``for_display`` would give (or there is no window to match)."""
    display = pygame.display.get_surface()
    if display is None:
        return True
    if alpha:  # ARGB over the window's RGB order (text, most PNGs): a copy would be wasted
        return bool(surface.get_flags() & pygame.SRCALPHA) and surface.get_bitsize() == 32 \
            and surface.get_masks()[:3] == display.get_masks()[:3]
    return not surface.get_flags() & pygame.SRCALPHA and surface.get_bitsize() == display.get_bitsize() \
        and surface.get_masks() == display.get_masks()


def blank_display_picture(size: tuple[int, int]) -> pygame.Surface:
    """A new transparent surface in the window's picture format, made in no time.

    SDL clears every new surface's pixels itself: 9 ms for a large 4K picture, all at once. Pixels
    in an anonymous memory map are zero already and only cost anything when first written (and go
    straight back to the system when the surface is dropped). Used where the window's picture format
    is plain ARGB ("BGRA" in memory), as it is on every desktop; otherwise SDL makes it."""
    masks = pygame.Surface((1, 1), pygame.SRCALPHA).convert_alpha().get_masks()
    if masks == ARGB_MASKS and size[0] > 0 and size[1] > 0:
        return pygame.image.frombuffer(mmap.mmap(-1, size[0] * size[1] * 4), size, "BGRA")
    return pygame.Surface(size, pygame.SRCALPHA, 32, masks)


ARGB_MASKS = (0xFF0000, 0xFF00, 0xFF, 0xFF000000)
STRIP_PIXELS = 300_000  # converted at a time: 1-2 ms


class StripConversion:
    """A picture converted to the window's format a strip of rows at a time.

    Converting a large 4K picture at once takes 10-15 ms (16 MB of new pixels, each touched for the
    first time); strip by strip, each step is short enough to share a frame. Each strip is converted
    on its own and copied into place unblended (blend mode none): the same pixels as converting it whole.
    """

    def __init__(self, key: Hashable, source: pygame.Surface) -> None:
        self.key = key
        self.source = source
        self.target = blank_display_picture(source.get_size())
        self.rows_per_strip = max(1, STRIP_PIXELS // max(1, source.get_width()))
        self.row = 0

    @property
    def next_pixels(self) -> int:
        return self.source.get_width() * min(self.rows_per_strip, self.source.get_height() - self.row)

    def step(self) -> bool:
        """Convert the next strip; True once the whole picture is done."""
        width, height = self.source.get_size()
        rows = min(self.rows_per_strip, height - self.row)
        if rows > 0:
            strip = self.source.subsurface((0, self.row, width, rows)).convert_alpha()
            strip.set_alpha(None)  # copied as it is, alpha and all, not blended onto the blank target
            self.target.blit(strip, (0, self.row))
            self.row += rows
        return self.row >= height

    def finish(self) -> pygame.Surface:
        while not self.step():
            pass
        return self.target


def line_chunks(font: pygame.font.Font, line: str, longest: int) -> list[tuple[int, str, int]]:
    """A line cut at spaces into runs of words at most ``longest`` pixels wide (a wider word is a run
    of its own), as (x, run, run's width): drawn one at a time, a long line at 4K is a few short
    units, not one of 5-8 ms. Each run is placed where the line up to it ends, which can differ from
    drawing the line whole by a pixel of word spacing (in 18 of the 1,773 lesson lines at three sizes
    that were compared; the rest were identical)."""
    if font.size(line)[0] <= longest:
        return [(0, line, font.size(line)[0])]
    runs: list[str] = []
    current = ""
    for word in line.split(" "):
        trial = f"{current} {word}" if current else word
        if current and font.size(trial)[0] > longest:
            runs.append(current + " ")
            current = word
        else:
            current = trial
    runs.append(current)
    chunks, before = [], ""
    for run in runs:
        words = run.rstrip(" ")
        if words:
            chunks.append((font.size(before)[0] if before else 0, words, font.size(words)[0]))
        before += run
    return chunks


def blank_text_surface(size: tuple[int, int]) -> pygame.Surface:
    """A new transparent surface for words, made in no time (see ``blank_display_picture``: SDL
    clears a new surface itself, 2-3 ms for a wordy 4K text box, before a word is drawn)."""
    if size[0] > 0 and size[1] > 0 and _srcalpha_is_argb():
        return pygame.image.frombuffer(mmap.mmap(-1, size[0] * size[1] * 4), size, "BGRA")
    return pygame.Surface(size, pygame.SRCALPHA)


@functools.lru_cache(maxsize=1)
def _srcalpha_is_argb() -> bool:
    """pygame's own transparent surfaces are plain ARGB ("BGRA" in memory) here, as on every desktop."""
    return pygame.Surface((1, 1), pygame.SRCALPHA).get_masks() == ARGB_MASKS and sys.byteorder == "little"


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
    """Renders text that fits a box: wraps, then shrinks until it fits.

    With a home language on (``home``, game/languages/home.py), a text that has a translation is drawn
    with it underneath, in a font that draws its script (shaped, in its direction); a text with letters
    Fredoka lacks (a name such as Nguyễn) is drawn in Noto Sans, which has them."""

    def __init__(self, fonts: FontBook) -> None:
        self.fonts = fonts
        self.home = None  # a HomeText, or None: English alone
        self._latin = None  # Noto Sans, opened when a text first needs a letter Fredoka lacks
        self._cache = _Lru(512, screens=1.0)  # the wordiest screen's text is 0.4 of one: it and the next
        # Every text's largest size is multiplied by this: "bigger words" for low vision (game/access_look.py).
        # The one place sizes are decided, so every screen's words grow, each still fitted to its box.
        self.scale = 1.0

    def _scaled(self, max_px: float) -> float:
        """``max_px`` with bigger words (a hair over, so a size divided by the scale comes back whole)."""
        return max_px if self.scale == 1.0 else max_px * self.scale + 1e-6

    def _home_key(self) -> Hashable:
        return None if self.home is None else self.home.key

    def fit(
        self,
        text: str,
        box: tuple[int, int],
        colour: tuple[int, int, int] = INK,
        max_px: float = 64,
        min_px: int = 10,
        align: str = "center",
    ) -> pygame.Surface:
        cached = self.cached(text, box, colour, max_px, align)
        if cached is not None:
            return cached
        for _ in self.fit_units(text, box, colour, max_px, min_px, align):
            pass
        surface = self.cached(text, box, colour, max_px, align)  # the cache always keeps what it was just given
        assert surface is not None
        return surface

    def fit_units(self, text: str, box: tuple[int, int], colour: tuple[int, int, int] = INK, max_px: float = 64,
                  min_px: int = 10, align: str = "center") -> Iterator[float]:
        """``fit`` a unit at a time (yielding each next unit's cost in ms first): finding the size, then
        drawing each line. A wordy text at 4K takes 10-20 ms in all, too long for one frame's spare time."""
        width, height = max(1, int(box[0])), max(1, int(box[1]))
        max_px = self._scaled(max_px)
        key = (text, width, height, colour, int(max_px), align, self._home_key())
        yield SIZE_FIT_MS
        home = self.home
        translated = home.translate(text) if home is not None else None
        if translated:
            surface = yield from self._bilingual(text, translated, width, height, colour, max_px, min_px, align)
        elif home is not None and home.is_home(text):  # a home-language caption: its own script's font
            surface = yield from self._draw(text, width, height, colour, max_px, min_px, align, home.fonts, home.rtl)
        else:
            surface = yield from self._draw(text, width, height, colour, max_px, min_px, align, self._book_for(text))
        self._cache.put(key, surface)

    def _draw(self, text: str, width: int, height: int, colour: tuple[int, int, int], max_px: float, min_px: int,
              align: str, book, rtl: bool = False) -> Iterator[float]:
        """Draw ``text`` with ``book``'s fonts; ``max_px`` is scaled for bigger words already."""
        size = yield from self._fitting_size_units(text, (width, height), max_px, min_px, book)
        font = book.get(size)
        lines = wrap_words(font, text, width)
        line_height = font.get_linesize()
        widths = [font.size(line)[0] for line in lines]
        surface = blank_text_surface((min(max(widths), width), min(line_height * len(lines), height)))
        longest = max(1, int(CHUNK_MS * 1_000_000 / (LINE_MS_PER_MPX * line_height)))
        for index, line in enumerate(lines):
            if widths[index] == 0:
                continue  # e.g. a lone zero-width space wrapped onto its own line: SDL refuses zero-width text
            if align == "left":
                x = surface.get_width() - widths[index] if rtl else 0
            else:
                x = (surface.get_width() - widths[index]) // 2
            if rtl:  # shaped as a whole line: cut into runs, right-to-left words would come out in the wrong order
                yield LINE_MS_PER_MPX * widths[index] * line_height / 1_000_000
                surface.blit(font.render(line, True, colour), (x, index * line_height))
                continue
            for offset, chunk, chunk_width in line_chunks(font, line, longest):
                yield LINE_MS_PER_MPX * chunk_width * line_height / 1_000_000
                surface.blit(font.render(chunk, True, colour), (x + offset, index * line_height))
        return surface

    def _bilingual(self, text: str, translated: str, width: int, height: int, colour: tuple[int, int, int],
                   max_px: float, min_px: int, align: str) -> Iterator[float]:
        """The English above, the home language under it (a little smaller, in its own colour and font)."""
        from .languages.text import HOME_INK

        home = self.home
        book = self._book_for(text)
        english_height = yield from self._english_share(text, translated, width, height, max_px, min_px, book)
        english = yield from self._draw(text, width, english_height, colour, max_px, min_px, align, book)
        under = yield from self._draw(translated, width, max(1, height - english.get_height()), HOME_INK,
                                      max_px * 0.85, min_px, align, home.fonts, home.rtl)
        surface = blank_text_surface((max(english.get_width(), under.get_width()),
                                      min(height, english.get_height() + under.get_height())))
        for image, y, right in ((english, 0, False), (under, english.get_height(), home.rtl)):
            yield COPY_MS_PER_MPX * image.get_width() * image.get_height() / 1_000_000  # at 4K, megapixels each
            if align == "left":
                x = surface.get_width() - image.get_width() if right else 0
            else:
                x = (surface.get_width() - image.get_width()) // 2
            surface.blit(image, (x, y))
        return surface

    def _english_share(self, text: str, translated: str, width: int, height: int, max_px: float, min_px: int,
                       book) -> Iterator[float]:
        """How much of the box's height the English gets: the split at which the smaller of the two texts
        (the translation counted a little smaller, as it is drawn) is largest. A wide, low box holding a long
        rule would otherwise leave the translation a sliver under a one-line English."""
        best, best_score = max(1, int(height * 0.56)), -1.0
        for share in (0.56, 0.46, 0.36):
            yield SIZE_FIT_MS  # each try measures both texts, each in units of their own (a new script's sizes cost)
            box = max(1, int(height * share))
            size = yield from self._fitting_size_units(text, (width, box), max_px, min_px, book)
            font = book.get(size)
            used = min(box, font.get_linesize() * len(wrap_words(font, text, width)))
            home_size = yield from self._fitting_size_units(translated, (width, max(1, height - used)),
                                                            max_px * 0.85, min_px, self.home.fonts)
            score = min(size, home_size / 0.85)
            if score > best_score + 0.5:
                best, best_score = box, score
        return best

    def _book_for(self, text: str):
        """Fredoka, unless the text has a letter it lacks: then Noto Sans (which has them all), whole."""
        key = ("latin?", text)
        needs = self._cache.get(key)
        if needs is None:
            from .languages.text import lacks_glyphs

            needs = lacks_glyphs(self.fonts.get(ESTIMATE_PX), text)
            self._cache.put(key, needs)
        if not needs:
            return self.fonts
        if self._latin is None:
            from .languages.text import ScriptFonts, font_path

            path = font_path("latin")
            if path is None:
                return self.fonts
            self._latin = ScriptFonts(path, bold=True)
        return self._latin

    def cached(self, text: str, box: tuple[int, int], colour: tuple[int, int, int] = INK, max_px: float = 64,
               align: str = "center") -> pygame.Surface | None:
        """The text as ``fit`` drew it before, if it is still kept; None if ``fit`` would have to draw it."""
        return self._cache.get((text, max(1, int(box[0])), max(1, int(box[1])), colour, int(self._scaled(max_px)),
                                align, self._home_key()))

    def fitting_size(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10, book=None) -> int:
        """The largest font size (<= max_px, on the ladder of sizes 8% apart) at which the wrapped text fits.

        Trying each size with its own font costs a millisecond or more per size at 4K (FreeType
        loads every glyph again at each new size), and a long question tried ten. So the words are
        measured once at one reference size, and sizes at which even widths 10% smaller than that
        predicts could not fit are passed over unopened; the rest are tried with the real font, as
        before. Greedy wrapping needs no more lines when every width is smaller, so a size passed
        over could not have fitted: the answer is the one trying every size would give.

        With bigger words on, ``max_px`` is scaled (``scale``) first, as ``fit`` does."""
        return self._fitting_size(text, box, self._scaled(max_px), min_px, book)

    def _fitting_size(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10, book=None) -> int:
        units = self._fitting_size_units(text, box, max_px, min_px, book)
        while True:
            try:
                next(units)
            except StopIteration as done:
                return done.value

    def _fitting_size_units(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10,
                            book=None) -> Iterator[float]:
        """``_fitting_size`` a unit at a time: with a home language's (or Noto's) fonts, each size's glyphs
        are loaded a few words at a time first (``warm_units``); Fredoka's sizes are tried as before."""
        book = book if book is not None else self.fonts
        width, height = max(1, int(box[0])), max(1, int(box[1]))
        book_key = None if book is self.fonts else (str(book.path), book.script, book.rtl)
        key = ("size", text, width, height, int(max_px), min_px, book_key)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        other = book is not self.fonts  # a home language's script, or Noto Sans for a name Fredoka lacks
        if other:
            yield from warm_units(book.get(ESTIMATE_PX), text)
        estimate = _WidthEstimate(book.get(ESTIMATE_PX), text)
        size = min_px
        for candidate in _sizes_down_from(max_px, min_px):
            if estimate.may_fit(candidate, width, height):
                font = book.get(candidate)
                if other:
                    yield from warm_units(font, text)
                lines = wrap_words(font, text, width)
                widest = max(font.size(line)[0] for line in lines)
                if widest <= width and font.get_linesize() * len(lines) <= height:
                    size = candidate
                    break
        self._cache.put(key, size)
        return size


def _sizes_down_from(max_px: float, min_px: int) -> list[int]:
    """The font sizes tried, largest first: the steps of one ladder (8% apart) below ``max_px``.

    One ladder for every text, rather than steps down from each box's own largest size, so that the
    texts of a screen share a few sizes, and each size's glyphs are drawn by FreeType once, not once
    per text (at 4K that drawing was most of the cost of showing a wordy screen)."""
    top = max(min_px, int(max_px))
    return [size for size in reversed(FONT_LADDER) if min_px < size <= top]


SIZE_FIT_MS = 2.0  # finding a text's size: its glyphs measured at one or two sizes
CHUNK_MS = 1.0  # a line of text is drawn in runs of words that cost about this at most (line_chunks)
COPY_MS_PER_MPX = 3.0  # blending drawn words onto a blank surface (a bilingual text's two parts, each a unit)
LINE_MS_PER_MPX = 12.0  # drawing a line of text, its glyphs new at that size (1 ms for a 4K caption line)
FONT_LADDER = sorted({round(6 * 1.08 ** step) for step in range(80)})  # 6 px up to about 2,600
ESTIMATE_PX = 64  # the size words are measured at to predict their width at any other
ESTIMATE_MARGIN = 0.9  # a size is tried unless it could not fit even with every width 10% smaller


class _WidthEstimate:
    """A text's words measured once, to predict at which sizes it cannot fit a box."""

    def __init__(self, font: pygame.font.Font, text: str) -> None:
        self.px = ESTIMATE_PX
        self.space = font.size(" ")[0]
        self.line = font.get_linesize()
        self.paragraphs = [[font.size(word)[0] for word in paragraph.split()] for paragraph in text.split("\n")]

    def may_fit(self, size: int, width: int, height: int) -> bool:
        scale = size / self.px * ESTIMATE_MARGIN
        limit = width / scale  # the box's width in reference pixels
        lines = 0
        for words in self.paragraphs:
            current = None
            for word in words:
                if word > limit:
                    return False  # one word wider than the box: it can only overflow
                if current is not None and current + self.space + word <= limit:
                    current += self.space + word
                else:
                    lines += current is not None
                    current = word
            lines += 1
        return lines * self.line * scale <= height


class PictureCache:
    """Pictures (SVG or PNG) scaled to fit a square, rendered once per size."""

    def __init__(self) -> None:
        self._cache = _Lru(256, screens=2.0)  # home and all five letter screens (prepared on home) are 0.95 of one
        self.missing: set[Path] = set()  # pictures that could not be drawn (deleted after loading): for the teacher
        self.refused: dict[Path, str] = {}  # pictures too large to draw safely (a picture bomb), and why: for the teacher
        self._ahead: AheadDrawer | None = None  # started on the first draw_ahead
        self._converting: StripConversion | None = None  # a picture back from the worker, being taken in
        self.on_drawn_ahead: Callable[[], None] | None = None  # told on the worker thread as each is done
        self._svg: SvgRasteriser | None | bool = False  # False: not looked for yet
        # Cast pictures (game/cast_pictures.py) are drawn in another process; one not drawn yet at a
        # size is shown as a transparent stand-in, never waited for, and the screen is put together
        # again when it comes (``late``). Tools that print screens wait instead (``wait_for_cast``).
        self.cast = CastRenderer()  # starts its process only when first asked
        self.wait_for_cast = False
        self._stand_ins: set[tuple[Path, int]] = set()
        self._blanks: dict[int, pygame.Surface] = {}
        self.late = False  # a picture shown as a stand-in has come: the screen on show needs it

    @property
    def standing_in(self) -> bool:
        """A cast picture on show is a stand-in still (or has just come and is not on show yet)."""
        return bool(self._stand_ins) or self.late

    def _stand_in(self, key: tuple[Path, int]) -> pygame.Surface:
        self._stand_ins.add(key)
        self.draw_ahead(*key, urgent=True)  # drawn (in the render process) and then loaded by the worker
        blank = self._blanks.get(key[1])
        if blank is None:
            if len(self._blanks) > 8:
                self._blanks.clear()
            blank = self._blanks[key[1]] = blank_display_picture((key[1], key[1]))
        return blank

    def has(self, path: Path, size: int) -> bool:
        """The picture at this size is kept (``get`` returns it at once)."""
        return self._cache.get((path, max(1, int(size)))) is not None

    def has_variant(self, kind: str, path: Path, size: int, *args) -> bool:
        """``faded`` or ``dimmed`` with these arguments is kept."""
        return self._cache.get((kind, path, max(1, int(size)), *args)) is not None

    def faded(self, path: Path, size: int, alpha: int) -> pygame.Surface:
        """The picture drawn see-through (a wrong answer, an unearned star's slot), made once per size."""
        key = ("faded", path, max(1, int(size)), alpha)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.get(path, size).copy()
            cached.set_alpha(alpha)
            if (path, max(1, int(size))) not in self._stand_ins:  # a stand-in's is made again when it comes
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
            if (path, max(1, int(size))) not in self._stand_ins:
                self._cache.put(key, cached)
        return cached

    def turned(self, path: Path, size: int, degrees: int) -> pygame.Surface:
        """The picture turned (Ollie's tilt), smoothed, made once per size and angle: a tilt passes
        through a few angles only, so each is turned once and then only blitted."""
        key = ("turned", path, max(1, int(size)), degrees)
        cached = self._cache.get(key)
        if cached is None:
            cached = pygame.transform.rotozoom(self.get(path, size), degrees, 1.0)
            if (path, max(1, int(size))) not in self._stand_ins:
                self._cache.put(key, cached)
        return cached

    def get(self, path: Path, size: int) -> pygame.Surface:
        size = max(1, int(size))
        key = (path, size)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if self._converting is not None and self._converting.key == key:
            surface, self._converting = self._converting.finish(), None  # needed now: the rest of it at once
            self._cache.put(key, surface)
            return surface
        try:
            ready = self._ahead.take(key) if self._ahead is not None else None
            surface = ready if ready is not None else self._ahead_lock_load(path, size)
        except CastNotDrawn:
            if key not in self.cast.failed and not self.wait_for_cast:
                return self._stand_in(key)  # never waited for: drawn in the render process meanwhile
            try:
                if key in self.cast.failed:
                    raise CastNotDrawn(self.cast.failed[key])
                self.cast.draw_now(path, size)  # a tool printing screens (never the game's frame loop)
                surface = self._ahead_lock_load(path, size)
            except Exception:  # noqa: BLE001 - it cannot be drawn: a grey frame, and the teacher is told
                surface = missing_picture(size)
                self.missing.add(path)
        except PictureRefused as refused:
            surface = missing_picture(size)
            self.refused[path] = str(refused)
        except (pygame.error, OSError, FileNotFoundError):
            surface = missing_picture(size)
            self.missing.add(path)
        surface = for_display(surface)
        self._put_drawn(key, surface)  # a stand-in shown before for it is done with: the screen gets this one
        return surface

    def _ahead_lock_load(self, path: Path, size: int) -> pygame.Surface:
        if self._ahead is None:
            return _load_picture(path, size, self._rasteriser())
        with self._ahead.frame_loop_turn():  # never two SVG rasterisations at once (see AheadDrawer)
            return _load_picture(path, size, self._rasteriser())

    def _rasteriser(self) -> SvgRasteriser | None:
        """SDL_image's SVG drawing without Python's lock (game/native/svg.py), looked for on first use."""
        if self._svg is False:
            self._svg = SvgRasteriser.find()
        return self._svg

    # -- drawing ahead, off the frame loop (game/prepare.py, game/compose.py) ------------------
    def draw_ahead(self, path: Path, size: int, urgent: bool = False) -> tuple[Path, int] | None:
        """Start drawing a picture a screen will need, on a worker thread: ``take_drawn`` or ``get``
        takes it. ``urgent``: for the screen being put together now, before any screen guessed at.
        Returns the picture's key if it is being drawn (None: it is already kept)."""
        size = max(1, int(size))
        if self._cache.get((path, size)) is not None:
            return None
        if self._ahead is None:
            self._ahead = AheadDrawer(self.on_drawn_ahead, self._rasteriser(), self.cast)
        self._ahead.request((path, size), urgent)
        return (path, size)

    def drawing(self, key: tuple[Path, int]) -> bool:
        """Asked for ahead and not yet taken in (being drawn, queued, back and waiting, or being converted)."""
        if self._converting is not None and self._converting.key == key:
            return True
        return self._ahead is not None and self._ahead.wants(key)

    def next_drawn_pixels(self) -> int:
        """How many pixels the next ``take_drawn`` converts (0: nothing to take in): what it costs."""
        if self._converting is not None:
            return self._converting.next_pixels
        pixels = self._ahead.next_finished_pixels() if self._ahead is not None else 0
        return min(pixels, STRIP_PIXELS) if pixels else 0

    def take_drawn(self) -> bool:
        """Take in a strip of a picture the worker finished, converting it to the window's format (which
        only this, the frame loop's thread, does); a picture is put into the cache once it is whole.
        True if there was anything to do."""
        if self._converting is None:
            finished = self._ahead.finished() if self._ahead is not None else None
            if finished is None:
                return False
            key, surface = finished
            if surface is None and key in self._stand_ins:  # a cast picture that could not be drawn
                self._stand_ins.discard(key)
                self.late = True  # the screen is put together again, with a grey frame for it
            if surface is None or self._cache.get(key) is not None:
                if surface is not None and key in self._stand_ins:  # loaded meanwhile by ``get``
                    self._stand_ins.discard(key)
                    self.late = True
                return True
            if display_ready(surface):
                self._put_drawn(key, surface)
                return True
            self._converting = StripConversion(key, surface)
        if self._converting.step():
            self._put_drawn(self._converting.key, self._converting.target)
            self._converting = None
        return True

    def _put_drawn(self, key: tuple[Path, int], surface: pygame.Surface) -> None:
        self._cache.put(key, surface)
        if key in self._stand_ins:
            self._stand_ins.discard(key)
            self.late = True

    def close(self) -> None:
        """Stop the picture worker (the game is closing)."""
        if self._ahead is not None:
            self._ahead.stop()
        self.cast.close()

    @property
    def drawing_ahead(self) -> bool:
        """Pictures asked for and not yet taken in."""
        return self._converting is not None or (self._ahead is not None and self._ahead.busy)

    @property
    def drawn_ahead(self) -> bool:
        """Pictures back from the worker (or half converted), waiting for ``take_drawn``."""
        return self._converting is not None or (self._ahead is not None and self._ahead.has_finished)


class PictureRefused(Exception):
    """The picture's header says it is too large to decode safely (or it is no picture): why, in words that
    follow its name, for the teacher."""


def _load_picture(path: Path, size: int, rasteriser: SvgRasteriser | None = None) -> pygame.Surface:
    """A picture read and drawn to fit a square of ``size`` pixels, in whatever format it comes (an SVG
    drawn by ``rasteriser`` comes in the window's format already). A cast picture is read from the PNG
    the render process drew at this size; CastNotDrawn if there is none yet (nothing is drawn here).

    Its header is read first (game/picture_header.py): a 100 KB file declaring 30000 x 30000 pixels
    would take gigabytes and seconds to decode, so such a picture is refused before any decoding. This
    runs on the picture worker (``AheadDrawer``), as the decoding does; the header costs one small read."""
    from .picture_header import picture_refusal  # imported by the first picture drawn, not at start-up

    if is_cast(path):
        drawn_png = png_path(path, size)
        if not drawn_png.is_file():
            raise CastNotDrawn(str(drawn_png))
        path = drawn_png
    refusal = picture_refusal(path)
    if refusal is not None:
        raise PictureRefused(refusal)
    if path.suffix.lower() == ".svg":
        drawn = rasteriser.draw(path, size) if rasteriser is not None else None
        return drawn if drawn is not None else pygame.image.load_sized_svg(str(path), (size, size))
    image = pygame.image.load(str(path))
    if image.get_bitsize() < 24:  # smoothscale needs 24/32-bit pixels
        full = pygame.Surface(image.get_size(), pygame.SRCALPHA)
        full.blit(image, (0, 0))
        image = full
    if max(image.get_width(), image.get_height()) == size:
        return image  # drawn at this size (a cast picture)
    scale = size / max(image.get_width(), image.get_height())
    new_size = (max(1, round(image.get_width() * scale)), max(1, round(image.get_height() * scale)))
    return pygame.transform.smoothscale(image, new_size)


class AheadDrawer:
    """One worker thread drawing pictures before they are needed.

    Why it is safe: the worker only reads a file and rasterises it into a new surface no other thread
    can see until it is handed over (``finished``/``take``, under a lock); it never touches the window,
    the caches or fonts. ``lock`` lets only one rasterisation run at a time in the whole game, so
    SDL_image's SVG code is never run by two threads at once. A picture that fails is simply dropped:
    ``get`` draws it, or notes it missing, when it is needed.
    What it costs the frame loop: with ``rasteriser`` (game/native/svg.py) nothing; an SVG comes back
    in the window's format, drawn and converted while Python's lock is let go. Without it, pygame holds
    the lock for part of each SVG (the loop was held up for about half of the worker's busy time, in
    stretches of up to 12 ms) and the picture is converted on the frame loop's thread
    (``PictureCache.take_drawn``), so pictures are asked for while the screen is quiet (game/prepare.py).
    """

    def __init__(self, on_done: Callable[[], None] | None = None, rasteriser: SvgRasteriser | None = None,
                 cast: CastRenderer | None = None) -> None:
        self.on_done = on_done  # told (on the worker thread) after each picture: wakes a sleeping frame loop
        self.rasteriser = rasteriser
        self.cast = cast
        self.lock = threading.Lock()  # held around every rasterisation, on either thread
        # Cleared while the frame loop waits for ``lock``: a lock is not fair, and the worker, going
        # from one picture to the next, took it back again and again (the loop waited 60 ms for a 220 px one).
        self._worker_may_draw = threading.Event()
        self._worker_may_draw.set()
        self._state = threading.Lock()  # guards the three collections below
        self._queue = _Requests()
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

    def request(self, key: tuple[Path, int], urgent: bool = False) -> None:
        with self._state:
            if key in self._wanted:
                if urgent and key != self._working and key not in self._done:
                    self._queue.push_front(key)  # asked for ahead, now needed on screen: draw it next
                return
            self._wanted.add(key)
        if urgent:
            self._queue.push_front(key)
        else:
            self._queue.put(key)

    def wants(self, key: tuple[Path, int]) -> bool:
        with self._state:
            return key in self._wanted

    def next_finished_pixels(self) -> int:
        """How many pixels of the next finished picture the frame loop must convert: 1 for one in the
        window's format already (taking it in costs nothing), 0 if none is finished."""
        with self._state:
            if not self._done:
                return 0
            surface = next(iter(self._done.values()))
        if surface is None or display_ready(surface):
            # None: it could not be drawn (missing, damaged, refused as too large). Taken in as nothing, so
            # a screen waiting for it goes on at once (the placeholder is made as it is painted): counted as
            # 0 it was never taken in, and the screen waited LONGEST_WAIT_SECONDS (2 s) for it after a tap.
            return 1
        return _pixels(surface)

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
            with self.frame_loop_turn():  # the worker holds it while drawing this very picture: wait for it
                pass

    @contextlib.contextmanager
    def frame_loop_turn(self) -> Iterator[None]:
        """Hold ``lock`` for the frame loop, which waits for at most the picture being drawn now."""
        self._worker_may_draw.clear()
        try:
            with self.lock:
                yield
        finally:
            self._worker_may_draw.set()

    def stop(self) -> None:
        """End the worker once the picture it is drawing (if any) is done: the game is closing."""
        self._queue.push_front(None)

    def _run(self) -> None:
        while True:
            key = self._queue.get()
            if key is None:
                return
            self._worker_may_draw.wait()  # before it says what it draws: ``take`` waits only for a picture begun
            with self._state:
                if key not in self._wanted or key in self._done:
                    continue  # taken (drawn by the frame loop itself) before its turn came, or a repeat
            if self.cast is not None and is_cast(key[0]) and not png_path(*key).is_file():
                # Drawn in the render process; when its PNG is there this picture is queued again. Meanwhile
                # the worker goes on with other pictures, holding no lock (``take`` never waits for this).
                self.cast.submit(*key).add_done_callback(lambda _, key=key: self._cast_drawn(key))
                continue
            with self._state:
                if key not in self._wanted or key in self._done:
                    continue
                self._working = key
            surface: pygame.Surface | None = None
            try:
                with self.lock:
                    surface = _load_picture(*key, self.rasteriser)
            except Exception:  # noqa: BLE001 - drawing ahead is only a head start: any failure, get() retries
                surface = None
            finally:
                with self._state:
                    self._working = None
                    if key in self._wanted:
                        self._done[key] = surface
                if self.on_done is not None:
                    self.on_done()


    def _cast_drawn(self, key: tuple[Path, int]) -> None:
        """The render process is done with a cast picture (or failed: then loading it fails, and
        ``get`` shows it as missing): load it next."""
        if png_path(*key).is_file():
            self._queue.push_front(key)
        else:
            with self._state:
                if key in self._wanted:
                    self._done[key] = None
            if self.on_done is not None:
                self.on_done()


class _Requests:
    """The worker's queue: first in, first out, except that urgent requests go to the front."""

    def __init__(self) -> None:
        self._items: deque[tuple[Path, int] | None] = deque()  # None: stop
        self._ready = threading.Condition()

    def put(self, key: tuple[Path, int]) -> None:
        with self._ready:
            self._items.append(key)
            self._ready.notify()

    def push_front(self, key: tuple[Path, int] | None) -> None:
        with self._ready:
            self._items.appendleft(key)
            self._ready.notify()

    def get(self) -> tuple[Path, int] | None:
        with self._ready:
            while not self._items:
                self._ready.wait()
            return self._items.popleft()


def missing_picture(size: int) -> pygame.Surface:
    """A calm grey placeholder frame: a deleted picture must not crash a lesson."""
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.rect(surface, (200, 204, 214), surface.get_rect(), width=max(2, size // 20),
                     border_radius=size // 8)
    return surface


WIDE_FILL_PX = 2048  # from this width SDL's own fill is the faster
CARD_RADIUS = 0.12  # of a card's shorter side: how round its corners are


def fill_opaque(surface: pygame.Surface, colour: tuple[int, int, int], rect: pygame.Rect) -> None:
    """``surface.fill(colour, rect)`` for an opaque colour, fast for narrow rects too.

    SDL fills each row with streaming stores, which cost about half a microsecond a row whatever the
    row's width: 150 us for a 100x300 rect, as long as a 3000x300 one, and partial redraws fill many
    small rects. Two of pygame's own blend fills (min, then max, with the colour: exactly the colour)
    take 7 us for it. Wide rects and surfaces with their own alpha keep the plain fill."""
    if rect[2] >= WIDE_FILL_PX or surface.get_flags() & pygame.SRCALPHA:
        surface.fill(colour, rect)
    else:
        surface.fill(colour, rect, special_flags=pygame.BLEND_RGB_MIN)
        surface.fill(colour, rect, special_flags=pygame.BLEND_RGB_MAX)


def blit_opaque(surface: pygame.Surface, source: pygame.Surface, dest: tuple[int, int], area: pygame.Rect) -> None:
    """``surface.blit(source, dest, area)`` for an opaque ``source`` (no alpha, no colour key), fast for
    small areas too.

    SDL copies each row with the same slow streaming stores as its fills: 33 us for a 40x64 area.
    Two of pygame's own blend blits (min, then max, with the source: max(min(d, s), s) is s, exactly)
    take 3.5 us for it, and still win at 600 pixels wide. Wide areas and surfaces with their own
    alpha keep the plain copy."""
    if area[2] >= WIDE_FILL_PX or surface.get_flags() & pygame.SRCALPHA:
        surface.blit(source, dest, area)
    else:
        surface.blit(source, dest, area, special_flags=pygame.BLEND_RGB_MIN)
        surface.blit(source, dest, area, special_flags=pygame.BLEND_RGB_MAX)


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
    radius_frac: float = CARD_RADIUS,
    lifted: bool = True,
    edge_px: int | None = None,
) -> None:
    """A rounded card with a soft drop shadow: the look of everything tappable.

    Painted straight onto the screen each time, as fills for its straight parts and four small kept
    tiles for its rounded corners (``_corner_tiles``). pygame's rounded rectangles cost a quarter of a
    millisecond each even when clipped to a few pixels, and a partial redraw over a card's edge (a
    piece of confetti, a dragged card) drew three of them: 0.6 ms at 4K, where these cost 20 us.
    The pixels are exactly those pygame draws (tests/test_cards.py). ``edge_px``: a thicker outline
    than the usual (high contrast, game/access_look.py).
    """
    clip = surface.get_clip()
    if rect.w <= 0 or rect.h <= 0 or not clip.colliderect(card_bounds(rect, lifted)):
        return  # nothing of it would show (clipped away)
    radius = card_radius(rect, radius_frac)
    edge = 0 if border is None else edge_px if edge_px is not None else max(3, min(rect.w, rect.h) // 28)
    if rect.inflate(-2 * radius, -2 * edge).contains(clip) or rect.inflate(-2 * edge, -2 * radius).contains(clip):
        fill_opaque(surface, fill, clip)  # only the card's flat middle shows (a partial redraw over a large card)
        return
    drop = max(2, rect.h // 40) if lifted else 0
    if 2 * radius + 2 > rect.w or 2 * radius + 2 + drop > rect.h or edge > radius:
        _draw_card_shapes(surface, rect, fill, border, radius, edge, drop)  # too small for tiles to pay
        return
    x, y, right, bottom, r = rect.x, rect.y, rect.right, rect.bottom, radius
    middle_w, middle_h = rect.w - 2 * r, rect.h - 2 * r
    side_w = r - edge  # each side of the middle column, inside the border: narrow, so its fill is quick
    for area in ((x + r, y + edge, middle_w, rect.h - 2 * edge), (x + edge, y + r, side_w, middle_h),
                 (right - r, y + r, side_w, middle_h)):
        _fill_clipped(surface, fill, clip, area)
    if border is not None:
        for area in ((x, y + r, edge, middle_h), (right - edge, y + r, edge, middle_h),
                     (x + r, y, middle_w, edge), (x + r, bottom - edge, middle_w, edge)):
            _fill_clipped(surface, border, clip, area)
    if drop:
        _fill_clipped(surface, shade(fill, -0.35), clip, (x + r, bottom, middle_w, drop))
    corners = _corner_tiles(r, edge, drop, tuple(fill), tuple(border) if border is not None else None)
    for tile, place in zip(corners, ((x, y), (right - r, y), (x, bottom - r), (right - r, bottom - r))):
        if clip.colliderect(place, tile.get_size()):
            surface.blit(tile, place)


def _fill_clipped(surface: pygame.Surface, colour: tuple[int, int, int], clip: pygame.Rect, area) -> None:
    part = clip.clip(area)
    if part.w > 0 and part.h > 0:
        fill_opaque(surface, colour, part)


def _draw_card_shapes(surface: pygame.Surface, rect: pygame.Rect, fill: tuple[int, int, int],
                      border: tuple[int, int, int] | None, radius: int, edge: int, drop: int) -> None:
    """The card drawn with pygame's rounded rectangles: what ``draw_card`` paints, and how its corner tiles are made."""
    if drop:
        clip = surface.get_clip()
        below = pygame.Rect(rect.x, rect.bottom - radius, rect.w, radius + drop).clip(clip)
        if below.w > 0 and below.h > 0:
            surface.set_clip(below)  # the card's straight sides and upper corners hide the rest of its shadow
            pygame.draw.rect(surface, shade(fill, -0.35), rect.move(0, drop), border_radius=radius)
            surface.set_clip(clip)
    pygame.draw.rect(surface, fill, rect, border_radius=radius)
    if border is not None:
        pygame.draw.rect(surface, border, rect, width=edge, border_radius=radius)


@functools.lru_cache(maxsize=48)  # a screen shows a handful of card styles; 48 at 4K are a few MB
def _corner_tiles(radius: int, edge: int, drop: int, fill: tuple[int, int, int],
                  border: tuple[int, int, int] | None) -> tuple[pygame.Surface, ...]:
    """A card's four corners (top left, top right, bottom left, bottom right; the bottom ones with the
    shadow below them), cut from a small card drawn by pygame: opaque, with a colour key where the
    background shows through, so blitting one copies the card's pixels exactly."""
    used = {tuple(fill), tuple(border or fill), shade(fill, -0.35)}
    key = next(colour for colour in ((255, 0, 255), (0, 255, 0), (0, 0, 255), (1, 2, 3)) if colour not in used)
    # Tall enough that, as on a real card, the shadow's own upper corners are hidden behind the card.
    width, height = 2 * radius + 2, 2 * radius + 2 + drop
    model = pygame.Surface((width, height + drop))
    model.fill(key)
    _draw_card_shapes(model, pygame.Rect(0, 0, width, height), fill, border, radius, edge, drop)
    tiles = []
    for area in ((0, 0, radius, radius), (width - radius, 0, radius, radius),
                 (0, height - radius, radius, radius + drop), (width - radius, height - radius, radius, radius + drop)):
        tile = model.subsurface(area).copy()
        tile.set_colorkey(key)
        tiles.append(tile.convert() if pygame.display.get_surface() is not None else tile)
    return tuple(tiles)


def card_radius(rect: pygame.Rect, radius_frac: float = CARD_RADIUS) -> int:
    return max(4, int(min(rect.w, rect.h) * radius_frac))


def card_interior(rect: pygame.Rect, radius_frac: float = CARD_RADIUS) -> list[pygame.Rect]:
    """Where a card drawn by ``draw_card`` is opaque for certain: all of it but its rounded corners,
    as two overlapping rects (the shadow below it adds to that, and is left out)."""
    if rect.w <= 0 or rect.h <= 0:
        return []
    radius = card_radius(rect, radius_frac)
    return [rect.inflate(-2 * radius, 0), rect.inflate(0, -2 * radius)]


def card_bounds(rect: pygame.Rect, lifted: bool = True) -> pygame.Rect:
    """Where draw_card puts pixels: the card and, lifted, its shadow below it."""
    return rect.union(rect.move(0, max(2, rect.h // 40))) if lifted else pygame.Rect(rect)


def vertical_gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> pygame.Surface:
    """A smooth background, drawn as a 2-pixel strip and scaled up (fast at 4K)."""
    strip = pygame.Surface((1, 2))
    strip.set_at((0, 0), top)
    strip.set_at((0, 1), bottom)
    return for_display(pygame.transform.smoothscale(strip, size), alpha=False)

"""Words fitted to a box: wrapped, then shrunk until they fit, drawn once per (text, box) and kept.

``TextRenderer.fit_units`` does it a unit at a time (finding the size, then each line in runs of words),
so a screen being got ready (game/frame/prepare.py) never spends more of a frame on it than it has.
"""

from __future__ import annotations

import time
from typing import Hashable, Iterator

import pygame

from .fonts import FontBook, warm_units
from .caches import Lru
from .palette import INK
from .surfaces import blank_text_surface


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
        self._cache = Lru(512, screens=1.0)  # the wordiest screen's text is 0.4 of one: it and the next
        # Every text's largest size is multiplied by this: "bigger words" for low vision (game/access/look.py).
        # The one place sizes are decided, so every screen's words grow, each still fitted to its box.
        self.scale = 1.0
        self._allowance: LayoutFitting | None = None  # on the frame loop: how much of this frame may go on sizes
        self._searching: dict[tuple, Iterator[float]] = {}  # sizes a frame ran out of time finding: on next frame

    def frame_fitting(self, ms: float) -> "LayoutFitting":
        """For one frame of the frame loop (game/engine/app.py): the sizes layouts find (``fitting_size``)
        may take ``ms`` of it in all; past that a size not known yet is guessed and the layout is marked
        unsettled (``shorts``), to be laid out again in a later frame with more of its sizes known. A layout
        found about 40 sizes for a sort's cards on the board (9-11 ms at 4K) in the frame "next" was tapped
        in, when the screen before had not stayed up long enough for the Preparer to find them first."""
        return LayoutFitting(self, ms)

    @property
    def shorts(self) -> int:
        """How many sizes this frame's allowance guessed so far (a layout that made any is unsettled)."""
        return self._allowance.shorts if self._allowance is not None else 0

    @property
    def fitting_spent(self) -> bool:
        """This frame's allowance for finding sizes is used up: a layout now would only guess."""
        return self._allowance is not None and not self._allowance.allows()

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
        from ..languages.text import HOME_INK

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
            from ..languages.text import lacks_glyphs

            needs = lacks_glyphs(self.fonts.get(ESTIMATE_PX), text)
            self._cache.put(key, needs)
        if not needs:
            return self.fonts
        if self._latin is None:
            from ..languages.text import ScriptFonts, font_path

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
        max_px = self._scaled(max_px)
        allowance = self._allowance
        if allowance is None or self._cache.get(self._size_key(text, box, max_px, min_px, book)) is not None:
            return self._fitting_size(text, box, max_px, min_px, book)
        guess = max(min_px, int(max_px))  # the layout is done again once this size is found
        if not allowance.allows():
            allowance.shorts += 1
            return guess
        # A long text tries several sizes, each opening the font at it (up to 3 ms in all at 1080p): one size
        # is tried at a time, and a search the frame has no time left for goes on when the layout asks again.
        key = self._size_key(text, box, max_px, min_px, book)
        units = self._searching.pop(key, None) or self._fitting_size_units(text, box, max_px, min_px, book)
        started = time.perf_counter()
        try:
            while True:
                try:
                    next(units)
                except StopIteration as done:
                    allowance.found += 1
                    return done.value
                if allowance.spent_ms + (time.perf_counter() - started) * 1000 >= allowance.ms:
                    while len(self._searching) >= 8:
                        del self._searching[next(iter(self._searching))]  # the oldest: a screen long gone
                    self._searching[key] = units
                    allowance.shorts += 1
                    return guess
        finally:
            allowance.last_ms = (time.perf_counter() - started) * 1000
            allowance.spent_ms += allowance.last_ms

    def _size_key(self, text: str, box: tuple[int, int], max_px: float, min_px: int, book) -> tuple:
        book = book if book is not None else self.fonts
        book_key = None if book is self.fonts else (str(book.path), book.script, book.rtl)
        return ("size", text, max(1, int(box[0])), max(1, int(box[1])), int(max_px), min_px, book_key)

    def known_fitting_size(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10) -> int | None:
        """What ``fitting_size`` answered before for these words, if it is still kept; None: nothing is measured."""
        return self._cache.get(self._size_key(text, box, self._scaled(max_px), min_px, None))

    def fitting_size_unkept(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10) -> int:
        """``fitting_size``, not kept in the cache: for words of screens that are only measured, never shown
        (game/frame/prepare.py ``MeasuredLater``: thousands, which would push out the words on show)."""
        return self._fitting_size(text, box, self._scaled(max_px), min_px, keep=False)

    def _fitting_size(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10, book=None,
                      keep: bool = True) -> int:
        units = self._fitting_size_units(text, box, max_px, min_px, book, keep)
        while True:
            try:
                next(units)
            except StopIteration as done:
                return done.value

    def _fitting_size_units(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10,
                            book=None, keep: bool = True) -> Iterator[float]:
        """``_fitting_size`` a unit at a time: with a home language's (or Noto's) fonts, each size's glyphs
        are loaded a few words at a time first (``warm_units``); Fredoka's sizes are tried as before."""
        book = book if book is not None else self.fonts
        width, height = max(1, int(box[0])), max(1, int(box[1]))
        key = self._size_key(text, box, max_px, min_px, book)
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
                yield SIZE_TRY_MS  # opening the font at a new size, and wrapping the words with it
                font = book.get(candidate)
                if other:
                    yield from warm_units(font, text)
                lines = wrap_words(font, text, width)
                widest = max(font.size(line)[0] for line in lines)
                if widest <= width and font.get_linesize() * len(lines) <= height:
                    size = candidate
                    break
        if keep:
            self._cache.put(key, size)
        return size


class LayoutFitting:
    """One frame's allowance for finding text sizes as screens are laid out (``TextRenderer.frame_fitting``):
    the first size not known yet is always found, so each frame gets on; then one more only while it is expected
    to end within ``ms``; the rest are guessed."""

    def __init__(self, text: TextRenderer, ms: float) -> None:
        self.text = text
        self.ms = ms
        self.spent_ms = 0.0
        self.found = 0  # sizes found (measured) in this frame
        self.shorts = 0  # sizes guessed: a layout that made any is done again
        self.last_ms = 0.0  # what the last size found took: the next is expected to take as long
        self._outer: LayoutFitting | None = None

    def allows(self) -> bool:
        """Another size may be found: the first always, then each that is expected to fit in what is left
        (one costs 0.1-2 ms at 4K: a size whose font is opened and whose glyphs are loaded for the first time)."""
        return self.spent_ms == 0 or self.spent_ms + self.last_ms <= self.ms

    def __enter__(self) -> "LayoutFitting":
        self._outer, self.text._allowance = self.text._allowance, self
        return self

    def __exit__(self, *exc) -> None:
        self.text._allowance = self._outer


def _sizes_down_from(max_px: float, min_px: int) -> list[int]:
    """The font sizes tried, largest first: the steps of one ladder (8% apart) below ``max_px``.

    One ladder for every text, rather than steps down from each box's own largest size, so that the
    texts of a screen share a few sizes, and each size's glyphs are drawn by FreeType once, not once
    per text (at 4K that drawing was most of the cost of showing a wordy screen)."""
    top = max(min_px, int(max_px))
    return [size for size in reversed(FONT_LADDER) if min_px < size <= top]


SIZE_FIT_MS = 2.0  # finding a text's size: its glyphs measured at one or two sizes
SIZE_TRY_MS = 0.6  # trying one size: the font opened at it (0.3-0.6 ms at 4K) and the words wrapped
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

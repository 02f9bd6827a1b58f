"""Redraw bookkeeping: what a screen showed last frame, and where it must be repainted to show this one.

A screen (``Screen``: every ``Scene`` is one) lists what it shows as ``Drawn`` entries, bottom to top
(``to_draw``). Each entry keys a widget by its ``look()`` and ``areas()`` (game/frame/__init__.py: the
contract): equal keys, equal pixels in equal places. ``render`` compares this frame's entries with the
last frame's (``changed_areas``) and repaints only where they differ: in each changed rect the
background is restored and every widget touching it is drawn again in order, clipped to the rect, so
the pixels are exactly those a full redraw would give. A moved widget's old and new places both count;
a new screen, a resize, a changed background or look get a full redraw.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Hashable, NamedTuple, Protocol

import pygame

if TYPE_CHECKING:
    from .paint_rate import PaintRate


class Painted(Protocol):
    """What the frame pipeline needs of a widget (game/frame/__init__.py says what each promises)."""

    visible: bool

    def look(self) -> Hashable: ...
    def areas(self) -> list[pygame.Rect]: ...
    def opaque_areas(self) -> list[pygame.Rect]: ...
    def draw(self, surface: pygame.Surface, ctx) -> None: ...
    def draw_soon(self, surface: pygame.Surface, ctx) -> None: ...


FULL_REDRAW_SHARE = 0.75  # when changes cover more of the screen than this, one full redraw is as cheap
MERGE_GAP = 16  # changed areas closer than this (px) are redrawn as one: fewer, larger clipped redraws


class Drawn(NamedTuple):
    """One widget as it was drawn: what decided its pixels, and where they went."""

    widget: Painted
    key: Hashable  # (look, areas): equal keys, equal pixels in equal places
    areas: list[pygame.Rect]


def drawn(widget: Painted) -> Drawn:
    areas = widget.areas()
    return Drawn(widget, (widget.look(), tuple(tuple(area) for area in areas)), areas)


def changed_areas(before: list[Drawn], after: list[Drawn]) -> list[pygame.Rect] | None:
    """Where the screen must be redrawn to go from ``before`` to ``after``; None if only a full
    redraw will do (unchanged widgets were restacked, so their overlaps may be painted differently)."""
    if len(before) == len(after) and all(a.key == b.key for a, b in zip(before, after)):
        return []
    common = Counter(entry.key for entry in before) & Counter(entry.key for entry in after)

    def split(entries: list[Drawn]) -> tuple[list[Hashable], list[pygame.Rect]]:
        left = common.copy()
        kept_flags: list[bool] = []
        for entry in entries:
            keep = left[entry.key] > 0
            if keep:
                left[entry.key] -= 1
            kept_flags.append(keep)
        changed: list[pygame.Rect] = []
        opaque_above: list[pygame.Rect] = []  # where unchanged widgets over it paint every pixel
        for entry, keep in zip(reversed(entries), reversed(kept_flags)):  # top down
            if keep:
                opaque_above.extend(entry.widget.opaque_areas())
            else:
                # A change wholly behind an unchanged opaque card (falling confetti) changes no pixel.
                changed.extend(area for area in entry.areas if not _covered(area, opaque_above))
        return [entry.key for entry, keep in zip(entries, kept_flags) if keep], changed

    kept_before, gone = split(before)
    kept_after, came = split(after)
    if kept_before != kept_after:
        return None
    return gone + came


def _covered(area: pygame.Rect, covers: list[pygame.Rect]) -> bool:
    return any(covers[index].contains(area) for index in area.collidelistall(covers))


COVER_SHARE = 0.5  # a widget's opaque part must cover this much of a changed rect to be painted apart


def _opaque_cover(entries: list[Drawn], rect: pygame.Rect) -> tuple[int, pygame.Rect | None]:
    """The part of ``rect`` that one widget paints wholly (its largest opaque rect within it), and that
    widget's place in ``entries``: below it nothing shows there. None when no widget covers at least
    ``COVER_SHARE`` of ``rect`` (painting the rest in up to four more passes would cost more than it saves)."""
    best, best_index, best_area = None, 0, COVER_SHARE * rect.w * rect.h
    for index, entry in enumerate(entries):
        if rect.collidelist(entry.areas) == -1:
            continue
        for opaque in entry.widget.opaque_areas():
            part = opaque.clip(rect)
            if part.w * part.h >= best_area:
                best, best_index, best_area = part, index, part.w * part.h
    return best_index, best


def _around(rect: pygame.Rect, inner: pygame.Rect) -> list[pygame.Rect]:
    """``rect`` less ``inner`` (which lies within it), as up to four rects: above, below, left, right."""
    pieces = [pygame.Rect(rect.x, rect.y, rect.w, inner.y - rect.y),
              pygame.Rect(rect.x, inner.bottom, rect.w, rect.bottom - inner.bottom),
              pygame.Rect(rect.x, inner.y, inner.x - rect.x, inner.h),
              pygame.Rect(inner.right, inner.y, rect.right - inner.right, inner.h)]
    return [piece for piece in pieces if piece.w > 0 and piece.h > 0]


def merge_rects(rects: list[pygame.Rect], bounds: pygame.Rect, gap: int = MERGE_GAP) -> list[pygame.Rect]:
    """Overlapping (or nearly touching) rects joined, clipped to ``bounds``, empty ones dropped:
    each result is redrawn once, so nothing is painted twice and few clipped passes are needed."""
    merged: list[pygame.Rect] = []
    for rect in rects:
        rect = rect.clip(bounds)
        if rect.w <= 0 or rect.h <= 0:
            continue
        while True:
            hits = rect.inflate(gap, gap).collidelistall(merged)
            if not hits:
                break
            for index in reversed(hits):
                rect.union_ip(merged.pop(index))
        merged.append(rect)
    return merged


class Screen:
    """The drawing half of a scene: paints it whole or in changed rects, and remembers what it painted.

    A subclass provides ``ctx`` (for ``backgrounds`` and ``look``), ``size``, ``background`` (the
    gradient's two colours) and ``to_draw()`` (its ``Drawn`` entries, bottom to top); ``dirty`` says a
    frame is wanted. A subclass that overrides ``draw`` draws more than its widgets: it is always drawn
    whole (game/frame/compose.py does so too)."""

    size: tuple[int, int]
    background: tuple[tuple[int, int, int], tuple[int, int, int]]
    dirty: bool
    layouts: int  # how many times laid out: a new layout may mean a new coming screen (game/frame/prepare.py)
    _drawn: "list[Drawn] | None"  # the widgets as last drawn, for partial redraws
    _canvas: "tuple | None"  # what they were drawn on: surface, size, background

    def to_draw(self) -> list[Drawn]:
        raise NotImplementedError

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the whole screen."""
        entries = self.to_draw()
        self._paint(surface, entries)
        self._drawn, self._canvas = entries, self._canvas_key(surface)
        self.dirty = False

    def _paint(self, surface: pygame.Surface, entries: list[Drawn]) -> None:
        self.ctx.backgrounds.draw(surface, self.size, *self.background)
        for entry in entries:
            entry.widget.draw(surface, self.ctx)

    def paint_area(self, surface: pygame.Surface, entries: list[Drawn], rect: pygame.Rect) -> None:
        """Repaint ``rect`` only: the background, then every widget touching it, clipped to it, in order
        (the pixels a whole draw puts there).

        Where a widget paints every pixel (``opaque_areas``: a card less its corners) over much of
        ``rect``, nothing below it shows there: that part is painted from that widget up, and only the
        rest of ``rect`` from the background up. A card dragged across the screen (at 4K on the board,
        1.4 million pixels) then repaints itself and the strips it uncovers, not the background, the
        groups and the cards under it as well: 1.7 million pixels painted a move instead of 5.5."""
        index, cover = _opaque_cover(entries, rect)
        if cover is None:
            self._paint_from(surface, entries, rect, background=True)
            return
        for piece in _around(rect, cover):
            self._paint_from(surface, entries, piece, background=True)
        self._paint_from(surface, entries[index:], cover, background=False)

    def _paint_from(self, surface: pygame.Surface, entries: list[Drawn], rect: pygame.Rect, background: bool) -> None:
        """``entries`` touching ``rect`` drawn clipped to it, in order, over the background if asked."""
        clip = surface.get_clip()
        surface.set_clip(rect)
        if background:
            self.ctx.backgrounds.draw(surface, self.size, *self.background, rect)
        for entry in entries:
            if rect.collidelist(entry.areas) != -1:
                entry.widget.draw(surface, self.ctx)
        surface.set_clip(clip)

    def needs_whole_draw(self, surface: pygame.Surface) -> bool:
        """Only drawing all of it will bring ``surface`` up to date: it is new there, the window was
        resized or the background changed, or the scene draws more than its widgets."""
        return (self._drawn is None or self._canvas != self._canvas_key(surface)
                or type(self).draw is not Screen.draw)

    def drawn_as(self, surface: pygame.Surface, entries: list[Drawn]) -> None:
        """``entries`` are what ``surface`` now shows (painted area by area, game/frame/compose.py): the next
        ``render`` repaints only what changed since."""
        self._drawn, self._canvas = entries, self._canvas_key(surface)

    def snapshot(self, like: pygame.Surface) -> pygame.Surface:
        """This screen drawn whole on a new surface (in ``like``'s format), leaving the window and what
        ``render`` knows of it alone: what any sequence of partial redraws must equal, pixel for pixel."""
        surface = like.copy()
        self._paint(surface, self.to_draw())
        return surface

    def render(self, surface: pygame.Surface) -> list[pygame.Rect] | None:
        """Bring ``surface`` up to date, repainting only what changed since the last draw.

        Returns the rects repainted (empty: nothing changed), for ``pygame.display.update``; or None
        after a full redraw (the first frame, a resize, a new background, or changes over
        most of the screen), for ``pygame.display.flip``. In each changed rect the background is
        restored and every widget touching it is drawn again in order, clipped to the rect, so the
        pixels are exactly those a full redraw would give.
        """
        entries, rects = self.changes(surface)
        if rects is None:
            self.draw(surface)
            return None
        self.paint_changes(surface, entries, rects)
        return rects

    def changes(self, surface: pygame.Surface) -> tuple[list[Drawn], list[pygame.Rect] | None]:
        """What the screen shows now, and where ``surface`` must be repainted to show it (None: all of
        it, after a resize, a new background, restacked widgets, or changes over most of the screen)."""
        entries = self.to_draw()
        if self.needs_whole_draw(surface):
            return entries, None
        changed = changed_areas(self._drawn, entries)
        if changed is None:
            return entries, None
        screen = surface.get_rect()
        rects = merge_rects(changed, screen)
        if sum(rect.w * rect.h for rect in rects) > FULL_REDRAW_SHARE * screen.w * screen.h:
            return entries, None
        return entries, rects

    def paint_changes(self, surface: pygame.Surface, entries: list[Drawn], rects: list[pygame.Rect],
                      rate: "PaintRate | None" = None) -> None:
        """Repaint ``rects`` (from ``changes``) to show ``entries`` (each timed by ``rate``, to learn from)."""
        for rect in rects:
            if rate is None:
                self.paint_area(surface, entries, rect)
            else:
                rate.paint(self, surface, entries, rect)
        self._drawn = entries
        self.dirty = False

    def invalidate(self) -> None:
        """Forget what is on screen: the next render redraws everything (a new window, a resize)."""
        self._drawn = None

    def _canvas_key(self, surface: pygame.Surface) -> tuple:
        return (surface, surface.get_size(), self.size, self.background, self.ctx.look)  # a new look: drawn whole

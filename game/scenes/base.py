"""Scenes and the scene stack.

Lifecycle, in the order a scene meets it:
- ``on_enter``  it was pushed and is now on top;
- ``on_pause``  another scene was pushed over it;
- ``on_resume`` the scene above it was popped;
- ``on_exit``   it was popped or replaced (its speech must stop here).
``layout(size)`` runs before the first draw and on every resize, so nothing is
ever positioned in fixed pixels.

Drawing: ``draw`` paints the whole screen; ``render`` (what the frame loop calls) repaints
only where something changed since the last frame, found by comparing each widget's
``look`` and ``areas`` with what was drawn then. A moved widget's old and new places both
count; a new scene, a resize or a changed background get a full redraw.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Callable, Hashable, NamedTuple

import pygame

from ..input import Intent, PointerDown, PointerMove, PointerUp, wake_frame_loop
from ..layout import Metrics
from ..lessons.basics import Line
from .widgets import Button, Caption, Element, Widget

if TYPE_CHECKING:
    from ..context import Context
    from ..frame.compose import PaintRate


FULL_REDRAW_SHARE = 0.75  # when changes cover more of the screen than this, one full redraw is as cheap
MERGE_GAP = 16  # changed areas closer than this (px) are redrawn as one: fewer, larger clipped redraws


class Drawn(NamedTuple):
    """One widget as it was drawn: what decided its pixels, and where they went."""

    widget: Widget
    key: Hashable  # (look, areas): equal keys, equal pixels in equal places
    areas: list[pygame.Rect]


def drawn(widget: Widget) -> Drawn:
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


class Scene:
    """A screen. Subclasses build widgets in ``build`` and may override the hooks."""

    name = "scene"
    scannable = False  # a child's screen: switch scanning may act on it (game/scanning.py); grown-ups' never
    background: tuple[tuple[int, int, int], tuple[int, int, int]] = ((214, 236, 255), (250, 246, 232))

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        self.size = (0, 0)
        self.widgets: list[Widget] = []
        self.dirty = True
        self._pressed: Widget | None = None
        self._relayout_requested = False
        self._drawn: list[Drawn] | None = None  # the widgets as last drawn, for partial redraws
        self.layouts = 0  # how many times laid out: a new layout may mean a new coming screen (game/prepare.py)
        self._canvas: tuple | None = None  # what they were drawn on: surface, size, background
        self._shown_words: tuple[int, list[str]] | None = None  # (layouts, the words on screen then)

    # -- lifecycle -----------------------------------------------------------------
    def on_enter(self) -> None:
        self.ctx.narrator.say(self.narration())

    def on_pause(self) -> None:
        self.ctx.narrator.stop()

    def on_resume(self) -> None:
        self.dirty = True

    def on_exit(self) -> None:
        self.ctx.narrator.stop()

    # -- narration -----------------------------------------------------------------
    def narration(self) -> list[Line]:
        """What this screen says when it appears, and again when the speaker is tapped."""
        return []

    def replay(self) -> None:
        self.ctx.narrator.stop()
        self.ctx.narrator.say(self.narration())

    def on_narration(self, line: Line | None) -> None:
        """The narrator moved to another line: light up whatever is being read out."""
        for widget in self.widgets:
            if isinstance(widget, Button):
                widget.highlighted = line is not None and widget.speaks == line.id
        self.dirty = True

    # -- layout --------------------------------------------------------------------
    def layout(self, size: tuple[int, int]) -> None:
        self.size = size
        self.layouts += 1
        self.widgets = []
        self.build(pygame.Rect(0, 0, *size))
        self.dirty = True
        if self._pressed is not None:
            # A press that rebuilt the screen (a sort card picked up) goes on with the widget's successor:
            # a finger dragging on must move the card now on screen, not the one the rebuild threw away.
            successor = next((widget for widget in self.widgets if widget.name == self._pressed.name
                              and type(widget) is type(self._pressed)), None)
            if successor is not None:
                successor.take_over(self._pressed)
                self._pressed = successor

    def build(self, screen: pygame.Rect) -> None:
        raise NotImplementedError

    def rebuild(self) -> None:
        """Re-run layout after a state change that moves things."""
        self.layout(self.size)

    def relayout_soon(self) -> None:
        """Ask for a rebuild on the next frame. Safe to call from a worker thread (loading, saving):
        widgets are only ever rebuilt by the frame loop, which this wakes if it is idle."""
        self._relayout_requested = True
        wake_frame_loop()

    def on_lessons_loaded(self) -> None:
        """The lessons finished loading in the background (after this scene was built)."""

    def upcoming(self, ctx: "Context") -> list[Callable[[], "Scene"]]:
        """The screens most likely to come next, made on demand with ``ctx``, to be laid out and drawn
        onto nothing while this one is up (game/prepare.py), so they open without rendering. Only
        cheap guesses belong here: each fills the caches with a screen's worth of words and pictures."""
        return []

    def wake_in(self) -> float | None:
        """How soon this scene needs a frame with no input (a countdown's next second, Ollie's idle bob);
        None: not until input."""
        times = [when for widget in self.widgets if widget.visible and (when := widget.wake_in()) is not None]
        return min(times) if times else None

    def add(self, widget: Widget) -> Widget:
        self.widgets.append(widget)
        return widget

    # -- frame ---------------------------------------------------------------------
    @property
    def animating(self) -> bool:
        return any(widget.animating for widget in self.widgets)

    @property
    def moving(self) -> bool:
        """Something on screen changes from frame to frame (confetti falling, a star popping)."""
        return any(widget.moving for widget in self.widgets)

    def handle(self, intent: Intent) -> None:
        if isinstance(intent, PointerDown):
            for widget in reversed(self.widgets):
                if widget.enabled and widget.hit(intent.pos):
                    self._pressed = widget
                    widget.press(intent.pos)
                    self.dirty = True
                    return
        elif isinstance(intent, PointerMove) and self._pressed is not None:
            self._pressed.drag(intent.pos)
            self.dirty = True
        elif isinstance(intent, PointerUp) and self._pressed is not None:
            self._pressed.release(intent.pos)
            self._pressed = None
            self.dirty = True

    def update(self, dt: float) -> None:
        if self._relayout_requested:
            self._relayout_requested = False
            self.rebuild()
        for widget in self.widgets:
            if widget.update(dt):
                self.dirty = True

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
        (the pixels a whole draw puts there)."""
        clip = surface.get_clip()
        surface.set_clip(rect)
        self.ctx.backgrounds.draw(surface, self.size, *self.background, rect)
        for entry in entries:
            if rect.collidelist(entry.areas) != -1:
                entry.widget.draw(surface, self.ctx)
        surface.set_clip(clip)

    def needs_whole_draw(self, surface: pygame.Surface) -> bool:
        """Only drawing all of it will bring ``surface`` up to date: it is new there, the window was
        resized or the background changed, or the scene draws more than its widgets."""
        return (self._drawn is None or self._canvas != self._canvas_key(surface)
                or type(self).draw is not Scene.draw)

    def drawn_as(self, surface: pygame.Surface, entries: list[Drawn]) -> None:
        """``entries`` are what ``surface`` now shows (painted area by area, game/compose.py): the next
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

    def to_draw(self) -> list[Drawn]:
        """What a frame shows, bottom to top: the visible widgets, then the caption over the title."""
        entries = [drawn(widget) for widget in self.widgets if widget.visible]
        caption = self._caption_widget()
        if caption is not None:
            entries.append(drawn(caption))
        scanner = self.ctx.scanner
        ring = scanner.ring_for(self) if scanner is not None else None
        if ring is not None:  # switch scanning's highlight, over everything
            entries.append(drawn(ring))
        return entries

    def _caption_widget(self) -> Caption | None:
        text = self.ctx.narrator.caption
        if not text or self.size[0] <= 0 or self.shows_words(text):
            return None
        return Caption("caption", Metrics.of(self.size).title_box(), text)

    def shows_words(self, text: str) -> bool:
        """Whether these words are on screen already (in a text box, on a button): then a caption would
        only repeat them over the title, so none is shown. Spaces and line breaks do not count."""
        wanted = " ".join(text.split())
        if self._shown_words is None or self._shown_words[0] != self.layouts:
            shown = [" ".join(words.split()) for widget in self.widgets if widget.visible
                     for words in widget.shown_text()]
            self._shown_words = (self.layouts, shown)
        return any(wanted in words for words in self._shown_words[1])

    def elements(self) -> list[Element]:
        """Everything drawn, with its role: what layout tests check."""
        found = [element for widget in self.widgets if widget.visible for element in widget.elements(self.ctx)]
        caption = self._caption_widget()
        if caption is not None:  # the caption covers the title while words are spoken
            found = [e for e in found if not caption.rect.contains(e.rect)] + caption.elements(self.ctx)
        return found

    def widget(self, name: str) -> Widget:
        for widget in self.widgets:
            if widget.name == name:
                return widget
        raise KeyError(f"{self.name} has no widget {name!r}; it has {[w.name for w in self.widgets]}")


class SceneStack:
    """Push, pop and replace scenes, running their lifecycle hooks in order."""

    def __init__(self, size: Callable[[], tuple[int, int]]) -> None:
        self._size = size
        self._scenes: list[Scene] = []

    @property
    def top(self) -> Scene:
        return self._scenes[-1]

    @property
    def scenes(self) -> tuple[Scene, ...]:
        return tuple(self._scenes)

    def __len__(self) -> int:
        return len(self._scenes)

    def push(self, scene: Scene) -> None:
        if self._scenes:
            self._scenes[-1].on_pause()
        self._scenes.append(scene)
        scene.layout(self._size())
        scene.on_enter()

    def pop(self) -> None:
        if len(self._scenes) <= 1:
            return  # the home screen is never popped: a child can't get lost
        self._scenes.pop().on_exit()
        self._resume_top()

    def replace(self, scene: Scene) -> None:
        if self._scenes:
            self._scenes.pop().on_exit()
        self._scenes.append(scene)
        scene.layout(self._size())
        scene.on_enter()

    def pop_to(self, predicate: Callable[[Scene], bool]) -> None:
        """Pop until the top scene matches (or only the root is left)."""
        while len(self._scenes) > 1 and not predicate(self._scenes[-1]):
            self._scenes.pop().on_exit()
        self._resume_top()

    def home(self) -> None:
        self.pop_to(lambda scene: False)

    def _resume_top(self) -> None:
        top = self._scenes[-1]
        if top.size != self._size():
            top.layout(self._size())
        top.on_resume()

    def resize(self, size: tuple[int, int]) -> None:
        """Only the visible scene is laid out now; covered ones catch up on resume."""
        if self._scenes:
            self._scenes[-1].layout(size)
            self._scenes[-1].invalidate()  # a new or resized window: nothing on it can be trusted

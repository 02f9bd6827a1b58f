"""Scenes and the scene stack.

Lifecycle, in the order a scene meets it:
- ``on_enter``  it was pushed and is now on top;
- ``on_pause``  another scene was pushed over it;
- ``on_resume`` the scene above it was popped;
- ``on_exit``   it was popped or replaced (its speech must stop here).
``layout(size)`` runs before the first draw and on every resize, so nothing is
ever positioned in fixed pixels.

Drawing: a scene is a ``frame.redraw.Screen``: ``draw`` paints the whole screen; ``render`` (what
the frame loop calls) repaints only where something changed since the last frame (game/frame/redraw.py).
A scene says what it shows with ``to_draw`` (its visible widgets, the caption, the scanning ring).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pygame

from ..frame.redraw import Drawn, Screen, drawn
from ..engine.input import Intent, PointerDown, PointerMove, PointerUp, wake_frame_loop
from ..engine.layout import Metrics
from ..lessons.basics import Line
from .widgets import Button, Caption, Element, Widget

if TYPE_CHECKING:
    from ..engine.context import Context


class Scene(Screen):
    """A screen. Subclasses build widgets in ``build`` and may override the hooks."""

    name = "scene"
    scannable = False  # a child's screen: switch scanning may act on it (game/access/scanning.py); grown-ups' never
    background: tuple[tuple[int, int, int], tuple[int, int, int]] = ((214, 236, 255), (250, 246, 232))

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        self.size = (0, 0)
        self.widgets: list[Widget] = []
        self.dirty = True
        self._pressed: Widget | None = None
        self._relayout_requested = False
        self._drawn: list[Drawn] | None = None  # the widgets as last drawn, for partial redraws
        self.unsettled = False  # laid out with some words' sizes guessed: laid out again before it is shown
        self.layouts = 0  # how many times laid out: a new layout may mean a new coming screen (game/frame/prepare.py)
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
        guessed = self.ctx.text.shorts
        self.build(pygame.Rect(0, 0, *size))
        # On the frame loop a layout finds only a frame's worth of its words' sizes (TextRenderer.frame_fitting):
        # with any guessed, it is laid out again in the next frames (App.step) before it is shown.
        self.unsettled = self.ctx.text.shorts != guessed
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
        onto nothing while this one is up (game/frame/prepare.py), so they open without rendering. Only
        cheap guesses belong here: each fills the caches with a screen's worth of words and pictures."""
        return []

    def cast_first(self) -> list[str]:
        """The lessons whose cast should be drawn ahead first while this screen is up (their ids, most
        likely first): game/cast/ahead.py draws every lesson's, and moves these to the front."""
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

    def to_draw(self) -> list[Drawn]:
        """What a frame shows, bottom to top: the visible widgets, then the caption over the title."""
        shown = [widget for widget in self.widgets if widget.visible]
        # A card a finger carries is drawn over the other widgets, as a card lifted off a table is (it went
        # under the cards after it in the tray). Only its own entry moves: nothing else is redrawn for that.
        entries = [drawn(widget) for widget in shown if not widget.dragging]
        entries += [drawn(widget) for widget in shown if widget.dragging]
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

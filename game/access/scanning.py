"""Switch access: scanning a screen's targets with one or two switches (which send key presses).

A child who cannot point plays with switches. Two-switch scanning: Space moves a big highlight from
one thing to the next, Enter chooses the highlighted thing. One-switch auto-scanning: the highlight
moves by itself, one step every ``scan_seconds`` (counted only while nothing is being said, so every
word is heard), and one switch (Space or Enter) chooses. The highlighted thing's words are spoken.

Choosing presses the widget exactly as a finger would: a ``PointerDown`` and ``PointerUp`` at a point
where a tap lands on it (the intents the input layer makes of a finger), handled by the scene as any
tap is. So every scene's logic is reused, and scanning can reach only what a tap there reaches.

What may be scanned: only screens made for children (``Scene.scannable``), and only while no grown-up
screen is open anywhere on the stack (teacher mode, the PIN pad); there, only buttons (never the
title's hold) and never the teacher's buttons on a child's screen (the board's "start now", "+10",
the show of hands, saving the certificate). Ctrl+Shift+Q still opens the PIN pad (game/engine/input.py).

Scanning is off by default: then, as ever, keys do nothing for children. A teacher turns it on per
class or per pupil (game/progress/preferences.py; the teacher's screen is game/scenes/teacher/access.py).

The order is reading order (rows top to bottom, left to right in each), except that the buttons on
every screen (say it again, back, home) come last: a new screen's first step lands on what it is about.
After a choice the highlight stays where it was, or goes where the screen says comes next
(``scan_focus_after``: a sort's groups once a card is picked up, "next" once a question is answered).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Hashable

import pygame

from ..engine.input import Intent, KeyPress, PointerDown, PointerUp
from ..lessons.basics import Line
from ..progress.preferences import declare
from ..scenes.widgets import Button, Element, Widget

if TYPE_CHECKING:
    from ..engine.context import Context
    from ..scenes.base import Scene

MODES = ("off", "two-switch", "auto")
SECONDS_CHOICES = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0)
SCANNING = declare("scanning", "off", choices=MODES,
                   words="Switch access: off; two switches (Space moves, Enter chooses); or one switch, "
                         "with the highlight moving by itself")
SCAN_SECONDS = declare("scan_seconds", 2.0, choices=SECONDS_CHOICES,
                       words="How long the highlight stays on each thing when it moves by itself (seconds)")

MOVE_KEYS = (pygame.K_SPACE,)
CHOOSE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)
AUTO_ROUNDS = 3  # whole rounds with no press, then the highlight rests until a press (a child who left)
# Between auto-scanning's steps nothing is said, but the sound device would stay open (it closes after 3 s of
# silence, and steps come every 1-5 s): its thread alone costs more than the whole idle game may. So a wait
# of at least REST_AUDIO_SECONDS closes it at once, and it is opened again OPEN_AUDIO_SECONDS before the step.
REST_AUDIO_SECONDS = 1.0
OPEN_AUDIO_SECONDS = 0.15
WORDS_POLL_SECONDS = 0.2  # while words are said whose length is not known: look again this often
CHROME_LAST = ("speaker", "back", "home")  # on every screen: after what the screen is about
GROWN_UPS = frozenset({"ready", "more-time", "hands", "save"})  # teacher's buttons on children's screens

# What a button says when it has no line of its own.
UI_WORDS = {
    "home": Line("ui.scan.home", "Home."),
    "speaker": Line("ui.scan.speaker", "Hear it again."),
    "next": Line("ui.scan.next", "Next."),
    "back": Line("ui.scan.back", "Back."),
    "again": Line("ui.scan.again", "Play again."),
    "more": Line("ui.scan.more", "More lessons."),
    "certificate": Line("ui.scan.certificate", "Your certificate."),
    "previous-page": Line("ui.scan.previous-page", "Go back a page."),
    "next-page": Line("ui.scan.next-page", "More this way."),
}


def scan_lines() -> list[Line]:
    """The lines scanning adds to the game's own (for ``play.py narrate``)."""
    return list(UI_WORDS.values())


# -- what can be scanned ---------------------------------------------------------------------------
def reading_order(widgets: list[Widget]) -> list[Widget]:
    """Rows top to bottom (a widget whose middle is level with a row's first belongs to that row),
    left to right within a row."""
    rows: list[list[Widget]] = []
    for widget in sorted(widgets, key=lambda w: (w.rect.top, w.rect.left)):
        for row in rows:
            first = row[0].rect
            if first.top <= widget.rect.centery <= first.bottom or widget.rect.top <= first.centery <= widget.rect.bottom:
                row.append(widget)
                break
        else:
            rows.append([widget])
    return [widget for row in rows for widget in sorted(row, key=lambda w: (w.rect.left, w.rect.top))]


def press_point(scene: "Scene", widget: Widget) -> tuple[int, int] | None:
    """A point where a tap lands on ``widget`` (the top enabled widget there), or None if none does."""
    rect = widget.rect
    points = [rect.center] + [(rect.x + rect.w * i // 6, rect.y + rect.h * j // 6)
                              for j in range(1, 6) for i in range(1, 6)]
    for point in points:
        hit = next((w for w in reversed(scene.widgets) if w.enabled and w.hit(point)), None)
        if hit is widget:
            return point
    return None


def scannable(ctx: "Context") -> "Scene | None":
    """The screen on top, if switches may act on it: a child's screen, with no grown-up's screen open."""
    stack = ctx.stack
    if stack is None or not len(stack):
        return None
    if not all(getattr(scene, "scannable", False) for scene in stack.scenes):
        return None
    return stack.top


def targets(scene: "Scene") -> list[Button]:
    """What a child may choose on ``scene`` by scanning, in scanning order."""
    found = [widget for widget in scene.widgets
             if isinstance(widget, Button) and widget.enabled and widget.visible and widget.name not in GROWN_UPS
             and press_point(scene, widget) is not None]
    ordered = reading_order([widget for widget in found if widget.name not in CHROME_LAST])
    chrome = sorted((widget for widget in found if widget.name in CHROME_LAST), key=lambda w: CHROME_LAST.index(w.name))
    return ordered + chrome


def words_for(scene: "Scene", widget: Button) -> Line | None:
    """What the highlighted widget says: its own line (``speaks``), else a word for the button."""
    if widget.speaks:
        lines = list(scene.narration())
        lesson = getattr(scene, "lesson", None)
        if lesson is not None:
            lines += lesson.spoken_lines()
        line = next((line for line in lines if line.id == widget.speaks), None)
        if line is not None:
            return line
    if widget.name in UI_WORDS:
        return UI_WORDS[widget.name]
    text = widget.label or widget.caption
    if text:
        return Line(widget.speaks or f"ui.scan.words.{widget.name}", text)
    return None


# -- the highlight -------------------------------------------------------------------------------
RING_DARK = (16, 16, 24)
RING_LIGHT = (255, 222, 0)


class ScanRing(Widget):
    """The highlight: a thick ring round the target, dark, bright yellow, dark, so it shows on any
    colour and does not rely on colour (its shape and thickness carry it)."""

    def __init__(self, target: Button, screen: tuple[int, int]) -> None:
        self.thickness = max(12, int(min(screen) * 0.024))  # 26 px at 1080, 19 at 800
        pad = max(3, self.thickness // 2)
        ring = target.rect.inflate(2 * (pad + self.thickness), 2 * (pad + self.thickness))
        super().__init__("scan-ring", ring.clip(pygame.Rect(0, 0, *screen)))  # whole, even by the screen's edge
        side = min(self.rect.w, self.rect.h)
        self.radius = side // 2 if target.translucent else int(side * 0.16)

    def look(self) -> Hashable:
        return (type(self), tuple(self.rect), self.thickness, self.radius)

    def areas(self) -> list[pygame.Rect]:
        """Its four sides, and its corners (a rounded corner curves in further than the ring is thick)."""
        r, t = self.rect, self.thickness + 1
        c = min(max(t, self.radius + 1), r.w // 2, r.h // 2)
        return [pygame.Rect(r.x, r.y, r.w, t), pygame.Rect(r.x, r.bottom - t, r.w, t),
                pygame.Rect(r.x, r.y, t, r.h), pygame.Rect(r.right - t, r.y, t, r.h),
                pygame.Rect(r.x, r.y, c, c), pygame.Rect(r.right - c, r.y, c, c),
                pygame.Rect(r.x, r.bottom - c, c, c), pygame.Rect(r.right - c, r.bottom - c, c, c)]

    def draw(self, surface, ctx) -> None:
        edge = max(4, self.thickness // 4)
        pygame.draw.rect(surface, RING_DARK, self.rect, width=self.thickness, border_radius=self.radius)
        inner = self.rect.inflate(-2 * edge, -2 * edge)
        pygame.draw.rect(surface, RING_LIGHT, inner, width=self.thickness - 2 * edge,
                         border_radius=max(0, self.radius - edge))

    def elements(self, ctx) -> list[Element]:
        return []  # drawn over a target, not a target of its own


# -- the scanner ---------------------------------------------------------------------------------
class Scanner:
    """Turns switch presses into highlight moves and taps, and moves the highlight by itself."""

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        self.scene: "Scene | None" = None  # the screen the highlight is on
        self.focus: str | None = None  # the highlighted widget's name
        self.waited = 0.0  # auto: quiet seconds on this step
        self.rounds = 0  # auto: whole rounds since the last press
        self.resting = False  # auto: stopped after AUTO_ROUNDS rounds, until a press
        self._chosen: str | None = None  # pressed by a switch: where the highlight goes is asked next

    @property
    def mode(self) -> str:
        return self.ctx.preferences.get("scanning")

    @property
    def seconds(self) -> float:
        return float(self.ctx.preferences.get("scan_seconds"))

    def _scene(self) -> "Scene | None":
        """The screen switches act on now; the highlight starts afresh on a new screen."""
        if self.mode == "off":
            return None
        scene = scannable(self.ctx)
        if scene is not self.scene:
            self.scene, self.focus, self._chosen = scene, None, None
            self.waited, self.rounds, self.resting = 0.0, 0, False
        if scene is not None and self._chosen is not None:
            chosen, self._chosen = self._chosen, None
            ask = getattr(scene, "scan_focus_after", None)
            wanted = ask(chosen) if ask is not None else None
            if wanted is not None and wanted != self.focus:
                widget = self._find(scene, wanted)
                if widget is not None:
                    self.focus = wanted
                    self._say(scene, widget, at_once=False)  # after the feedback being said
        return scene

    def _find(self, scene: "Scene", name: str | None) -> Button | None:
        return next((widget for widget in targets(scene) if widget.name == name), None) if name else None

    def translate(self, intents: list[Intent]) -> list[Intent]:
        """Switch presses become highlight moves (done here) and taps; everything else passes on as it was."""
        if self.mode == "off" or not any(isinstance(intent, KeyPress) for intent in intents):
            return intents
        out: list[Intent] = []
        for intent in intents:
            if isinstance(intent, KeyPress) and intent.key in MOVE_KEYS + CHOOSE_KEYS and not intent.mod & (
                    pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
                scene = self._scene()
                if scene is not None:
                    out += self._press(scene, intent.key)
                    continue
            out.append(intent)
        return out

    def _press(self, scene: "Scene", key: int) -> list[Intent]:
        self.rounds, self.waited = 0, 0.0
        self.ctx.turns.touched()  # a child is here (the teacher's "Who's playing?" after no touch counts it)
        if self.mode == "auto" and self.resting:
            self.resting = False  # a press wakes the scan: it starts again from the first thing
            self.move(scene)
            return []
        if self.mode == "two-switch" and key in MOVE_KEYS:
            self.move(scene)
            return []
        widget = self._find(scene, self.focus)
        if widget is None:
            self.move(scene)  # nothing highlighted yet: the first thing is
            return []
        point = press_point(scene, widget)
        self._chosen = widget.name
        return [PointerDown(point), PointerUp(point)]

    def move(self, scene: "Scene") -> None:
        """The highlight to the next thing (round to the first after the last), its words said."""
        found = targets(scene)
        scene.dirty = True
        if not found:
            self.focus = None
            return
        names = [widget.name for widget in found]
        index = names.index(self.focus) + 1 if self.focus in names else 0
        if index >= len(found):
            index = 0
            self.rounds += 1
        self.focus = names[index]
        self._say(scene, found[index], at_once=True)

    def _say(self, scene: "Scene", widget: Button, at_once: bool) -> None:
        line = words_for(scene, widget)
        scene.dirty = True
        if line is None:
            return
        narrator = self.ctx.narrator
        if at_once:
            narrator.stop()
        narrator.say([line])

    # -- the clock (auto-scanning) --------------------------------------------------------------
    def _quiet(self) -> bool:
        narrator = self.ctx.narrator
        return not narrator.busy and narrator.current is None

    def update(self, dt: float) -> None:
        """Each frame: a new screen, or where a choice leads; and auto-scanning's step each ``scan_seconds``
        of quiet, on the game's clock (the frame loop's dt: tests advance it without waiting)."""
        scene = self._scene()
        if scene is None or self.mode != "auto" or self.resting or not self._quiet():
            return
        self.waited += dt
        if self.waited + 1e-9 < self.seconds:
            self._rest_or_open_audio(self.seconds - self.waited)
            return
        self.waited = 0.0
        if self.rounds >= AUTO_ROUNDS - 1 and self._at_last(scene):
            self.resting, self.focus = True, None  # nobody pressed for a while: rest, a press starts again
            scene.dirty = True
            return
        self.move(scene)

    def _rest_or_open_audio(self, left: float) -> None:
        """The sound device closed for a long wait before the next step, and open again just before it."""
        narrator = self.ctx.narrator
        if left >= REST_AUDIO_SECONDS:
            rest = getattr(narrator, "rest_audio", None)
            if rest is not None:
                rest()
        elif left <= OPEN_AUDIO_SECONDS + 1e-9:
            narrator.expect_sound()

    def _at_last(self, scene: "Scene") -> bool:
        found = targets(scene)
        return bool(found) and found[-1].name == self.focus

    def wake_in(self) -> float | None:
        """How soon the next step is due, for the frame loop's sleep; None: not before input."""
        if self.mode != "auto" or self.resting or self.scene is None:
            return None
        if not self._quiet():  # words are being said: the step's clock starts when they end
            left = getattr(self.ctx.narrator, "seconds_left", lambda: None)()
            return WORDS_POLL_SECONDS if left is None else max(0.02, left)
        left = self.seconds - self.waited
        if left > OPEN_AUDIO_SECONDS + 1e-9 and self.seconds >= REST_AUDIO_SECONDS:
            # The loop sleeps till then: the sound device is closed meanwhile (asked here, as the frame that saw
            # the words end ran the scanner before the narrator), with a frame to open it before the step.
            self._rest_or_open_audio(left)
            return left - OPEN_AUDIO_SECONDS
        return max(0.0, left)

    # -- drawing ------------------------------------------------------------------------------------
    def ring_for(self, scene: "Scene") -> ScanRing | None:
        """The highlight to draw over ``scene``, if it is the screen being scanned."""
        if self.focus is None or scene is not self.scene or self.mode == "off":
            return None
        widget = next((w for w in scene.widgets if w.name == self.focus and isinstance(w, Button)), None)
        if widget is None or not widget.visible or not widget.enabled:
            return None
        return ScanRing(widget, scene.size)

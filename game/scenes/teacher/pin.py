"""The way into teacher mode: hold the title (or Ctrl+Shift+Q), the grown-up question, the PIN pad.

The way in is for adults only: hold the title on the home screen for three
seconds (top of the board, out of small children's reach), or press
Ctrl+Shift+Q. Only from here can the game be closed or leave fullscreen.
"""


from __future__ import annotations

from typing import Callable

import pygame

from ...engine.input import wake_frame_loop
from ...engine.layout import Metrics, grid
from ...frame.palette import INK, WHITE, shade
from ...classroom.teacher_pin import TeacherPin, valid_pin
from ..base import Scene
from ..widgets import Button, Element, Label, Widget

from .common import TEACHER_BLUE
from . import screen_named


HOLD_SECONDS = 3.0


class HoldTarget(Widget):
    """Fires after being held down for ``seconds``; shows a filling ring while held."""

    def __init__(self, name: str, rect: pygame.Rect, on_hold: Callable[[], None], seconds: float = HOLD_SECONDS):
        super().__init__(name, rect)
        self.enabled = True
        self.on_hold = on_hold
        self.seconds = seconds
        self.held: float | None = None
        self.at = rect.center

    @property
    def animating(self) -> bool:  # type: ignore[override]
        return self.held is not None

    def press(self, pos) -> None:
        self.held, self.at = 0.0, pos

    def release(self, pos) -> None:
        self.held = None

    def update(self, dt: float) -> bool:
        if self.held is None:
            return False
        self.held += dt
        if self.held >= self.seconds:
            self.held = None
            self.on_hold()
        return True

    unseen = ("enabled", "on_hold")

    def _ring_box(self) -> pygame.Rect:
        radius = max(12, self.rect.h // 3)
        box = pygame.Rect(0, 0, 2 * radius, 2 * radius)
        box.center = self.at
        return box

    def areas(self) -> list[pygame.Rect]:
        """The ring, round the finger: it may reach past the target's edges; nothing when not held."""
        return [self._ring_box().inflate(4, 4)] if self.held is not None else []

    def draw(self, surface, ctx) -> None:
        if self.held is None:
            return
        radius = max(12, self.rect.h // 3)
        box = self._ring_box()
        fraction = min(1.0, self.held / self.seconds)
        pygame.draw.arc(surface, TEACHER_BLUE, box, 1.5708, 1.5708 + 6.2832 * fraction, max(4, radius // 4))

    def elements(self, ctx) -> list[Element]:
        return []  # for adults: not a child's target, and drawn only while held


class PinDots(Widget):
    """One filled dot per digit typed (the digits themselves are never shown)."""

    def __init__(self, name: str, box: pygame.Rect, count: int) -> None:
        super().__init__(name, box)
        self.count = count

    def draw(self, surface, ctx) -> None:
        radius = max(4, self.rect.h // 4)
        step = self.rect.w // 6
        for index in range(6):
            centre = (self.rect.x + step * index + step // 2, self.rect.centery)
            if index < self.count:
                pygame.draw.circle(surface, TEACHER_BLUE, centre, radius)
            else:
                pygame.draw.circle(surface, shade(TEACHER_BLUE, 0.6), centre, radius, max(2, radius // 4))


def open_teacher_mode(ctx) -> None:
    """The PIN first (set it on first use), then the teacher's menu."""
    if any(scene.name in ("pin", "teacher", "worries") for scene in ctx.stack.scenes):
        return
    # A PIN that could not be saved (read-only or full data folder) is kept in memory for the session.
    ctx.stack.push(PinScene(ctx, lambda: ctx.stack.replace(screen_named("teacher")(ctx)), pin=ctx.unsaved_pin))


def grown_up_question() -> tuple[int, int]:
    """Two numbers from the harder times tables, for the first PIN's grown-up question."""
    import random

    chooser = random.SystemRandom()
    return chooser.randint(6, 9), chooser.randint(6, 9)


class PinScene(Scene):
    name = "pin"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, on_success: Callable[[], None], pin: TeacherPin | None = None,
                 ask_grown_up: bool = True) -> None:
        super().__init__(ctx)
        self.pin = pin or TeacherPin(ctx.data_dir)
        self.on_success = on_success
        self.entered = ""
        self.first_choice: str | None = None  # setting a new PIN: the first entry, awaiting confirmation
        # The first PIN on a fresh install. Holding the title for 3 s is something a four-year-old can do by
        # chance, and typing any four digits twice (1111, 1111) is too, so first a grown-up's question: a
        # times-table sum (6-9 times 6-9: taught at 8-9, out of reach of 4-7 year-olds, who cannot read it
        # either). A wrong answer closes the pad, so each guess costs another 3-second hold: a child pressing
        # keys gets about one chance in a hundred per hold, and must still type the same PIN twice after.
        # Changing the PIN from the teacher's settings needs no question: a grown-up is already in.
        self.question = grown_up_question() if ask_grown_up and not self.pin.is_set else None
        self.checking = False
        self.message = self._prompt()
        self._result: bool | None = None

    def _prompt(self) -> str:
        if self.question is not None:
            return f"For grown-ups, to choose the teacher PIN: what is {self.question[0]} × {self.question[1]}?"
        if not self.pin.is_set:
            return "Choose a teacher PIN (4 to 6 digits)" if self.first_choice is None else "Type the new PIN again"
        locked = self.pin.seconds_locked()
        if locked > 0:
            return f"Too many wrong tries. Try again in {int(locked) + 1} seconds."
        return "Teacher PIN"

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("cancel", m.home_button(), self.cancel, fill=WHITE, icon=self.ctx.icon("home")))
        self.add(Label("pin-message", m.title_box(), self.message, int(m.target * 0.32), INK))
        dots = pygame.Rect(m.width // 2 - m.target * 2, m.content_top, m.target * 4, int(m.target * 0.5))
        self.add(PinDots("pin-dots", dots, len(self.entered)))
        pad_top = dots.bottom + m.gap
        side = min((m.content_bottom - pad_top - 3 * m.gap) // 4, (m.width - 2 * m.margin) // 3)
        pad = pygame.Rect(0, pad_top, side * 3 + m.gap * 2, side * 4 + m.gap * 3)
        pad.centerx = m.width // 2
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok"]
        for key, cell in zip(keys, grid(pad, 12, 3, m.gap)):
            if key == "back":
                self.add(Button("pin-back", cell, self.delete, fill=WHITE, icon=self.ctx.icon("back")))
            elif key == "ok":
                self.add(Button("pin-ok", cell, self.submit, fill=shade((46, 170, 90), 0.75), icon=self.ctx.icon("right")))
            else:
                self.add(Button(f"pin-{key}", cell, lambda key=key: self.type(key), fill=WHITE, label=key))

    def type(self, digit: str) -> None:
        if len(self.entered) < 6 and not self.checking:
            self.entered += digit
            self.rebuild()

    def delete(self) -> None:
        self.entered = self.entered[:-1]
        self.rebuild()

    def cancel(self) -> None:
        self.ctx.stack.pop()

    def submit(self) -> None:
        if self.checking:
            return
        entered, self.entered = self.entered, ""
        if self.question is not None:
            if not entered:
                return  # OK with nothing typed: nothing to judge yet
            if entered != str(self.question[0] * self.question[1]):
                self.cancel()  # not a grown-up (or a slip): back home, and the next try starts with a hold
                return
            self.question = None
            self.message = self._prompt()
            self.rebuild()
            return
        if not self.pin.is_set:
            self._set_new(entered)
            return
        if not valid_pin(entered) or self.pin.seconds_locked() > 0:
            self.message = self._prompt() if self.pin.seconds_locked() > 0 else "A PIN is 4 to 6 digits"
            self.rebuild()
            return
        # scrypt is slow on purpose: check it off the frame loop.
        self.checking = True
        self.message = "Checking…"
        self.rebuild()

        def work() -> None:
            self._result = self.pin.check(entered)
            wake_frame_loop()

        self.ctx.jobs.submit(work, lane="pin")

    def _set_new(self, entered: str) -> None:
        if not valid_pin(entered):
            self.message = "A PIN is 4 to 6 digits"
        elif self.first_choice is None:
            self.first_choice = entered
            self.message = self._prompt()
        elif entered != self.first_choice:
            self.first_choice = None
            self.message = "The two PINs were different. Choose a PIN again."
        else:
            # scrypt is slow on purpose: set it off the frame loop too, then carry on as after a check.
            self.checking = True
            self.message = "Saving…"
            self.rebuild()

            def work() -> None:
                self.pin.set(entered)
                self._result = True
                wake_frame_loop()

            self.ctx.jobs.submit(work, lane="pin")
            return
        self.rebuild()

    def _note_saving(self) -> None:
        """A read-only or full data folder: the PIN works from memory until the game closes, and teacher
        mode says so. The next check after the folder can be written saves it."""
        self.ctx.pin_problem = self.pin.problem
        self.ctx.unsaved_pin = self.pin if self.pin.problem else None

    def update(self, dt: float) -> None:
        if self._result is not None:
            right, self._result, self.checking = self._result, None, False
            self._note_saving()
            if right:
                self.on_success()
                return
            self.message = self._prompt() if self.pin.seconds_locked() > 0 else "That PIN is not right"
            self.rebuild()
        super().update(dt)

"""Teacher mode: the PIN pad, the teacher's menu, and the worries list.

The way in is for adults only: hold the title on the home screen for three
seconds (top of the board, out of small children's reach), or press
Ctrl+Shift+Q. Only from here can the game be closed or leave fullscreen.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import pygame

from ..input import wake_frame_loop
from ..layout import Metrics, grid
from ..lessons.basics import Line
from ..frame.palette import INK, WHITE, shade
from ..progress.commands import (AddClass, AddPupil, ErasePupil, ImportClassLists, MarkWorriesSeen, RenamePupil,
                                 SetWorryFollowedUp, SetWorryNote)
from ..teacher_pin import TeacherPin, valid_pin
from ..turns import ASK_CHOICES, ask_words
from .about import open_about
from . import sharing
from .base import Scene
from .widgets import Button, Element, Label, Panel, Widget, equalise_labels

HOLD_SECONDS = 3.0
TEACHER_BLUE = (70, 110, 170)


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
    if any(isinstance(scene, (PinScene, TeacherMenuScene, WorriesScene)) for scene in ctx.stack.scenes):
        return
    # A PIN that could not be saved (read-only or full data folder) is kept in memory for the session.
    ctx.stack.push(PinScene(ctx, lambda: ctx.stack.replace(TeacherMenuScene(ctx)), pin=ctx.unsaved_pin))


def lesson_title(ctx) -> Callable[[str], str]:
    """A lesson's title by its id (the id itself for a lesson no longer there); called on the progress worker."""
    def title(lesson_id: str) -> str:
        lesson = ctx.library.by_id(lesson_id)
        return lesson.title.text if lesson else lesson_id

    return title


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


class TeacherMenuScene(Scene):
    name = "teacher"
    background = ((225, 232, 245), (245, 247, 252))
    message = ""  # the result of the last action, for the teacher
    worries = 0  # worries the teacher has not seen yet: the button's badge (read from the store when shown)

    def narration(self) -> list[Line]:
        return []

    def on_enter(self) -> None:
        super().on_enter()
        self._count_worries()

    def on_resume(self) -> None:
        super().on_resume()
        self.rebuild()  # what is said about sharing, a class or a problem may have changed meanwhile
        self._count_worries()  # the count of new worries may have changed

    def refresh(self) -> None:
        """Records came in from the class's tablets (game/sync/runner.py): a worry among them shows at once."""
        self._count_worries()

    def _count_worries(self) -> None:
        from ..progress.worries import unread

        def counted(done) -> None:
            count = unread(done.value) if done.ok else 0
            if count != self.worries:
                self.worries = count
                self.rebuild()

        self.ctx.recorder.worries(lesson_title(self.ctx), counted)

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Label("teacher-title", m.title_box(), "Teacher", int(m.target * 0.5), TEACHER_BLUE))
        worries = self.worries
        settings = self.ctx.settings
        entries = [
            ("back-to-game", "Back to the game", self.ctx.stack.home),
            ("class", f"Class: {settings.class_name or 'none'}", self.next_class),
            ("new-class", "New class", self.new_class),
            ("import-lists", "Import class lists", self.import_lists),
            ("who", "Who is playing?", self.choose_pupil),
            ("overview", "Class overview", self.open_overview),
            ("whole-class", f"Whole class: {'on' if settings.whole_class else 'off'}", self.toggle_class),
            ("worries", f"Worries: {worries} new" if worries else "Worries", self.open_worries),
            sharing.menu_entry(self.ctx),  # the class hub on this PC, or this tablet joining it
            ("settings", "Settings", lambda: self.ctx.stack.push(SettingsScene(self.ctx))),
            ("lessons", "Lessons children see", lambda: self.ctx.stack.push(LessonsScene(self.ctx))),
            ("fullscreen", "Window" if self.ctx.window.is_fullscreen() else "Fullscreen", self.toggle_window),
            ("quit", "Close SMART Stars", self.ask_quit),
            ("about", "About SMART Stars", lambda: open_about(self.ctx)),
        ]
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        buttons = []
        for (name, label, action), cell in zip(entries, grid(area, len(entries), 2 if not m.portrait else 1, m.gap)):
            fill = shade((240, 170, 60), 0.6) if name == "worries" and worries else WHITE
            buttons.append(self.add(Button(name, cell, action, fill=fill, label=label)))
        equalise_labels(buttons, self.ctx)
        if worries:  # unread worries: a count on the button's corner, seen across the room
            from .count_badge import CountBadge

            cell = self.widget("worries").rect
            side = max(24, int(cell.h * 0.7))
            self.add(CountBadge("worries-unread", (cell.right - side // 3, cell.top + side // 3), side, worries))
        if self.message:
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("message", box, self.message, int(m.gap * 0.9), TEACHER_BLUE))
        problem = " ".join(self.ctx.teacher_notices())  # progress, settings or the PIN not saved; a missing font
        status = sharing.menu_status(self.ctx)  # how sending to the class hub is going
        if status and not (problem or self.message):
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("sharing-status", box, status, int(m.gap * 0.9), TEACHER_BLUE))
        if problem:
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("problem", box, problem, int(m.gap * 0.9), shade(INK, 0.2)))

    def toggle_class(self) -> None:
        settings = self.ctx.settings
        settings.whole_class = not settings.whole_class
        if settings.whole_class:
            from ..progress.service import play_as_class

            play_as_class(self.ctx.recorder, settings.class_name)
        else:
            self.ctx.recorder.player.whole_class = False
        self.ctx.save_settings()
        self.rebuild()

    def next_class(self) -> None:
        """Step through the classes set up with  play.py class NAME --import FILE  (and 'none'); the
        names are read on the progress worker, so the next class shows a frame or two later."""
        def step(done) -> None:
            names: list[str | None] = [None, *(done.value if done.ok else [])]
            current = self.ctx.settings.class_name
            position = names.index(current) if current in names else 0
            self.ctx.settings.class_name = names[(position + 1) % len(names)]
            self.ctx.save_settings()
            self.rebuild()

        self.ctx.recorder.class_names(step)

    importing = False  # class lists are being read and added

    def import_lists(self) -> None:
        """Every list in class-lists/, read and added on the progress worker (a long list, or a slow
        shared drive, must not hold up a frame); what happened is shown when it is done."""
        if self.importing:
            return
        def done(outcome) -> None:
            self.importing = False
            lines = outcome.value if outcome.ok else [outcome.problem]
            if self.ctx.stack.top is self:
                self.message = ""
                self.ctx.stack.push(ImportResultsScene(self.ctx, lines))
            else:  # the teacher went elsewhere meanwhile: the menu says it when they come back
                self.message = "; ".join(lines)
                self.rebuild()

        self.importing = True
        self.message = "Importing class lists…"
        self.rebuild()
        self.ctx.recorder.run(ImportClassLists(self.ctx.data_dir), then=done)

    def new_class(self) -> None:
        def made(name: str) -> None:
            def saved(done) -> None:
                self.message = done.problem or ""
                if done.ok:
                    self.ctx.settings.class_name = name
                    self.ctx.save_settings()
                self.rebuild()

            self.ctx.recorder.run(AddClass(name), then=saved)

        self.ctx.stack.push(TextEntryScene(self.ctx, "Name of the new class", made, kind="class"))

    def choose_pupil(self) -> None:
        from .pupils import open_picker

        # The class's pupils are read on the progress worker: the picker opens from the menu once they are
        # in (and the menu stays if there is no class with pupils yet).
        open_picker(self.ctx, before=self.ctx.stack.home)

    def ask_quit(self) -> None:
        """Closing the game is asked first: one stray tap on the board must not end a lesson."""
        self.ctx.stack.push(ConfirmScene(self.ctx, "Close SMART Stars?", self.ctx.window.quit,
                                         yes="Yes, close it", no="No, keep it open"))

    def toggle_window(self) -> None:
        self.ctx.window.toggle_fullscreen()
        self.rebuild()

    def open_overview(self) -> None:
        if self.ctx.settings.class_name:
            self.ctx.stack.push(OverviewScene(self.ctx, self.ctx.settings.class_name))

    def open_worries(self) -> None:
        self.ctx.stack.push(WorriesScene(self.ctx))


class WorriesScene(Scene):
    """Children who asked to talk to a grown-up: unread first, each one markable as followed up, each with a
    short note, all of them saved as a CSV for the school's safeguarding log."""

    name = "worries"
    background = ((225, 232, 245), (245, 247, 252))
    message = ""  # where the log was saved, or why the last change was not saved (a read-only or full folder)
    page = 0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.worries: list | None = None  # read on the progress worker: None until it is in
        self.new_here: set[int] = set()  # new when this visit began: they keep their "New" mark until left
        self._load(first=True)

    def _load(self, first: bool = False) -> None:
        def loaded(done) -> None:
            if not done.ok:
                self.message = done.problem
            self.worries = done.value or []
            # Seen now: the menu's unread count goes down (it is read after this is written). Those that
            # arrive from a tablet while the list is open are seen too, and marked new like the others.
            fresh = {worry.id for worry in self.worries if not worry.seen} - self.new_here
            if fresh:
                self.new_here |= fresh
                self.ctx.recorder.run(MarkWorriesSeen(tuple(sorted(fresh))), then=self._saved)
            self.rebuild()

        self.ctx.recorder.worries(lesson_title(self.ctx), loaded)

    def refresh(self) -> None:
        """Records came in from the class's tablets (game/sync/runner.py): read the list again."""
        self._load()

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("worries-title", m.title_box(), "Worries", int(m.target * 0.5), TEACHER_BLUE))
        if self.message:
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("message", box, self.message, int(m.gap * 0.9), TEACHER_BLUE))
        worries = self.worries
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        if worries is None:
            self.add(Label("loading", area, "Loading…", int(m.target * 0.3), INK))
            return
        if not worries:
            self.add(Label("none", area, "No worries recorded.", int(m.target * 0.3), INK))
            return
        # The bottom row: saving the log on the right, pages on the left when there are more than fit.
        bottom_h = int(m.short * 0.07)
        bottom = pygame.Rect(area.x, area.bottom - bottom_h, area.w, bottom_h)
        export = pygame.Rect(0, bottom.y, m.target * 4, bottom_h)
        export.right = bottom.right
        self.add(Button("export", export, self.export, fill=WHITE, label="Save for the safeguarding log (CSV)"))
        area.h -= bottom_h + m.gap
        row_h = max(m.target_min, min(m.target, area.h // max(1, len(worries))))
        per_page = max(1, area.h // row_h)
        pages = -(-len(worries) // per_page)
        self.page = min(self.page, pages - 1)
        if pages > 1:
            for index, (name, step, words) in enumerate((("previous-page", -1, "Newer"), ("next-page", 1, "Older"))):
                box = pygame.Rect(bottom.x + index * (m.target * 2 + m.gap), bottom.y, m.target * 2, bottom_h)
                if 0 <= self.page + step < pages:
                    self.add(Button(name, box, lambda step=step: self._turn(step), fill=WHITE, label=words))
        buttons = []
        for index, worry in enumerate(worries[self.page * per_page:(self.page + 1) * per_page]):
            row = pygame.Rect(area.x, area.y + index * row_h, area.w, row_h - m.gap // 2)
            self.add(Panel(f"worry-{worry.id}", row, fill=WHITE if worry.followed_up else shade((240, 170, 60), 0.75)))
            new = not worry.seen or worry.id in self.new_here
            words = " · ".join(part for part in (("New: " if new else "") + worry.who, worry.class_name,
                                                 worry.lesson_title, worry.when) if part)
            if worry.note:
                words += f"\nNote: {worry.note}"
            buttons_w = row.h * 4 + m.gap
            self.add(Label(f"worry-text-{worry.id}", pygame.Rect(row.x + m.gap, row.y, row.w - buttons_w - 2 * m.gap,
                                                                 row.h), words, int(row.h * 0.24), INK, align="left"))
            follow = pygame.Rect(row.right - row.h * 2 - m.gap // 2, row.y + row.h // 10, row.h * 2, row.h * 8 // 10)
            label = "Followed up" if worry.followed_up else "Mark followed up"
            buttons += [self.add(Button(f"follow-{worry.id}", follow, lambda worry=worry: self.toggle(worry),
                                        label=label)),
                        self.add(Button(f"note-{worry.id}", follow.move(-(follow.w + m.gap // 2), 0),
                                        lambda worry=worry: self.ask_note(worry), fill=WHITE,
                                        label="Change the note" if worry.note else "Add a note"))]
        equalise_labels(buttons, self.ctx)

    def open_language(self) -> None:
        from .home_language import HomeLanguageScene

        self.ctx.stack.push(HomeLanguageScene(self.ctx, self.class_name))

    def _turn(self, step: int) -> None:
        self.page += step
        self.rebuild()

    def _saved(self, done) -> None:
        self.message = done.problem or self.message
        self.rebuild()

    def _changed(self, done) -> None:
        """A change to a worry was written (or not): the list is read again, with the teacher told if not."""
        self.message = done.problem or ""
        self._load()

    def toggle(self, worry) -> None:
        self.ctx.recorder.run(SetWorryFollowedUp(worry.id, not worry.followed_up), then=self._changed)

    def ask_note(self, worry) -> None:
        """A short note typed by the teacher (who was spoken to, what was done), kept with the worry."""
        def noted(note: str) -> None:
            self.ctx.recorder.run(SetWorryNote(worry.id, note), then=self._changed)

        self.ctx.stack.push(TextEntryScene(self.ctx, f"A note about the worry from {worry.who}", noted,
                                           text=worry.note, kind="note"))

    def export(self) -> None:
        """Every worry as a CSV for the school's safeguarding log, into reports/ in the data folder. Written
        on the progress worker (reading the store and writing the file wait for the disk); the teacher is
        told where it went."""
        import datetime as dt

        from ..private_files import safe_file_stem

        path = (self.ctx.data_dir / "reports" / f"{safe_file_stem(f'worries {dt.date.today():%Y-%m-%d}')}.csv")
        self.message = "Saving…"
        self.rebuild()

        def written(done) -> None:
            count = done.value
            said = done.problem or f"Saved {count} worr{'y' if count == 1 else 'ies'} for the safeguarding log to {path}"
            self._exported(said, path)

        self.ctx.recorder.export_worries(path, lesson_title(self.ctx), written)

    def _exported(self, said: str, path: Path) -> None:
        self.message = said
        self.exported = path
        self.rebuild()


class OverviewScene(Scene):
    """The whole class at a glance: each pupil's animal and name, then one cell per SMART letter with one
    pip per lesson (game/scenes/teacher_overview.py draws them). Two columns of pupils on a landscape
    screen, so a class of 36 fits 1280x800; a larger class is shown a page at a time, and says so.
    Built off the frame loop."""

    name = "overview"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, class_name: str) -> None:
        super().__init__(ctx)
        self.class_name = class_name
        self.overview = None
        self.status = "Loading…"
        self.message = ""  # why the report could not be saved
        self.saved: Path | None = None  # the last report written
        self.saving = False  # a report is being written
        self.page = 0  # of pupils, when the class is too big for one screen
        self.reload()

    def reload(self) -> None:
        """Read the class's progress on the progress worker; shown when it is in."""
        def loaded(done) -> None:
            if not done.ok:
                self.status = done.problem
            elif done.value is None:
                self.status = f"There is no class called {self.class_name}."
            else:
                self.overview, self.status = done.value, ""
            self.relayout_soon()

        self.ctx.recorder.overview(self.class_name, lambda: self.ctx.library, loaded)

    def on_resume(self) -> None:
        super().on_resume()
        self.reload()  # a pupil may have been added, renamed or erased

    def add_pupil(self) -> None:
        def named(name: str) -> None:
            self.ctx.stack.push(AvatarChoiceScene(self.ctx, name, lambda avatar: self._store_pupil(name, avatar)))

        self.ctx.stack.push(TextEntryScene(self.ctx, "The new pupil's first name", named))

    def _store_pupil(self, name: str, avatar: str) -> None:
        def saved(done) -> None:
            if done.problem:
                self.status = done.problem
                self.rebuild()
            else:
                self.reload()

        self.ctx.recorder.run(AddPupil(self.class_name, name, avatar), then=saved)

    def pages(self, m: Metrics, area: pygame.Rect) -> tuple[int, int, int]:
        """(columns, rows in a column, pupils on a page) for this screen: rows as tall as fits the class,
        no shorter than a teacher's target; if even that cannot hold the class, as many as fit a page."""
        from .teacher_overview import TEACHER_TARGET_MIN

        columns = 2 if m.width > m.height else 1
        shortest = round(m.short * TEACHER_TARGET_MIN) + max(2, m.short // 200)
        fit = max(1, int((area.h - self.header_height(m)) // shortest))
        count = len(self.overview.pupils) if self.overview else 0
        rows = min(fit, max(1, -(-count // columns)))
        return columns, rows, columns * rows

    @staticmethod
    def header_height(m: Metrics) -> int:
        return int(m.short * 0.045)

    def build(self, screen: pygame.Rect) -> None:
        from .teacher_overview import Legend, add_teacher_top, teacher_bottom

        m = Metrics.of(screen.size)
        ready = self.overview is not None and not self.status
        pupils = self.overview.pupils if ready else []
        title = f"Class {self.class_name}"
        buttons = [("questions", "Questions", self.open_questions, None),
                   ("add-pupil", "Add a pupil", self.add_pupil, None),
                   ("access", "Access", self.open_access, None),  # switches, bigger words and the like, for the class
                   ("language", "Home language", self.open_language, None),
                   ("report", "Saving…" if self.saving else "Save report", self.save_report, self.ctx.icon("save"))]
        if not ready:
            buttons = buttons[1:3] if self.overview is not None else []
        probe = add_teacher_top(self, m, title, buttons)  # to learn the grid's area; built again below if paged
        columns, rows, per_page = self.pages(m, probe)
        page_count = max(1, -(-len(pupils) // per_page))
        self.page = min(self.page, page_count - 1)
        if page_count > 1:  # too many to show at once: say which are shown, with a way to the others
            first = self.page * per_page
            shown = pupils[first:first + per_page]
            title = f"{title}: pupils {first + 1}–{first + len(shown)} of {len(pupils)}"
            turns = []
            if self.page > 0:
                turns.append(("previous-pupils", "Previous", lambda: self._turn(-1), self.ctx.icon("previous-page")))
            if self.page < page_count - 1:
                turns.append(("next-pupils", "More pupils", lambda: self._turn(1), self.ctx.icon("next-page")))
            self.widgets = []
            area = add_teacher_top(self, m, title, turns + buttons, button_w=int(m.width * 0.13))
            pupils = shown
        else:
            area = probe
        if not ready:
            self.add(Label("status", area, self.status or "Loading…", int(m.short * 0.04), INK))
            return
        legend = pygame.Rect(m.margin, teacher_bottom(m) + m.margin // 4, m.width - 2 * m.margin,
                             m.height - teacher_bottom(m) - m.margin // 2)
        if self.message:
            self.add(Label("message", legend, self.message, int(legend.h * 0.6), shade(INK, 0.2)))
        elif pupils:
            self.add(Legend("legend", legend, self.ctx.icon("worry")))
        if not pupils:
            self.add(Label("status", area, "No pupils yet: tap 'Add a pupil', or import a class list",
                           int(m.short * 0.04), INK))
            return
        self._build_grid(m, area, pupils, columns, rows)

    def open_access(self) -> None:
        from .access_settings import open_access

        open_access(self.ctx, self.class_name)

    def open_language(self) -> None:
        from .home_language import HomeLanguageScene

        self.ctx.stack.push(HomeLanguageScene(self.ctx, self.class_name))

    def _turn(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self.rebuild()

    def _build_grid(self, m: Metrics, area: pygame.Rect, pupils, columns: int, rows: int) -> None:
        from ..avatars import AVATARS
        from ..letters import LETTERS
        from .teacher_overview import ProgressCell, PupilLetterScene, PupilName

        overview = self.overview
        header_h = min(self.header_height(m), area.h // (rows + 1))
        row_h = min(int(m.short * 0.075), (area.h - header_h) // rows)
        gap = max(2, m.short // 200)
        column_w = (area.w - m.gap * (columns - 1)) // columns
        name_w = int(column_w * 0.3)
        cell_w = (column_w - name_w) // len(LETTERS)
        worry = self.ctx.icon("worry")
        catalog = self.ctx.catalog
        for column in range(columns):
            x = area.x + column * (column_w + m.gap)
            chunk = pupils[column * rows:(column + 1) * rows]
            if not chunk:
                break
            self.add(Label(f"head-pupil-{column}", pygame.Rect(x, area.y, name_w - gap, header_h), "Pupil",
                           int(header_h * 0.6), TEACHER_BLUE, align="left"))
            heads = [f"{item.letter} {item.word}" for item in LETTERS]
            # One size for the five, on one line each (a box too low for two lines).
            size = min(self.ctx.text.fitting_size(text, (cell_w - gap, int(header_h * 0.7)), header_h * 0.6, 8)
                       for text in heads)
            for index, item in enumerate(LETTERS):
                box = pygame.Rect(x + name_w + index * cell_w, area.y, cell_w - gap, header_h)
                self.add(Label(f"head-{item.key}-{column}", box, heads[index], size, shade(item.colour, -0.45)))
            for number, row in enumerate(chunk):
                y = area.y + header_h + number * row_h
                animal = catalog.emoji_svg(catalog.emoji_for_name(AVATARS.get(row.avatar, "owl")))
                self.add(PupilName(f"name-{row.pupil_id}", pygame.Rect(x, y, name_w - gap, row_h - gap),
                                   lambda row=row: self.ctx.stack.push(PupilScene(self.ctx, row.pupil_id, row.name,
                                                                                  self.class_name)),
                                   row.name, animal, worry if row.worries else None))
                for index, item in enumerate(LETTERS):
                    pips = tuple((row.lessons.get(lesson_id, "not started"), row.stars.get(lesson_id, 0))
                                 for lesson_id, _title in overview.lessons_by_letter.get(item.key, []))
                    box = pygame.Rect(x + name_w + index * cell_w, y, cell_w - gap, row_h - gap)
                    self.add(ProgressCell(
                        f"cell-{row.pupil_id}-{item.key}", box,
                        lambda row=row, key=item.key: self.ctx.stack.push(
                            PupilLetterScene(self.ctx, row.pupil_id, row.name, key)),
                        pips, item.key in row.help_letters, shade(item.colour, 0.88)))

    def open_questions(self) -> None:
        from .teacher_overview import ClassQuestionsScene

        if self.overview is not None:
            self.ctx.stack.push(ClassQuestionsScene(self.ctx, self.overview))

    def save_report(self) -> None:
        """The printable report (HTML) and the class CSV, written off the frame loop; then a screen
        saying where they are, with a way to open them."""
        if self.overview is None or self.saving:
            return  # a second tap while saving would write the same files at once, and one would fail
        from .teacher_overview import ReportSavedScene

        def saved(done) -> None:
            self.saving = False
            if done.ok:
                page, written = done.value
                self.saved, self.message = page, ""
            else:
                page, written, self.message = None, [], done.problem
            if page is not None and self.ctx.stack.top is self:
                self.ctx.stack.push(ReportSavedScene(self.ctx, page, written))
            else:
                self.rebuild()

        self.saving = True
        self.rebuild()
        # Written on the progress worker: the report, then the class's CSV and its class list.
        self.ctx.recorder.save_report(self.overview, self.ctx.data_dir / "reports", saved)


class SettingsScene(Scene):
    """The teacher's settings: speech, sound, captions, the class pause, and the PIN."""

    name = "settings"
    background = ((225, 232, 245), (245, 247, 252))

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        settings = self.ctx.settings
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("settings-title", m.title_box(), "Settings", int(m.target * 0.5), TEACHER_BLUE))
        rows = [
            ("voice", f"Voice: {self._voice_name()} (from next start)", 1),
            ("rate", f"Speech speed: {settings.speech_rate} words a minute (from next start)", 10),
            ("speech-volume", f"Speech volume: {round(settings.speech_volume * 100)}%", 0.1),
            ("effects-volume", f"Sound effects volume: {round(settings.effects_volume * 100)}%", 0.1),
            ("talk-seconds", f"Talk-to-your-partner pause: {settings.talk_seconds} seconds", 5),
            ("ask-who", f"Ask \u201cWho's playing?\u201d {ask_words(settings.ask_who, settings.ask_who_minutes)}", 1),
        ]
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        row_h = min(m.target, (area.h - m.gap * 6) // 7)
        for index, (key, text, step) in enumerate(rows):
            y = area.y + index * (row_h + m.gap)
            self.add(Label(f"{key}-text", pygame.Rect(area.x, y, area.w - 2 * (row_h + m.gap), row_h), text,
                           int(row_h * 0.45), INK, align="left"))
            self.add(Button(f"{key}-less", pygame.Rect(area.right - 2 * row_h - m.gap, y, row_h, row_h),
                            lambda key=key, step=step: self.change(key, -step), fill=WHITE, label="-"))
            self.add(Button(f"{key}-more", pygame.Rect(area.right - row_h, y, row_h, row_h),
                            lambda key=key, step=step: self.change(key, step), fill=WHITE, label="+"))
        y = area.y + len(rows) * (row_h + m.gap)
        third = (area.w - 2 * m.gap) // 3
        self.add(Button("captions", pygame.Rect(area.x, y, third, row_h), self.toggle_captions, fill=WHITE,
                        label=f"Captions: {'on' if settings.captions else 'off'}"))
        self.add(Button("more-voices", pygame.Rect(area.x + third + m.gap, y, third, row_h), self.toggle_all_voices,
                        fill=WHITE, label="English voices only" if self._all_voices() else "More voices"))
        self.add(Button("change-pin", pygame.Rect(area.x + 2 * (third + m.gap), y, third, row_h), self.change_pin,
                        fill=WHITE, label="Change the PIN"))

    all_voices = False  # "More voices" tapped: the engine's other languages follow the English ones

    def _english_voices(self) -> list:
        """The voices "+" and "-" step through: English ones, British first; the engine's others only after
        "More voices" (or when one of them is the voice chosen already)."""
        voices = getattr(getattr(self.ctx.narrator, "pipeline", None), "voices", [])
        english = sorted((voice for voice in voices if is_english(voice)), key=lambda voice: not is_british(voice))
        others = [voice for voice in voices if not is_english(voice)]
        if self.all_voices or not english or any(voice.id == self.ctx.settings.voice for voice in others):
            return english + others
        return english

    def _all_voices(self) -> bool:
        return len(self._english_voices()) > len([v for v in self._english_voices() if is_english(v)])

    def toggle_all_voices(self) -> None:
        self.all_voices = not self.all_voices
        self.rebuild()

    def _voice_name(self) -> str:
        chosen = self.ctx.settings.voice
        for voice in self._english_voices():
            if voice.id == chosen:
                return voice.name
        return "British English (automatic)" if not chosen else chosen

    def change(self, key: str, step: float) -> None:
        settings = self.ctx.settings
        if key == "voice":
            choices = [None] + [voice.id for voice in self._english_voices()]
            position = choices.index(settings.voice) if settings.voice in choices else 0
            settings.voice = choices[(position + int(step)) % len(choices)]
        elif key == "rate":
            settings.speech_rate = min(220, max(80, settings.speech_rate + int(step)))
        elif key == "speech-volume":
            settings.speech_volume = round(min(1.0, max(0.0, settings.speech_volume + step)), 2)
        elif key == "effects-volume":
            settings.effects_volume = round(min(1.0, max(0.0, settings.effects_volume + step)), 2)
        elif key == "talk-seconds":
            settings.talk_seconds = min(120, max(5, settings.talk_seconds + int(step)))
        elif key == "ask-who":  # never, after every lesson, after some minutes with no touch (game/turns.py)
            now = (settings.ask_who, settings.ask_who_minutes if settings.ask_who == "idle" else 5)
            position = ASK_CHOICES.index(now) if now in ASK_CHOICES else 0
            settings.ask_who, settings.ask_who_minutes = ASK_CHOICES[min(len(ASK_CHOICES) - 1,
                                                                         max(0, position + int(step)))]
        self.ctx.save_settings()
        self.rebuild()

    def toggle_captions(self) -> None:
        self.ctx.settings.captions = not self.ctx.settings.captions
        self.ctx.save_settings()
        self.rebuild()

    def change_pin(self) -> None:
        pin = TeacherPin(self.ctx.data_dir)
        pin.record.hash = ""  # in memory only: the PIN pad asks for a new one; saved when confirmed
        self.ctx.stack.push(PinScene(self.ctx, self.ctx.stack.pop, pin=pin, ask_grown_up=False))


def _tags(voice) -> list[str]:
    return [lang.lower().replace("_", "-") for lang in voice.languages]


def is_english(voice) -> bool:
    """By the voice's language tag, not its name: espeak-ng's Mandarin voice is called "Chinese (Mandarin,
    latin as English)", and matching "english" in names put it one tap of "+" from the default voice."""
    tags = _tags(voice)
    return any(tag == "en" or tag.startswith("en-") for tag in tags) or (not tags and "english" in voice.name.lower())


def is_british(voice) -> bool:
    return any(tag.startswith("en-gb") for tag in _tags(voice))


class PupilScene(Scene):
    """One pupil's timeline (most recent first), and erasing everything about them."""

    name = "pupil"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, pupil_id: int, pupil_name: str, class_name: str) -> None:
        super().__init__(ctx)
        self.pupil_id = pupil_id
        self.pupil_name = pupil_name
        self.class_name = class_name  # the overview's class: the pupil's home language is chosen within it
        self.timeline: list[str] | None = None
        self.ctx.recorder.pupil_timeline(pupil_id, self._loaded)

    def _loaded(self, done) -> None:
        from ..progress.worries import when_text

        if not done.ok:
            self.timeline = [done.problem]
        else:
            title = lesson_title(self.ctx)
            self.timeline = [
                f"{when_text(played.started)}  {title(played.lesson_id)}: "
                + (f"{played.stars} star{'s' if played.stars != 1 else ''}" if played.stars else "not finished")
                + f" ({played.right} right, {played.wrong} to try again)"
                for played in done.value] or ["Nothing played yet."]
        self.relayout_soon()

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("pupil-title", m.title_box(), self.pupil_name, int(m.target * 0.5), TEACHER_BLUE))
        # Access, Home language, Rename and Erase share the bottom row.
        erase = pygame.Rect(0, 0, min(m.target * 3, (m.width - 2 * m.margin - 3 * m.gap) // 4), m.target // 2)
        erase.bottomright = (m.width - m.margin, m.content_bottom)
        from .teacher_overview import TeacherButton  # a grown-up's buttons: half a child's height

        self.add(TeacherButton("erase", erase, self.ask_erase, fill=shade((220, 90, 80), 0.7),
                               label=f"Erase {self.pupil_name}'s data"))
        self.add(TeacherButton("rename", erase.move(-(erase.w + m.gap), 0), self.ask_rename, fill=WHITE,
                               label="Rename"))
        language = erase.move(-2 * (erase.w + m.gap), 0)
        self.add(TeacherButton("language", language, self.open_language, fill=WHITE, label="Home language"))
        access = language.move(-(language.w + m.gap), 0)
        self.add(TeacherButton("access", access, self.open_access, fill=WHITE,
                               label="Access"))  # switches and the like, for this child (scenes/access_settings.py)
        # Each letter's answers, in the children's words (the same page a tap on the overview's grid opens).
        letters = pygame.Rect(m.margin, erase.top - m.gap - erase.h, m.width - 2 * m.margin, erase.h)
        self._add_letter_links(m, letters)
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, letters.top - m.gap - m.content_top)
        lines = self.timeline if self.timeline is not None else ["Loading…"]
        self.add(Label("timeline", area, "\n".join(lines[:12]), int(m.short * 0.03), INK, align="left"))

    def _add_letter_links(self, m: Metrics, row: pygame.Rect) -> None:
        from ..letters import LETTERS
        from .teacher_overview import PupilLetterScene, TeacherButton

        links = [self.add(TeacherButton(f"answers-{item.key}", cell, lambda key=item.key: self.ctx.stack.push(
            PupilLetterScene(self.ctx, self.pupil_id, self.pupil_name, key)), fill=shade(item.colour, 0.8),
            label=f"{item.letter} {item.word} answers"))
            for item, cell in zip(LETTERS, grid(row, len(LETTERS), len(LETTERS), m.gap // 2))]
        equalise_labels(links, self.ctx)

    def open_access(self) -> None:
        from .access_settings import open_access

        open_access(self.ctx, None, self.pupil_id, self.pupil_name)

    def open_language(self) -> None:
        from .home_language import HomeLanguageScene

        self.ctx.stack.push(HomeLanguageScene(self.ctx, self.class_name, self.pupil_id, self.pupil_name))

    def ask_rename(self) -> None:
        self.ctx.stack.push(TextEntryScene(self.ctx, f"A new name for {self.pupil_name}", self.rename,
                                           text=self.pupil_name))

    def rename(self, name: str) -> None:
        def saved(done) -> None:
            if done.problem:
                self.timeline = [done.problem]
            else:
                self.pupil_name = name
            self.rebuild()

        self.ctx.recorder.run(RenamePupil(self.pupil_id, name), then=saved)

    def ask_erase(self) -> None:
        self.ctx.stack.push(ConfirmScene(self.ctx, f"Erase everything about {self.pupil_name}? This cannot be undone.",
                                         self.erase))

    def erase(self) -> None:
        def erased(done) -> None:
            if done.problem:  # a read-only or full data folder: nothing was erased, and the teacher is told
                self.timeline = [done.problem.replace("Not saved", "Not erased", 1)]
                self.rebuild()
                return
            if self.ctx.recorder.player.pupil_id == self.pupil_id:
                # The child on this tablet was the one erased: nothing more is kept about them (the store
                # would refuse it anyway, a pupil that no longer exists), and their stars and name go too.
                from ..progress.service import Player

                self.ctx.recorder.player = Player()
                self.ctx.player_name = None
                self.ctx.progress.reset()
            self.ctx.stack.pop_to(lambda scene: isinstance(scene, TeacherMenuScene))

        self.ctx.recorder.run(ErasePupil(self.pupil_id), then=erased)


class ConfirmScene(Scene):
    """A yes/no question that must be answered: the result goes to ``on_yes`` (or nothing happens)."""

    name = "confirm"
    background = ((240, 228, 228), (250, 246, 246))

    def __init__(self, ctx, question: str, on_yes: Callable[[], None], yes: str = "Yes, erase",
                 no: str = "No, keep it") -> None:
        super().__init__(ctx)
        self.question = question
        self.on_yes = on_yes
        self.yes, self.no = yes, no

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        box = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.height // 3)
        self.add(Label("question", box, self.question, int(m.target * 0.4), INK))
        buttons = pygame.Rect(m.margin, box.bottom + m.gap, m.width - 2 * m.margin, m.target)
        no, yes = grid(buttons, 2, 2, m.gap * 3, max_cell=(m.target * 3, m.target))
        equalise_labels([self.add(Button("no", no, self.ctx.stack.pop, fill=WHITE, label=self.no)),
                         self.add(Button("yes", yes, self._yes, fill=shade((220, 90, 80), 0.7), label=self.yes))],
                        self.ctx)

    def _yes(self) -> None:
        self.ctx.stack.pop()
        self.on_yes()


class ImportResultsScene(Scene):
    """What "Import class lists" did: each list's pupils added, who was already there, and every
    file that could not be imported with its line and what to do."""

    name = "import-results"
    background = ((225, 232, 245), (245, 247, 252))
    SHOWN = 18  # lines that fit legibly at 1280x800; the rest are counted

    def __init__(self, ctx, lines: list[str]) -> None:
        super().__init__(ctx)
        from ..names import shown_text

        # Every line is cleaned again: it may quote a file's name or cell, and SDL cannot draw everything.
        self.lines = [shown_text(line, 400) for line in lines]

    def narration(self) -> list[Line]:
        return []

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("import-title", m.title_box(), "Class lists", int(m.target * 0.5), TEACHER_BLUE))
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        shown = self.lines[:self.SHOWN]
        if len(self.lines) > self.SHOWN:
            shown.append(f"… and {len(self.lines) - self.SHOWN} more")
        self.add(Label("results", area, "\n".join(shown), int(m.short * 0.03), INK, align="left"))


class TextEntryScene(Scene):
    """Typing a first name (or a class name): big on-screen letters, or the keyboard."""

    name = "text-entry"
    background = ((225, 232, 245), (245, 247, 252))
    wants_keys = True
    MAX_LENGTH = 24

    NOTE_LENGTH = 200

    def __init__(self, ctx, prompt: str, on_done: Callable[[str], None], text: str = "", kind: str = "name") -> None:
        super().__init__(ctx)
        self.prompt = prompt
        self.on_done = on_done
        self.text = text
        # "name": a pupil's first name; "class": a class's name, which may have digits (Robins 1B);
        # "note": a teacher's note on a worry, kept as typed, with punctuation, a sentence or two.
        self.kind = kind
        self.max_length = self.NOTE_LENGTH if kind == "note" else self.MAX_LENGTH

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("cancel", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("prompt", m.title_box(), self.prompt, int(m.target * 0.35), TEACHER_BLUE))
        field_box = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, int(m.target * 0.7))
        self.add(Panel("field", field_box))
        self.add(Label("typed", field_box.inflate(-m.gap, -m.gap // 2), self.text + "|", int(field_box.h * 0.6), INK))
        keys = (list("ABCDEFGHIJKLMNOPQRSTUVWXYZ-'") + (list("0123456789") if self.kind in ("class", "note") else [])
                + (list(".,?!/") if self.kind == "note" else []) + ["space", "back", "ok"])
        pad = pygame.Rect(m.margin, field_box.bottom + m.gap, m.width - 2 * m.margin,
                          m.content_bottom - field_box.bottom - m.gap)
        for key, cell in zip(keys, grid(pad, len(keys), 11 if not m.portrait else 7, m.gap // 2)):
            if key == "back":
                self.add(Button("key-back", cell, self.delete, fill=WHITE, icon=self.ctx.icon("back")))
            elif key == "ok":
                self.add(Button("key-ok", cell, self.done, fill=shade((46, 170, 90), 0.75), icon=self.ctx.icon("right")))
            elif key == "space":
                self.add(Button("key-space", cell, lambda: self.type(" "), fill=WHITE, label="space"))
            else:
                self.add(Button(f"key-{key}", cell, lambda key=key: self._key(key), fill=WHITE, label=key))

    def _key(self, key: str) -> None:
        """A big on-screen key. In a note its capital letters become small ones, but for a sentence's first."""
        if self.kind == "note" and key.isalpha():
            start = not self.text.strip() or self.text.rstrip()[-1] in ".?!"
            key = key.upper() if start else key.lower()
        self.type(key)

    def handle(self, intent) -> None:
        from ..input import KeyPress, TextTyped

        if isinstance(intent, TextTyped):
            self.type(intent.text)
        elif isinstance(intent, KeyPress):
            if intent.key == pygame.K_BACKSPACE:
                self.delete()
            elif intent.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.done()
        else:
            super().handle(intent)

    def type(self, characters: str) -> None:
        import unicodedata

        # Capitalise the first letter of each word as typed on the big letter keys. NFC first: an accent
        # typed as a letter and a combining mark is one letter (the mark alone is not a letter).
        for char in unicodedata.normalize("NFC", characters):
            if self.kind == "note":
                if len(self.text) < self.max_length and char.isprintable():
                    self.text += char  # a note is kept as the teacher typed it
                continue
            allowed = char.isalpha() or char in " -'" or (self.kind == "class" and char.isdigit())
            if len(self.text) >= self.max_length or not allowed:
                continue
            start = not self.text or self.text[-1] in " -" or self.text[-1].isdigit()  # "1B" stays "1B"
            self.text += char.upper() if start else char.lower()
        self.rebuild()

    def delete(self) -> None:
        self.text = self.text[:-1]
        self.rebuild()

    def done(self) -> None:
        from ..names import clean_class_name, clean_name, clean_text

        if self.kind == "note":  # a note is not a name: punctuation stays, only what cannot be drawn goes
            note = clean_text(self.text, self.NOTE_LENGTH)[0]
            if note:
                self.ctx.stack.pop()
                self.on_done(note)
            return
        name, problem = (clean_class_name if self.kind == "class" else clean_name)(self.text)
        if name is None:
            if self.text.strip():  # an empty field: nothing to say, as before
                self.prompt = problem[0].upper() + problem[1:]
                self.rebuild()
            return
        self.ctx.stack.pop()
        self.on_done(name)


class AvatarChoiceScene(Scene):
    """Pick an animal for a pupil (never a photo)."""

    name = "avatar-choice"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, pupil_name: str, on_choice: Callable[[str], None]) -> None:
        super().__init__(ctx)
        self.pupil_name = pupil_name
        self.on_choice = on_choice

    def build(self, screen: pygame.Rect) -> None:
        from ..avatars import AVATARS

        m = Metrics.of(screen.size)
        self.add(Button("cancel", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("prompt", m.title_box(), f"An animal for {self.pupil_name}", int(m.target * 0.4), TEACHER_BLUE))
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        columns = 10 if not m.portrait else 6
        for avatar, cell in zip(AVATARS, grid(area, len(AVATARS), columns, m.gap // 2)):
            icon = self.ctx.catalog.emoji_svg(self.ctx.catalog.emoji_for_name(AVATARS[avatar]))
            self.add(Button(f"avatar-{avatar}", cell, lambda avatar=avatar: self._choose(avatar), fill=WHITE,
                            icon=icon))

    def _choose(self, avatar: str) -> None:
        self.ctx.stack.pop()
        self.on_choice(avatar)


class LessonsScene(Scene):
    """Which lessons children see, and in what order: per letter, show or hide, and move earlier."""

    name = "lessons"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.letter_key = "safe"

    def build(self, screen: pygame.Rect) -> None:
        from ..letters import LETTERS
        from .letter import shown_lessons

        m = Metrics.of(screen.size)
        settings = self.ctx.settings
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("lessons-title", m.title_box(), "Lessons children see", int(m.target * 0.4), TEACHER_BLUE))
        tabs = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, int(m.target * 0.6))
        for item, cell in zip(LETTERS, grid(tabs, len(LETTERS), len(LETTERS), m.gap)):
            fill = shade(item.colour, 0.6) if item.key == self.letter_key else WHITE
            self.add(Button(f"tab-{item.key}", cell, lambda key=item.key: self._show(key), fill=fill,
                            label=f"{item.letter} {item.word}"))
        visible = shown_lessons(self.ctx, self.letter_key)
        hidden = [lesson for lesson in self.ctx.library.for_letter(self.letter_key)
                  if lesson.id in settings.hidden_lessons]
        area = pygame.Rect(m.margin, tabs.bottom + m.gap, m.width - 2 * m.margin, m.content_bottom - tabs.bottom - m.gap)
        lessons = visible + hidden
        row_h = min(int(m.target * 0.7), (area.h - m.gap * max(0, len(lessons) - 1)) // max(1, len(lessons)))
        for index, lesson in enumerate(lessons):
            row = pygame.Rect(area.x, area.y + index * (row_h + m.gap // 2), area.w, row_h)
            is_hidden = lesson.id in settings.hidden_lessons
            self.add(Button(f"show-{lesson.id}", pygame.Rect(row.x, row.y, row_h * 3, row_h),
                            lambda lesson=lesson: self._toggle(lesson.id), fill=WHITE if is_hidden else
                            shade((46, 170, 90), 0.75), label="Hidden" if is_hidden else "Shown"))
            self.add(Label(f"title-{lesson.id}", pygame.Rect(row.x + row_h * 3 + m.gap, row.y,
                                                            row.w - row_h * 5 - 2 * m.gap, row_h),
                           f"{lesson.title.text}  ({lesson.year})", int(row_h * 0.45),
                           shade(INK, 0.4) if is_hidden else INK, align="left"))
            if not is_hidden and index > 0:
                self.add(Button(f"earlier-{lesson.id}", pygame.Rect(row.right - row_h * 2, row.y, row_h * 2, row_h),
                                lambda lesson=lesson: self._earlier(lesson.id, visible), fill=WHITE,
                                label="Earlier"))

    def _show(self, key: str) -> None:
        self.letter_key = key
        self.rebuild()

    def _toggle(self, lesson_id: str) -> None:
        hidden = self.ctx.settings.hidden_lessons
        if lesson_id in hidden:
            hidden.remove(lesson_id)
        else:
            hidden.append(lesson_id)
        self.ctx.save_settings()
        self.rebuild()

    def _earlier(self, lesson_id: str, visible: list) -> None:
        ids = [lesson.id for lesson in visible]
        position = ids.index(lesson_id)
        ids[position - 1], ids[position] = ids[position], ids[position - 1]
        others = [item for item in self.ctx.settings.lesson_order if item not in ids]
        self.ctx.settings.lesson_order = others + ids
        self.ctx.save_settings()
        self.rebuild()

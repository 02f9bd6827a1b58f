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
from ..render import INK, WHITE, shade
from ..teacher_pin import TeacherPin, valid_pin
from .about import open_about
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


def change_store(ctx, change: Callable, then: Callable[[str | None], None]) -> None:
    """Make a teacher's change (``change(store)``) to the progress store, then ``then(problem)``.

    The change is written on the context's store thread (a commit waits for the disk, 20-30 ms, too
    long for a frame) and ``then`` runs on the frame loop once it is on disk: ``problem`` is None if it
    worked, else what to tell the teacher. A read-only or full data folder must not stop the game:
    nothing changes, and the teacher is told to try again."""
    import sqlite3

    from ..store import STORE_FILE, ProgressStore, StoreError

    def write() -> None:
        problem = None
        try:
            with ProgressStore(ctx.data_dir / STORE_FILE) as store:
                change(store)
        except (StoreError, sqlite3.Error, OSError) as error:
            problem = f"Not saved ({error}): try again when the data folder can be written"
        ctx.on_frame_loop(lambda: then(problem))

    ctx.store_worker.submit(write)  # one at a time, in order


class PinScene(Scene):
    name = "pin"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, on_success: Callable[[], None], pin: TeacherPin | None = None) -> None:
        super().__init__(ctx)
        self.pin = pin or TeacherPin(ctx.data_dir)
        self.on_success = on_success
        self.entered = ""
        self.first_choice: str | None = None  # setting a new PIN: the first entry, awaiting confirmation
        self.checking = False
        self.message = self._prompt()
        self._result: bool | None = None

    def _prompt(self) -> str:
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

        threading.Thread(target=work, name="pin-check", daemon=True).start()

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

            threading.Thread(target=work, name="pin-set", daemon=True).start()
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

    def narration(self) -> list[Line]:
        return []

    def on_resume(self) -> None:
        super().on_resume()
        self.rebuild()  # the count of new worries may have changed

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Label("teacher-title", m.title_box(), "Teacher", int(m.target * 0.5), TEACHER_BLUE))
        worries = self.ctx.worries.unread_count()
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
            ("settings", "Settings", lambda: self.ctx.stack.push(SettingsScene(self.ctx))),
            ("lessons", "Lessons children see", lambda: self.ctx.stack.push(LessonsScene(self.ctx))),
            ("fullscreen", "Window" if self.ctx.window.is_fullscreen() else "Fullscreen", self.toggle_window),
            ("quit", "Close SMART Stars", self.ctx.window.quit),
            ("about", "About SMART Stars", lambda: open_about(self.ctx)),
        ]
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        buttons = []
        for (name, label, action), cell in zip(entries, grid(area, len(entries), 2 if not m.portrait else 1, m.gap)):
            fill = shade((240, 170, 60), 0.6) if name == "worries" and worries else WHITE
            buttons.append(self.add(Button(name, cell, action, fill=fill, label=label)))
        equalise_labels(buttons, self.ctx)
        if self.message:
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("message", box, self.message, int(m.gap * 0.9), TEACHER_BLUE))
        problem = " ".join(self.ctx.teacher_notices())  # progress, settings or the PIN not saved; a missing font
        if problem:
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("problem", box, problem, int(m.gap * 0.9), shade(INK, 0.2)))

    def toggle_class(self) -> None:
        settings = self.ctx.settings
        settings.whole_class = not settings.whole_class
        if settings.whole_class:
            from ..recording import whole_class_player
            from ..store import STORE_FILE

            self.ctx.recorder.player = whole_class_player(self.ctx.data_dir / STORE_FILE, settings.class_name)
        else:
            self.ctx.recorder.player.whole_class = False
        self.ctx.save_settings()
        self.rebuild()

    def next_class(self) -> None:
        """Step through the classes set up with  play.py class NAME --import FILE  (and 'none')."""
        from ..store import STORE_FILE, ProgressStore, StoreError

        names: list[str | None] = [None]
        try:
            with ProgressStore(self.ctx.data_dir / STORE_FILE) as store:
                names += [name for _, name in store.classes()]
        except StoreError:
            pass
        current = self.ctx.settings.class_name
        position = names.index(current) if current in names else 0
        self.ctx.settings.class_name = names[(position + 1) % len(names)]
        self.ctx.save_settings()
        self.rebuild()

    def import_lists(self) -> None:
        from ..export import import_class_lists
        from ..store import StoreError

        try:
            self.message = "; ".join(import_class_lists(self.ctx.data_dir))
        except StoreError as error:
            self.message = str(error)
        self.rebuild()

    def new_class(self) -> None:
        def made(name: str) -> None:
            def add(store) -> None:
                if store.class_id(name) is None:
                    store.add_class(name)

            def saved(problem: str | None) -> None:
                self.message = problem or ""
                if not problem:
                    self.ctx.settings.class_name = name
                    self.ctx.save_settings()
                self.rebuild()

            change_store(self.ctx, add, saved)

        self.ctx.stack.push(TextEntryScene(self.ctx, "Name of the new class", made))

    def choose_pupil(self) -> None:
        from .pupils import open_picker

        self.ctx.stack.home()
        if not open_picker(self.ctx):
            self.ctx.stack.push(TeacherMenuScene(self.ctx))  # no class with pupils yet: stay in the menu

    def toggle_window(self) -> None:
        self.ctx.window.toggle_fullscreen()
        self.rebuild()

    def open_overview(self) -> None:
        if self.ctx.settings.class_name:
            self.ctx.stack.push(OverviewScene(self.ctx, self.ctx.settings.class_name))

    def open_worries(self) -> None:
        self.ctx.stack.push(WorriesScene(self.ctx))


class WorriesScene(Scene):
    """Children who asked to talk to a grown-up: unread first, each one markable as followed up."""

    name = "worries"
    background = ((225, 232, 245), (245, 247, 252))
    message = ""  # why the last change was not saved (a read-only or full data folder)

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("worries-title", m.title_box(), "Worries", int(m.target * 0.5), TEACHER_BLUE))
        if self.message:
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("message", box, self.message, int(m.gap * 0.9), TEACHER_BLUE))
        worries = self.ctx.worries.list()
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        if not worries:
            self.add(Label("none", area, "No worries recorded.", int(m.target * 0.3), INK))
            return
        row_h = max(m.target_min, min(m.target, area.h // max(1, len(worries))))
        for index, worry in enumerate(worries[: max(1, area.h // row_h)]):
            row = pygame.Rect(area.x, area.y + index * row_h, area.w, row_h - m.gap // 2)
            self.add(Panel(f"worry-{worry.id}", row, fill=WHITE if worry.followed_up else shade((240, 170, 60), 0.75)))
            words = f"{worry.who} · {worry.lesson_title} · {worry.when}"
            self.add(Label(f"worry-text-{worry.id}", pygame.Rect(row.x + m.gap, row.y, row.w - row.h * 3, row.h),
                           words, int(row.h * 0.3), INK, align="left"))
            button = pygame.Rect(row.right - row.h * 2 - m.gap, row.y + row.h // 10, row.h * 2, row.h * 8 // 10)
            label = "Followed up" if worry.followed_up else "Mark followed up"
            self.add(Button(f"follow-{worry.id}", button, lambda worry=worry: self.toggle(worry), label=label))

    def toggle(self, worry) -> None:
        self.message = self.ctx.worries.mark(worry.id, not worry.followed_up) or ""
        self.rebuild()


class OverviewScene(Scene):
    """The class at a glance: pupils down, SMART letters across; built off the frame loop."""

    name = "overview"
    background = ((225, 232, 245), (245, 247, 252))
    COLOURS = {"not started": (235, 235, 235), "tried": (255, 226, 168), "done": (191, 232, 200),
               "right first time": (127, 211, 154)}

    def __init__(self, ctx, class_name: str) -> None:
        super().__init__(ctx)
        self.class_name = class_name
        self.overview = None
        self.status = "Loading…"
        self.saved: Path | None = None  # the last report written
        self.letter_key: str | None = None  # showing one letter's lessons instead of the five letters
        self.show_questions = False
        self.saving = False  # a report is being written
        self.reload()

    def reload(self) -> None:
        threading.Thread(target=self._load, name="overview", daemon=True).start()

    def on_resume(self) -> None:
        super().on_resume()
        self.reload()  # a pupil may have been added, renamed or erased

    def add_pupil(self) -> None:
        def named(name: str) -> None:
            self.ctx.stack.push(AvatarChoiceScene(self.ctx, name, lambda avatar: self._store_pupil(name, avatar)))

        self.ctx.stack.push(TextEntryScene(self.ctx, "The new pupil's first name", named))

    def _store_pupil(self, name: str, avatar: str) -> None:
        def add(store) -> None:
            class_id = store.class_id(self.class_name)
            if class_id is not None:
                store.add_pupil(class_id, name, avatar)

        def saved(problem: str | None) -> None:
            if problem:
                self.status = problem
                self.rebuild()
            else:
                self.reload()

        change_store(self.ctx, add, saved)

    def _load(self) -> None:
        from ..overview import build_overview
        from ..store import STORE_FILE, ProgressStore, StoreError

        try:
            with ProgressStore(self.ctx.data_dir / STORE_FILE) as store:
                class_id = store.class_id(self.class_name)
                if class_id is None:
                    self.status = f"There is no class called {self.class_name}."
                else:
                    self.overview = build_overview(store, class_id, self.class_name, self.ctx.library)
                    self.status = ""
        except StoreError as error:
            self.status = str(error)
        self.relayout_soon()

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("overview-title", m.title_box(), f"Class {self.class_name}", int(m.target * 0.45),
                       TEACHER_BLUE))
        report = m.corner_button()
        self.add(Button("report", report, self.save_report, fill=WHITE, icon=self.ctx.icon("save")))

        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        if self.overview is None or self.status:
            self.add(Label("status", area, self.status or "Loading…", int(m.target * 0.3), INK))
            return
        # The bottom row: the colour key on the left, the teacher's two buttons on the right.
        bottom_h, button_w = int(m.short * 0.07), m.target * 2
        bottom = pygame.Rect(area.x, area.bottom - bottom_h, area.w, bottom_h)
        add = pygame.Rect(bottom.right - button_w, bottom.y, button_w, bottom_h)
        self.add(Button("add-pupil", add, self.add_pupil, fill=WHITE, label="Add a pupil"))
        self.add(Button("questions", add.move(-(button_w + m.gap), 0), self._toggle_questions, fill=WHITE,
                        label="Grid" if self.show_questions else "Questions"))
        area.h -= bottom_h + m.gap
        if self.show_questions:
            self._build_questions(m, area)
            return
        pupils = self.overview.pupils
        if not pupils:
            self.add(Label("status", area, "No pupils yet: tap 'Add a pupil', or import a class list",
                           int(m.target * 0.25), INK))
            return
        legend = pygame.Rect(bottom.x, bottom.y, bottom.w - 2 * (button_w + m.gap), bottom_h)
        for index, (status, colour) in enumerate(self.COLOURS.items()):
            key = pygame.Rect(legend.x + index * legend.w // 4, legend.y, legend.w // 4 - m.gap, legend.h)
            self.add(Panel(f"legend-{index}", pygame.Rect(key.x, key.y, key.h, key.h), fill=colour))
            self.add(Label(f"legend-text-{index}", pygame.Rect(key.x + key.h + 8, key.y, key.w - key.h - 8, key.h),
                           status, int(key.h * 0.6), INK, align="left"))
        self._build_grid(m, area, pupils)

    def _build_grid(self, m: Metrics, area: pygame.Rect, pupils) -> None:
        from ..letters import LETTERS

        row_h = max(int(m.short * 0.035), min(int(m.short * 0.08), area.h // (len(pupils) + 1)))
        name_w = int(area.w * 0.22)
        # Columns: the five letters, or (after tapping a letter) that letter's lessons.
        if self.letter_key:
            columns = [(lesson.id, lesson.title.text) for lesson in self.ctx.library.for_letter(self.letter_key)]
        else:
            columns = [(item.key, item.letter) for item in LETTERS]
        cell_w = (area.w - name_w) // (len(columns) + 2)
        for index, (key, heading) in enumerate(columns):
            cell = pygame.Rect(area.x + name_w + index * cell_w, area.y, cell_w - 4, row_h - 4)
            self.add(Button(f"head-{key}", cell, lambda key=key: self._drill(key), fill=WHITE, label=heading))
        for number, row in enumerate(pupils[: max(1, area.h // row_h - 1)], start=1):
            y = area.y + number * row_h
            self.add(Button(f"name-{row.pupil_id}", pygame.Rect(area.x, y, name_w - 8, row_h - 4),
                            lambda row=row: self.ctx.stack.push(PupilScene(self.ctx, row.pupil_id, row.name)),
                            fill=WHITE, label=row.name))
            for index, (key, _heading) in enumerate(columns):
                status = row.lessons.get(key) if self.letter_key else row.letters[key]
                cell = pygame.Rect(area.x + name_w + index * cell_w, y, cell_w - 4, row_h - 4)
                self.add(Panel(f"cell-{row.pupil_id}-{key}", cell, fill=self.COLOURS[status or "not started"]))
            if row.needs_help:
                help_box = pygame.Rect(area.x + name_w + len(columns) * cell_w, y, 2 * cell_w - 4, row_h - 4)
                self.add(Label(f"help-{row.pupil_id}", help_box, "needs help", int(row_h * 0.5),
                               shade((200, 90, 40), -0.2)))

    def _drill(self, key: str) -> None:
        """Tap a letter for its lessons; tap a lesson (or the letter again) to go back to letters."""
        self.letter_key = key if self.letter_key is None and key in {"safe", "meeting", "accepting", "reliable",
                                                                      "tell"} else None
        self.rebuild()

    def _toggle_questions(self) -> None:
        self.show_questions = not self.show_questions
        self.rebuild()

    def _build_questions(self, m: Metrics, area: pygame.Rect) -> None:
        """The class's most-chosen wrong answers, and the outcomes covered so far."""
        overview = self.overview
        wrong = [f"{times} × '{answer}' for \u201c{question}\u201d ({title})"
                 for title, question, answer, times in overview.misconceptions[:8]] or ["No wrong answers yet."]
        half = area.h // 2
        self.add(Label("misconceptions", pygame.Rect(area.x, area.y, area.w, half - m.gap),
                       "Wrong answers chosen most:\n" + "\n".join(wrong), int(m.short * 0.03), INK, align="left"))
        covered = len(overview.outcomes_covered)
        total = covered + len(overview.outcomes_not_yet)
        not_yet = "\n".join(overview.outcomes_not_yet[:5])
        self.add(Label("outcomes", pygame.Rect(area.x, area.y + half, area.w, area.h - half),
                       f"Curriculum outcomes covered: {covered} of {total}." + (f" Not yet:\n{not_yet}" if not_yet else ""),
                       int(m.short * 0.03), INK, align="left"))

    def save_report(self) -> None:
        """The printable report (HTML) and the class CSV, written off the frame loop."""
        if self.overview is None or self.saving:
            return  # a second tap while saving would write the same files at once, and one would fail
        from ..export import PROGRESS_COLUMNS, write_csv_file
        from ..overview import write_report
        from ..store import STORE_FILE, ProgressStore

        overview, folder = self.overview, self.ctx.data_dir / "reports"

        def work() -> None:
            try:
                page = write_report(overview, folder)
                with ProgressStore(self.ctx.data_dir / STORE_FILE) as store:
                    class_id = store.class_id(overview.class_name)
                    write_csv_file(page.with_suffix(".csv"), store.class_progress_rows(class_id), PROGRESS_COLUMNS)
                    # The class list too, in the same name,avatar form that "Import class lists" reads.
                    roster = ({"name": name, "avatar": avatar} for _, name, avatar in store.pupils(class_id))
                    write_csv_file(folder / f"{overview.class_name}.csv", roster, ["name", "avatar"])
                self.saved = page
            except Exception as error:  # noqa: BLE001 - tell the teacher, never crash
                self.status = f"Could not save the report: {error}"
            self.saving = False
            self.relayout_soon()

        self.saving = True
        threading.Thread(target=work, name="report", daemon=True).start()


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
        half = (area.w - m.gap) // 2
        self.add(Button("captions", pygame.Rect(area.x, y, half, row_h), self.toggle_captions, fill=WHITE,
                        label=f"Captions: {'on' if settings.captions else 'off'}"))
        self.add(Button("change-pin", pygame.Rect(area.x + half + m.gap, y, half, row_h), self.change_pin,
                        fill=WHITE, label="Change the PIN"))

    def _english_voices(self) -> list:
        voices = getattr(getattr(self.ctx.narrator, "pipeline", None), "voices", [])
        english = [v for v in voices if any(lang.lower().startswith("en") for lang in v.languages)
                   or "english" in v.name.lower()]
        return english or voices

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
        self.ctx.save_settings()
        self.rebuild()

    def toggle_captions(self) -> None:
        self.ctx.settings.captions = not self.ctx.settings.captions
        self.ctx.save_settings()
        self.rebuild()

    def change_pin(self) -> None:
        pin = TeacherPin(self.ctx.data_dir)
        pin.record.hash = ""  # in memory only: the PIN pad asks for a new one; saved when confirmed
        self.ctx.stack.push(PinScene(self.ctx, self.ctx.stack.pop, pin=pin))


class PupilScene(Scene):
    """One pupil's timeline (most recent first), and erasing everything about them."""

    name = "pupil"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, pupil_id: int, pupil_name: str) -> None:
        super().__init__(ctx)
        self.pupil_id = pupil_id
        self.pupil_name = pupil_name
        self.timeline: list[str] | None = None
        threading.Thread(target=self._load, name="timeline", daemon=True).start()

    def _load(self) -> None:
        from ..store import STORE_FILE, ProgressStore, StoreError

        titles = {lesson.id: lesson.title.text for lesson in self.ctx.library.lessons}
        try:
            with ProgressStore(self.ctx.data_dir / STORE_FILE) as store:
                rows = store.db.execute(
                    "SELECT attempts.lesson_id, attempts.started, attempts.stars, "
                    "SUM(answers.right = 1), SUM(answers.right = 0) FROM attempts "
                    "LEFT JOIN answers ON answers.attempt_id = attempts.id WHERE attempts.pupil_id = ? "
                    "GROUP BY attempts.id ORDER BY attempts.started DESC LIMIT 40", (self.pupil_id,)).fetchall()
        except StoreError as error:
            self.timeline = [str(error)]
        else:
            from ..worries import when_text

            self.timeline = [
                f"{when_text(started)}  {titles.get(lesson_id, lesson_id)}: "
                + (f"{stars} star{'s' if stars != 1 else ''}" if stars else "not finished")
                + f" ({right or 0} right, {wrong or 0} to try again)"
                for lesson_id, started, stars, right, wrong in rows] or ["Nothing played yet."]
        self.relayout_soon()

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("pupil-title", m.title_box(), self.pupil_name, int(m.target * 0.5), TEACHER_BLUE))
        erase = pygame.Rect(0, 0, m.target * 3, m.target // 2)
        erase.bottomright = (m.width - m.margin, m.content_bottom)
        self.add(Button("erase", erase, self.ask_erase, fill=shade((220, 90, 80), 0.7),
                        label=f"Erase {self.pupil_name}'s data"))
        self.add(Button("rename", erase.move(-(erase.w + m.gap), 0), self.ask_rename, fill=WHITE, label="Rename"))
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, erase.top - m.gap - m.content_top)
        lines = self.timeline if self.timeline is not None else ["Loading…"]
        self.add(Label("timeline", area, "\n".join(lines[:12]), int(m.short * 0.03), INK, align="left"))

    def ask_rename(self) -> None:
        self.ctx.stack.push(TextEntryScene(self.ctx, f"A new name for {self.pupil_name}", self.rename,
                                           text=self.pupil_name))

    def rename(self, name: str) -> None:
        def saved(problem: str | None) -> None:
            if problem:
                self.timeline = [problem]
            else:
                self.pupil_name = name
            self.rebuild()

        change_store(self.ctx, lambda store: store.rename_pupil(self.pupil_id, name), saved)

    def ask_erase(self) -> None:
        self.ctx.stack.push(ConfirmScene(self.ctx, f"Erase everything about {self.pupil_name}? This cannot be undone.",
                                         self.erase))

    def erase(self) -> None:
        def erased(problem: str | None) -> None:
            if problem:  # a read-only or full data folder: nothing was erased, and the teacher is told
                self.timeline = [problem.replace("Not saved", "Not erased", 1)]
                self.rebuild()
                return
            if self.ctx.recorder.player.pupil_id == self.pupil_id:
                # The child on this tablet was the one erased: nothing more is kept about them (the store
                # would refuse it anyway, a pupil that no longer exists), and their stars and name go too.
                from ..recording import Player

                self.ctx.recorder.player = Player()
                self.ctx.player_name = None
                self.ctx.progress.reset()
            self.ctx.stack.pop_to(lambda scene: isinstance(scene, TeacherMenuScene))

        change_store(self.ctx, lambda store: store.erase_pupil(self.pupil_id), erased)


class ConfirmScene(Scene):
    """A yes/no question that must be answered: the result goes to ``on_yes`` (or nothing happens)."""

    name = "confirm"
    background = ((240, 228, 228), (250, 246, 246))

    def __init__(self, ctx, question: str, on_yes: Callable[[], None]) -> None:
        super().__init__(ctx)
        self.question = question
        self.on_yes = on_yes

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        box = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.height // 3)
        self.add(Label("question", box, self.question, int(m.target * 0.4), INK))
        buttons = pygame.Rect(m.margin, box.bottom + m.gap, m.width - 2 * m.margin, m.target)
        no, yes = grid(buttons, 2, 2, m.gap * 3, max_cell=(m.target * 3, m.target))
        self.add(Button("no", no, self.ctx.stack.pop, fill=WHITE, label="No, keep it"))
        self.add(Button("yes", yes, self._yes, fill=shade((220, 90, 80), 0.7), label="Yes, erase"))

    def _yes(self) -> None:
        self.ctx.stack.pop()
        self.on_yes()


class TextEntryScene(Scene):
    """Typing a first name (or a class name): big on-screen letters, or the keyboard."""

    name = "text-entry"
    background = ((225, 232, 245), (245, 247, 252))
    wants_keys = True
    MAX_LENGTH = 24

    def __init__(self, ctx, prompt: str, on_done: Callable[[str], None], text: str = "") -> None:
        super().__init__(ctx)
        self.prompt = prompt
        self.on_done = on_done
        self.text = text

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("cancel", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("prompt", m.title_box(), self.prompt, int(m.target * 0.35), TEACHER_BLUE))
        field_box = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, int(m.target * 0.7))
        self.add(Panel("field", field_box))
        self.add(Label("typed", field_box.inflate(-m.gap, -m.gap // 2), self.text + "|", int(field_box.h * 0.6), INK))
        keys = list("ABCDEFGHIJKLMNOPQRSTUVWXYZ-'") + ["space", "back", "ok"]
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
                self.add(Button(f"key-{key}", cell, lambda key=key: self.type(key), fill=WHITE, label=key))

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
        # Capitalise the first letter of each word as typed on the big letter keys.
        for char in characters:
            if len(self.text) >= self.MAX_LENGTH or not (char.isalpha() or char in " -'"):
                continue
            start = not self.text or self.text[-1] in " -"
            self.text += char.upper() if start else char.lower()
        self.rebuild()

    def delete(self) -> None:
        self.text = self.text[:-1]
        self.rebuild()

    def done(self) -> None:
        name = " ".join(self.text.split())
        if name:
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

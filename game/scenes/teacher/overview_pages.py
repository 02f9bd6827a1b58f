"""The class overview's pieces: the progress grid's widgets, a pupil's answers for one letter, the
class's questions and outcomes, and the "report saved" screen.

Teacher screens hold a whole class (36 pupils and more) at 1280x800, so their targets are smaller
than a child's 20 mm: ``TEACHER_TARGET_MIN`` of the screen's short side, about 35 mm on a board one
metre high (and 6 mm on a 10-inch tablet, like a desktop link). Each status is a shape as well as a
colour (Okabe and Ito's colour-blind-safe colours), so it reads the same to every eye and in grey.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Callable

import pygame

from ...engine.layout import BOTTOM_CLEAR, Metrics
from ...progress.overview import DONE, NOT_STARTED, RIGHT_FIRST_TIME, TRIED, QuestionAnswers, day_text, duration_text
from ...frame.cards import draw_card
from ...frame.palette import INK, WHITE, shade
from ...frame.text import wrap_words
from ..base import Scene
from ..widgets import Button, Element, Label, Widget, equalise_labels

TEACHER_TARGET_MIN = 0.035  # of the short side: a teacher's compact target (see above)
TEACHER_BLUE = (70, 110, 170)
BACKGROUND = ((225, 232, 245), (245, 247, 252))
TEACHER_ROLE = "teacher-target"

# Okabe & Ito's, nudged so that every pair stays apart (CIE76 >= 20) under protanopia, deuteranopia and
# tritanopia too (tests/test_colour_vision.py); the shapes carry it in grey.
NOT_STARTED_GREY = (150, 150, 150)
TRIED_ORANGE = (255, 162, 0)
DONE_BLUE = (10, 98, 171)
FIRST_TIME_GREEN = (6, 183, 95)
HELP_RED = (190, 69, 0)
RIGHT_INK = (0, 110, 80)
WRONG_INK = (170, 70, 0)


def teacher_bar(m: Metrics) -> pygame.Rect:
    """A slimmer top bar than a child's screen: the room goes to the class."""
    return pygame.Rect(m.margin, m.margin // 2, m.width - 2 * m.margin, max(24, round(m.short * 0.085)))


def teacher_bottom(m: Metrics) -> int:
    """The lowest a teacher's target reaches: clear of the bottom edge, like a child's."""
    return m.height - round(m.height * BOTTOM_CLEAR) - m.margin // 4


class TeacherButton(Button):
    """A button sized for a grown-up's finger on the board rather than a child's."""

    def elements(self, ctx) -> list[Element]:
        return [Element(self.name, self.rect, TEACHER_ROLE)]

    def _card(self, surface, border=None) -> pygame.Rect:
        rect = self._card_rect()
        if self.flash > 0:
            draw_card(surface, rect, shade(self.fill, 0.45), border or shade(self.fill, -0.25), lifted=False)
        else:
            draw_card(surface, rect, self.fill, border)
        return rect


def draw_pip(surface: pygame.Surface, ctx, centre: tuple[int, int], radius: int, status: str, stars: int) -> None:
    """One lesson: an empty ring (not started), a half-filled ring (tried), a filled disc with its
    stars (done), a star (every question right first time)."""
    radius = max(3, radius)
    ring = max(1, radius // 4)
    if status == NOT_STARTED:
        pygame.draw.circle(surface, NOT_STARTED_GREY, centre, radius, ring)
    elif status == TRIED:
        pygame.draw.circle(surface, TRIED_ORANGE, centre, radius, draw_top_left=True, draw_bottom_left=True)
        pygame.draw.circle(surface, shade(TRIED_ORANGE, -0.3), centre, radius, ring)
    elif status == DONE:
        pygame.draw.circle(surface, DONE_BLUE, centre, radius)
        if stars and radius >= 6:
            digit = ctx.text.fit(str(stars), (2 * radius, 2 * radius), WHITE, radius * 1.5)
            surface.blit(digit, digit.get_rect(center=centre))
    else:
        grow = radius * 1.25
        points = [(centre[0] + (grow if i % 2 == 0 else grow * 0.45) * math.sin(i * math.pi / 5),
                   centre[1] - (grow if i % 2 == 0 else grow * 0.45) * math.cos(i * math.pi / 5)) for i in range(10)]
        pygame.draw.polygon(surface, FIRST_TIME_GREEN, points)


def draw_help(surface: pygame.Surface, ctx, centre: tuple[int, int], radius: int) -> None:
    """Needs help: a triangle with '!' (the same wrong answer chosen again)."""
    r = max(4, radius)
    points = [(centre[0], centre[1] - r), (centre[0] + r, centre[1] + r * 0.8), (centre[0] - r, centre[1] + r * 0.8)]
    pygame.draw.polygon(surface, HELP_RED, points)
    mark = ctx.text.fit("!", (r, r * 1.4), WHITE, r * 1.3)
    surface.blit(mark, mark.get_rect(center=(centre[0], centre[1] + r * 0.2)))


class ProgressCell(TeacherButton):
    """A pupil's lessons of one letter: one pip per lesson, and '!' if they need help with it.
    Tapping it opens the pupil's answers for that letter."""

    def __init__(self, name: str, rect: pygame.Rect, on_press: Callable[[], None],
                 pips: tuple[tuple[str, int], ...], help_needed: bool, tint) -> None:
        super().__init__(name, rect, on_press, fill=tint)
        self.pips = pips
        self.help_needed = help_needed

    def pip_centres(self) -> tuple[int, list[tuple[int, int]]]:
        """The pips' size and centres (then the help mark's, if any: it takes a narrower slot)."""
        slots = len(self.pips) + (0.75 if self.help_needed else 0)
        pad = max(2, self.rect.h // 10)
        step = (self.rect.w - 2 * pad) / max(1, slots)
        radius = int(min(step * 0.43, self.rect.h * 0.34))
        count = len(self.pips) + (1 if self.help_needed else 0)
        centres = [(int(self.rect.x + pad + step * (min(i, len(self.pips)) + (0.5 if i < len(self.pips) else 0.375))),
                    self.rect.centery) for i in range(count)]
        return radius, centres

    def draw(self, surface, ctx) -> None:
        rect = self._card(surface, HELP_RED if self.help_needed else None)
        offset = rect.y - self.rect.y
        radius, centres = self.pip_centres()
        for (status, stars), centre in zip(self.pips, centres):
            draw_pip(surface, ctx, (centre[0], centre[1] + offset), radius, status, stars)
        if self.help_needed:
            draw_help(surface, ctx, (centres[-1][0], centres[-1][1] + offset), radius)


class PupilName(TeacherButton):
    """A pupil's animal and name (left to right, as a register reads), and a mark for a worry
    not yet followed up. Tapping it opens the pupil's page."""

    def __init__(self, name: str, rect: pygame.Rect, on_press: Callable[[], None], pupil_name: str, animal: Path | None,
                 worry: Path | None) -> None:
        super().__init__(name, rect, on_press, fill=WHITE, label=pupil_name)
        self.animal = animal
        self.worry = worry

    def draw(self, surface, ctx) -> None:
        rect = self._card(surface)
        pad = max(2, rect.h // 10)
        side = rect.h - 2 * pad
        x = rect.x + pad
        if self.animal is not None:
            image = ctx.pictures.get(self.animal, side)
            surface.blit(image, image.get_rect(center=(x + side // 2, rect.centery)))
            x += side + pad
        right = rect.right - pad
        if self.worry is not None:
            image = ctx.pictures.get(self.worry, side)
            surface.blit(image, image.get_rect(center=(right - side // 2, rect.centery)))
            right -= side + pad
        words = ctx.text.fit(self.label, (max(1, right - x), side), INK, side * 0.8, align="left")
        surface.blit(words, words.get_rect(midleft=(x, rect.centery)))


class Legend(Widget):
    """What the marks mean, in a line along the bottom of the overview."""

    def __init__(self, name: str, rect: pygame.Rect, worry: Path) -> None:
        super().__init__(name, rect)
        self.worry = worry

    ITEMS = [(NOT_STARTED, "not started"), (TRIED, "tried"), (DONE, "done (its stars)"),
             (RIGHT_FIRST_TIME, "all right first time"), ("help", "needs help"), ("worry", "a worry to follow up")]

    def draw(self, surface, ctx) -> None:
        # A line as tall as the strip allows, but no taller than a landscape screen's: on a tall (portrait)
        # screen the items wrap onto a second line instead of growing off the side.
        h = min(self.rect.h, max(14, self.rect.w // 36))
        radius = int(h * 0.3)
        x, y = self.rect.x, self.rect.y + (self.rect.h - h * (2 if self._lines(ctx, h) > 1 else 1)) // 2
        for key, words in self.ITEMS:
            image = ctx.text.fit(words, (self.rect.w, h), INK, h * 0.6, align="left")
            width = 2 * radius + 4 + h // 5 + image.get_width()
            if x + width > self.rect.right and x > self.rect.x:
                x, y = self.rect.x, y + h
                if y + h > self.rect.bottom + 1:
                    break
            centre = (x + radius + 2, y + h // 2)
            if key == "help":
                draw_help(surface, ctx, centre, radius)
            elif key == "worry":
                picture = ctx.pictures.get(self.worry, int(h * 0.8))
                surface.blit(picture, picture.get_rect(center=centre))
            else:
                draw_pip(surface, ctx, centre, radius, key, 2)
            surface.blit(image, image.get_rect(midleft=(x + 2 * radius + 4 + h // 5, centre[1])))
            x += width + int(h * 0.8)

    def _lines(self, ctx, h: int) -> int:
        radius = int(h * 0.3)
        total = sum(2 * radius + 4 + h // 5 + ctx.text.fit(words, (self.rect.w, h), INK, h * 0.6, align="left").get_width()
                    + int(h * 0.8) for _key, words in self.ITEMS)
        return 1 if total <= self.rect.w else 2

    def elements(self, ctx) -> list[Element]:
        return [Element(self.name, self.rect, "text")]


# -- long lists of words, in columns and pages ----------------------------------------------------
class Entry:
    """One block of words in a list (a heading, a question, an answer), with an optional picture.
    A heading or a question (``keep``) is never left alone at the foot of a column: it goes with what follows."""

    def __init__(self, text: str, colour=INK, icon: Path | None = None, indent: int = 0, gap_before: float = 0.0,
                 keep: bool = False):
        self.text, self.colour, self.icon, self.indent, self.gap_before = text, colour, icon, indent, gap_before
        self.keep = keep or bool(gap_before)


def paginate(entries: list[Entry], font, width: int, height: int, columns: int) -> list[list[list[tuple[Entry, int]]]]:
    """Entries laid into pages of columns: each as (entry, its height in lines), wrapped as drawn."""
    line = font.get_linesize()
    per_column = max(1, height // line)
    pages: list[list[list[tuple[Entry, int]]]] = [[[]]]
    used = 0

    def height(entry: Entry) -> int:
        indent = entry.indent * line + (line if entry.icon else 0)
        return min(per_column, len(wrap_words(font, entry.text, max(1, width - indent))))

    heights = [height(entry) for entry in entries]
    for index, entry in enumerate(entries):
        lines = heights[index]
        before = 1 if entry.gap_before and used else 0
        following = heights[index + 1] if entry.keep and index + 1 < len(entries) else 0
        if used + before + lines + following > per_column and used:
            if len(pages[-1]) < columns:
                pages[-1].append([])
            else:
                pages.append([[]])
            used, before = 0, 0
        pages[-1][-1].append((entry, lines + before))
        used += lines + before
    return pages


class WordList:
    """Lays ``entries`` out as Labels in columns, page by page, with buttons to turn the pages."""

    def __init__(self, scene: Scene, prefix: str) -> None:
        self.scene = scene
        self.prefix = prefix
        self.page = 0

    def build(self, m: Metrics, area: pygame.Rect, entries: list[Entry], px: int, columns: int) -> None:
        ctx = self.scene.ctx
        font = ctx.text.fonts.get(px)
        line = font.get_linesize()
        col_gap = m.gap
        col_w = (area.w - col_gap * (columns - 1)) // columns
        turn_h = max(round(m.short * 0.06), line)
        pages = paginate(entries, font, col_w, area.h, columns)
        if len(pages) > 1:
            pages = paginate(entries, font, col_w, area.h - turn_h - m.gap // 2, columns)
        self.page = min(self.page, len(pages) - 1)
        for column, items in enumerate(pages[self.page]):
            y = area.y
            x0 = area.x + column * (col_w + col_gap)
            for index, (entry, lines) in enumerate(items):
                before = 1 if entry.gap_before and index else 0
                y += before * line
                x = x0 + entry.indent * line
                if entry.icon is not None:
                    self.scene.add(_Icon(f"{self.prefix}-icon-{column}-{index}",
                                         pygame.Rect(x, y + line // 10, line * 8 // 10, line * 8 // 10), entry.icon))
                    x += line
                self.scene.add(Label(f"{self.prefix}-{column}-{index}",
                                     pygame.Rect(x, y, x0 + col_w - x, (lines - before) * line),
                                     entry.text, px, entry.colour, align="left"))
                y += (lines - before) * line
        if len(pages) > 1:
            bar = pygame.Rect(area.x, area.bottom - turn_h, area.w, turn_h)
            button_w = max(turn_h * 4, area.w // 6)
            self.scene.add(Label(f"{self.prefix}-page", pygame.Rect(bar.centerx - button_w, bar.y, 2 * button_w, bar.h),
                                 f"Page {self.page + 1} of {len(pages)}", int(turn_h * 0.5), INK))
            if self.page > 0:
                self.scene.add(TeacherButton(f"{self.prefix}-previous", pygame.Rect(bar.x, bar.y, button_w, bar.h),
                                             lambda: self.turn(-1), fill=WHITE, icon=ctx.icon("previous-page"),
                                             label="Previous page"))
            if self.page < len(pages) - 1:
                self.scene.add(TeacherButton(f"{self.prefix}-next", pygame.Rect(bar.right - button_w, bar.y, button_w,
                                                                                bar.h),
                                             lambda: self.turn(1), fill=WHITE, icon=ctx.icon("next-page"),
                                             label="Next page"))

    def turn(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self.scene.rebuild()


class _Icon(Widget):
    def __init__(self, name: str, rect: pygame.Rect, path: Path) -> None:
        super().__init__(name, rect)
        self.path = path

    def draw(self, surface, ctx) -> None:
        image = ctx.pictures.get(self.path, min(self.rect.w, self.rect.h))
        surface.blit(image, image.get_rect(center=self.rect.center))

    def elements(self, ctx) -> list[Element]:
        return [Element(self.name, self.rect, "picture")]


def add_teacher_top(scene: Scene, m: Metrics, title: str, buttons: list[tuple[str, str, Callable, Path | None]] = (),
                    button_w: int | None = None) -> pygame.Rect:
    """Back, a title and the screen's own buttons along the slim top bar; returns the area below it."""
    bar = teacher_bar(m)
    scene.add(TeacherButton("back", pygame.Rect(bar.x, bar.y, bar.h, bar.h), scene.ctx.stack.pop, fill=WHITE,
                            icon=scene.ctx.icon("back")))
    button_w = button_w or max(bar.h * 2, int(m.width * 0.15))
    left = bar.x + bar.h + m.gap // 2
    # The buttons never reach over the back button (a tap meant for "back" opened the questions on a
    # narrow window): narrower if need be, and on a row of their own under the bar if even that is too tight.
    count, step = len(buttons), m.gap // 2
    room = bar.right - left - bar.h  # keep at least a little of the title showing
    row = bar
    if count and count * (button_w + step) > room:
        button_w = (room - count * step) // count
        if button_w < bar.h * 1.5:
            row = pygame.Rect(bar.x, bar.bottom + step, bar.w, bar.h)
            button_w = (bar.w - (count - 1) * step) // count
    x = row.right
    added = []
    for name, label, action, icon in reversed(list(buttons)):
        x -= button_w
        added.append(scene.add(TeacherButton(name, pygame.Rect(x, row.y, button_w, row.h), action, fill=WHITE,
                                             label=label, icon=icon)))
        x -= step
    equalise_labels(added, scene.ctx)
    for button in added:
        button.label_px = min(button.label_px or bar.h, int(bar.h * 0.42))
    right = x if row is bar else bar.right
    scene.add(Label(f"{scene.name}-title", pygame.Rect(left, bar.y, right - left, bar.h), title, int(bar.h * 0.5),
                    TEACHER_BLUE, align="left"))
    top = row.bottom + m.gap // 2
    return pygame.Rect(m.margin, top, m.width - 2 * m.margin, teacher_bottom(m) - top)


# -- a pupil's answers for one letter --------------------------------------------------------------
class PupilLetterScene(Scene):
    """Every question of one letter's lessons that a pupil answered: the words they saw, each answer
    they gave (right or not, which try, how long, when). Read off the frame loop."""

    name = "pupil-letter"
    background = BACKGROUND

    def __init__(self, ctx, pupil_id: int, pupil_name: str, letter_key: str) -> None:
        super().__init__(ctx)
        self.pupil_id, self.pupil_name, self.letter_key = pupil_id, pupil_name, letter_key
        self.questions: list[QuestionAnswers] | None = None
        self.problem = ""
        self.words = WordList(self, "answers")
        ctx.recorder.pupil_letter_answers(pupil_id, letter_key, lambda: ctx.library, self._loaded)

    def _loaded(self, done) -> None:
        if done.ok:
            self.questions = done.value
        else:  # an unreadable store: say so, never crash
            self.problem = done.problem.replace("Cannot read the progress file", "Could not read the answers", 1)
        self.relayout_soon()

    def entries(self) -> list[Entry]:
        from ...progress.worries import when_text

        entries: list[Entry] = []
        lesson = None
        day = None
        for question in self.questions or []:
            if question.lesson_title != lesson:
                lesson = question.lesson_title
                entries.append(Entry(lesson, TEACHER_BLUE, gap_before=1))
                day = None
            entries.append(Entry(f"\u201c{question.question}\u201d", INK, indent=0, keep=True))
            for answer in question.answers:
                when = when_text(answer.at)  # 'Wed 23 Sep, 09:26': the day said once, until it changes
                shown = when if when.split(",")[0] != day else when.split(", ")[-1]
                day = when.split(",")[0]
                if answer.felt:  # a feeling is neither right nor wrong: no tick, no cross, no "try"
                    entries.append(Entry(f"felt: {answer.words}, after {duration_text(answer.seconds)}, {shown}",
                                         INK, indent=1))
                    continue
                result = "right" if answer.right else "not right"
                entries.append(Entry(f"{answer.words}: {result}, try {answer.try_number}, after "
                                     f"{duration_text(answer.seconds)}, {shown}",
                                     RIGHT_INK if answer.right else WRONG_INK,
                                     icon=self.ctx.icon("right" if answer.right else "wrong"), indent=1))
        return entries

    def build(self, screen: pygame.Rect) -> None:
        from ...lessons.letters import BY_KEY

        m = Metrics.of(screen.size)
        item = BY_KEY[self.letter_key]
        area = add_teacher_top(self, m, f"{self.pupil_name} \u00b7 {item.letter} is for {item.word}")
        if self.problem or self.questions is None or not self.questions:
            text = self.problem or ("Loading\u2026" if self.questions is None else
                                    f"{self.pupil_name} has not answered any {item.word} questions yet.")
            self.add(Label("status", area, text, int(m.short * 0.04), INK))
            return
        self.words.build(m, area, self.entries(), max(12, round(m.short * 0.026)), 2 if m.width > m.height else 1)


# -- the class's questions and outcomes ------------------------------------------------------------
QUESTIONS_SHOWN = 12  # the class's commonest wrong answers on screen; the report lists 50


class ClassQuestionsScene(Scene):
    """The wrong answers the class chose most (in the children's words), and the curriculum outcomes:
    all of them, page by page."""

    name = "class-questions"
    background = BACKGROUND

    def __init__(self, ctx, overview) -> None:
        super().__init__(ctx)
        self.overview = overview
        self.words = WordList(self, "questions")

    def entries(self) -> list[Entry]:
        overview = self.overview
        entries = [Entry("Wrong answers the class chose most", TEACHER_BLUE)]
        for title, question, answer, times in overview.misconceptions[:QUESTIONS_SHOWN]:
            entries.append(Entry(f"{times} \u00d7 \u201c{answer}\u201d for \u201c{question}\u201d ({title})",
                                 INK, indent=1))
        more = len(overview.misconceptions) - QUESTIONS_SHOWN
        if more > 0:
            entries.append(Entry(f"and {more} more in the saved report", INK, indent=1))
        if not overview.misconceptions:
            entries.append(Entry("No wrong answers yet.", INK, indent=1))
        if overview.hands:  # the class on the board: how many hands went up for each answer
            entries.append(Entry("On the board: shows of hands", TEACHER_BLUE, gap_before=1))
            for shown in overview.hands[:QUESTIONS_SHOWN]:
                entries.append(Entry(f"\u201c{shown.question}\u201d ({shown.lesson_title}, {day_text(shown.at)}): "
                                     f"{shown.text()}", INK, indent=1))
            more = len(overview.hands) - QUESTIONS_SHOWN
            if more > 0:
                entries.append(Entry(f"and {more} more in the saved report", INK, indent=1))
        covered, not_yet = overview.outcomes_covered, overview.outcomes_not_yet
        # What is still to teach first, then what has been: every outcome, page by page, none cut off.
        entries.append(Entry(f"Curriculum outcomes covered: {len(covered)} of {len(covered) + len(not_yet)}. "
                             f"Not yet covered ({len(not_yet)}):", TEACHER_BLUE, gap_before=1))
        entries += [Entry(text, INK, indent=1) for text in not_yet] or [Entry("None: all covered.", INK, indent=1)]
        if covered:
            entries.append(Entry(f"Covered ({len(covered)}):", TEACHER_BLUE, gap_before=1))
        entries += [Entry(text, RIGHT_INK, indent=1) for text in covered]
        return entries

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        area = add_teacher_top(self, m, f"Class {self.overview.class_name}: questions and outcomes")
        self.words.build(m, area, self.entries(), max(12, round(m.short * 0.026)), 2 if m.width > m.height else 1)


# -- the report, saved -----------------------------------------------------------------------------
class ReportSavedScene(Scene):
    """Where the report was saved, and a way to open it or its folder with the system's own programs.

    Opening runs on a thread (the opener may take a second to start); ``opener`` is the system's
    (game/engine/opener.py) unless one is given, as tests do, so nothing is really launched there."""

    name = "report-saved"
    background = BACKGROUND

    def __init__(self, ctx, report: Path, others: list[Path], opener: Callable[[Path], None] | None = None) -> None:
        super().__init__(ctx)
        self.report, self.others = report, others
        self.opener = opener
        self.message = ""

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        area = add_teacher_top(self, m, "Report saved")
        px = round(m.short * 0.035)
        names = ", ".join(path.name for path in self.others)
        text = (f"The report is saved as\n{self.report}\n\nWith it, in the same folder: {names}.\n"
                "Open it in a web browser to print it: the class on one page, its questions on the next, "
                "then a page for each pupil.")
        box = pygame.Rect(area.x, area.y, area.w, area.h // 2)
        self.add(Label("where", box, text, px, INK, align="left"))
        button_h = max(round(m.short * 0.08), round(m.short * TEACHER_TARGET_MIN))
        row = pygame.Rect(area.x, box.bottom + m.gap, area.w, button_h)
        width = min(area.w // 3 - m.gap, int(m.width * 0.28))
        self.add(TeacherButton("open-report", pygame.Rect(row.x, row.y, width, row.h),
                               lambda: self.open(self.report), fill=WHITE, label="Open report"))
        self.add(TeacherButton("open-folder", pygame.Rect(row.x + width + m.gap, row.y, width, row.h),
                               lambda: self.open(self.report.parent), fill=WHITE, label="Open folder"))
        self.add(TeacherButton("done", pygame.Rect(row.x + 2 * (width + m.gap), row.y, width, row.h),
                               self.ctx.stack.pop, fill=WHITE, label="Back to the class"))
        if self.message:
            self.add(Label("open-message", pygame.Rect(area.x, row.bottom + m.gap, area.w, area.bottom - row.bottom - m.gap),
                           self.message, px, TEACHER_BLUE, align="left"))

    def open(self, path: Path) -> None:
        from ...engine import opener as system

        launch = self.opener or system.open_path
        self.message = f"Opening {path.name}\u2026"
        self.rebuild()

        def work() -> None:
            try:
                launch(path)
                message = f"Asked the computer to open {path}."
            except Exception as error:  # noqa: BLE001 - any failure: say so, never crash
                message = f"Could not open {path}: {error}. Open it from the file manager instead."
            self.ctx.on_frame_loop(lambda: self._opened(message))

        self.ctx.jobs.submit(work, lane="opener")

    def _opened(self, message: str) -> None:
        self.message = message
        self.rebuild()

"""Home: the five SMART letters as big picture tiles."""

from __future__ import annotations

import pygame

from ..engine.layout import Metrics, grid
from ..lessons.letters import LETTERS, SmartLetter
from ..lessons.basics import Line
from ..frame.palette import INK, WHITE, shade
from .base import Scene
from .common import add_speaker_button
from .home_band import add_home_band, band_narration
from .teacher.pin import HoldTarget, open_teacher_mode
from .letter import rule_line, shown_lessons
from .whose_turn import add_whose_turn, turn_lines
from .widgets import Button, Label, Picture, equalise_labels


WELCOME = Line("ui.home.welcome", "Welcome to SMART Stars! Tap a letter to play.")


def tile_line(item: SmartLetter) -> Line:
    return Line(f"ui.home.{item.key}", f"{item.letter} is for {item.word}.")


class HomeScene(Scene):
    name = "home"
    scannable = True  # a child's screen: switch access may scan it (game/access/scanning.py)
    _waiting_letter: SmartLetter | None = None  # tapped before the lessons were read

    def narration(self) -> list[Line]:
        return [WELCOME] + turn_lines(self.ctx) + [tile_line(item) for item in LETTERS] + band_narration(self.ctx)

    def on_resume(self) -> None:
        super().on_resume()
        self.rebuild()  # badges and the certificate may have been earned

    def on_enter(self) -> None:
        super().on_enter()
        self.ctx.narrator.prepare([rule_line(item) for item in LETTERS])

    def upcoming(self, ctx) -> list:
        """Every letter's screen, in the order the tiles stand. The first visit to a letter was the
        slowest tap in the game (its lesson tiles' pictures drawn from SVG then): now they are drawn
        while the welcome is read out, so whichever letter a child taps opens at once."""
        if not ctx.library_ready:
            return []  # asked again once the lessons are read (the Preparer's plan depends on them)
        from .screens import screen_named

        return [lambda item=item: screen_named("letter")(ctx, item) for item in LETTERS]

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        title_box = m.title_box()
        all_badges = all(self._badge(item) for item in LETTERS)
        if all_badges:
            title_box.w -= m.target + m.gap  # room for the certificate button
        words_box = title_box
        if title_box.w > title_box.h * 4:  # room for a star either side of the name
            side = int(title_box.h * 0.8)
            top = title_box.y + (title_box.h - side) // 2
            for name, x in (("title-star-left", title_box.x), ("title-star-right", title_box.right - side)):
                self.add(Picture(name, pygame.Rect(x, top, side, side), self.ctx.icon("title")))
            words_box = title_box.inflate(-2 * (side + m.gap), 0)
        self.add(Label("title", words_box, "SMART Stars", int(title_box.h * 0.75), INK))
        # For adults: hold the title (top of the board, out of small children's reach) for teacher mode.
        self.add(HoldTarget("teacher-hold", title_box, lambda: open_teacher_mode(self.ctx)))
        # Home needs no home button. (About, a page of licences for grown-ups, is in teacher mode.)
        add_speaker_button(self, m)
        if all_badges:
            # Every badge earned: the certificate waits beside the speaker.
            corner = m.corner_button()
            self.add(Button("certificate", corner.move(-(corner.w + m.gap), 0), self._open_certificate,
                            fill=WHITE, icon=self.ctx.icon("certificate")))

        top = m.content_top + m.gap
        notices = self.ctx.narrator.notices
        saving = self.ctx.teacher_notices()  # progress, settings or the PIN not saved; a missing font
        if notices or saving:  # for the teacher: small, calm, out of the children's way
            box = pygame.Rect(m.margin, m.content_top - m.gap // 2, m.width - 2 * m.margin, int(m.short * 0.05))
            words = (" ".join(notices) + " Words are shown on screen instead." if notices else "")
            words = " ".join([words, *saving]).strip()
            self.add(Label("notice", box, words, int(box.h * 0.7), shade(INK, 0.35)))
            top = box.bottom + m.gap // 2
        area = pygame.Rect(m.margin, top, m.width - 2 * m.margin, m.content_bottom - top)
        area = add_whose_turn(self, m, area)  # on a class tablet: whose turn, and "Not you?" (no PIN)
        area = add_home_band(self, m, area)  # stars and badges earned, "carry on": under the tiles
        columns = 5 if m.width >= m.height * 1.2 else 3
        cells = grid(area, len(LETTERS), columns, m.gap,
                     max_cell=(int(area.h * 0.75) if columns == 5 else area.w, area.h))
        tiles = [self.add(self._tile(item, cell)) for item, cell in zip(LETTERS, cells)]
        equalise_labels(tiles, self.ctx)

    def _tile(self, item: SmartLetter, cell: pygame.Rect) -> Button:
        tile = Button(
            f"letter-{item.key}",
            cell,
            lambda item=item: self._open_letter(item),
            fill=shade(item.colour, 0.78),
            icon=self.ctx.catalog.emoji_svg(item.picture),
            label=item.word,
            big_letter=item.letter,
            letter_colour=shade(item.colour, -0.2),
        )
        tile.speaks = tile_line(item).id
        tile.badge = self._badge(item)
        return tile

    def on_lessons_loaded(self) -> None:
        if self._waiting_letter is not None:
            item, self._waiting_letter = self._waiting_letter, None
            if self.ctx.stack.top is self:
                self._open_letter(item)
            return
        # Rebuild only if a badge appears: a rebuild would cut short a grown-up's hold on the title.
        if any(self._badge(item) for item in LETTERS):
            self.relayout_soon()

    def _badge(self, item: SmartLetter) -> bool:
        """Whether this child has done the letter's lessons. Until the lessons have loaded in the
        background nobody has played any, so the first frame need not wait for them."""
        return self.ctx.library_ready and self.ctx.progress.letter_done(shown_lessons(self.ctx, item.key))

    def _open_letter(self, item: SmartLetter) -> None:
        from .screens import screen_named

        if not self.ctx.library_ready:
            # A very quick tap, before the lessons are read: open the letter as soon as they are,
            # rather than holding up this frame (the tile shows it was pressed meanwhile).
            self._waiting_letter = item
            return

        self.ctx.stack.push(screen_named("letter")(self.ctx, item))

    def _open_certificate(self) -> None:
        from .certificate import CertificateScene

        self.ctx.stack.push(CertificateScene(self.ctx))

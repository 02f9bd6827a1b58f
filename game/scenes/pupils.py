"""Who is playing: on a tablet, a child taps their own animal (their name is spoken).

It opens when a class tablet starts, from "Not you?" on home (children change turns themselves, no PIN:
game/scenes/whose_turn.py), when the teacher's setting asks again (game/classroom/turns.py), from teacher mode, and
to ask who a worry is from (game/scenes/reward.py), with its own question and what to do with the answer.
"""

from __future__ import annotations

import pygame

from ..cast.avatars import AVATARS
from ..engine.layout import Metrics, grid
from ..lessons.basics import Line
from typing import Callable

from ..frame.palette import INK, WHITE
from .base import Scene
from .common import add_speaker_button
from .widgets import Button, Label, equalise_labels

WHO_LINE = Line("ui.pupils.who", "Who is playing? Tap your animal.")


def name_line(name: str) -> Line:
    return Line(f"ui.pupils.name.{name.lower()}", f"{name}!")


class PupilPickerScene(Scene):
    name = "pupils"
    scannable = True  # a child's screen: switch access may scan it (game/access/scanning.py)
    background = ((214, 236, 255), (250, 246, 232))

    def __init__(self, ctx, class_id: int, pupils: list[tuple[int, str, str]], prompt: Line = WHO_LINE,
                 on_pick: Callable[[int, int, str, str], None] | None = None, way_back: bool = False) -> None:
        super().__init__(ctx)
        self.class_id = class_id
        self.pupils = pupils
        self.page = 0
        self.prompt = prompt
        self.on_pick = on_pick  # (class, pupil, name, animal); None: the child chosen is the one playing now
        self.way_back = way_back  # opened by a child from home ("Not you?"): they may go back unchanged

    def narration(self) -> list[Line]:
        return [self.prompt]

    def _cells(self, m: Metrics, area: pygame.Rect) -> tuple[int, int]:
        """Columns and rows: as many as fit while every avatar stays a full-size child target."""
        size = int(m.target_min * 1.1)
        columns = max(1, (area.w + m.gap) // (size + m.gap))
        rows = max(1, (area.h + m.gap) // (size + m.gap))
        return columns, rows

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Label("who", m.title_box(), self.prompt.text, int(m.target * 0.4), INK))
        if self.way_back:
            self.add(Button("home", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("home")))
        add_speaker_button(self, m)  # the question again, for a child who cannot read it
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        columns, rows = self._cells(m, area)
        side = m.target
        if len(self.pupils) > columns * rows:  # more than one page: arrows either side
            arrows = area
            area = area.inflate(-2 * (side + m.gap), 0)
            columns, rows = self._cells(m, area)
        per_page = columns * rows
        pages = max(1, -(-len(self.pupils) // per_page))
        self.page = min(self.page, pages - 1)
        if self.page > 0:
            self.add(Button("previous-page", pygame.Rect(arrows.x, arrows.centery - side // 2, side, side),
                            lambda: self._turn(-1), icon=self.ctx.icon("previous-page")))
        if self.page < pages - 1:
            self.add(Button("next-page", pygame.Rect(arrows.right - side, arrows.centery - side // 2, side, side),
                            lambda: self._turn(1), icon=self.ctx.icon("next-page")))
        shown = self.pupils[self.page * per_page:(self.page + 1) * per_page]
        cells = grid(area, len(shown), min(columns, max(1, len(shown))), m.gap,
                     max_cell=(int(m.target * 1.6), int(m.target * 1.6)))
        buttons = []
        for (pupil_id, name, avatar), cell in zip(shown, cells):
            icon = self.ctx.catalog.emoji_svg(self.ctx.catalog.emoji_for_name(AVATARS.get(avatar, "bear")) or "🐻")
            button = self.add(Button(f"pupil-{pupil_id}", cell, lambda p=(pupil_id, name, avatar): self.choose(*p),
                                     fill=WHITE, icon=icon, label=name))
            button.speaks = name_line(name).id
            buttons.append(button)
        equalise_labels(buttons, self.ctx)

    def _turn(self, step: int) -> None:
        self.page += step
        self.rebuild()

    def choose(self, pupil_id: int, name: str, avatar: str = "bear") -> None:
        if self.on_pick is not None:
            self.on_pick(self.class_id, pupil_id, name, avatar)
            return
        self.ctx.turns.chosen = (pupil_id, name, avatar)  # home shows whose turn it is (game/classroom/turns.py)
        player = self.ctx.recorder.player
        player.pupil_id, player.class_id, player.whole_class = pupil_id, self.class_id, False
        self.ctx.player_name = name
        self.ctx.progress.reset()  # stars and badges are this child's own
        self.ctx.stack.home()  # leaving stops this screen's speech; then the child hears their name
        self.ctx.narrator.say([name_line(name)])


def open_picker(ctx, prompt: Line = WHO_LINE, on_pick: Callable[[int, int, str, str], None] | None = None,
                way_back: bool = False, otherwise: Callable[[], None] | None = None,
                before: Callable[[], None] | None = None) -> bool:
    """Show the picker for the chosen class, once its pupils are read (on the progress service's worker:
    never on the frame loop). If there is no class (or no pupils) ``otherwise()`` runs instead; if the
    screen changed meanwhile, neither. ``before()`` runs just before the picker is shown. False at once
    if no class is chosen (nothing is asked of the store)."""
    name = ctx.settings.class_name
    if not name or ctx.data_dir is None:
        if otherwise is not None:
            otherwise()
        return False
    asked_on = ctx.stack.top

    def answered(done) -> None:
        if ctx.stack.top is not asked_on:
            return  # the screen changed meanwhile (a grown-up went elsewhere): the answer is for nobody now
        roster = done.value if done.ok else None
        if roster is None or not roster.pupils:
            if otherwise is not None:
                otherwise()
            return
        if before is not None:
            before()
        ctx.stack.push(PupilPickerScene(ctx, roster.class_id, roster.pupils, prompt, on_pick, way_back))

    ctx.recorder.roster(name, answered)
    return True

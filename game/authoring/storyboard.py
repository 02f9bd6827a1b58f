"""`play.py storyboard`: a lesson's scenes on printable A4 pages, for planning and review.

A PSHE lead prints it for a staff meeting, so each scene is shown twice: as the
real screen (the game is played headlessly through the pilot, as the tour does,
so the picture is exactly what a child sees) and as words (everything that will
be said, with each answer marked right or wrong), because a printout cannot speak.
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pygame

from ..lessons.model import Lesson, Line
from ..lessons.letters import BY_KEY
from ..frame.palette import INK, WHITE, shade

if TYPE_CHECKING:
    from ..engine.context import Context

PAGE_PX = (1754, 1240)  # A4 landscape at 150 dpi: crisp printed text, modest files
COLUMNS, ROWS = 2, 2
PER_PAGE = COLUMNS * ROWS
SCREEN_SIZE = (1280, 800)  # the game screen each scene is drawn at (a classroom tablet)
MARGIN = 64  # about 11 mm: inside every printer's unprintable edge
SOFT_INK = (84, 88, 112)
RULE_GREY = (205, 208, 218)
BODY_PX = (22, 21, 20, 19, 18, 17, 16, 15)  # 10.5 pt down to 7.2 pt at 150 dpi: shrink only if a scene has a lot to say

MARKS = {"right": "\u2714\ufe0f", "wrong": "\u274c"}  # a bold green tick and a red cross: clear even in grey print
KIND_WORDS = {
    "story": "story: listen, then tap on",
    "choose": "choose: tap one answer",
    "thumbs": "thumbs: up or down",
    "sort": "sort: into two groups",
    "hotspot": "hotspot: tap the right place",
    "tap-all": "tap-all: tap every right answer",
    "feelings": "feelings: tap a face",
}


@dataclass(frozen=True)
class Said:
    """One paragraph under a screenshot: runs of styled text, optionally after a right/wrong mark or a picture."""

    runs: tuple[tuple[str, str], ...]  # (style, text); style: "label", "name", "said" or "note"
    mark: str | None = None  # "right" or "wrong": a tick or a cross before it
    picture: Path | None = None  # or this picture before it (a sort item's group)

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.runs)


def _quoted(line: Line) -> str:
    return f"\u201c{line.text}\u201d"


def scene_words(scene) -> list[Said]:
    """Everything a scene says, in the order it is said, as paragraphs for the page."""
    if scene.kind == "story":
        return [Said((("said", _quoted(line)),)) for line in scene.lines]
    words = [Said((("label", "Question:"), ("said", _quoted(scene.question))))]
    if scene.kind == "sort":
        first, second = scene.groups
        words.append(Said((("label", "Groups:"), ("name", first.text.text), ("note", "and"),
                           ("name", f"{second.text.text}."))))
        names = {group.id: group.text.text for group in scene.groups}
        pictures = {group.id: group.picture.path for group in scene.groups}
        for item in scene.items:
            words.append(Said((("name", item.text.text), ("note", "goes in"), ("name", f"{names[item.group]}."),
                               ("note", "If not:"), ("said", _quoted(item.feedback))),
                              picture=pictures[item.group]))
        words.append(Said((("label", "When all are sorted:"), ("said", _quoted(scene.done)))))
        return words
    for answer in scene.answers:
        if scene.kind == "feelings" and not answer.right:
            # A feeling is never wrong: no cross, the calm reason another face may fit better.
            words.append(Said((("name", f"{answer.text.text}:"), ("note", "another face may fit better:"),
                               ("said", _quoted(answer.feedback)))))
            continue
        words.append(Said((("name", f"{answer.text.text}:"), ("said", _quoted(answer.feedback))),
                          "right" if answer.right else "wrong"))
    if scene.kind == "tap-all":
        words.append(Said((("label", "When all are found:"), ("said", _quoted(scene.done)))))
    return words


def page_count(scenes: int) -> int:
    return max(1, math.ceil(scenes / PER_PAGE))


# -- drawing -----------------------------------------------------------------------------------
class _Page:
    """Drawing helpers for one page: the game's font, the lesson's colour."""

    def __init__(self, ctx, lesson: Lesson) -> None:
        self.ctx = ctx
        self.lesson = lesson
        self.letter = BY_KEY[lesson.letter]
        self.dark = shade(self.letter.colour, -0.4)
        self.surface = pygame.Surface(PAGE_PX)
        self.surface.fill(WHITE)

    def font(self, px: int) -> pygame.font.Font:
        return self.ctx.text.fonts.get(px)

    def text(self, words: str, pos: tuple[int, int], px: int, colour=INK, width: int | None = None,
             anchor: str = "topleft") -> pygame.Rect:
        """One line; shortened with an ellipsis if wider than ``width``."""
        font = self.font(px)
        if width is not None and font.size(words)[0] > width:
            while words and font.size(words + "\u2026")[0] > width:
                words = words[:-1]
            words = words.rstrip() + "\u2026"
        image = font.render(words, True, colour)
        rect = image.get_rect(**{anchor: pos})
        self.surface.blit(image, rect)
        return rect

    def mark(self, name: str) -> Path:
        return self.ctx.catalog.emoji_svg(MARKS[name])

    def picture(self, path: Path, px: int) -> pygame.Surface:
        return self.ctx.pictures.get(path, px)

    def colour(self, style: str) -> tuple[int, int, int]:
        return {"label": self.dark, "name": INK, "said": INK, "note": SOFT_INK}[style]


def _draw_header(page: _Page, lesson: Lesson, source: str, number: int, pages: int) -> int:
    """Title, letter, year band, file and page number; returns where the grid may start."""
    tile = pygame.Rect(MARGIN, MARGIN, 104, 104)
    pygame.draw.rect(page.surface, page.letter.colour, tile, border_radius=18)
    page.text(page.letter.letter, tile.center, 76, WHITE, anchor="center")
    left = tile.right + 28
    right = PAGE_PX[0] - MARGIN
    page_label = page.text(f"Page {number} of {pages}", (right, MARGIN + 6), 24, SOFT_INK, anchor="topright")
    title_w = page_label.x - left - 30
    title_px = next((px for px in range(44, 28, -2) if page.font(px).size(lesson.title.text)[0] <= title_w), 28)
    page.text(lesson.title.text, (left, MARGIN + 20), title_px, INK, width=title_w, anchor="midleft")
    facts = f"{page.letter.letter} is for {page.letter.word}  \u00b7  {lesson.year}  \u00b7  {source}"
    page.text(facts, (left, MARGIN + 52), 22, SOFT_INK, width=right - left)
    rule = f"Said at the end: \u201c{lesson.rule.text}\u201d" if lesson.rule else "This lesson has no closing rule."
    page.text(rule, (left, MARGIN + 80), 22, page.dark, width=right - left)
    bottom = tile.bottom + 18
    pygame.draw.line(page.surface, RULE_GREY, (MARGIN, bottom), (right, bottom), 2)
    return bottom + 22


def _draw_footer(page: _Page, screen_size: tuple[int, int]) -> int:
    """A key to the marks; returns the footer's top."""
    y = PAGE_PX[1] - MARGIN + 10
    x = MARGIN
    for mark, words in (("right", "the right answer (praised)"), ("wrong", "a wrong answer (a gentle reason, then try again)")):
        icon = page.picture(page.mark(mark), 26)
        page.surface.blit(icon, icon.get_rect(midleft=(x, y)))
        x = page.text(words, (x + 32, y), 20, SOFT_INK, anchor="midleft").right + 40
    page.text(f"SMART Stars storyboard \u00b7 screens drawn at {screen_size[0]}x{screen_size[1]}",
              (PAGE_PX[0] - MARGIN, y), 20, SOFT_INK, anchor="midright")
    return y - 34


def _paragraph(page: _Page, said: Said, font: pygame.font.Font, x: int, y: int, width: int, draw: bool) -> int:
    """Wrap one paragraph into a column (a mark hangs to its left); returns its height."""
    line_h = font.get_linesize()
    space = font.size(" ")[0]
    indent = int(line_h * 1.15) if said.mark or said.picture else 0
    if draw and (said.mark or said.picture):
        icon = page.picture(said.picture or page.mark(said.mark), int(line_h * 0.95))
        page.surface.blit(icon, icon.get_rect(midleft=(x, y + line_h // 2)))
    left, top, fresh = x + indent, y, True
    for style, text in said.runs:
        for word in text.split():
            size = font.size(word)[0]
            if not fresh and left + space + size > x + width:
                y += line_h
                left, fresh = x + indent, True
            if not fresh:
                left += space
            if draw:
                page.surface.blit(font.render(word, True, page.colour(style)), (left, y))
            left += size
            fresh = False
    return y + line_h - top


def _flow(page: _Page, words: list[Said], px: int, area: pygame.Rect, beside: pygame.Rect, draw: bool) -> bool:
    """Paragraphs in the column beside the screenshot while whole ones fit, the rest under it at full width.

    A paragraph is never split between the two (a sentence that jumps under the picture is hard to follow).
    True if everything fits in ``area``.
    """
    font = page.font(px)
    line_h = font.get_linesize()
    gap = 18
    after = line_h // 3
    column_x = beside.right + gap
    y = area.y
    in_column = True
    for said in words:
        if in_column:
            height = _paragraph(page, said, font, column_x, y, area.right - column_x, False)
            if y + height <= beside.bottom + line_h:  # overhanging the picture by one line still reads well
                _paragraph(page, said, font, column_x, y, area.right - column_x, draw)
                y += height + after
                continue
            in_column = False
            y = max(y, beside.bottom + gap)
        height = _paragraph(page, said, font, area.x, y, area.w, False)
        if y + height > area.bottom:
            if draw:  # as much as fits, so the page still shows where the words were cut
                _paragraph(page, said, font, area.x, y, area.w, True)
            return False
        _paragraph(page, said, font, area.x, y, area.w, draw)
        y += height + after
    return True


# Screenshot sizes, biggest first, as (fraction of the cell's width, of the height under its title). The words
# come first: a scene gets the biggest text that fits with any of these, then the biggest picture at that text.
SHOT_SIZES = ((0.58, 0.78), (0.5, 0.62), (0.4, 0.5), (0.32, 0.4))
TITLE_H = 50


def _frame(cell: pygame.Rect, shot: pygame.Surface, fractions: tuple[float, float]) -> pygame.Rect:
    top = cell.y + TITLE_H
    scale = min(cell.w * fractions[0] / shot.get_width(), (cell.bottom - top) * fractions[1] / shot.get_height())
    return pygame.Rect(cell.x, top, round(shot.get_width() * scale), round(shot.get_height() * scale))


def _plan(page: _Page, area: pygame.Rect, words: list[Said], cell: pygame.Rect,
          shot: pygame.Surface) -> tuple[pygame.Rect, int, bool]:
    """Where the screenshot goes and the text size; False if even the smallest of both leaves words over."""
    for px in BODY_PX:
        for fractions in SHOT_SIZES:
            frame = _frame(cell, shot, fractions)
            if _flow(page, words, px, area, frame, draw=False):
                return frame, px, True
    return _frame(cell, shot, SHOT_SIZES[-1]), BODY_PX[-1], False


def _draw_cell(page: _Page, cell: pygame.Rect, number: int, total: int, scene, shot: pygame.Surface) -> bool:
    """One scene: its number, id and kind, the real screen, and its words. False if the words had to be cut."""
    badge = pygame.Rect(cell.x, cell.y, 40, 40)
    pygame.draw.ellipse(page.surface, page.letter.colour, badge)
    page.text(str(number), badge.center, 24, WHITE, anchor="center")
    name = page.text(scene.id, (badge.right + 12, badge.centery), 26, INK, anchor="midleft",
                     width=cell.w // 2)
    page.text(f"{KIND_WORDS[scene.kind]}  \u00b7  scene {number} of {total}", (name.right + 16, badge.centery),
              20, SOFT_INK, anchor="midleft", width=cell.right - name.right - 16)
    area = pygame.Rect(cell.x, cell.y + TITLE_H, cell.w, cell.h - TITLE_H)
    words = scene_words(scene)
    frame, px, fits = _plan(page, area, words, cell, shot)
    page.surface.blit(pygame.transform.smoothscale(shot, frame.size), frame)
    pygame.draw.rect(page.surface, RULE_GREY, frame.inflate(2, 2), width=1)
    page.surface.set_clip(area)  # should words be left over, they stop at the cell's edge, not on the next scene
    _flow(page, words, px, area, frame, draw=True)
    page.surface.set_clip(None)
    return fits


def render_pages(ctx, lesson: Lesson, shots: list[pygame.Surface], source: str,
                 screen_size: tuple[int, int]) -> tuple[list[pygame.Surface], list[str]]:
    """The printable pages, and the ids of any scenes whose words did not all fit."""
    pages = page_count(len(lesson.scenes))
    surfaces, cut = [], []
    for number in range(pages):
        page = _Page(ctx, lesson)
        top = _draw_header(page, lesson, source, number + 1, pages)
        bottom = _draw_footer(page, screen_size)
        gap_x, gap_y = 48, 36
        cell_w = (PAGE_PX[0] - 2 * MARGIN - gap_x * (COLUMNS - 1)) // COLUMNS
        cell_h = (bottom - top - gap_y * (ROWS - 1)) // ROWS
        first = number * PER_PAGE
        cells = []
        for slot, scene in enumerate(lesson.scenes[first:first + PER_PAGE]):
            column, row = slot % COLUMNS, slot // COLUMNS
            cells.append((pygame.Rect(MARGIN + column * (cell_w + gap_x), top + row * (cell_h + gap_y), cell_w, cell_h),
                          first + slot, scene))
        for cell, index, scene in cells:
            if not _draw_cell(page, cell, index + 1, len(lesson.scenes), scene, shots[index]):
                cut.append(scene.id)
        for row in range(1, ROWS):  # a faint line above each row that has a scene helps the eye
            if first + row * COLUMNS < len(lesson.scenes):
                y = top + row * (cell_h + gap_y) - gap_y // 2
                pygame.draw.line(page.surface, RULE_GREY, (MARGIN, y), (PAGE_PX[0] - MARGIN, y), 1)
        surfaces.append(page.surface)
    return surfaces, cut


# -- playing the lesson --------------------------------------------------------------------------
def screenshots(lesson: Lesson, screen_size: tuple[int, int],
                cache_dir: Path | None) -> tuple[list[pygame.Surface], "Context"]:
    """Play the lesson in the real game, headless and silent, and keep each scene's first screen.

    Also returns the game's context: the page is drawn with the game's own font and pictures.
    The game is closed before returning (its font and picture caches stay usable).
    """
    from ..engine.app import App, Options, headless_environment
    from ..speech.narration import QuietNarrator
    from ..engine.pilot import Pilot
    from ..scenes.player import PlayerScene
    from .tour import solve_scene

    headless_environment()
    # A fresh data folder: nothing is recorded, and the teacher's settings (whole-class pauses) never show.
    with tempfile.TemporaryDirectory(prefix="smart-stars-storyboard-") as data_dir:
        app = App.create(Options(fullscreen=False, size=screen_size, lesson_dirs=[], school_dirs=[],
                                 cache_dir=cache_dir, data_dir=Path(data_dir), whole_class=False, record=False),
                         narrator=QuietNarrator())
        try:
            app.ctx.pictures.wait_for_cast = True  # a printed page waits for the cast to be drawn (no stand-ins)
            pilot = Pilot(app)
            pilot.frames(1)
            app.stack.push(PlayerScene(app.ctx, lesson))
            shots = []
            for index, scene in enumerate(lesson.scenes):
                pilot.wait(0.5)  # let any press flash fade
                pilot.scene.draw(app.screen)
                shots.append(app.screen.copy())
                if index + 1 < len(lesson.scenes):
                    for _ in solve_scene(pilot, scene):
                        pass
                    pilot.tap_widget("next")
        finally:
            app.close()
    return shots, app.ctx


def make_pages(lesson: Lesson, source: str, screen_size: tuple[int, int] = SCREEN_SIZE,
               cache_dir: Path | None = None) -> tuple[list[pygame.Surface], list[str]]:
    """The storyboard's pages for a loaded lesson (``source``: its file, as shown in the header),
    and the ids of any scenes whose words did not all fit."""
    shots, ctx = screenshots(lesson, screen_size, cache_dir)
    return render_pages(ctx, lesson, shots, source, screen_size)


# -- the command -----------------------------------------------------------------------------------
def png_paths(out: Path, pages: int) -> list[Path]:
    """OUT.png for one page, else OUT-1.png, OUT-2.png, ..."""
    if pages == 1:
        return [out]
    return [out.with_name(f"{out.stem}-{number}{out.suffix}") for number in range(1, pages + 1)]


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(data)
    temporary.replace(path)


def run_storyboard(path: Path, out: Path, screen_size: tuple[int, int], log: TextIO, err: TextIO,
                   cache_dir: Path | None = None) -> int:
    """Check the lesson, play it headlessly, write the pages; the exit status (1: lesson errors, 2: bad paths)."""
    from ..lessons.check import _shown
    from ..lessons.library import lesson_files
    from ..lessons.loader import LessonLoader
    from ..lessons.pictures import PictureCatalog
    from .pdf import A4_LANDSCAPE, lossless_image, pdf_of_images

    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".png"):
        err.write(f"--out {out}: name a .pdf file (all pages in one) or a .png file (one picture per page)\n")
        return 2
    if not path.exists():
        err.write(f"{_shown(path)}: there is no lesson file here: check the name\n")
        return 2
    if path.is_dir():  # a folder holding just one lesson (such as a lesson shared with its pictures) is fine
        found = lesson_files([path])
        if len(found) != 1:
            names = ", ".join(_shown(file) for file in found[:3]) + (", ..." if len(found) > 3 else "")
            err.write(f"{_shown(path)} is a folder with {len(found) or 'no'} lesson file{'s' if len(found) != 1 else ''}"
                      f"{': ' + names if found else ''}: name one lesson file\n")
            return 2
        path = found[0]
    result = LessonLoader(PictureCatalog(cast_dir=cache_dir / "cast" if cache_dir else None),
                          check_picture_files=True).load(path)
    problems = sorted(result.problems, key=lambda p: (p.line, p.column))
    for problem in problems:  # exactly as `check` lists them
        log.write(dataclasses.replace(problem, path=Path(_shown(problem.path))).format() + "\n")
    if result.errors or result.lesson is None:
        count = len(result.errors)
        err.write(f"{count} error{'s' if count != 1 else ''}: fix {'them' if count != 1 else 'it'}, "
                  "then make the storyboard again (nothing was written)\n")
        return 1
    lesson = result.lesson
    pages, cut = make_pages(lesson, _shown(path), screen_size, cache_dir)
    for scene_id in cut:
        err.write(f"note: scene '{scene_id}' has more words than fit its box: the last ones are left off the page\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        _write(out, pdf_of_images([lossless_image(page) for page in pages], A4_LANDSCAPE))
        log.write(f"wrote {out} ({len(pages)} page{'s' if len(pages) != 1 else ''}, "
                  f"{len(lesson.scenes)} scenes, A4 landscape)\n")
        return 0
    written = png_paths(out, len(pages))
    for page, target in zip(pages, written):
        temporary = target.with_name(target.name + ".part.png")
        pygame.image.save(page, str(temporary))
        temporary.replace(target)
        log.write(f"wrote {target}\n")
    log.write(f"{len(pages)} page{'s' if len(pages) != 1 else ''} (A4 landscape at 150 dpi, {PAGE_PX[0]}x{PAGE_PX[1]}): "
              + ("one PNG" if len(pages) == 1 else f"{out.stem}-1{out.suffix} to {out.stem}-{len(pages)}{out.suffix}")
              + "\n")
    return 0

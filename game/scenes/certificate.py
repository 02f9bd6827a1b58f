"""The SMART Star certificate: earned when all five letters' badges are won.

It is drawn once at print size (A4 landscape, 200 dpi) and shown scaled to
the screen. "Save" (for the teacher) writes a PNG and a one-page PDF into the
data folder; the files are written on a worker thread, never in the frame loop.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pygame

from ..engine.layout import Metrics
from ..lessons.basics import Line
from ..lessons.letters import LETTERS
from ..authoring.pdf import A4_LANDSCAPE, PdfImage, pdf_of_images
from ..engine.private_files import private_folder, write_private
from ..frame.cards import draw_card
from ..frame.palette import INK, WHITE, shade
from .base import Scene
from .common import add_corner_buttons
from .widgets import Button, Label, Widget

PRINT_SIZE = (2339, 1654)  # A4 landscape at 200 dpi
PAGE_POINTS = A4_LANDSCAPE
GOLD = (236, 178, 40)


def certificate_line(name: str | None) -> Line:
    who = f"{name}, you are" if name else "You are"
    return Line("ui.certificate", f"{who} a SMART Star! You know all five SMART rules.")


def render_certificate(ctx, size: tuple[int, int], name: str | None, date: dt.date) -> pygame.Surface:
    """The certificate at any size; every measure is a fraction of the page."""
    width, height = size
    page = pygame.Surface(size)
    page.fill((255, 252, 240))
    unit = min(width, height)
    border = pygame.Rect(0, 0, width, height).inflate(-unit // 16, -unit // 16)
    pygame.draw.rect(page, GOLD, border, width=max(4, unit // 80), border_radius=unit // 30)
    inner = border.inflate(-unit // 12, -unit // 12)

    def words(text: str, box: pygame.Rect, px: float, colour=INK) -> None:
        image = ctx.text.fit(text, box.size, colour, int(px))
        page.blit(image, image.get_rect(center=box.center))

    star = ctx.pictures.get(ctx.icon("title"), int(unit * 0.16))
    page.blit(star, star.get_rect(center=(inner.x + unit * 0.1, inner.y + unit * 0.1)))
    page.blit(star, star.get_rect(center=(inner.right - unit * 0.1, inner.y + unit * 0.1)))
    words("Certificate", pygame.Rect(inner.x, inner.y, inner.w, int(inner.h * 0.12)), unit * 0.07,
          shade(GOLD, -0.45))
    words(name or "A SMART Star", pygame.Rect(inner.x, inner.y + int(inner.h * 0.14), inner.w, int(inner.h * 0.2)),
          unit * 0.14)
    words("is a SMART Star and knows the five SMART rules for staying safe online",
          pygame.Rect(inner.x + inner.w // 10, inner.y + int(inner.h * 0.36), inner.w * 8 // 10, int(inner.h * 0.14)),
          unit * 0.045)
    tiles = pygame.Rect(inner.x, inner.y + int(inner.h * 0.54), inner.w, int(inner.h * 0.3))
    cell_w = tiles.w // len(LETTERS)
    for index, item in enumerate(LETTERS):
        cell = pygame.Rect(tiles.x + index * cell_w, tiles.y, cell_w, tiles.h).inflate(-unit // 40, 0)
        draw_card(page, cell, shade(item.colour, 0.8), None, lifted=False)
        words(item.letter, pygame.Rect(cell.x, cell.y, cell.w, cell.h // 2), cell.h * 0.45, shade(item.colour, -0.3))
        medal = ctx.pictures.get(ctx.icon("badge"), cell.h // 4)
        page.blit(medal, medal.get_rect(center=(cell.centerx, cell.y + cell.h * 0.62)))
        words(item.word, pygame.Rect(cell.x, cell.y + cell.h * 3 // 4, cell.w, cell.h // 4), cell.h * 0.16)
    words(f"{date.day} {date:%B %Y}",
          pygame.Rect(inner.x, inner.bottom - int(inner.h * 0.1), inner.w, int(inner.h * 0.1)), unit * 0.035,
          shade(INK, 0.3))
    return page


def pdf_with_jpeg(jpeg: bytes, pixels: tuple[int, int]) -> bytes:
    """A one-page A4 landscape PDF showing one JPEG full-page."""
    return pdf_of_images([PdfImage(jpeg, pixels[0], pixels[1], "DCTDecode")], PAGE_POINTS)


def safe_file_name(name: str | None) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9-]+", "-", name or "").strip("-")
    return cleaned or "smart-star"


def save_certificate(page: pygame.Surface, folder: Path, name: str | None, date: dt.date) -> tuple[Path, Path]:
    """Write the PNG and the PDF (atomically). Runs on a worker thread."""
    private_folder(folder)  # a child's name: readable by the teacher's account only, as the report is
    stem = f"certificate-{safe_file_name(name)}-{date.isoformat()}"
    png, pdf = folder / f"{stem}.png", folder / f"{stem}.pdf"
    buffer = io.BytesIO()
    pygame.image.save(page, buffer, "certificate.jpg")
    write_private(pdf, pdf_with_jpeg(buffer.getvalue(), page.get_size()))
    buffer = io.BytesIO()
    pygame.image.save(page, buffer, "certificate.png")
    write_private(png, buffer.getvalue())
    return png, pdf


class _Sheet(Widget):
    def __init__(self, name: str, box: pygame.Rect, page: pygame.Surface) -> None:
        super().__init__(name, box)
        scale = min(box.w / page.get_width(), box.h / page.get_height())
        self.image = pygame.transform.smoothscale(page, (int(page.get_width() * scale), int(page.get_height() * scale)))
        self.rect = self.image.get_rect(center=box.center)

    def look(self):
        return (type(self), tuple(self.rect), self.image)  # the page, once made, never changes

    def draw(self, surface, ctx) -> None:
        surface.blit(self.image, self.rect)

    def elements(self, ctx):
        from .widgets import Element

        return [Element(self.name, self.rect, "picture")]


class CertificateScene(Scene):
    name = "certificate"
    scannable = True  # a child's screen: switch access may scan it (game/access/scanning.py)

    def __init__(self, ctx, today: dt.date | None = None) -> None:
        super().__init__(ctx)
        self.date = today or dt.date.today()
        self.page = render_certificate(ctx, PRINT_SIZE, ctx.player_name, self.date)
        self.status: str | None = None
        self.saved: tuple[Path, Path] | None = None

    def narration(self) -> list[Line]:
        return [certificate_line(self.ctx.player_name)]

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        add_corner_buttons(self, m)
        title = m.title_box()
        self.add(Label("certificate-title", title, "SMART Star!", int(title.h * 0.7), shade(GOLD, -0.4)))
        save_w = m.target
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin - save_w - m.gap,
                           m.content_bottom - m.content_top)
        self.add(_Sheet("certificate", area, self.page))
        save = pygame.Rect(m.width - m.margin - save_w, m.content_bottom - save_w, save_w, save_w)
        self.add(Button("save", save, self.save, fill=WHITE, icon=self.ctx.icon("save")))
        if self.status:
            box = pygame.Rect(save.x - m.gap, m.content_top, save_w + m.gap, save.y - m.gap - m.content_top)
            self.add(Label("save-status", box, self.status, int(m.short * 0.03), shade(INK, 0.25)))

    def save(self) -> None:
        """For the teacher: write PNG and PDF off the frame loop, then say where."""
        if self.status == "Saving…":
            return
        folder = (self.ctx.data_dir or Path.home()) / "certificates"
        page = self.page.copy()
        self.status = "Saving…"
        self.rebuild()

        def work() -> tuple[object, str]:
            try:
                return save_certificate(page, folder, self.ctx.player_name, self.date), f"Saved in {folder}"
            except (OSError, pygame.error) as error:
                return None, f"Could not save: {error}"

        def done(outcome: tuple[object, str]) -> None:
            saved, self.status = outcome
            if saved is not None:
                self.saved = saved
            self.rebuild()

        self.ctx.jobs.submit(work, lane="disk", then=done)


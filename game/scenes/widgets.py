"""The few widgets every screen is built from.

Buttons fire on *press* (not release): small children often slide or lift
their finger off a target, and an immediate response is what tells them the
tap worked. Every widget reports its drawn ``elements`` so tests can check
that nothing is off-screen, overlapping or too small.

For partial redraws (see ``Scene.render``) every widget also says what decides its
pixels (``look``) and where it puts them (``areas``): the scene compares both with the
last frame and redraws only where something changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Hashable

import pygame

from ..access.look import BIGGER_LABEL_SHARE, card_style, ink
from ..frame.cards import card_bounds, card_interior, draw_card
from ..frame.palette import INK, WHITE, shade

if TYPE_CHECKING:
    from ..engine.context import Context

PRESS_FLASH_SECONDS = 0.18
# Right and try-again differ in shape too (a tick, a cross: never colour alone), and these colours stay
# apart under protanopia, deuteranopia and tritanopia (Okabe-Ito's bluish green and orange; the blue
# of a picked-up card and of a feeling's calm banner kept apart from the green: tests/test_colour_vision.py).
RIGHT_GREEN = (0, 158, 115)
WRONG_AMBER = (230, 159, 0)
HIGHLIGHT_GOLD = (255, 205, 40)
SELECTED_BLUE = (80, 120, 250)


@dataclass(frozen=True)
class Element:
    name: str
    rect: pygame.Rect
    role: str  # "target" (a child can tap it), "text", "picture" or "decor"


class _Changing:
    """A look that equals no other: for widgets whose state cannot be compared (redrawn every time)."""

    __slots__ = ()


_PLAIN = (str, int, float, bool, type(None), PurePath)


def _plain(value: object) -> Hashable:
    """The value as a comparable, hashable snapshot; a _Changing() if it is not plain data."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, pygame.Rect):
        return ("rect", value.x, value.y, value.w, value.h)
    if isinstance(value, (tuple, list)):
        items = tuple(_plain(item) for item in value)
        return _Changing() if any(isinstance(item, _Changing) for item in items) else items
    return _Changing()


class Widget:
    animating = False
    dragging = False  # carried by a finger (a sort card): drawn over the other widgets (Scene.to_draw)
    unseen: tuple[str, ...] = ("enabled",)  # attributes that never change how the widget looks

    @property
    def moving(self) -> bool:
        """Changing on screen from frame to frame (not just awaiting its next frame, as a press flash
        does): a frame of its change is never put off (game/frame/compose.py)."""
        return self.animating

    def __init__(self, name: str, rect: pygame.Rect) -> None:
        self.name = name
        self.rect = pygame.Rect(rect)
        self.visible = True
        self.enabled = False

    def hit(self, pos: tuple[int, int]) -> bool:
        return self.visible and self.rect.collidepoint(pos)

    def opaque_areas(self) -> list[pygame.Rect]:
        """Where this widget paints every pixel opaque, whatever is below it: a change wholly inside
        one, below this widget, need not be repainted (game/frame/redraw.py: changed_areas), and where
        one covers most of a rect being repainted, what is below it is not drawn again (paint_area)."""
        return []

    def press(self, pos: tuple[int, int]) -> None: ...
    def drag(self, pos: tuple[int, int]) -> None: ...
    def release(self, pos: tuple[int, int]) -> None: ...

    def take_over(self, old: "Widget") -> None:
        """Carry on a press begun on ``old``, the widget this one replaces in a rebuild."""

    def update(self, dt: float) -> bool:
        """Advance animations; True if the widget looks different now."""
        return False

    def wake_in(self) -> float | None:
        """How soon this widget changes with no input while not animating (Ollie's idle bob, game/scenes/ollie.py):
        the frame loop sleeps until then. None: not until input."""
        return None

    def draw(self, surface: pygame.Surface, ctx: "Context") -> None:
        raise NotImplementedError

    def draw_soon(self, surface: pygame.Surface, ctx: "Context") -> None:
        """Draw what this widget will draw in a moment (not now) onto ``surface``, which shows nothing:
        run with a context that notes the pictures asked for, to draw them ahead (game/frame/prepare.py)."""

    def look(self) -> Hashable:
        """Everything that decides this widget's pixels (with ``areas``): equal looks draw equal pixels.

        The default is a snapshot of the widget's plain attributes (numbers, words, colours, rects,
        paths). A widget holding anything else (a clock, a callback, a surface) cannot be compared, so
        it counts as changed each time its scene draws, unless it names that attribute in ``unseen``
        or gives its own ``look``.
        """
        values = []
        for key, value in vars(self).items():
            if key in self.unseen:
                continue
            value = _plain(value)
            if isinstance(value, _Changing):
                return value
            values.append((key, value))
        return (type(self), tuple(values))

    def areas(self) -> list[pygame.Rect]:
        """Where this widget puts pixels: nothing it draws may fall outside these (shadows, glows,
        lifted cards and rings included), or a partial redraw would leave a trace behind."""
        return [self.rect]

    def elements(self, ctx: "Context") -> list[Element]:
        return [Element(self.name, self.rect, "decor")]

    def shown_text(self) -> tuple[str, ...]:
        """The words this widget puts on screen (a caption need not repeat them)."""
        return ()


PANEL_RADIUS = 0.08  # a panel's corners: a little squarer than a button's


class Panel(Widget):
    """A card behind other widgets (text boxes, feedback bubbles)."""

    def __init__(self, name: str, rect: pygame.Rect, fill=WHITE, border=None) -> None:
        super().__init__(name, rect)
        self.fill = fill
        self.border = border

    def draw(self, surface, ctx) -> None:
        fill, border, edge = card_style(ctx.look, self.fill, self.border, min(self.rect.w, self.rect.h))
        draw_card(surface, self.rect, fill, border, radius_frac=PANEL_RADIUS, lifted=False, edge_px=edge)

    def opaque_areas(self) -> list[pygame.Rect]:
        return card_interior(self.rect, PANEL_RADIUS)


class Label(Widget):
    """Text fitted into a box: wrapped, then shrunk until it fits."""

    def __init__(self, name: str, box: pygame.Rect, text: str, max_px: int, colour=INK, align: str = "center") -> None:
        super().__init__(name, box)
        self.text = text
        self.max_px = max_px
        self.colour = colour
        self.align = align

    def _surface(self, ctx) -> pygame.Surface:
        colour = ink(ctx.look, self.colour)
        return ctx.text.fit(self.text, self.rect.size, colour, self.max_px, align=self.align)

    def text_rect(self, ctx) -> pygame.Rect:
        image = self._surface(ctx)
        rect = image.get_rect(center=self.rect.center)
        if self.align == "left":
            rect.left = self.rect.left
        return rect

    def draw(self, surface, ctx) -> None:
        surface.blit(self._surface(ctx), self.text_rect(ctx))

    def shown_text(self) -> tuple[str, ...]:
        return (self.text,)

    def elements(self, ctx) -> list[Element]:
        return [Element(self.name, self.text_rect(ctx), "text")]


class Picture(Widget):
    """A picture drawn as large as fits its box, centred."""

    def __init__(self, name: str, box: pygame.Rect, path: Path, role: str = "picture") -> None:
        super().__init__(name, box)
        self.path = path
        self.role = role  # "decor" for a backdrop that other things sit on

    def picture_rect(self, ctx) -> pygame.Rect:
        side = min(self.rect.w, self.rect.h)
        image = ctx.pictures.get(self.path, side)
        return image.get_rect(center=self.rect.center)

    def draw(self, surface, ctx) -> None:
        side = min(self.rect.w, self.rect.h)
        surface.blit(ctx.pictures.get(self.path, side), self.picture_rect(ctx))

    def elements(self, ctx) -> list[Element]:
        return [Element(self.name, self.picture_rect(ctx), self.role)]


class Button(Widget):
    """A tappable card holding a picture and/or words (or a big SMART letter)."""

    def __init__(
        self,
        name: str,
        rect: pygame.Rect,
        on_press: Callable[[], None],
        *,
        fill=WHITE,
        icon: Path | None = None,
        label: str | None = None,
        big_letter: str | None = None,
        letter_colour=INK,
        caption: str | None = None,
        stars: int = 0,
    ) -> None:
        super().__init__(name, rect)
        self.enabled = True
        self.on_press = on_press
        self.fill = fill
        self.icon = icon
        self.label = label
        self.big_letter = big_letter
        self.letter_colour = letter_colour
        self.caption = caption  # a small second line, e.g. the year band
        self.speaks: str | None = None  # the id of the line that names this button
        self.highlighted = False  # lit while that line is being read out
        self.label_px: int | None = None  # set by equalise_labels so a row reads evenly
        self.label_share = 0.28  # of the card's height under a picture: more on the board (whole-class mode)
        self.stars = stars  # stars already earned, shown along the top edge
        self.badge = False  # a letter's badge, earned: a medal in the top corner
        self.state = "normal"  # or "right" / "wrong" once an answer is judged
        self.translucent = False  # a spot on a picture: a ring, not a card
        self.selected = False  # picked up (sort): lifted and outlined
        self.flash = 0.0

    unseen = ("enabled", "on_press", "flash", "speaks")

    @property
    def animating(self) -> bool:  # type: ignore[override]
        return self.flash > 0

    moving = False  # the flash changes its look twice: pressed, then not

    def look(self) -> Hashable:
        """Pressed or not is all the flash changes (not its countdown): two redraws per press, not eleven."""
        return (super().look(), self.flash > 0)

    def opaque_areas(self) -> list[pygame.Rect]:
        """The card as drawn, less its rounded corners (a ring is see-through)."""
        return [] if self.translucent else card_interior(self._card_rect())

    def _card_rect(self) -> pygame.Rect:
        """The card as drawn: lifted when picked up, sunk while the press flashes."""
        rect = self.rect
        if self.selected:
            rect = rect.move(0, -max(3, rect.h // 18))
        if self.flash > 0 and not self.translucent:
            rect = rect.move(0, max(2, rect.h // 40))
        return rect

    def areas(self) -> list[pygame.Rect]:
        rect = self._card_rect()
        box = card_bounds(rect, lifted=not self.translucent and self.flash <= 0)
        box.union_ip(self.rect)
        if self.highlighted:
            grow = max(8, self.rect.w // 14)
            box.union_ip(self.rect.inflate(grow, grow))
        if self.state in ("right", "wrong"):
            badge_side = int(min(self.rect.w, self.rect.h) * 0.3)
            badge = pygame.Rect(0, 0, badge_side + 2, badge_side + 2)
            badge.center = (rect.right - badge_side // 3, rect.top + badge_side // 3)
            box.union_ip(badge)
        return [box.inflate(2, 2)]

    def press(self, pos) -> None:
        self.flash = PRESS_FLASH_SECONDS
        self.on_press()

    def update(self, dt: float) -> bool:
        if self.flash <= 0:
            return False
        self.flash = max(0.0, self.flash - dt)
        return True

    # Where the contents go, as fractions of the card: computed, never fixed pixels.
    def _parts(self) -> dict[str, pygame.Rect]:
        r = self.rect
        pad = int(min(r.w, r.h) * 0.08)
        inner = r.inflate(-2 * pad, -2 * pad)
        parts: dict[str, pygame.Rect] = {}
        if self.big_letter:
            parts["letter"] = pygame.Rect(inner.x, inner.y, inner.w, int(inner.h * 0.36))
            parts["icon"] = pygame.Rect(inner.x, inner.y + int(inner.h * 0.38), inner.w, int(inner.h * 0.38))
            parts["label"] = pygame.Rect(inner.x, inner.y + int(inner.h * 0.78), inner.w, int(inner.h * 0.22))
        elif self.icon and (self.label or self.caption):
            if r.w > r.h * 1.7:  # wide: picture left, words right
                side = inner.h
                parts["icon"] = pygame.Rect(inner.x, inner.y, side, side)
                words = pygame.Rect(inner.x + side + pad, inner.y, inner.w - side - pad, inner.h)
                parts["label"] = words
            else:
                words_h = int(inner.h * (0.36 if self.caption and self.label else self.label_share))
                parts["icon"] = pygame.Rect(inner.x, inner.y, inner.w, inner.h - words_h - pad // 2)
                parts["label"] = pygame.Rect(inner.x, inner.bottom - words_h, inner.w, words_h)
        elif self.icon:
            side = int(min(inner.w, inner.h) * 0.92)
            parts["icon"] = pygame.Rect(0, 0, side, side)
            parts["icon"].center = r.center
        else:
            parts["label"] = inner
        if self.caption and "label" in parts:
            words = parts["label"]
            if self.label:
                parts["label"] = pygame.Rect(words.x, words.y, words.w, int(words.h * 0.62))
                parts["caption"] = pygame.Rect(words.x, words.y + int(words.h * 0.64), words.w, int(words.h * 0.36))
            else:
                parts["caption"] = words
                del parts["label"]
        return parts

    def draw(self, surface, ctx) -> None:
        fill = self.fill
        rect = self.rect
        border = None
        if self.state == "right":
            border = RIGHT_GREEN
            fill = shade(RIGHT_GREEN, 0.82)
        elif self.state == "wrong":
            border = WRONG_AMBER
            fill = shade(self.fill, -0.08)
        if self.highlighted:
            glow = self.rect.inflate(max(8, self.rect.w // 14), max(8, self.rect.w // 14))
            pygame.draw.rect(surface, HIGHLIGHT_GOLD, glow, border_radius=int(min(glow.w, glow.h) * 0.14))
            border = border or shade(HIGHLIGHT_GOLD, -0.2)
        if self.selected:
            border = SELECTED_BLUE
        rect = self._card_rect()  # lifted off the table when picked up; sunk onto its shadow when pressed
        look = ctx.look
        edge = None
        if look.high_contrast and not self.translucent:
            fill, border, edge = card_style(look, fill, border, min(rect.w, rect.h))
        if self.translucent:
            ring = border or (255, 255, 255)
            width = max(4, min(rect.w, rect.h) // 14)
            pygame.draw.rect(surface, ring, rect, width=width, border_radius=min(rect.w, rect.h) // 2)
        elif self.flash > 0:
            fill = shade(fill, 0.45)
            draw_card(surface, rect, fill, border or shade(self.fill, -0.25), lifted=False, edge_px=edge)
        else:
            draw_card(surface, rect, fill, border, edge_px=edge)
        offset = rect.y - self.rect.y
        # A partial redraw (falling confetti) passes with a small clip: a part wholly outside it is not
        # looked up at all. Each part's picture or words fit inside its box, so nothing it would draw is lost.
        # An empty clip is a screen being got ready (prepare.Scratch): there every part is asked for.
        clip = surface.get_clip()
        parts = {key: part.move(0, offset) for key, part in self._parts().items()
                 if not clip.w or clip.colliderect(part.move(0, offset))}
        if "letter" in parts:
            colour = ink(look, self.letter_colour)
            image = ctx.text.fit(self.big_letter, parts["letter"].size, colour, parts["letter"].h * 1.25)
            surface.blit(image, image.get_rect(center=parts["letter"].center))
        if "icon" in parts and self.icon is not None:
            side = min(parts["icon"].w, parts["icon"].h)
            if self.state == "wrong":
                image = ctx.pictures.faded(self.icon, side, 150)
            else:
                image = ctx.pictures.get(self.icon, side)
            surface.blit(image, image.get_rect(center=parts["icon"].center))
        if "label" in parts and self.label:
            # label_px is a fitted size already (equalise_labels): not made bigger again
            most = self.label_px / ctx.text.scale if self.label_px else parts["label"].h * 0.8
            image = ctx.text.fit(self.label, parts["label"].size, ink(look), most)
            surface.blit(image, image.get_rect(center=parts["label"].center))
        if "caption" in parts and self.caption:
            image = ctx.text.fit(self.caption, parts["caption"].size, ink(look, shade(INK, 0.3)), parts["caption"].h * 0.8)
            surface.blit(image, image.get_rect(center=parts["caption"].center))
        if self.badge:
            medal_side = int(min(self.rect.w, self.rect.h) * 0.3)
            medal = ctx.pictures.get(ctx.icon("badge"), medal_side)
            surface.blit(medal, (rect.x + medal_side // 8, rect.y + medal_side // 8))
        if self.stars:
            star_side = int(min(self.rect.w, self.rect.h) * 0.16)
            star = ctx.pictures.get(ctx.icon("star"), star_side)
            for index in range(self.stars):
                surface.blit(star, (rect.right - (index + 1) * star_side - star_side // 4, rect.top + star_side // 4))
        if self.state in ("right", "wrong"):
            badge_side = int(min(self.rect.w, self.rect.h) * 0.3)
            badge = ctx.pictures.get(ctx.ui_icons[self.state], badge_side)
            surface.blit(badge, badge.get_rect(center=(rect.right - badge_side // 3, rect.top + badge_side // 3)))

    def elements(self, ctx) -> list[Element]:
        return [Element(self.name, self.rect, "target")]

    def shown_text(self) -> tuple[str, ...]:
        return tuple(words for words in (self.label, self.caption) if words)


def equalise_labels(buttons: list[Button], ctx: "Context", grow: bool = True) -> None:
    """Give a row of buttons one label size: the largest at which every label fits (with bigger words,
    a larger share of each card for its words, unless ``grow`` is False: a sort card's picture must stay
    a 20 mm target)."""
    if grow and ctx.look.text_scale > 1:
        for button in buttons:
            button.label_share = max(button.label_share, BIGGER_LABEL_SHARE)
    sizes = []
    for button in buttons:
        box = button._parts().get("label")
        if box is not None and button.label:
            sizes.append(ctx.text.fitting_size(button.label, box.size, box.h * 0.8))
    for button in buttons:
        button.label_px = min(sizes) if sizes else None


class Caption(Widget):
    """The words being spoken, on a calm bar over the title area."""

    def __init__(self, name: str, box: pygame.Rect, text: str) -> None:
        super().__init__(name, box)
        self.text = text

    def draw(self, surface, ctx) -> None:
        fill, border, edge = card_style(ctx.look, (255, 253, 240), shade(HIGHLIGHT_GOLD, -0.1), self.rect.h // 2)
        draw_card(surface, self.rect, fill, border, radius_frac=0.2, lifted=False, edge_px=edge)
        image = self._image(ctx)
        surface.blit(image, image.get_rect(center=self.rect.center))

    def _image(self, ctx) -> pygame.Surface:
        inner = self.rect.inflate(-self.rect.h // 3, -self.rect.h // 6)
        return ctx.text.fit(self.text, inner.size, ink(ctx.look), int(self.rect.h * 0.34))

    def elements(self, ctx) -> list[Element]:
        return [Element(self.name, self._image(ctx).get_rect(center=self.rect.center), "text")]


class Dots(Widget):
    """Progress through a lesson: one dot per scene, the current one large."""

    def __init__(self, name: str, box: pygame.Rect, count: int, current: int, colour) -> None:
        super().__init__(name, box)
        self.count = count
        self.current = current
        self.colour = colour

    def areas(self) -> list[pygame.Rect]:
        """The current dot is larger than the row is tall allows for at the ends: count its overhang."""
        grow = 2 * int(max(3, int(self.rect.h * 0.22)) * 1.6) + 4
        return [self.rect.inflate(grow, grow)]

    def _centres(self) -> list[tuple[int, int]]:
        spacing = min(self.rect.w / max(1, self.count), self.rect.h * 1.2)
        start = self.rect.centerx - spacing * (self.count - 1) / 2
        return [(int(start + i * spacing), self.rect.centery) for i in range(self.count)]

    def draw(self, surface, ctx) -> None:
        radius = max(3, int(self.rect.h * 0.22))
        for index, centre in enumerate(self._centres()):
            if index < self.current:
                pygame.draw.circle(surface, self.colour, centre, radius)
            elif index == self.current:
                pygame.draw.circle(surface, self.colour, centre, int(radius * 1.6))
            else:
                pygame.draw.circle(surface, shade(self.colour, 0.6), centre, radius, width=max(2, radius // 3))

"""Sort pictures into two groups: drag a picture onto a group, or tap it and then the group.

Tapping works everywhere dragging does, so a child who cannot drag (or a board that
sends no motion events) can always finish.
"""

from __future__ import annotations

from fractions import Fraction

import pygame

from ...engine.layout import Metrics, grid, row
from ...lessons.model import Line, SortGroup, SortItem
from ...frame.palette import WHITE, shade
from ..widgets import Button, equalise_labels
from .base import Activity

PLACED_RIGHT = Line("ui.sort.right", "Yes! That goes there.")
BIN_COLOURS = ((90, 150, 230), (240, 160, 70))
DRAG_START = 0.02  # of the short side: less movement than this is a tap, not a drag
CARD_HEIGHT = 0.27  # of the short side: a card's picture (above its words) is then at least 15% of it


class DragCard(Button):
    """A picture card that can be picked up by a tap or dragged by a finger."""

    unseen = Button.unseen + ("activity", "item", "home_rect", "pressed_at", "dragging")  # its rect says where it is

    def __init__(self, name, rect, activity: "SortActivity", item: SortItem, **kwargs) -> None:
        super().__init__(name, rect, lambda: activity.pick(item), **kwargs)
        self.activity = activity
        self.item = item
        self.home_rect = pygame.Rect(rect)
        self.pressed_at: tuple[int, int] | None = None
        self.dragging = False

    @property
    def moving(self) -> bool:  # type: ignore[override]
        """Following a finger: each move is painted in its frame, never put together over a few frames
        (game/frame/compose.py), which left the card behind the finger and a half-done job that the drop's
        frame then finished with everything the drop changed (15-23 ms at 4K)."""
        return self.dragging

    def press(self, pos) -> None:
        self.pressed_at = pos  # first: pressing picks the card up, and the rebuild hands this on (take_over)
        super().press(pos)

    def drag(self, pos) -> None:
        if self.pressed_at is None:
            return
        threshold = self.activity.drag_threshold
        if not self.dragging and (abs(pos[0] - self.pressed_at[0]) + abs(pos[1] - self.pressed_at[1])) < threshold:
            return
        self.dragging = True
        self.rect = self.home_rect.move(pos[0] - self.pressed_at[0], pos[1] - self.pressed_at[1])

    def take_over(self, old) -> None:
        """Picking a card up rebuilds the screen as it is pressed: the drag goes on with this card."""
        self.pressed_at, self.dragging = old.pressed_at, old.dragging
        if old.dragging:
            self.rect = self.home_rect.move(old.rect.x - old.home_rect.x, old.rect.y - old.home_rect.y)

    def release(self, pos) -> None:
        was_dragging, self.dragging, self.pressed_at = self.dragging, False, None
        self.rect = pygame.Rect(self.home_rect)
        if was_dragging:
            self.activity.drop(self.item, pos)


class SortBin(Button):
    """A group to sort into: its picture and name, and what has been sorted into it so far."""

    unseen = Button.unseen + ("coming",)  # what it will hold changes nothing it shows

    def __init__(self, name, rect, on_press, group: SortGroup, contents: list, coming: list | None = None,
                 **kwargs) -> None:
        super().__init__(name, rect, on_press, icon=group.picture.path, label=group.text.text, **kwargs)
        self.contents = contents
        self.coming = coming or []  # pictures still to be sorted into it
        self.head_share = 0.5  # of its height for its picture and name (more on the board, for a bigger name)
        # Of its width, the most its picture may take: on the board the name comes first (a 4:3 board's narrow
        # bins gave a tall head's square picture most of the width, and the name was left too small to read).
        self.icon_width_most = 1.0

    def _parts(self) -> dict[str, pygame.Rect]:
        r = self.rect
        pad = int(min(r.w, r.h) * 0.06)
        inner = r.inflate(-2 * pad, -2 * pad)
        head = pygame.Rect(inner.x, inner.y, inner.w, int(inner.h * self.head_share))
        side = min(head.h, int(inner.w * self.icon_width_most))
        return {
            "icon": pygame.Rect(head.x, head.y, side, side),
            "label": pygame.Rect(head.x + side + pad, head.y, head.w - side - pad, head.h),
            "contents": pygame.Rect(inner.x, head.bottom + pad, inner.w, inner.bottom - head.bottom - pad),
        }

    def draw(self, surface, ctx) -> None:
        super().draw(surface, ctx)
        strip = self._parts()["contents"]
        pygame.draw.rect(surface, shade(self.fill, -0.06), strip, border_radius=strip.h // 5)
        if not self.contents:
            return
        side = self._side(len(self.contents))
        for index, path in enumerate(self.contents):
            image = ctx.pictures.get(path, int(side * 0.9))
            cell = pygame.Rect(strip.x + 2 + index * side, strip.y + 2, side, strip.h - 4)
            surface.blit(image, image.get_rect(center=cell.center))

    def draw_soon(self, surface, ctx) -> None:
        """With one more card sorted in, every picture in it is drawn smaller: at 4K, drawing them when
        the card is dropped took that frame 5-10 ms."""
        if self.coming:
            side = self._side(len(self.contents) + 1)
            for path in self.contents + self.coming:
                ctx.pictures.get(path, int(side * 0.9))

    def _side(self, count: int) -> int:
        strip = self._parts()["contents"]
        return min(strip.h - 4, (strip.w - 4) // max(1, count))


class SortActivity(Activity):
    sized_for_board = True  # lays itself out for whole-class mode (``_build_for_board``)

    def __init__(self, player, scene) -> None:
        super().__init__(player, scene)
        self.placed: dict[str, str] = {}  # item id -> group id, right placements only
        self.selected: str | None = None
        self.drag_threshold = 8

    @classmethod
    def score(cls, scene, record) -> Fraction:
        """Each card counts: the share of cards sorted right at their first go. Six cards with one
        misplaced is five sixths right, not a wrong question (a card misplaced twice counts once)."""
        if record is None or not record.solved:
            return Fraction(0)
        return Fraction(len(scene.items) - len(record.missed & {item.id for item in scene.items}), len(scene.items))

    def banner(self):
        """Once every card is sorted, the closing line ("Well sorted! ...") that is spoken stays on show."""
        shown = super().banner()
        if shown is not None and len(self.placed) == len(self.scene.items):  # every card placed (see TapAllActivity)
            return self.scene.done, shown[1]
        return shown

    def narration(self) -> list[Line]:
        if self.feedback is not None:
            return [self.feedback] + ([self.scene.done] if self.done else [])
        return [self.scene.question] + [group.text for group in self.scene.groups]

    def scan_focus_after(self, chosen: str) -> str | None:
        """Switch scanning: a card picked up, then its group (the highlight goes to the groups); a card
        placed, then the next card still to sort (or "next" once all are sorted)."""
        if self.selected is not None:
            return f"group-{self.scene.groups[0].id}"
        if chosen.startswith("group-"):
            if self.done:
                return "next"
            waiting = [item for item in self.scene.items if item.id not in self.placed]
            return f"item-{waiting[0].id}" if waiting else None
        return None

    # -- what the child does ---------------------------------------------------------
    def pick(self, item: SortItem) -> None:
        self.selected = None if self.selected == item.id else item.id
        self.ctx.narrator.stop()
        if self.selected:
            self.ctx.narrator.say([item.text])
        self.player.rebuild()

    def place_selected(self, group: SortGroup) -> None:
        if self.selected is None:
            self.ctx.narrator.stop()
            self.ctx.narrator.say([group.text])
            return
        item = next(i for i in self.scene.items if i.id == self.selected)
        self.place(item, group)

    def drop(self, item: SortItem, pos) -> None:
        for widget in self.player.widgets:
            if isinstance(widget, SortBin) and widget.rect.collidepoint(pos):
                group = next(g for g in self.scene.groups if f"group-{g.id}" == widget.name)
                self.place(item, group)
                return
        self.player.rebuild()  # dropped elsewhere: it goes back to the tray, still picked up

    def place(self, item: SortItem, group: SortGroup) -> None:
        right = item.group == group.id
        self.log(item.id, right)
        self.selected = None
        if right:
            self.placed[item.id] = group.id
        self.record.solved = len(self.placed) == len(self.scene.items)
        self.respond(PLACED_RIGHT if right else item.feedback, right)
        if self.record.solved:
            self.ctx.narrator.say([self.scene.done])

    # -- layout -----------------------------------------------------------------------
    def build(self, m: Metrics) -> None:
        self.drag_threshold = max(4, int(m.short * DRAG_START))
        if self.ctx.settings.whole_class:
            self._build_for_board(m)
            return
        waiting = [item for item in self.scene.items if item.id not in self.placed]
        two_rows = m.portrait and len(self.scene.items) > 4
        tray_top = int(m.height * (0.30 if m.portrait else 0.40))
        # A card is its picture with its words under it (what it is, for a grown-up and a child who
        # reads; it is also said when the card is picked up). Its picture alone stays at least a
        # child's 20 mm target (15% of the short side), so a row of cards is 27% of the short side tall.
        row_h = int(m.short * CARD_HEIGHT)
        tray_h = 2 * row_h + m.gap if two_rows else row_h
        self.prompt_panel(m, self.player.prompt_box(m, tray_top), self.scene.question)
        tray = pygame.Rect(m.margin, tray_top, m.width - 2 * m.margin, tray_h)
        if not m.portrait and tray.bottom > m.content_bottom - m.target - m.gap:
            tray = tray.inflate(-2 * (m.target + m.gap), 0)  # keep clear of the back and next arrows
        columns = -(-len(self.scene.items) // 2) if two_rows else max(1, len(self.scene.items))
        cells = grid(tray, len(self.scene.items), columns, m.gap, max_cell=(int(row_h * 0.95), row_h))
        bins_top = tray.bottom + m.gap
        area = self.answer_area(m, bins_top)
        bins = []
        for colour, group, cell in zip(BIN_COLOURS, self.scene.groups, row(area, 2, m.gap * 2)):
            contents = [i.picture.path for i in self.scene.items if self.placed.get(i.id) == group.id]
            coming = [i.picture.path for i in waiting if i.group == group.id]
            bin_ = self.add(SortBin(f"group-{group.id}", cell, lambda group=group: self.place_selected(group),
                                    group, contents, coming, fill=shade(colour, 0.78)))
            bin_.speaks = group.text.id
            bin_.icon_width_most = 0.3
            bins.append(bin_)
        equalise_labels(bins, self.ctx)  # the two groups' names one size: with bigger words one was twice the other
        # The cards after the groups, so a card dragged over a group is drawn on top of it.
        # Each item keeps its own place in the tray, so nothing jumps when a neighbour is sorted,
        # and every card's words are one size, fitted to all of them (sorted ones too), for the same reason.
        cards = [DragCard(f"item-{item.id}", cell, self, item, fill=WHITE, icon=item.picture.path,
                          label=item.text.text) for item, cell in zip(self.scene.items, cells)]
        equalise_labels(cards, self.ctx, grow=False)  # the picture above the words stays 20 mm
        for item, card in zip(self.scene.items, cards):
            if item not in waiting:
                continue
            card = self.add(card)
            card.speaks = item.text.id
            card.selected = item.id == self.selected

    # -- whole-class mode ----------------------------------------------------------------
    def _build_for_board(self, m: Metrics) -> None:
        """On the board every word is at least the class size (board.py), for the back row: the groups'
        names, and each card's words under its picture. Six cards with wordy names cannot all be that big
        at once, so the cards come a few at a time: as many places as can each show any card's words at
        that size, a sorted card's place taken by the next card still to sort (nobody else moves), which
        is how a class sorts on the board anyway, one card talked about at a time."""
        from ..board import board_slots, class_label_px

        floor = class_label_px(m)
        tray_top = int(m.height * (0.30 if m.portrait else 0.40))
        self.prompt_panel(m, self.player.prompt_box(m, tray_top), self.scene.question)
        bins = self._board_bins(m, floor)
        bins_top = bins[0].rect.y
        arrows_top = m.content_bottom - m.target - m.gap
        tray = pygame.Rect(m.margin, tray_top, m.width - 2 * m.margin, bins_top - m.gap - tray_top)
        if m.portrait:
            tray.h = min(tray.h, arrows_top - tray_top)
        elif tray.bottom > arrows_top:
            tray = tray.inflate(-2 * (m.target + m.gap), 0)  # keep clear of the back and next arrows
        cards = {item.id: DragCard(f"item-{item.id}", tray, self, item, fill=WHITE, icon=item.picture.path,
                                   label=item.text.text) for item in self.scene.items}
        slots, share = board_slots(list(cards.values()), tray, m.gap, floor, self.ctx,
                                   picture_min=m.target_min, least=m.target_min + 2, most_h=int(m.short * 0.42))
        for bin_ in bins:
            self.add(bin_)
        # One size for every card's words (those still to come too), so a card that takes a place reads alike.
        box = None
        for card in cards.values():
            card.rect = card.home_rect = pygame.Rect(slots[0])
            card.label_share = share
            box = card._parts()["label"]
        px = min(self.ctx.text.fitting_size(card.label, box.size, box.h * 0.8) for card in cards.values())
        for slot, item in zip(slots, self._on_show(len(slots))):
            if item is None:
                continue
            card = self.add(cards[item.id])
            card.rect, card.home_rect = pygame.Rect(slot), pygame.Rect(slot)
            card.label_px = px
            card.speaks = item.text.id
            card.selected = item.id == self.selected

    def _on_show(self, places: int) -> list[SortItem | None]:
        """The card in each place: the first ones in the lesson's order, then each card sorted gives its place
        to the next still to sort (replayed from the order they were sorted in, so nothing else moves)."""
        items = list(self.scene.items)
        shown: list[SortItem | None] = items[:places]
        coming = items[places:]
        for item_id in self.placed:  # in the order they were sorted
            for index, item in enumerate(shown):
                if item is not None and item.id == item_id:
                    shown[index] = coming.pop(0) if coming else None
        return shown

    def _board_bins(self, m: Metrics, floor: int) -> list[SortBin]:
        """The two groups along the bottom, as low as they go and only as tall as their names need to be
        drawn at ``floor`` px (in two lines if need be), with room under the name for what is sorted in."""
        waiting = [item for item in self.scene.items if item.id not in self.placed]
        bins = []
        for colour, group in zip(BIN_COLOURS, self.scene.groups):
            contents = [i.picture.path for i in self.scene.items if self.placed.get(i.id) == group.id]
            coming = [i.picture.path for i in waiting if i.group == group.id]
            bin_ = SortBin(f"group-{group.id}", pygame.Rect(0, 0, 1, 1), lambda group=group: self.place_selected(group),
                           group, contents, coming, fill=shade(colour, 0.78))
            bin_.speaks = group.text.id
            bin_.icon_width_most = 0.3
            bins.append(bin_)
        strip_least = int(m.short * 0.06)
        height = m.target_min + 2
        best: tuple[int, int, float] | None = None  # (names' size, height, share): the largest names found

        def place(height: int, share: float) -> list[int]:
            area = self.answer_area(m, m.content_bottom - height)
            for bin_, cell in zip(bins, row(area, 2, m.gap * 2)):
                bin_.rect = pygame.Rect(cell)
                bin_.head_share = share
            parts = [bin_._parts() for bin_ in bins]
            if not all(part["contents"].h >= strip_least for part in parts):
                return [0]
            return [self.ctx.text.fitting_size(bin_.label, part["label"].size, part["label"].h * 0.8)
                    for bin_, part in zip(bins, parts)]

        while True:
            for share in (0.5, 0.6, 0.7):
                sizes = place(height, share)
                if best is None or min(sizes) > best[0]:
                    best = (min(sizes), height, share)
                if min(sizes) >= floor:
                    for bin_ in bins:
                        bin_.label_px = min(sizes)  # both names alike
                    return bins
            if height > m.short * 0.4:
                # Names too long for the class size in any bin (a 4:3 board, 1024x768): the bins that drew
                # them largest, not the last and tallest tried (its picture took the room, its names tiny).
                size, height, share = best
                place(height, share)
                for bin_ in bins:
                    bin_.label_px = size
                return bins
            height += max(1, int(m.short * 0.01))

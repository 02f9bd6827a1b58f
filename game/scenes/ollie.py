"""Ollie lives: he greets (a small hop), hops at a right answer, tilts his head at a try-again, bobs now and then
when nobody touches anything, and says the screen's words again when tapped. And a story page's
characters come in with a short, calm slide.

Motion costs frames, and an idle tablet must sleep (bench/idle_cpu.py: at most 0.3 % of a core). So:
- a reaction (greet, hop, tilt) and a slide-in are short (0.3-0.9 s) and pass through a few poses only
  (``POSE_STEPS``): the widget's look is its pose, so a frame repaints it only when the pose steps, and
  only the widget's own place (game/scenes/base.py partial redraws);
- the idle bob is not an animation: Ollie asks for a frame at each of its three poses (``wake_in``), once
  every ``BOB_EVERY`` seconds, and the frame loop sleeps in between as it always does;
- a movement starts its clock only once it has been drawn on the window, so a page still being put
  together (game/frame/compose.py) is never painted all at once for its sake, and it is seen whole;
- with "less movement" (game/engine/motion.py) nothing of this moves: everything is in its place at once.

The motion's state lives in a ``Motion`` kept by the scene, not in the widget: a rebuild (an answer
judged, a resize) makes new widgets, and the hop it started must carry on in the new one.

A pose's repaint covers only the picture's own pixels (``content_rect``: a drawn character fills a half of its
square or less, Ollie a third), where it was and where it is now: at 4K a story picture's slide step was
5-6 ms of a frame over its whole square and the strip it slides over, about half that over its content.
"""

from __future__ import annotations

import math
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Hashable

import pygame

from ..engine.motion import ease_out
from .widgets import Element, Picture

if TYPE_CHECKING:
    from ..engine.context import Context
    from ..lessons.basics import PictureRef
    from ..frame.pictures import PictureCache

OWL = "1F989"  # OpenMoji's owl, Ollie's picture (assets/cast.yaml)

GREET_SECONDS = 0.5  # a small hop: hello
HOP_SECONDS = 0.45  # a right answer
TILT_SECONDS = 0.9  # a try-again: his head to one side and back, gently
ENTER_SECONDS = 0.3  # a story page's character sliding in
BOB_EVERY = 12.0  # seconds at rest before an idle bob (each costs a few repaints of his place: at 4K, 0.1 % of a core)
BOB_STEP = 0.16  # each of its poses is held this long
BOB_LIFT = (0.02, 0.035)  # of his height, up: two poses, then back to rest (three repaints a bob)
HOP_HEIGHT = 0.1
GREET_HEIGHT = 0.06
TILT_DEGREES = 8
ENTER_SHIFT = 0.1  # of the picture's side, from the right (out from under the words' card)
POSE_STEPS = 6  # a slide passes through this many positions: few repaints (at 4K each is 5 ms of a frame)
LIFT_STEPS = 4  # a hop's heights on the way up (and again down): a hop is eight repaints
TILT_STEP = 2  # degrees between the turned pictures made

NEVER_SEEN_SECONDS = 1.0  # a movement whose page is on show but which was never drawn starts anyway

DURATIONS = {"greet": GREET_SECONDS, "hop": HOP_SECONDS, "tilt": TILT_SECONDS, "enter": ENTER_SECONDS}


def is_ollie(picture: "PictureRef | None") -> bool:
    """Whether a lesson's picture is Ollie: the owl (by name, emoji or as the cast's character)."""
    if picture is None:
        return False
    return picture.path.stem.upper() == OWL or picture.label.strip().lower().startswith("ollie")


class Motion:
    """One character's movement on one page: what it is doing, and for how long."""

    def __init__(self, still: bool, first: str | None = None, idle: bool = False) -> None:
        self.still = still  # less movement: never moves
        self.kind = None if still else first  # "greet", "hop", "tilt", "enter", or None at rest
        self.age = 0.0
        self.idle_bob = idle and not still  # Ollie bobs now and then; a story picture does not
        self.rest = 0.0  # seconds at rest since the last movement
        self.started = False  # its clock runs once it has been drawn on the window
        self.fresh = False  # a reaction begun and not drawn yet (``react``)
        self.unseen_for = 0.0
        self.pictures: "PictureCache | None" = None  # where its picture is kept: its areas follow the picture's pixels

    def react(self, kind: str) -> None:
        if not self.still:
            self.kind, self.age, self.rest = kind, 0.0, 0.0
            # Not "moving" until drawn in its new movement: the change that comes with it (an answer's
            # feedback, a new banner) is then put together as any change is (game/frame/compose.py), not painted
            # whole in one frame because something moves (at 4K that frame took 8-12 ms).
            self.fresh = True

    @property
    def playing(self) -> bool:
        """A movement under way (or waiting for its first frame): the frame loop stays awake for it."""
        return self.kind is not None

    @property
    def moving(self) -> bool:
        """Changing from frame to frame now: its frames are painted at once, never put off."""
        return self.started and not self.fresh and (self.kind is not None or self._bob_pose() is not None)

    def advance(self, dt: float) -> None:
        if self.still:
            return
        if not self.started:
            self.unseen_for += dt
            if self.unseen_for < NEVER_SEEN_SECONDS:
                return
            self.started = True  # never drawn (clipped away?): on with it, never keeping the loop awake for it
        if self.kind is not None:
            self.age += dt
            if self.age >= DURATIONS[self.kind]:
                self.kind, self.age, self.rest = None, 0.0, 0.0
        elif self.idle_bob:
            self.rest += dt
            if self.rest >= BOB_EVERY + len(BOB_LIFT) * BOB_STEP:
                self.rest = 0.0

    def _bob_pose(self) -> int | None:
        if not self.idle_bob or self.kind is not None or self.rest < BOB_EVERY:
            return None
        step = int((self.rest - BOB_EVERY) / BOB_STEP)
        return step if step < len(BOB_LIFT) else None

    def wake_in(self) -> float | None:
        """When the idle bob next changes pose (the loop sleeps until then); None if it never will."""
        if not self.idle_bob or self.kind is not None or not self.started:
            return None
        into = self.rest - BOB_EVERY
        if into < 0:
            return max(0.001, -into)
        return max(0.001, BOB_STEP - (into % BOB_STEP))

    def pose(self) -> tuple[int, int, int]:
        """(lift, shift, degrees): lift and shift in thousandths of the picture's side, whole numbers so
        that equal poses compare equal (``look``): see ``offset`` for pixels."""
        bob = self._bob_pose()
        if bob is not None:
            return round(BOB_LIFT[bob] * 1000), 0, 0
        if self.kind is None:
            return 0, 0, 0
        t = self.age / DURATIONS[self.kind]
        if self.kind == "enter":
            step = round(ease_out(t) * POSE_STEPS)
            return 0, round((POSE_STEPS - step) / POSE_STEPS * ENTER_SHIFT * 1000), 0
        if self.kind == "tilt":
            degrees = TILT_DEGREES * math.sin(math.pi * min(1.0, t))
            return 0, 0, int(round(degrees / TILT_STEP)) * TILT_STEP
        height = HOP_HEIGHT if self.kind == "hop" else GREET_HEIGHT
        lift = math.sin(math.pi * t) if t < 1 else 0.0
        return round(round(lift * LIFT_STEPS) / LIFT_STEPS * height * 1000), 0, 0


def offset(pose: tuple[int, int, int], side: int) -> tuple[int, int]:
    """The pose's (dx, dy) in pixels for a picture ``side`` pixels high."""
    lift, shift, _ = pose
    return int(side * shift / 1000), -int(side * lift / 1000)


LIFT_MOST = max(HOP_HEIGHT, GREET_HEIGHT, max(BOB_LIFT))

_CONTENT: "weakref.WeakKeyDictionary[pygame.Surface, pygame.Rect]" = weakref.WeakKeyDictionary()
SAMPLE = 4  # the see-through margins are looked for in every 4th pixel each way...
SAMPLE_MARGIN = 3 * SAMPLE  # ...and the part kept reaches this much further (px) than any pixel seen


def content_rect(image: pygame.Surface) -> pygame.Rect:
    """The part of ``image`` outside its see-through margins, found once per image.

    Scanning every pixel of a 4K story picture (``get_bounding_rect``) takes 10-20 ms, too long for a
    frame; a sample of one pixel in 16 takes well under one. The part kept reaches ``SAMPLE_MARGIN`` px
    past any pixel the sample saw: what could be missed is a speck or a hairline wholly in the unsampled
    rows and columns and further out than that, which drawn pictures and the cast do not have (the
    built-in pictures are checked against a full scan: tests/test_ollie.py)."""
    found = _CONTENT.get(image)
    if found is None:
        width, height = image.get_size()
        sample = pygame.transform.scale(image, (max(1, width // SAMPLE), max(1, height // SAMPLE)))
        seen = sample.get_bounding_rect(min_alpha=1)
        if not seen.w:
            found = pygame.Rect(0, 0, 0, 0)  # a stand-in (game/frame/): nothing to draw
        else:
            x_scale, y_scale = width / sample.get_width(), height / sample.get_height()
            found = pygame.Rect(int(seen.x * x_scale), int(seen.y * y_scale), 0, 0)
            found.w = int(math.ceil(seen.right * x_scale)) - found.x
            found.h = int(math.ceil(seen.bottom * y_scale)) - found.y
            found = found.inflate(2 * SAMPLE_MARGIN, 2 * SAMPLE_MARGIN).clip(image.get_rect())
        _CONTENT[image] = found
    return found


class MovingPicture(Picture):
    """A picture that moves as its ``Motion`` says: a story page's character sliding in.

    ``reach`` is how far its movements can take it, right and up, as shares of its side: its areas cover
    that much more, and no more (a slide only goes right, a hop only up), so each frame repaints little.
    A tilted picture is cut to its own box (a square picture's corners are empty)."""

    unseen = ("enabled", "motion")

    def __init__(self, name: str, box: pygame.Rect, path: Path, motion: Motion, role: str = "picture",
                 reach: tuple[float, float] = (ENTER_SHIFT, 0.0)) -> None:
        super().__init__(name, box, path, role)
        self.motion = motion
        self.reach = reach

    @property
    def animating(self) -> bool:  # type: ignore[override]
        return self.motion.playing

    @property
    def moving(self) -> bool:  # type: ignore[override]
        return self.motion.moving

    def update(self, dt: float) -> bool:
        before = self.motion.pose()
        self.motion.advance(dt)
        return self.motion.pose() != before

    def wake_in(self) -> float | None:
        return self.motion.wake_in()

    def look(self) -> Hashable:
        return (type(self), tuple(self.rect), self.path, self.role, self.motion.pose())

    def _side(self) -> int:
        return min(self.rect.w, self.rect.h)

    def areas(self) -> list[pygame.Rect]:
        if self.motion.still:
            return [self.rect]
        placed = self._placed_content()
        if placed is not None:
            return [placed]  # its own pixels where they are now (the diff adds where they were)
        side = self._side()
        right, up = int(side * self.reach[0]) + 1, int(side * self.reach[1]) + 1
        return [pygame.Rect(self.rect.x, self.rect.y - up, self.rect.w + right, self.rect.h + up)]

    def _placed_content(self) -> pygame.Rect | None:
        """Where the picture's own pixels go in this pose, when its image is at hand and not turned; else None."""
        pictures = self.motion.pictures
        side = self._side()
        pose = self.motion.pose()
        if pictures is None or pose[2] or not pictures.has(self.path, side):
            return None
        image = pictures.get(self.path, side)
        return self._content_at(image, pose)

    def _content_at(self, image: pygame.Surface, pose: tuple[int, int, int]) -> pygame.Rect:
        dx, dy = offset(pose, self._side())
        placed = image.get_rect(center=(self.rect.centerx + dx, self.rect.centery + dy))
        return content_rect(image).move(placed.topleft)

    def _image(self, ctx) -> pygame.Surface:
        side = self._side()
        degrees = self.motion.pose()[2]
        if degrees:
            return ctx.pictures.turned(self.path, side, degrees)
        return ctx.pictures.get(self.path, side)

    def draw(self, surface, ctx) -> None:
        if surface.get_width() > 1:  # not a screen being got ready (drawn onto nothing, game/frame/prepare.py)
            self.motion.started = True  # on the window (or being put together there): its clock may run
            self.motion.fresh = False
        image = self._image(ctx)
        dx, dy = offset(self.motion.pose(), self._side())
        centre = (self.rect.centerx + dx, self.rect.centery + dy)
        if self.motion.pose()[2]:  # turned: cut to the picture's own box, so it stays inside its areas
            part = pygame.Rect(0, 0, min(self.rect.w, image.get_width()), min(self.rect.h, image.get_height()))
            part.center = image.get_rect().center
            surface.blit(image, part.move(centre[0] - part.centerx, centre[1] - part.centery), part)
            return
        # Only its own pixels: blending a square's see-through margins costs as much as its content.
        placed = self._content_at(image, self.motion.pose())
        surface.blit(image, placed, content_rect(image))


class Ollie(MovingPicture):
    """Ollie himself: a big target that says the screen's words again (as the speaker button does)."""

    unseen = ("enabled", "motion", "on_press")

    def __init__(self, name: str, box: pygame.Rect, path: Path, motion: Motion, on_press: Callable[[], None],
                 tappable: bool = True, tilts: bool = False) -> None:
        super().__init__(name, box, path, motion, reach=(0.0, LIFT_MOST))
        self.on_press = on_press
        self.enabled = tappable
        self.tilts = tilts  # on a question: he may tilt his head at a try-again

    def draw_soon(self, surface, ctx) -> None:
        """On a question, his turned pictures for a try-again, made ahead while the question waits."""
        if self.tilts and not self.motion.still:
            for degrees in range(TILT_STEP, TILT_DEGREES + 1, TILT_STEP):
                ctx.pictures.turned(self.path, self._side(), degrees)

    def press(self, pos: tuple[int, int]) -> None:
        self.on_press()
        if self.motion.kind is None:
            self.motion.react("greet")  # hello again

    def elements(self, ctx: "Context") -> list[Element]:
        if not self.enabled:
            return super().elements(ctx)
        return [Element(self.name, self.picture_rect(ctx), "target")]


def motion_for(scene, key: str, first: str | None, idle: bool = False) -> Motion:
    """The scene's motion called ``key``, made on first asking (with less movement: one that never moves).
    Kept by the scene (``scene.motions``) so that a rebuild carries it on."""
    from ..engine.motion import still

    motions = scene.__dict__.setdefault("motions", {})
    motion = motions.get(key)
    if motion is None or motion.still != still(scene.ctx):
        motion = motions[key] = Motion(still(scene.ctx), first, idle)
        motion.pictures = getattr(scene.ctx, "pictures", None)
    return motion

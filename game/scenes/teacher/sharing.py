"""Teacher mode's "Share with tablets": the class hub on the board, and joining it from a tablet.

On the teacher's PC the switch starts the hub (game/sync/runner.py); the board then shows the hub's
address and the class code in letters big enough to read from the back of the room (a teacher reads them
out, or a teaching assistant types them on each tablet), and the tablets that joined, with when each was
last seen and how many records came from it; a lost tablet can be forgotten, and a new code made.
On a tablet, "Join the class hub" lists the hubs found on the network (zeroconf) or takes a typed
address, then the class code on a big keypad. Only grown-ups see these screens (teacher mode).
Where the school allows no network program, "Share through a folder" does the same through a folder
every device can reach (a network drive or a synced cloud folder): the path typed or pasted, this device
the teacher's PC or a tablet, a new folder marked once; the sharing screen and the menu then say how it goes.
Nothing here waits: the sharing thread does the work and the screen is laid out again when it is done.
"""

from __future__ import annotations

import datetime as dt
import socket
from typing import Callable

import pygame

from ...engine.layout import Metrics, grid
from ...lessons.basics import Line
from ...frame.palette import INK, WHITE, shade
from ..base import Scene
from .overview_pages import (BACKGROUND, HELP_RED, TEACHER_BLUE, TEACHER_TARGET_MIN, TeacherButton,
                               add_teacher_top, teacher_bottom)
from ..widgets import Label, Panel, equalise_labels
from . import screen_named
from .dialogs import typing_keys

ON_GREEN = shade((46, 170, 90), 0.6)
FORGET_RED = shade((220, 90, 80), 0.7)
CODE_LETTERS = "ACEFHJKMNPRTUVWXY"  # game/sync/access.py's (checked by the tests)
ADDRESS_KEYS = "123456789.0:"
# A folder's path on big keys: letters, digits and what paths have (Z:\smart-stars, \\server\share\Year 1).
PATH_KEYS = "abcdefghijklmnopqrstuvwxyz0123456789\\/:.-_ "
PATH_LENGTH = 260  # Windows' longest ordinary path


# -- the teacher's menu -------------------------------------------------------------------------------------
def menu_entry(ctx) -> tuple[str, str, Callable[[], None]]:
    """The teacher menu's button for sharing: its name, words and action."""
    sharing = ctx.sharing
    if sharing is None:
        label = "Share with tablets"
    elif sharing.hub is not None:
        label = "Share with tablets: on"
    elif sharing.client is not None:
        label = "Class hub: joined"
    elif sharing.folder is not None:
        label = "Shared folder: on"
    else:
        label = "Share with tablets"
    return "sharing", label, lambda: ctx.stack.push(SharingScene(ctx))


def menu_status(ctx) -> str | None:
    """The line the teacher's menu shows about sharing (a tablet's: how sending is going), if any."""
    return ctx.sharing.status_text() if ctx.sharing is not None else None


def seen_text(stamp: str) -> str:
    """When a tablet was last seen, as a teacher reads it: '14:05' today, else 'Tue 24 Nov, 14:05'."""
    from ...progress.worries import when_text

    if not stamp:
        return "not yet"
    try:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{moment:%H:%M}" if moment.date() == dt.date.today() else when_text(stamp)


def address_text(address: str) -> str:
    """What a teacher types on a tablet: the address without 'http://'."""
    return address.split("://", 1)[-1]


def code_text(code: str) -> str:
    """The class code in two groups of three, easier to read out and to type ('ACE FHJ')."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


def natural_key(device) -> list:
    """Tablet 2 before Tablet 10, as a teacher counts them."""
    import re

    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", device.name.casefold())]


def button_height(m: Metrics) -> int:
    return max(round(m.short * 0.075), round(m.short * TEACHER_TARGET_MIN) + 2)


class SharingScene(Scene):
    """The PC's switch, address, code and tablets; or, on a tablet, how its sending is going."""

    name = "sharing"
    background = BACKGROUND
    page = 0  # of the tablets joined, when more than fit

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._seen: tuple | None = None  # what the screen showed, to lay it out again only when it changes
        self._since = 0.0

    def narration(self) -> list[Line]:
        return []

    # What changes with no tap (a tablet seen, a record sent, sharing started): checked each second.
    def _snapshot(self) -> tuple:
        sharing = self.ctx.sharing
        hub = sharing.hub
        devices = tuple((d.device_id, d.name, d.last_seen) for d in hub.devices()) if hub is not None else ()
        folder = sharing.folder
        return (sharing.busy, sharing.problem, sharing.status_text(), devices, tuple(sorted(sharing.counts.items())),
                hub.code if hub is not None else None, hub.advert_problem if hub is not None else None,
                (folder.detail, tuple(folder.problems)) if folder is not None else None)

    def wake_in(self) -> float | None:
        sharing = self.ctx.sharing
        return 1.0 if sharing is not None and (sharing.hub or sharing.client or sharing.folder or sharing.busy) else None

    def update(self, dt: float) -> None:
        self._since += dt
        if self._since >= 1.0 and self.ctx.sharing is not None:
            self._since = 0.0
            if self._snapshot() != self._seen:
                self.rebuild()
        super().update(dt)

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        sharing = self.ctx.sharing
        area = add_teacher_top(self, m, "Share with tablets")
        area.h = teacher_bottom(m) - area.y
        if sharing is None:  # a tool that records nothing (the tour), or must leave the network alone (the monkey)
            self.add(Label("explain", area, "Sharing with tablets is not available in this copy of SMART Stars "
                           "(it was started by a tool that records nothing, or shares nothing).",
                           round(m.short * 0.035), INK))
            return
        self._seen = self._snapshot()
        button_h = button_height(m)
        px = round(m.short * 0.03)
        top_row = pygame.Rect(area.x, area.y, area.w, button_h)
        hub, client = sharing.hub, sharing.client
        buttons = []
        width = min(int(area.w * 0.32), area.w // 3 - m.gap)
        x = top_row.x
        if sharing.folder is not None:
            buttons += self._folder_buttons(m, top_row, width)
        elif client is None:
            on = hub is not None or (sharing.busy == "Starting…")
            buttons.append(self.add(TeacherButton(
                "hub-switch", pygame.Rect(x, top_row.y, width, button_h), lambda: sharing.set_hub(not on),
                fill=ON_GREEN if on else WHITE, label="Sharing is on: tap to stop" if on else "Share with tablets")))
            x += width + m.gap
        if sharing.folder is not None:
            pass  # its own three buttons, above
        elif hub is not None:
            buttons.append(self.add(TeacherButton("new-code", pygame.Rect(x, top_row.y, width, button_h),
                                                  sharing.renew_code, fill=WHITE, label="New code")))
        elif client is None and not sharing.busy:
            buttons.append(self.add(TeacherButton(
                "join", pygame.Rect(x, top_row.y, width, button_h), lambda: self.ctx.stack.push(JoinHubScene(self.ctx)),
                fill=WHITE, label="This is a tablet: join the class hub")))
        elif client is not None:
            buttons += self._tablet_buttons(m, top_row, width)
        if sharing.folder is None and not (sharing.busy and hub is None and client is None):
            buttons.append(self.add(TeacherButton(
                "share-folder", pygame.Rect(top_row.x + 2 * (width + m.gap), top_row.y, width, button_h),
                self.open_folder_setup, fill=WHITE, label="No network program allowed? Share through a folder")))
        equalise_labels(buttons, self.ctx)
        line = pygame.Rect(area.x, top_row.bottom + m.gap // 2, area.w, round(px * 1.5))
        said = self.note or sharing.busy or sharing.problem
        if said:
            self.add(Label("sharing-message", line, said, px,
                           HELP_RED if (self.note or sharing.problem) and said != sharing.busy else TEACHER_BLUE,
                           align="left"))
        body = pygame.Rect(area.x, line.bottom + m.gap // 2, area.w, area.bottom - line.bottom - m.gap // 2)
        if sharing.folder is not None:
            self._folder(m, body, sharing.folder)
        elif hub is not None and hub.running:
            self._board(m, body, hub)
        elif client is not None:
            self._tablet(m, body, client)
        elif not sharing.busy:
            self.add(Label("explain", body, (
                "On the teacher's PC: tap \u201cShare with tablets\u201d. The board then shows an address and a "
                "class code to type on each tablet, and every tablet's answers and worries come to this PC "
                "(the class overview, report and worries list show the whole class).\n\n"
                "On a tablet: tap \u201cjoin the class hub\u201d, choose the teacher's PC (or type its address) "
                "and type the class code. The tablet keeps playing with no network; what it records is sent "
                "whenever the PC can be reached.\n\n"
                "No program may listen on the school's network? Tap \u201cShare through a folder\u201d on every "
                "device instead: they share through a folder they can all reach (a network drive or a synced "
                "cloud folder)."), px, INK, align="left"))

    # -- a shared folder ---------------------------------------------------------------------------------
    note: str | None = None  # why the last tap could not be done (one way of sharing at a time), for this visit

    def open_folder_setup(self) -> None:
        refused = self.ctx.sharing.folder_refused()
        if refused:  # said here, in words, and nothing changes
            self.note = refused
            self.rebuild()
            return
        self.note = None
        self.ctx.stack.push(FolderSetupScene(self.ctx))

    def _folder_buttons(self, m: Metrics, row: pygame.Rect, width: int) -> list:
        """Sharing through a folder: the hub's switch stays (a tap says why not), read or send now, stop."""
        sharing = self.ctx.sharing
        folder = sharing.folder
        step = width + m.gap
        return [
            self.add(TeacherButton("hub-switch", pygame.Rect(row.x, row.y, width, row.h), self._hub_refused,
                                   fill=WHITE, label="Share with tablets")),
            self.add(TeacherButton("folder-now", pygame.Rect(row.x + step, row.y, width, row.h), sharing.retry_now,
                                   fill=WHITE, label="Read the folder now" if folder.teacher else "Send now")),
            self.add(TeacherButton("folder-stop", pygame.Rect(row.x + 2 * step, row.y, width, row.h),
                                   self.ask_stop_folder, fill=FORGET_RED, label="Stop sharing through the folder")),
        ]

    def _hub_refused(self) -> None:
        from ...sync.runner import HUB_NOT_WITH_FOLDER

        self.note = HUB_NOT_WITH_FOLDER
        self.rebuild()

    def ask_stop_folder(self) -> None:

        self.ctx.stack.push(screen_named("confirm")(
            self.ctx, "Stop sharing through the folder? What this device recorded stays on it, and what is in the "
                      "folder stays there.", self._stop_folder, yes="Yes, stop sharing", no="No, keep sharing"))

    def _stop_folder(self) -> None:
        self.note = None
        self.ctx.sharing.stop_folder()

    def _folder(self, m: Metrics, body: pygame.Rect, folder) -> None:
        """How sharing through the folder goes: its sentence, why it cannot be reached, lines passed over."""
        px = round(m.short * 0.036)
        card = pygame.Rect(body.x, body.y, body.w, int(body.h * 0.62))
        self.add(Panel("folder-card", card, fill=WHITE))
        inner = card.inflate(-2 * m.gap, -m.gap)
        role = ("This is the teacher's PC: every few seconds it reads what every tablet wrote in the folder, so "
                "the overview, the worries list and the report show the whole class." if folder.teacher else
                "This is a tablet: what its children do is added to its own file in the folder at once, and the "
                "class lists come from the teacher's PC. It keeps playing when the folder cannot be reached.")
        status = pygame.Rect(inner.x, inner.y, inner.w, int(inner.h * 0.45))
        self.add(Label("folder-status", status, folder.status, px, TEACHER_BLUE, align="left"))
        words = (f"{folder.detail}\n\n" if folder.detail else "") + role
        self.add(Label("folder-role", pygame.Rect(inner.x, status.bottom, inner.w, inner.bottom - status.bottom),
                       words, round(px * 0.8), INK, align="left"))
        problems = folder.problems[-3:]
        if problems:  # for the school's IT: which file and line was passed over
            box = pygame.Rect(body.x, card.bottom + m.gap // 2, body.w, body.bottom - card.bottom - m.gap // 2)
            self.add(Label("folder-problems", box, "Passed over: " + "\n".join(problems), round(px * 0.6), INK,
                           align="left"))

    def _tablet_buttons(self, m: Metrics, row: pygame.Rect, width: int) -> list:
        """A joined tablet: send what waits now, or stop sharing."""
        sharing = self.ctx.sharing
        made = [self.add(TeacherButton("try-now", pygame.Rect(row.x, row.y, width, row.h), sharing.retry_now,
                                       fill=WHITE, label="Send now"))]
        made.append(self.add(TeacherButton(
            "stop-sharing", pygame.Rect(row.x + width + m.gap, row.y, width, row.h), self.ask_stop,
            fill=FORGET_RED, label="Stop sharing (forget the hub)")))
        return made

    def ask_stop(self) -> None:

        self.ctx.stack.push(screen_named("confirm")(
            self.ctx, "Stop sending this tablet's answers to the class hub? What it has recorded stays on it.",
            self.ctx.sharing.stop_client, yes="Yes, stop sharing", no="No, keep sharing"))

    def _board(self, m: Metrics, body: pygame.Rect, hub) -> None:
        """The address and the code, big, on the left; the tablets joined on the right."""
        sharing = self.ctx.sharing
        if m.portrait:  # the code above, the tablets below
            left = pygame.Rect(body.x, body.y, body.w, int(body.h * 0.42))
        else:
            left = pygame.Rect(body.x, body.y, int(body.w * 0.46), body.h)
        self.add(Panel("code-card", left, fill=WHITE))
        inner = left.inflate(-2 * m.gap, -m.gap)
        small = round(m.short * 0.032)
        parts = [("address-words", "On each tablet, type this address:", 0.12, small, INK),
                 ("address", address_text(hub.address), 0.28, round(m.short * 0.09), TEACHER_BLUE),
                 ("code-words", "and this class code:", 0.12, small, INK),
                 ("code", code_text(hub.code), 0.36, round(m.short * 0.16), TEACHER_BLUE)]
        y = inner.y
        for name, text, share, px, colour in parts:
            box = pygame.Rect(inner.x, y, inner.w, int(inner.h * share))
            self.add(Label(name, box, text, px, colour))
            y = box.bottom
        note = hub.advert_problem
        if address_text(hub.address).startswith("127.") and hub.host in ("0.0.0.0", "::", ""):
            note = ("This PC does not seem to be on a network (only it can reach this address): connect it to "
                    "the school's network, then turn sharing off and on again.")
        if note:
            self.add(Label("advert-problem", pygame.Rect(inner.x, y, inner.w, inner.bottom - y),
                           note[0].upper() + note[1:], round(small * 0.7), INK))
        if m.portrait:
            right = pygame.Rect(body.x, left.bottom + m.gap, body.w, body.bottom - left.bottom - m.gap)
        else:
            right = pygame.Rect(left.right + m.gap, body.y, body.right - left.right - m.gap, body.h)
        devices = sorted(hub.devices(), key=natural_key)
        px = round(m.short * 0.026)
        heading = pygame.Rect(right.x, right.y, right.w, round(px * 1.6))
        words = (f"Tablets joined: {len(devices)}" if devices
                 else "No tablet has joined yet. Each joins once, in its own teacher mode.")
        self.add(Label("devices-title", heading, words, px, TEACHER_BLUE, align="left"))
        if not devices:
            return
        row_h = max(round(m.short * TEACHER_TARGET_MIN) + m.gap // 2 + 2, round(m.short * 0.05))
        list_area = pygame.Rect(right.x, heading.bottom + m.gap // 2, right.w, right.bottom - heading.bottom - m.gap // 2)
        per_page = max(1, list_area.h // row_h)
        pages = -(-len(devices) // per_page)
        if pages > 1:  # the last row holds the page buttons
            per_page = max(1, (list_area.h - row_h) // row_h)
            pages = -(-len(devices) // per_page)
        self.page = min(self.page, pages - 1)
        shown = devices[self.page * per_page:(self.page + 1) * per_page]
        forget_w = max(round(m.short * 0.14), round(right.w * 0.2))
        forgets, rows = [], []
        for index, device in enumerate(shown):
            row = pygame.Rect(list_area.x, list_area.y + index * row_h, list_area.w, row_h - m.gap // 2)
            count = sharing.counts.get(device.device_id, 0)
            name = device.name if len(device.name) <= 20 else device.name[:19].rstrip() + "\u2026"
            text = (f"{name} \u00b7 last seen {seen_text(device.last_seen)} \u00b7 "
                    f"{count} record{'' if count == 1 else 's'}")
            rows.append((device, pygame.Rect(row.x, row.y, row.w - forget_w - m.gap // 2, row.h), text))
            forgets.append(self.add(TeacherButton(
                f"forget-{device.device_id}", pygame.Rect(row.right - forget_w, row.y, forget_w, row.h),
                lambda device=device: self.ask_forget(device), fill=WHITE, label="Forget")))
        # One size for every row, so the list reads evenly (the longest decides it).
        px = min([px] + [self.ctx.text.fitting_size(text, box.size, px) for _, box, text in rows])
        for device, box, text in rows:
            self.add(Label(f"device-{device.device_id}", box, text, px, INK, align="left"))
        if pages > 1:
            y = list_area.y + per_page * row_h
            for index, (name, step, words) in enumerate((("previous-page", -1, "Previous"), ("next-page", 1, "More"))):
                if 0 <= self.page + step < pages:
                    box = pygame.Rect(list_area.x + index * (forget_w + m.gap), y, forget_w, row_h - m.gap // 2)
                    forgets.append(self.add(TeacherButton(name, box, lambda step=step: self._turn(step), fill=WHITE,
                                                          label=words)))
        equalise_labels(forgets, self.ctx)

    def _turn(self, step: int) -> None:
        self.page += step
        self.rebuild()

    def ask_forget(self, device) -> None:

        self.ctx.stack.push(screen_named("confirm")(
            self.ctx, f"Forget the tablet \u201c{device.name}\u201d? It can send nothing more until it joins "
                      "again with the class code. What it sent stays on this PC.",
            lambda: self.ctx.sharing.forget_device(device.device_id), yes="Yes, forget it", no="No, keep it"))

    def _tablet(self, m: Metrics, body: pygame.Rect, client) -> None:
        status = client.status()
        px = round(m.short * 0.04)
        card = pygame.Rect(body.x, body.y, body.w, min(body.h, int(body.h * 0.6)))
        self.add(Panel("status-card", card, fill=WHITE))
        words = status.text()
        if status.problem and status.state != "sharing":
            words += f"\n({status.problem})"
        words += ("\n\nThis tablet keeps playing with no network: what it records waits here and is sent "
                  "as soon as the hub can be reached.")
        self.add(Label("sync-status", card.inflate(-2 * m.gap, -m.gap), words, px, INK, align="left"))


class JoinHubScene(Scene):
    """A tablet joining the class hub: the hubs found on the network, or the address typed."""

    name = "join-hub"
    background = BACKGROUND

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.finder = None
        self.problem: str | None = None
        self._shown: tuple = ()
        self._closed = False

    def narration(self) -> list[Line]:
        return []

    def on_enter(self) -> None:
        super().on_enter()
        # Zeroconf opens its sockets and a thread of its own: started off the frame loop.
        self.ctx.jobs.submit(self._look, lane="find-hubs", then=lambda _result: None)

    def _look(self) -> None:
        from ...sync.discovery import HubFinder

        finder = HubFinder(self.ctx.sharing.network.interfaces if self.ctx.sharing is not None else None)
        try:
            finder.start()
        except Exception as error:  # no multicast here (or no network): typing the address still works
            self.problem = f"Tablets cannot look for the hub on this network ({error}): type its address."
            finder.stop()
            self.relayout_soon()
            return
        if self._closed:
            finder.stop()
            return
        self.finder = finder
        self.relayout_soon()

    def on_exit(self) -> None:
        super().on_exit()
        self._closed = True
        finder, self.finder = self.finder, None
        if finder is not None:
            self.ctx.jobs.submit(finder.stop, lane="find-hubs", then=lambda _result: None)

    def hubs(self) -> list:
        return self.finder.hubs() if self.finder is not None else []

    def wake_in(self) -> float | None:
        return 0.25  # a hub found shows within a quarter of a second (teacher mode only: no child waits)

    def update(self, dt: float) -> None:
        if self.finder is not None and self.finder.changed.is_set():
            self.finder.changed.clear()
            if tuple(self.hubs()) != self._shown:
                self.rebuild()
        super().update(dt)

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        area = add_teacher_top(self, m, "Join the class hub", [("type-address", "Type the address", self.type_address,
                                                                 None)])
        area.h = teacher_bottom(m) - area.y
        px = round(m.short * 0.032)
        hubs = self.hubs()
        self._shown = tuple(hubs)
        heading = pygame.Rect(area.x, area.y, area.w, round(px * 3))
        if self.problem:
            words = self.problem
        elif hubs:
            words = "Tap the teacher's PC (its address is on the board), then type the class code."
        else:
            words = ("Looking for the teacher's PC on this network\u2026 Sharing must be on there. If it does not "
                     "appear, tap \u201cType the address\u201d and type what the board shows.")
        self.add(Label("join-words", heading, words, px, INK, align="left"))
        button_h = button_height(m)
        name = self.ctx.settings.tablet_name or socket.gethostname() or "tablet"
        buttons = [self.add(TeacherButton(
            "tablet-name", pygame.Rect(area.x, heading.bottom + m.gap // 2, int(area.w * 0.7), button_h),
            self.rename, fill=WHITE, label=f"This tablet is called \u201c{name}\u201d on the board: change"))]
        top = heading.bottom + m.gap // 2 + button_h + m.gap
        listed = pygame.Rect(area.x, top, area.w, area.bottom - top)
        rows = max(1, listed.h // (button_h + m.gap // 2))
        for index, hub in enumerate(hubs[:rows]):
            box = pygame.Rect(listed.x, listed.y + index * (button_h + m.gap // 2), int(listed.w * 0.7), button_h)
            buttons.append(self.add(TeacherButton(f"hub-{index}", box, lambda hub=hub: self.ask_code(hub.address),
                                                  fill=WHITE, label=f"{address_text(hub.address)}  ({hub.name})")))
        if not hubs and listed.h > button_h:  # on a tablet, the way on in plain sight
            buttons.append(self.add(TeacherButton("type-address-big", pygame.Rect(listed.x, listed.y, int(listed.w * 0.4),
                                                                                   button_h), self.type_address,
                                                  fill=WHITE, label="Type the address")))
        equalise_labels(buttons, self.ctx)

    def rename(self) -> None:
        """A name the teacher knows the tablet by ("Tablet 3"), for the board's list; kept in the settings."""

        def named(name: str) -> None:
            self.ctx.settings.tablet_name = name
            self.ctx.save_settings()
            self.rebuild()

        self.ctx.stack.push(screen_named("text-entry")(self.ctx, "This tablet's name, as the board will list it", named,
                                           text=self.ctx.settings.tablet_name or "", kind="class"))

    def type_address(self) -> None:
        self.ctx.stack.push(KeypadScene(self.ctx, "The hub's address, as the board shows it", ADDRESS_KEYS,
                                        self._typed_address, kind="address"))

    def _typed_address(self, scene: "KeypadScene", address: str) -> None:
        from ...sync.client import JoinError, hub_url

        try:
            url = hub_url(address)
        except JoinError as error:
            scene.say(str(error))
            return
        self.ctx.stack.replace(KeypadScene(self.ctx, f"The class code on the board (for {address_text(url)})",
                                           CODE_LETTERS, lambda code_scene, code: join_with_code(code_scene, url, code),
                                           kind="code"))

    def ask_code(self, address: str) -> None:
        self.ctx.stack.push(KeypadScene(self.ctx, f"The class code on the board (for {address_text(address)})",
                                        CODE_LETTERS, lambda scene, code: join_with_code(scene, address, code), kind="code"))


def join_with_code(scene: "KeypadScene", address: str, code: str) -> None:
    """Join with the code typed; back to the sharing screen once joined, or the problem on the keypad."""
    ctx = scene.ctx
    if len(code) != 6:
        scene.say("The class code has 6 letters: type all of them, as the board shows them")
        return
    scene.say("Joining\u2026", busy=True)

    def then(problem: str | None) -> None:
        if problem:
            scene.say(problem, clear=True)
            return
        while ctx.stack.top.name != "sharing" and len(ctx.stack.scenes) > 1:
            ctx.stack.pop()

    ctx.sharing.join(address, code, then)


class KeypadScene(Scene):
    """Big keys for an address (digits, '.', ':') or a class code (its 17 letters), or the keyboard."""

    name = "keypad"
    background = BACKGROUND
    wants_keys = True

    def __init__(self, ctx, prompt: str, keys: str, on_done: Callable[["KeypadScene", str], None],
                 kind: str = "code", text: str = "") -> None:
        super().__init__(ctx)
        self.prompt, self.keys, self.on_done, self.kind = prompt, keys, on_done, kind
        self.text = text
        self.message = ""
        self.busy = False
        self.capitals = False  # a path's letter keys: small letters unless "Aa" is on
        self.max_length = 6 if kind == "code" else PATH_LENGTH if kind == "path" else 60

    def narration(self) -> list[Line]:
        return []

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        area = add_teacher_top(self, m, self.prompt)
        area.h = teacher_bottom(m) - area.y
        path = self.kind == "path"
        if path:  # a long path: the whole width, in one line as big as fits, its end in view
            field_box = pygame.Rect(area.x, area.y, area.w, round(m.short * 0.09))
        else:
            field_box = pygame.Rect(area.x + area.w // 6, area.y, area.w * 2 // 3, round(m.short * 0.13))
        self.add(Panel("field", field_box))
        shown = code_text(self.text) if self.kind == "code" else self.text
        inside = field_box.inflate(-m.gap, -m.gap // 3)
        px = round(field_box.h * 0.75)
        if path:
            px, shown = self._path_line(shown + "|", inside, round(m.short * 0.03))
            self.add(Label("typed", inside, shown, px, TEACHER_BLUE, align="left"))
        else:
            self.add(Label("typed", inside, shown + "|", px, TEACHER_BLUE))
        line = pygame.Rect(area.x, field_box.bottom + m.gap // 3, area.w, round(m.short * (0.08 if path else 0.05)))
        if self.message:
            self.add(Label("keypad-message", line, self.message, round(m.short * 0.032),
                           TEACHER_BLUE if self.busy else (190, 69, 0)))
        keys = list(self.keys) + (["caps", "paste", "clear"] if path else []) + ["back", "ok"]
        pad = pygame.Rect(area.x, line.bottom + m.gap // 3, area.w, area.bottom - line.bottom - m.gap // 3)
        columns = 12 if path else 10 if self.kind == "code" and not m.portrait else (7 if not m.portrait else 4)
        side = round(m.short * 0.16)
        cells = grid(pad, len(keys), columns, m.gap // 2, max_cell=(side, side))
        for key, cell in zip(keys, cells):
            if path and key.isalpha() and len(key) == 1:
                key_label = key.upper() if self.capitals else key
                self.add(TeacherButton(f"key-{key}", cell, lambda key=key: self.type(
                    key.upper() if self.capitals else key), fill=WHITE, label=key_label))
            elif key == " ":
                self.add(TeacherButton("key-space", cell, lambda: self.type(" "), fill=WHITE, label="space"))
            elif key == "caps":
                self.add(TeacherButton("key-caps", cell, self._caps, fill=ON_GREEN if self.capitals else WHITE,
                                       label="Aa"))
            elif key == "paste":
                self.add(TeacherButton("key-paste", cell, self.paste, fill=WHITE, label="paste"))
            elif key == "clear":
                self.add(TeacherButton("key-clear", cell, self.clear, fill=WHITE, label="clear"))
            elif key == "back":
                self.add(TeacherButton("key-back", cell, self.delete, fill=WHITE, icon=self.ctx.icon("back")))
            elif key == "ok":
                self.add(TeacherButton("key-ok", cell, self.done, fill=shade((46, 170, 90), 0.75),
                                       icon=self.ctx.icon("right")))
            else:
                self.add(TeacherButton(f"key-{key}", cell, lambda key=key: self.type(key), fill=WHITE, label=key))

    def handle(self, intent) -> None:
        if not typing_keys(self, intent, paste=self.paste):
            super().handle(intent)

    def _path_line(self, text: str, box: pygame.Rect, least: int) -> tuple[int, str]:
        """The path on one line at the largest size that fits, never below ``least`` (nor so small that it
        could wrap onto a second line): past that its start gives way to "…", so the end, where the
        teacher is typing, stays in view."""
        least = max(least, box.h // 2 + 1)  # two lines could not fit at this size
        px = round(box.h * 0.75)

        def size(shown: str) -> int:
            return self.ctx.text.fitting_size(shown, box.size, px, 6)

        if size(text) >= least:
            return size(text), text
        low, high = 1, len(text)  # characters dropped from the start: the fewest that fit
        while low < high:
            middle = (low + high) // 2
            if size("\u2026" + text[middle:]) >= least:
                high = middle
            else:
                low = middle + 1
        shown = "\u2026" + text[low:]
        return max(6, min(size(shown), px)), shown

    def clear(self) -> None:
        if not self.busy:
            self.text, self.message = "", ""
            self.rebuild()

    def _caps(self) -> None:
        self.capitals = not self.capitals
        self.rebuild()

    def paste(self) -> None:
        """The clipboard's text (a path copied from Explorer's address bar), as if typed."""
        try:
            text = pygame.scrap.get_text() if hasattr(pygame.scrap, "get_text") else ""
        except pygame.error:
            text = ""
        if text:
            self.type(text.strip().strip('"').strip())
        else:
            self.message = "Nothing to paste: copy the folder's path first (in Explorer, its address bar)"
            self.rebuild()

    def type(self, characters: str) -> None:
        if self.busy:
            return
        for char in characters:
            if self.kind == "path":
                if not char.isprintable() or char in "\r\n\t":
                    continue  # a path may have any letter, but no line break from a paste
            elif self.kind == "code":
                char = char.upper()
                if char not in self.keys:
                    continue  # a space or dash typed between the two groups, or a letter no code has
            elif not (char.isalnum() or char in ".:-[]/"):
                continue  # an address: a number, a name (pc.local) or an IPv6 one
            if len(self.text) < self.max_length:
                self.text += char
        self.message = ""
        self.rebuild()

    def delete(self) -> None:
        if not self.busy:
            self.text = self.text[:-1]
            self.rebuild()

    def done(self) -> None:
        if self.busy or not self.text:
            return
        self.on_done(self, self.text)

    def say(self, message: str, busy: bool = False, clear: bool = False) -> None:
        """What happened, on the keypad (``clear``: the typed code goes, to be typed again)."""
        self.message, self.busy = message, busy
        if clear:
            self.text = ""
        self.rebuild()


class FolderSetupScene(Scene):
    """"Share through a folder": the folder's path (typed on big keys, or the keyboard, or pasted), this
    device's part (the teacher's PC or a tablet), and a new folder marked once; checked on the sharing
    thread, and whatever is wrong with it said here in words."""

    name = "folder-setup"
    background = BACKGROUND

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        settings, sharing = ctx.settings, ctx.sharing
        self.path = (sharing.last_folder if sharing is not None else None) or settings.shared_folder or ""
        self.role: str | None = settings.shared_folder_role if settings.shared_folder else None
        self.message: str | None = None
        self.problem = False
        self.busy = False

    def narration(self) -> list[Line]:
        return []

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        area = add_teacher_top(self, m, "Share through a folder")
        area.h = teacher_bottom(m) - area.y
        px = round(m.short * 0.03)
        button_h = button_height(m)
        explain = pygame.Rect(area.x, area.y, area.w, round(px * 3.8))
        self.add(Label("folder-explain", explain, (
            "For schools that allow no program listening on the network: a folder every device of the class can "
            "reach and write to (a mapped network drive, or a synced OneDrive or Google Drive folder). Each device "
            "adds its own file there; the teacher's PC reads them all."), round(px * 0.9), INK, align="left"))
        field = pygame.Rect(area.x, explain.bottom + m.gap // 2, area.w, button_h)
        words = self.path or "Tap here to type or paste the folder's path (for example Z:\\smart-stars)"
        self.add(TeacherButton("folder-path", field, self.type_path, fill=WHITE, label=words))
        roles = pygame.Rect(area.x, field.bottom + m.gap, area.w, button_h)
        half = (roles.w - m.gap) // 2
        made = []
        for index, (role, label) in enumerate((("teacher", "This is the teacher's PC"), ("tablet", "This is a tablet"))):
            box = pygame.Rect(roles.x + index * (half + m.gap), roles.y, half, button_h)
            made.append(self.add(TeacherButton(f"role-{role}", box, lambda role=role: self.choose(role),
                                               fill=ON_GREEN if self.role == role else WHITE, label=label)))
        equalise_labels(made, self.ctx)
        said = pygame.Rect(area.x, roles.bottom + m.gap // 2, area.w, round(px * 3.2))
        if self.message:
            self.add(Label("folder-message", said, self.message, px, HELP_RED if self.problem else TEACHER_BLUE,
                           align="left"))
        elif self.role:
            self.add(Label("role-words", said, (
                "The teacher's PC reads every tablet's file every few seconds: the overview, the worries list and "
                "the report show the whole class. Choose this on one PC only." if self.role == "teacher" else
                "A tablet adds what its children do to its own file in the folder, and gets the class lists "
                "from the teacher's PC."), round(px * 0.9), INK, align="left"))
        row = pygame.Rect(area.x, said.bottom + m.gap // 2, area.w, button_h)
        if self.busy:
            return
        start = self.add(TeacherButton("folder-start", pygame.Rect(row.x, row.y, half, button_h), lambda: self.start(False),
                                       fill=shade((46, 170, 90), 0.75), label="Start sharing through this folder"))
        mark = self.add(TeacherButton("mark-new", pygame.Rect(row.x + half + m.gap, row.y, half, button_h),
                                      self.ask_mark, fill=WHITE, label="Mark a new folder for the class"))
        equalise_labels([start, mark], self.ctx)

    def type_path(self) -> None:
        self.ctx.stack.push(KeypadScene(self.ctx, "The shared folder's path (type it, or paste it)", PATH_KEYS,
                                        self._typed, kind="path", text=self.path))

    def _typed(self, scene: "KeypadScene", path: str) -> None:
        self.path = path.strip().strip('"').strip()
        self.message = None
        self.ctx.stack.pop()
        self.rebuild()

    def choose(self, role: str) -> None:
        self.role, self.message = role, None
        self.rebuild()

    def _say(self, words: str, problem: bool = True) -> None:
        self.message, self.problem = words, problem
        self.rebuild()

    def _ready(self) -> bool:
        if not self.path:
            self._say("Type the shared folder's path first: tap the long white button")
        elif self.role is None:
            self._say("Choose first: is this the teacher's PC, or a tablet?")
        else:
            return True
        return False

    def ask_mark(self) -> None:

        if not self._ready():
            return
        self.ctx.stack.push(screen_named("confirm")(
            self.ctx, f"Mark \u201c{self.path}\u201d as this class's new shared folder? Do this once, for a new "
                      "folder made for the class (usually on the teacher's PC); every device then shares through it.",
            lambda: self.start(True), yes="Yes, mark it and share", no="No, not this folder"))

    def start(self, new: bool) -> None:
        if self.busy or not self._ready():
            return
        self.busy = True
        self._say("Checking the folder\u2026", problem=False)

        def then(problem: str | None) -> None:
            self.busy = False
            if problem:
                self._say(problem)
                return
            stack = self.ctx.stack
            if stack.top is self:
                stack.pop()  # back to the sharing screen, which says how it goes

        self.ctx.sharing.set_folder(self.path, self.role == "teacher", new, then)

"""Sharing for the running game: the class hub on the teacher's PC, or a tablet's link to it (docs/sync.md).

One ``Sharing`` lives on the Context (``ctx.sharing``). On the teacher's PC, teacher mode's "Share with
tablets" switch starts and stops a ``HubServer`` (the choice is kept in the settings, so the hub starts
again with the game); on a tablet, joining the class hub makes a ``SyncClient`` (started again with the
game while ``sync.json`` holds its token). Starting, stopping and joining wait for the network and the
disk, so they run one at a time on the jobs API's "sharing" lane (game/engine/jobs.py), and their results come back to the frame loop with ``ctx.on_frame_loop``; everything the screens read
here (``hub``, ``client``, ``busy``, ``problem``, ``counts``) is memory only.

What arrives from the tablets is told to the frame loop too: a worry from a tablet refreshes the teacher's
menu (its unread badge), the worries list or the overview if one is open, within a frame of the push.

Where no network program is allowed, the same goes through a shared folder instead (``FolderSync``,
game/sync/folder.py): the teacher's PC merges what the tablets write there. A device shares one way at a
time (its statements have one ``pushed`` flag: the hub or the folder has them, not both), so the hub,
joining a hub and the folder refuse each other in words.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..engine.private_files import read_owned

if TYPE_CHECKING:
    from ..engine.context import Context
    from .client import SyncClient
    from .folder import FolderSync, Merged
    from .hub import HubServer, Received

# The hub's modules (asyncio, aiohttp) are imported on the sharing thread when first needed: a game that
# does not share never loads them, and one that does starts its first frame just as fast.
DEFAULT_PORT = 47474  # game/sync/hub.py's (checked by the tests)
HUB_FILE = "hub.json"  # game/sync/access.py's
SYNC_FILE = "sync.json"  # game/sync/client.py's

log = logging.getLogger(__name__)

# Screens that show what tablets send: refreshed when something arrives (teacher mode only).
REFRESHED_SCENES = ("teacher", "worries", "sharing", "overview")
OVERVIEW_EVERY_S = 2.0  # the overview on show is read again at most this often while tablets push


@dataclass
class SharingNetwork:
    """Where the hub listens and how it is found; tests keep all of it on 127.0.0.1."""

    port: int = DEFAULT_PORT
    host: str = "0.0.0.0"
    advertise: bool = True  # zeroconf, so tablets find the hub without typing its address
    interfaces: list[str] | None = None  # zeroconf's interfaces (None: the default ones)
    allow_any_network: bool = False
    folder_interval: float = 5.0  # seconds between a shared folder's passes (game/sync/folder.py's INTERVAL)


# One device shares one way (docs/sync.md): what the screens say when the teacher tries a second.
HUB_NOT_WITH_FOLDER = ("This device shares through a folder: stop that first (a device shares one way, the "
                       "class hub or a shared folder, not both)")
FOLDER_NOT_WITH_HUB = ("This PC shares with tablets through the class hub: turn that off first (a device shares "
                       "one way, the class hub or a shared folder, not both)")
FOLDER_NOT_WITH_CLIENT = ("This tablet sends to the class hub: tap \u201cStop sharing\u201d first (a device shares "
                          "one way, the class hub or a shared folder, not both)")


def problem_words(error: BaseException, port: int) -> str:
    """Why the hub could not start, in words a teacher can act on."""
    cause = error.__cause__ if error.__cause__ is not None else error
    if isinstance(cause, OSError) and cause.errno == errno.EADDRINUSE:
        return (f"The port {port} is in use by another program (another SMART Stars sharing on this PC, "
                "or a program of the school's): close it, then turn sharing on again.")
    if isinstance(cause, OSError) and cause.errno in (errno.EACCES, errno.EPERM):
        return (f"This PC does not let SMART Stars listen on port {port} ({cause.strerror}): ask whoever "
                "looks after the school's computers, or use the shared folder instead (see the README).")
    if isinstance(cause, OSError) and cause.errno == errno.EADDRNOTAVAIL:
        return "This PC is not on a network at the moment: connect it to the school's network, then try again."
    return f"Sharing could not start: {error}"


class Sharing:
    """The sharing lifecycle for the game (see the module's words). Call its methods on the frame loop."""

    def __init__(self, ctx: "Context", network: SharingNetwork | None = None) -> None:
        self.ctx = ctx
        self.network = network or SharingNetwork()
        self.hub: HubServer | None = None  # running on this PC
        self.client: "SyncClient | None" = None  # this tablet's link to the hub, once joined
        self.busy: str | None = None  # "Starting…", "Stopping…", "Joining…": shown while the worker works
        self.problem: str | None = None  # the last thing that went wrong, in words
        self.counts: dict[str, int] = {}  # statements held on this PC, by the device that made them
        self.this_device: str | None = None  # this store's device id
        self.received: list[Received] = []  # pushes that brought something new (the last few), newest last
        self._names: dict[str, str] = {}  # device id -> the name it joined with (hub.json)
        self._counting = False
        self._closed = False
        # What the worker started and has not stopped: closing the game stops these even if the frame loop
        # never heard that they started.
        self._live_hub: HubServer | None = None
        self._live_client: "SyncClient | None" = None
        self._live_folder: "FolderSync | None" = None
        self.folder: "FolderSync | None" = None  # sharing through a shared folder (this device's role in it)
        self.last_folder: str | None = None  # the path last typed (the setup screen offers it again)
        self._overview_at, self._overview_due = 0.0, False

    def _submit(self, job: Callable[[], None]) -> None:
        """Run ``job`` on the sharing thread; whatever goes wrong there is told to the teacher, and never
        stops the jobs after it (a read-only data folder, a full disk...)."""
        def safely() -> None:
            try:
                job()
            except Exception as error:  # noqa: BLE001 - any failure: say so, never crash, never stop the thread
                log.exception("sharing: %s failed", getattr(job, "__name__", "a job"))
                words = f"Sharing: something went wrong ({error}): try again, and check the data folder"
                self.ctx.on_frame_loop(lambda: self._failed(words))

        self.ctx.jobs.submit(safely, lane="sharing", then=lambda _result: None)

    def _failed(self, words: str) -> None:
        self.busy, self.problem = None, words
        self._refresh()

    # -- start and stop ------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return Path(self.ctx.data_dir)

    def start_at_launch(self) -> None:
        """At the game's start (off the frame loop): the hub again if the teacher left sharing on, or the
        tablet's link if it has joined a hub."""
        if self.ctx.data_dir is None:
            return
        if (self.data_dir / HUB_FILE).exists():  # the tablets' names, on a PC that has been the class hub:
            self._submit(self._read_names)  # a game that never shared starts no thread for them
        settings = self.ctx.settings
        if settings.shared_folder:  # one way at a time: the folder, if the settings somehow hold both
            if settings.share_with_tablets:
                log.warning("both the class hub and a shared folder are on in the settings: the folder only")
            self.last_folder = settings.shared_folder
            self._start_folder(settings.shared_folder, settings.shared_folder_role == "teacher", new=False,
                               then=None)
        elif settings.share_with_tablets:
            self._start_hub()
        elif (self.data_dir / SYNC_FILE).exists():
            self._submit(self._start_client_if_joined)

    def set_hub(self, on: bool) -> None:
        """The teacher's "Share with tablets" switch (remembered in the settings)."""
        if on and (self.folder is not None or self.busy == "Checking the folder…"):
            self.problem = HUB_NOT_WITH_FOLDER
            self._refresh()
            return
        if self.ctx.settings.share_with_tablets != on:
            self.ctx.settings.share_with_tablets = on
            self.ctx.save_settings()
        if on and self.hub is None and self.busy != "Starting…":
            self._start_hub()
        elif not on and self.hub is not None:
            self._stop_hub()

    def _start_hub(self) -> None:
        self.busy, self.problem = "Starting…", None
        network = self.network

        def work() -> None:
            from .hub import HubError, HubServer

            hub = HubServer(self.data_dir, port=network.port, host=network.host, advertise=network.advertise,
                            interfaces=network.interfaces, allow_any_network=network.allow_any_network,
                            on_received=self._received)
            try:
                hub.start()
            except (HubError, OSError) as error:  # OSError: hub.json cannot be written (a read-only folder)
                words = problem_words(error, network.port)
                log.warning("the class hub did not start: %s", error)
                self.ctx.on_frame_loop(lambda: self._hub_done(None, words))
                return
            self._live_hub = hub
            self._read_names(hub)
            self._count()
            self.ctx.on_frame_loop(lambda: self._hub_done(hub, None))

        self._submit(work)
        self._refresh()

    def _hub_done(self, hub: HubServer | None, problem: str | None) -> None:
        self.busy = None
        if self._closed or not self.ctx.settings.share_with_tablets:  # turned off (or closed) meanwhile
            if hub is not None:
                self._submit(lambda: self._stop_live_hub(hub))
            hub = None
        # A hub that did not start leaves the teacher's choice as it was: the menu and this screen say why,
        # and the next start (or a tap on the switch) tries again.
        self.hub, self.problem = hub, problem
        self._refresh()

    def _stop_hub(self) -> None:
        hub, self.hub = self.hub, None
        self.busy = "Stopping…"

        def work() -> None:
            self._stop_live_hub(hub)
            self.ctx.on_frame_loop(self._stopped)

        self._submit(work)
        self._refresh()

    def _stop_live_hub(self, hub: HubServer) -> None:
        hub.stop()
        if self._live_hub is hub:
            self._live_hub = None

    def _stopped(self) -> None:
        self.busy = None
        self._refresh()

    def renew_code(self) -> None:
        """A new class code on the board (tablets that joined keep their tokens)."""
        hub = self.hub
        if hub is not None:
            self._submit(lambda: (hub.renew_code(), self.ctx.on_frame_loop(self._refresh)))

    def forget_device(self, device_id: str) -> None:
        """A lost tablet: its token stops working at once."""
        hub = self.hub
        if hub is not None:
            self._submit(lambda: (hub.forget_device(device_id), self.ctx.on_frame_loop(self._refresh)))

    # -- a tablet --------------------------------------------------------------------------
    def _new_client(self) -> "SyncClient":
        from .client import SyncClient

        return SyncClient(self.data_dir, device_name=self.ctx.settings.tablet_name, on_pulled=self._pulled,
                          discovery=self.network.advertise, interfaces=self.network.interfaces)

    def _start_client_if_joined(self) -> None:
        client = self._new_client()
        if client.joined:
            client.start()
            self._live_client = client
            self.ctx.on_frame_loop(lambda: self._client_on(client))

    def _client_on(self, client: "SyncClient") -> None:
        if self._closed:
            return  # close() stops it
        self.client = client
        self._wire_recorder()
        self._refresh()

    def _wire_recorder(self) -> None:
        """Whatever the game records is sent at once (a worry reaches the board within seconds): the
        recorder nudges the tablet's link to the hub, or its shared folder's thread; nothing when neither."""
        sends = self.client is not None or (self.folder is not None and not self.folder.teacher)
        self.ctx.recorder.on_written = self._written if sends else None

    def _written(self, _method: str) -> None:
        client, folder = self.client, self.folder
        if client is not None:
            client.nudge()
        if folder is not None and not folder.teacher:
            folder.nudge()

    def join(self, address: str, code: str, then: Callable[[str | None], None]) -> None:
        """Join the hub at ``address`` with the class code; ``then(problem)`` on the frame loop (None: joined)."""
        from .client import JoinError

        if self.folder is not None:
            then(HUB_NOT_WITH_FOLDER)
            return
        self.busy, self.problem = "Joining…", None
        client = self.client

        def work() -> None:
            nonlocal client
            if client is None:
                client = self._new_client()
            elif self.ctx.settings.tablet_name:  # named since it last joined: the hub learns the new name
                client.device_name = self.ctx.settings.tablet_name[:60]
            try:
                client.join(address, code)
            except JoinError as error:
                words = str(error)
                self.ctx.on_frame_loop(lambda: self._joined(None, words, then))
                return
            except Exception as error:  # noqa: BLE001 - this tablet's own store or data folder, most likely
                log.exception("joining the class hub failed")
                words = f"This tablet could not join ({error}): check its data folder, then try again"
                self.ctx.on_frame_loop(lambda: self._joined(None, words, then))
                return
            client.start()
            self._live_client = client
            self.ctx.on_frame_loop(lambda: self._joined(client, None, then))

        self._submit(work)
        self._refresh()

    def _joined(self, client: "SyncClient | None", problem: str | None, then: Callable[[str | None], None]) -> None:
        self.busy = None
        if client is not None:
            self._client_on(client)
        then(problem)
        self._refresh()

    def stop_client(self) -> None:
        """"Stop sharing" on a tablet: the hub is forgotten (what was recorded stays; nothing more is sent)."""
        client, self.client = self.client, None
        if client is None:
            return
        self._wire_recorder()
        self.busy = "Stopping…"

        def work() -> None:
            client.stop()
            client.forget_hub()
            if self._live_client is client:
                self._live_client = None
            self.ctx.on_frame_loop(self._stopped)

        self._submit(work)
        self._refresh()

    def retry_now(self) -> None:
        if self.client is not None:
            self.client.retry_now()
        if self.folder is not None:
            self.folder.nudge()

    # -- a shared folder ------------------------------------------------------------------------
    def folder_refused(self) -> str | None:
        """Why this device cannot share through a folder now (it shares through the hub), or None."""
        if self.hub is not None or self.ctx.settings.share_with_tablets or self.busy == "Starting…":
            return FOLDER_NOT_WITH_HUB
        if self.client is not None or self.busy == "Joining…":
            return FOLDER_NOT_WITH_CLIENT
        return None

    def set_folder(self, path: str, teacher: bool, new: bool, then: Callable[[str | None], None]) -> None:
        """Share through the folder at ``path`` (``teacher``: this PC merges; else it is a tablet), marking
        it first if ``new``. The folder is checked on the sharing thread (a network drive can take seconds);
        ``then(problem)`` on the frame loop (None: sharing, and remembered in the settings)."""
        refused = self.folder_refused()
        if refused:
            then(refused)
            return
        self.last_folder = path
        self._start_folder(path, teacher, new, then)

    def _start_folder(self, path: str, teacher: bool, new: bool, then: Callable[[str | None], None] | None) -> None:
        self.busy, self.problem = "Checking the folder…", None
        old = self.folder

        def work() -> None:
            from .folder import FolderError, FolderSync

            try:
                # At the game's start the folder is not checked: an unplugged drive is FolderSync's "cannot
                # be reached" (what waits is said, and it is tried again every few seconds), not an end.
                folder = usable_folder(path, new) if then is not None else Path(path)
            except (FolderError, OSError) as error:  # OSError: a share that fails in a way of its own
                words = str(error) if isinstance(error, FolderError) else f"{path}: {error.strerror or error}"
                self.ctx.on_frame_loop(lambda: self._folder_done(old, words, then))
                return
            if old is not None:  # another folder, or the other role: the one running stops first
                self._stop_live_folder(old)
            sync = FolderSync(self.data_dir, folder, teacher=teacher, interval=self.network.folder_interval,
                              on_merged=self._merged, on_roster=lambda _shared: self._pulled(1),
                              on_status=lambda _words: self.ctx.on_frame_loop(self._status_changed))
            sync.start()
            self._live_folder = sync
            self.ctx.on_frame_loop(lambda: self._folder_done(sync, None, then))

        self._submit(work)
        self._refresh()

    def _folder_done(self, sync: "FolderSync | None", problem: str | None,
                     then: Callable[[str | None], None] | None) -> None:
        self.busy = None
        if sync is not None and self._closed:
            return  # close() stops it
        if sync is not None and problem is None:
            settings = self.ctx.settings
            path, role = str(sync.folder), "teacher" if sync.teacher else "tablet"
            if (settings.shared_folder, settings.shared_folder_role) != (path, role):
                settings.shared_folder, settings.shared_folder_role = path, role
                self.ctx.save_settings()
            self.folder = sync
        else:  # the folder typed cannot be used: said where it was typed; one already sharing goes on
            self.folder = sync
            self.problem = problem if then is None else None
        self._wire_recorder()
        if then is not None:
            then(problem)
        self._refresh()

    def stop_folder(self) -> None:
        """Stop sharing through the folder: forgotten in the settings (what was recorded stays everywhere)."""
        sync, self.folder = self.folder, None
        settings = self.ctx.settings
        if settings.shared_folder is not None:
            settings.shared_folder = None
            self.ctx.save_settings()
        self.problem = None
        self._wire_recorder()
        if sync is None:
            self._refresh()
            return
        self.busy = "Stopping…"

        def work() -> None:
            self._stop_live_folder(sync)
            self.ctx.on_frame_loop(self._stopped)

        self._submit(work)
        self._refresh()

    def _stop_live_folder(self, sync: "FolderSync") -> None:
        sync.stop()
        if self._live_folder is sync:
            self._live_folder = None

    def _merged(self, merged: "Merged") -> None:
        """On the folder's thread (the teacher's PC): tablets' records taken in. As the hub's pushes."""
        self.ctx.on_frame_loop(lambda: self._news(bool(merged.worries)))
        lrs = getattr(self.ctx, "lrs", None)
        if lrs is not None:
            lrs.wake()

    def _status_changed(self) -> None:
        """The folder's sentence changed (read, unreachable, back): the menu and sharing screen show it."""
        top = getattr(self.ctx.stack, "top", None) if self.ctx.stack is not None else None
        if top is not None and top.name in ("teacher", "sharing"):
            top.rebuild()

    # -- what the screens read ----------------------------------------------------------------
    def status_text(self) -> str | None:
        """One line for the teacher's menu: how sharing is going on this device, or None if it is off."""
        if self.busy:
            return f"Sharing: {self.busy.lower()}"
        if self.hub is not None and self.hub.running:
            count, code = len(self.hub.devices()), self.hub.code
            return (f"Sharing with tablets: class code {code[:3]} {code[3:]}, {count} tablet{'' if count == 1 else 's'}"
                    f" joined, address {self.hub.address.split('://', 1)[-1]}")
        if self.client is not None:
            return self.client.status().text()
        if self.folder is not None:
            return self.folder.status
        return self.problem

    def device_name(self, device_id: str | None) -> str | None:
        """The name a tablet joined with, if it joined this PC's hub."""
        return self._names.get(device_id or "")

    def device_names(self) -> dict[str, str]:
        return dict(self._names)

    # -- news from the network threads -----------------------------------------------------
    def _received(self, what: Received) -> None:
        """On the hub's store thread: a tablet pushed something new. The board is refreshed on the frame
        loop; the statement counts are made again on the worker (they read the store)."""
        self.ctx.on_frame_loop(lambda: self._arrived(what))
        lrs = getattr(self.ctx, "lrs", None)
        if lrs is not None:
            lrs.wake()  # the tablets' statements on to the trust's LRS too, as play.py hub does
        if not self._counting:
            self._counting = True
            self._submit(lambda: (self._count(), self.ctx.on_frame_loop(self._refresh)))

    def _arrived(self, what: Received) -> None:
        self.received = (self.received + [what])[-20:]
        if what.device_id not in self._names:
            self._names[what.device_id] = what.device_name
        self._news(bool(what.worries))

    def _news(self, worries: bool) -> None:
        """Records from tablets were taken in (by the hub or from the shared folder): the overview on show
        is read again soon; the menu's badge and the worries list change only for a worry."""
        top = getattr(self.ctx.stack, "top", None)
        if top is not None and top.name == "overview":
            self._reload_overview_soon()
        elif worries:
            self._refresh(store_changed=True)

    def _reload_overview_soon(self) -> None:
        """The overview again, at most every OVERVIEW_EVERY_S: 15 tablets pushing each answer must not
        have it read the store dozens of times a second (it is read off the frame loop, as always)."""
        import threading
        import time

        if self._overview_due:
            return
        wait = max(0.0, self._overview_at + OVERVIEW_EVERY_S - time.monotonic())
        self._overview_due = True

        def reload() -> None:
            self._overview_due = False
            self._overview_at = time.monotonic()
            self._refresh(store_changed=True)

        if wait == 0:
            reload()
        else:
            timer = threading.Timer(wait, lambda: self.ctx.on_frame_loop(reload))
            timer.daemon = True
            timer.start()

    def _pulled(self, count: int) -> None:
        """On the tablet's client thread: the hub sent statements or the class list back."""
        self.ctx.on_frame_loop(lambda: self._refresh(store_changed=True))

    def _refresh(self, store_changed: bool = False) -> None:
        """Lay out again the teacher screen on show, if it shows sharing or what tablets send."""
        stack = self.ctx.stack
        top = getattr(stack, "top", None) if stack is not None else None
        if top is None or top.name not in REFRESHED_SCENES:
            return
        if top.name == "overview":
            if store_changed:
                top.reload()  # read off the frame loop, as it always is
            return
        if store_changed and hasattr(top, "refresh"):
            top.refresh()  # the menu's badge and the worries list ask the progress service again
        elif top.name == "sharing" or store_changed:
            top.rebuild()

    # -- the worker thread -----------------------------------------------------------------
    def _read_names(self, hub: HubServer | None = None) -> None:
        """The joined devices' names, from the running hub or else hub.json (read only: a PC that never
        shared keeps no file)."""
        if hub is not None:
            names = {device.device_id: device.name for device in hub.devices()}
        else:
            raw = read_owned(self.data_dir / HUB_FILE)
            try:
                state = json.loads(raw.decode("utf-8")) if raw else {}
                names = {str(item["device_id"]): str(item["name"]) for item in state.get("devices", [])}
            except (ValueError, TypeError, KeyError, AttributeError):
                names = {}
        self._names = {**self._names, **names}

    def _count(self) -> None:
        """Statements on this PC by the device that made them, for the board's list of tablets."""
        from ..progress.store import STORE_FILE, ProgressStore, StoreError

        self._counting = False
        try:
            with ProgressStore(self.data_dir / STORE_FILE) as store:
                counts = dict(store.db.execute("SELECT origin, COUNT(*) FROM statements GROUP BY origin"))
                self.this_device = store.device_id
        except (StoreError, sqlite3.Error, OSError):
            return
        self.counts = counts

    def close(self) -> None:
        """The game is closing: stop the hub and the client (each waits at most a few seconds)."""
        self._closed = True
        self.ctx.jobs.lane("sharing").join(15)  # a start or stop under way ends first
        self.hub = self.client = self.folder = None
        client, hub, self._live_client, self._live_hub = self._live_client, self._live_hub, None, None
        folder, self._live_folder = self._live_folder, None
        if folder is not None:
            folder.stop()
        if client is not None:
            client.stop()
        if hub is not None:
            hub.stop()


def usable_folder(path: str, new: bool) -> Path:
    """The folder a teacher typed, checked (on the sharing thread): whole, there, marked (or marked now, if
    ``new``) and writable. Raises ``FolderError`` with what to do, in words."""
    from .folder import MARKER, FolderError, prepare_folder

    typed = path.strip().strip('"').strip()  # Explorer's "Copy as path" puts quotes round it
    if not typed:
        raise FolderError("Type the shared folder's path first (for example Z:\\smart-stars)")
    folder = Path(typed).expanduser()
    if not folder.is_absolute():
        raise FolderError(f"\u201c{typed}\u201d is not a whole path: type it from the drive (Z:\\smart-stars) or "
                          f"the server (\\\\server\\share\\smart-stars)")
    try:
        there = folder.is_dir()
    except OSError as error:
        raise FolderError(f"{folder} cannot be reached ({error.strerror or error})") from error
    if not there:
        if folder.exists():
            raise FolderError(f"{folder} is a file, not a folder: type the folder's path")
        raise FolderError(f"{folder} does not exist or cannot be reached (is the drive connected?): make the "
                          f"folder first, or check the path")
    if new:
        prepare_folder(folder)
    elif not (folder / MARKER).is_file():
        raise FolderError(f"{folder} is not the class's shared folder yet: if it is a new, empty folder for this "
                          f"class, tap \u201cMark a new folder\u201d (once, on the teacher's PC)")
    probe = folder / f".smart-stars-check-{os.getpid()}-{threading.get_ident()}"
    try:  # a folder the account may read but not write: said now, not after the first answer
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except OSError as error:
        from .folder import _why

        raise FolderError(f"SMART Stars cannot write in it: {_why(folder, error)}") from error
    return folder

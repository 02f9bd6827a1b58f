"""The tablet's side of the class hub: its store is its outbox, sent whenever the hub answers.

``SyncClient`` runs on a thread of its own with its own store connection and its own asyncio loop (aiohttp's
client), so the frame loop never waits for the network. It joins a hub once with the class code (the device
token is kept 0600 in the data folder, ``sync.json``), then in rounds: push the outbox in batches of at most
500, pull what the hub has for this tablet's classes, wait. While the hub does not answer it backs off (1 s,
doubling to 60 s); ``nudge()`` (something new was recorded) starts a round at once, or, while backing off,
within ``NUDGE_RETRY_S``, so a worry reaches the board within seconds of the hub being reachable.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import socket
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable
from urllib.parse import urlsplit

from ..engine.private_files import read_owned, write_private
from .hub import DEFAULT_PORT, MAX_BATCH

log = logging.getLogger(__name__)

SYNC_FILE = "sync.json"  # on a tablet: the hub's address and id, this device's token, the pull cursor
FIRST_BACKOFF_S, MAX_BACKOFF_S = 1.0, 60.0
NUDGE_RETRY_S = 5.0  # while backing off, something new recorded brings the next try this close
POLL_S = 15.0  # while all is well: pull this often (a pupil added on the board reaches the tablets)
CONNECT_TIMEOUT_S, REQUEST_TIMEOUT_S = 5.0, 30.0
REDISCOVER_EVERY = 3  # failed tries between two looks for the hub at a new address


class JoinError(Exception):
    """Joining failed; the message is for the teacher."""


class _Unreachable(Exception):
    pass


class _Refused(Exception):
    pass


def hub_url(address: str) -> str:
    """What a teacher types ("192.168.1.20", "192.168.1.20:47474", "http://pc.local:47474/") as a base URL."""
    text = address.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise JoinError(f"{address!r} is not a hub's address: type what the board shows, e.g. 192.168.1.20:{DEFAULT_PORT}")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise JoinError(f"{address!r} has a port that is not a number") from None
    return f"{parts.scheme}://{host}:{port}"


@dataclass(frozen=True)
class SyncStatus:
    """What teacher mode shows about sharing (read any time from any thread; it never waits)."""

    state: str  # "not joined" | "sharing" | "unreachable" | "refused" | "stopped"
    address: str | None = None
    waiting: int = 0
    last_sent: dt.datetime | None = None  # local time
    retry_in_s: float | None = None
    problem: str | None = None

    def text(self) -> str:
        if self.state == "not joined":
            return "Not sharing: join the class hub from teacher mode"
        if self.state == "refused":
            return f"The hub at {self.address} no longer knows this tablet: join again with the class code"
        if self.state == "stopped":
            return f"Sharing is paused (joined to the hub at {self.address})"
        if self.state == "unreachable":
            retry = f", trying again in {max(1, round(self.retry_in_s))} s" if self.retry_in_s is not None else ""
            return f"Hub not reachable, {self.waiting} waiting{retry}"
        sent = f"last sent {self.last_sent:%H:%M}" if self.last_sent else "nothing sent yet"
        return f"Sharing with hub at {self.address}, {sent}, {self.waiting} waiting"


class SyncClient:
    """A tablet's link to the class hub. ``start()`` once the game is up (it returns at once),
    ``recorder.on_written = lambda _: client.nudge()`` so whatever is recorded is sent at once, ``stop()``
    on closing; ``join()`` from teacher mode, off the frame loop (it waits for the hub); ``status()``
    any time (it only reads memory)."""

    def __init__(self, data_dir: Path, ledger: ModuleType | None = None, device_name: str | None = None,
                 on_pulled: Callable[[int], None] | None = None, store_file: str | None = None,
                 poll_s: float = POLL_S, discovery: bool = False, interfaces: list[str] | None = None) -> None:
        from ..progress.store import STORE_FILE

        self.data_dir = Path(data_dir)
        self._store_path = self.data_dir / (store_file or STORE_FILE)
        self._ledger = ledger
        self.device_name = (device_name or socket.gethostname() or "tablet")[:60]
        self.on_pulled = on_pulled
        self.poll_s = poll_s
        # discovery: while the hub does not answer, look for it (by its id) at a new address: a teacher's
        # PC on the school's DHCP may have another one tomorrow. Off unless asked (it sends multicast on
        # ``interfaces``, every interface if None): tests pass interfaces=["127.0.0.1"].
        self.discovery, self.interfaces = discovery, interfaces
        self._state = self._read_state()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stopping = False
        self._retry_now = False
        self._waiting = 0
        self._last_sent: dt.datetime | None = None
        self._failing = False
        self._refused = False
        self._retry_at: float | None = None
        self._problem: str | None = None
        self._roster_sent: str | None = None
        self._roster_applied: str | None = None  # the hub's roster last put in the store (its hash)
        self.lessons_changed = False  # the class's lessons came from the hub (they are played from the next start)
        self.rounds = 0  # rounds tried so far, whether the hub answered or not (tests wait on it)
        self.round_done = threading.Condition()

    # -- the API for teacher mode ------------------------------------------------------
    @property
    def joined(self) -> bool:
        return bool(self._state.get("token"))

    @property
    def address(self) -> str | None:
        return self._state.get("address")

    def join(self, address: str, code: str, timeout: float = 10.0) -> str:
        """Join the hub at ``address`` with the class code on the board; returns the hub's id. Blocking:
        call it off the frame loop. Raises JoinError with what to tell the teacher."""
        from ..progress.store import ProgressStore

        url = hub_url(address)
        with ProgressStore(self._store_path) as store:
            device_id = store.device_id
        body = {"code": code, "device_id": device_id, "device_name": self.device_name}
        status, answer = asyncio.run(self._request_once("POST", f"{url}/join", body, None, timeout))
        if status == 403:
            raise JoinError("That is not the code on the board: try again")
        if status == 429:
            raise JoinError("Too many wrong codes: wait ten minutes, then try again")
        if status != 200 or not isinstance(answer, dict) or not isinstance(answer.get("token"), str):
            raise JoinError(f"The hub at {url} answered {status}: {(answer or {}).get('error', 'try again')}")
        with self._lock:
            before = self._state.get("hub_id")
            same_hub = before == answer.get("hub_id")
        if before and not same_hub:
            # Another hub (a new PC for the class): it has none of what the old one had, so everything in
            # this store goes to it again (taking in is idempotent by id, so nothing is doubled).
            with ProgressStore(self._store_path) as store, store.transaction():
                store.db.execute("UPDATE statements SET pushed = 0 WHERE pushed = 1")
        with self._lock:
            self._state = {"address": url, "hub_id": str(answer.get("hub_id", "")), "token": answer["token"],
                           "cursor": self._state.get("cursor", 0) if same_hub else 0}
            self._refused = False
            self._roster_sent = self._roster_applied = None
        self._save_state()
        self.retry_now()
        return self._state["hub_id"]

    def forget_hub(self) -> None:
        """Stop sharing: the token is forgotten (the statements stay in the store, unsent ones too), and the
        tablet plays its own lessons again from the next start."""
        from .class_lessons import forget

        with self._lock:
            self._state = {}
        self._save_state()
        forget(self.data_dir)
        self.retry_now()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping = False
        # Returns at once (the frame loop may call it): the thread imports aiohttp and opens the store.
        self._thread = threading.Thread(target=self._run, name="sync-client", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        thread, self._thread = self._thread, None
        self._stopping = True
        self._wake_up()
        if thread is not None:
            thread.join(timeout)

    def nudge(self) -> None:
        """Something new was recorded: send it soon (any thread, never waits)."""
        self._wake_up()

    def retry_now(self) -> None:
        """The teacher's "Try now": a round at once, back-off or not."""
        self._retry_now = True
        self._wake_up()

    def status(self) -> SyncStatus:
        if not self.joined:
            return SyncStatus("not joined", waiting=self._waiting)
        if self._thread is None:
            state = "stopped"
        elif self._refused:
            state = "refused"
        elif self._failing:
            state = "unreachable"
        else:
            state = "sharing"
        retry = None if self._retry_at is None or not self._failing else max(0.0, self._retry_at - time.monotonic())
        return SyncStatus(state, self.address, self._waiting, self._last_sent, retry, self._problem)

    # -- state on disk ------------------------------------------------------------------
    def _read_state(self) -> dict:
        raw = read_owned(self.data_dir / SYNC_FILE)
        try:
            state = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            state = {}  # damaged: join again (nothing recorded is lost; the outbox is the store)
        return state if isinstance(state, dict) else {}

    def _save_state(self) -> None:
        with self._lock:
            text = json.dumps(self._state, indent=1)
        try:
            write_private(self.data_dir / SYNC_FILE, text)
        except OSError as error:
            self._problem = f"the data folder cannot be written ({error})"

    # -- the client thread --------------------------------------------------------------
    def ledger(self) -> ModuleType:
        if self._ledger is None:
            from . import ledger

            self._ledger = ledger
        return self._ledger

    def _wake_up(self) -> None:
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            try:
                loop.call_soon_threadsafe(wake.set)
            except RuntimeError:
                pass  # the loop has just closed

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception:  # never take the game down; the status says sharing stopped
            log.exception("the sync client stopped")
            self._problem = "sharing stopped after an error (see the log)"

    async def _main(self) -> None:
        import aiohttp

        from ..progress.store import ProgressStore

        # A nudge before this point is not lost: the first round below runs whatever is waiting.
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
        backoff, failures = 0.0, 0
        store = ProgressStore(self._store_path)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                while not self._stopping:
                    self._retry_now = False
                    wait: float | None = self.poll_s
                    if not self.joined or self._refused:
                        self._waiting = self._count_waiting(store)
                        wait = None  # until joined again
                    else:
                        try:
                            await self._round(session, store)
                            backoff, failures, self._failing, self._problem = 0.0, 0, False, None
                        except _Refused:
                            self._refused = True
                            wait = None
                        except _Unreachable as error:
                            backoff = FIRST_BACKOFF_S if backoff == 0 else min(MAX_BACKOFF_S, backoff * 2)
                            self._failing, self._problem, wait = True, str(error), backoff
                            failures += 1
                            if self.discovery and failures % REDISCOVER_EVERY == 0 and await self._moved():
                                wait = 0.0
                        self._waiting = self._count_waiting(store)
                    with self.round_done:
                        self.rounds += 1
                        self.round_done.notify_all()
                    await self._sleep(wait)
        finally:
            store.close()
            self._loop = None

    async def _sleep(self, wait: float | None) -> None:
        """Until ``wait`` is over, or: a nudge (at once when all is well, within NUDGE_RETRY_S while
        backing off), retry_now, stop."""
        deadline = None if wait is None else time.monotonic() + wait
        self._retry_at = deadline
        while not self._stopping and not self._retry_now:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return
            try:
                await asyncio.wait_for(self._wake.wait(), left)
            except asyncio.TimeoutError:
                return
            self._wake.clear()
            if not self._failing and deadline is not None:
                return
            if self._failing and deadline is not None:
                deadline = min(deadline, time.monotonic() + NUDGE_RETRY_S)
                self._retry_at = deadline
        self._retry_at = None

    async def _moved(self) -> bool:
        """Whether our hub now answers zeroconf at another address (which is then kept)."""
        from .discovery import find_hubs

        hub_id = self._state.get("hub_id")
        try:
            found = await asyncio.get_running_loop().run_in_executor(
                None, lambda: find_hubs(3.0, self.interfaces, hub_id))
        except Exception:  # no multicast here: the typed address is all there is
            return False
        for hub in found:
            if hub.hub_id == hub_id and hub.address != self._state.get("address"):
                log.info("the class hub moved to %s", hub.address)
                with self._lock:
                    self._state["address"] = hub.address
                self._save_state()
                return True
        return False

    def _count_waiting(self, store) -> int:
        try:
            return self.ledger().waiting(store)
        except sqlite3.Error:
            return self._waiting

    async def _round(self, session, store) -> None:
        """Push everything waiting, then pull everything new."""
        ledger = self.ledger()
        roster = ledger.roster(store)
        roster_text = json.dumps(roster, sort_keys=True)
        roster_key = hashlib.sha256(roster_text.encode()).hexdigest()
        while True:
            batch = ledger.outbox(store, limit=MAX_BATCH)
            if not batch and roster_key == self._roster_sent:
                break
            body = {"statements": [_body_text(item) for item in batch]}
            if roster_key != self._roster_sent:
                body["roster"] = roster
            await self._call(session, "POST", "/push", body)
            # Delivered: stored, a duplicate, refused (an erased pupil), or a conflict (the hub keeps the
            # first body it got for an id; sending ours again could never change that).
            if batch:
                ledger.mark_pushed(store, [_statement_id(item) for item in batch])
                self._last_sent = dt.datetime.now()
            self._roster_sent = roster_key
            if len(batch) < MAX_BATCH:
                break
        while True:
            cursor = int(self._state.get("cursor", 0))
            answer = await self._call(session, "GET", f"/pull?since={cursor}", None)
            pulled = answer.get("statements") or []
            if answer.get("roster"):  # the hub's: its names, animals and erasures win
                # Applied only when it changed: applying is a write (a disk wait), and an idle tablet pulls
                # every POLL_S; the same roster again changes nothing.
                pulled_key = hashlib.sha256(json.dumps(answer["roster"], sort_keys=True).encode()).hexdigest()
                if pulled_key != self._roster_applied:
                    ledger.apply_roster(store, answer["roster"], authoritative=True)
                    self._roster_applied = pulled_key
                await self._lessons_if_changed(session, str(answer["roster"].get("lessons_digest") or ""))
            if pulled:  # the class's statements (this tablet's own come back too: duplicates, no change)
                ledger.take_in(store, pulled, pushed=True)
            new_cursor = int(answer.get("cursor", cursor))
            if new_cursor != cursor:
                with self._lock:
                    self._state["cursor"] = new_cursor
                self._save_state()
            if self.on_pulled is not None and (pulled or answer.get("roster")):
                try:
                    self.on_pulled(len(pulled))
                except Exception:
                    log.exception("on_pulled failed")
            if not pulled or new_cursor == cursor:
                break

    async def _lessons_if_changed(self, session, digest: str) -> None:
        """The class's lessons and the PC's choice of them, fetched only when the hub says they changed."""
        if not digest or digest == self._state.get("lessons_digest"):
            return
        from .class_lessons import apply_bundle

        bundle = await self._call(session, "GET", "/lessons", None)
        if bundle.get("digest") != digest:
            return  # changed again meanwhile: the next pull brings it
        problems = await asyncio.get_running_loop().run_in_executor(None, apply_bundle, self.data_dir, bundle)
        if problems:
            self._problem = "; ".join(problems[:3])
        with self._lock:
            self._state["lessons_digest"] = digest
        self._save_state()
        self.lessons_changed = True

    async def _call(self, session, method: str, path: str, body: dict | None) -> dict:
        import aiohttp

        url = f"{self._state['address']}{path}"
        headers = {"Authorization": f"Bearer {self._state['token']}"}
        try:
            async with session.request(method, url, json=body, headers=headers) as response:
                if response.status == 401:
                    raise _Refused()
                if response.status != 200:
                    raise _Unreachable(f"the hub answered {response.status}")
                answer = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError) as error:
            raise _Unreachable(f"no answer from {self._state['address']} ({type(error).__name__})") from None
        return answer if isinstance(answer, dict) else {}

    @staticmethod
    async def _request_once(method: str, url: str, body: dict | None, token: str | None,
                            timeout: float) -> tuple[int, Any]:
        import aiohttp

        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
                async with session.request(method, url, json=body, headers=headers) as response:
                    try:
                        answer = await response.json(content_type=None)
                    except ValueError:
                        answer = None
                    return response.status, answer
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            raise JoinError(f"No hub answered at {url.rsplit('/', 1)[0]} ({type(error).__name__}): "
                            "check the address on the board, and that this tablet is on the school's Wi-Fi") from None


def _body_text(item: Any) -> str:
    body = item.body if hasattr(item, "body") else item["body"]
    return body if isinstance(body, str) else json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _statement_id(item: Any) -> str:
    return item.id if hasattr(item, "id") else item["id"]

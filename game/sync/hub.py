"""The class hub on the teacher's PC: tablets push their statements here and pull the class back.

aiohttp serves the routes of docs/sync.md from an asyncio loop on a thread of its own, so the game's
frame loop never waits for the network: teacher mode's "Share with tablets" switch calls ``start()`` and
``stop()``, and ``python play.py hub`` runs the same server with no window. SQLite work runs on one more
thread that owns the hub's store connection (one connection per thread, writes one at a time), so a slow
commit never holds up another tablet's request.

    POST /join  {"code", "device_id", "device_name"} -> {"token", "hub_id"}   403 wrong code, 429 too many
    POST /push  {"roster", "statements": [...]} (<= 500)  -> {"stored", "duplicates", "conflicts", "refused"}
    GET  /pull?since=N                                  -> {"roster", "statements", "cursor"}

Every route but /join needs ``Authorization: Bearer <token>``. Requests from addresses that are not the
school's own network (private, loopback, link-local) are refused unless ``allow_any_network``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from .access import HUB_FILE, Device, HubKeys, WrongCodes, on_school_network

log = logging.getLogger(__name__)

DEFAULT_PORT = 47474  # a port of its own (unassigned), fixed so an address typed on a tablet keeps working
MAX_BATCH = 500
MAX_BODY = 8 * 1024 * 1024  # 500 statements of a few KB each, with room to spare


class HubError(Exception):
    """The hub cannot start; the message is for a teacher."""


@dataclass(frozen=True)
class Received:
    """What one push brought in: for the board to refresh (e.g. a worry from a tablet)."""

    device_id: str
    device_name: str
    stored: int
    duplicates: int
    conflicts: int
    refused: int
    worries: int  # of those stored: the board shows the worries list at once


def lan_address() -> str:
    """This PC's address on the school network, for the board (no packet is sent: connecting a UDP
    socket only asks the system which interface would be used)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        address = probe.getsockname()[0]
    except OSError:
        address = "127.0.0.1"
    finally:
        probe.close()
    return address


class HubServer:
    """The hub, started and stopped from any thread (teacher mode's switch, or ``play.py hub``).

    ``start()`` and ``stop()`` wait (for the port, the store, the last requests: tens of milliseconds,
    more on a busy disk): call them off the frame loop, e.g. on a ``ctx.jobs`` lane. Everything else
    (``address``, ``code``, ``devices()``, ``running``) only reads memory and may be read every frame."""

    def __init__(self, data_dir: Path, port: int = DEFAULT_PORT, host: str = "0.0.0.0",
                 class_name: str | None = None, allow_any_network: bool = False, advertise: bool = True,
                 interfaces: list[str] | None = None, on_received: Callable[[Received], None] | None = None,
                 ledger: ModuleType | None = None, store_file: str | None = None) -> None:
        from ..progress.store import STORE_FILE

        self.data_dir = Path(data_dir)
        self.host, self._port_wanted = host, port
        self.class_name = class_name
        self.allow_any_network = allow_any_network
        self.advertise, self.interfaces = advertise, interfaces
        self.on_received = on_received
        self._ledger = ledger
        self._store_path = self.data_dir / (store_file or STORE_FILE)
        self.keys: HubKeys | None = None
        self.wrong_codes = WrongCodes()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner = None
        self._store_thread: concurrent.futures.ThreadPoolExecutor | None = None
        self._store = None  # opened and used only on _store_thread
        self._class_uids: list[str] | None = None  # None: every class of the PC
        self._port: int | None = None
        self._advert = None
        self._lan: str | None = None  # this PC's address on the school network, found at start
        self._lock = threading.Lock()
        self._lessons = None  # the class's lessons for the tablets (class_lessons.LessonBundle), made on first ask

    # -- the API for teacher mode ------------------------------------------------------
    def start(self, timeout: float = 10.0) -> None:
        """Listen; returns once tablets can connect. Raises HubError (the port is taken, no such class...)."""
        with self._lock:
            if self._thread is not None:
                return
            self.keys = HubKeys(self.data_dir / HUB_FILE)
            self._lan = None  # the PC may have moved to another network since the last start
            self._store_thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="hub-store")
            try:
                self._store_thread.submit(self._open_store).result(timeout)
            except Exception as error:
                self._store_thread.shutdown(wait=False)
                self._store_thread = None
                raise HubError(str(error)) from error
            started: concurrent.futures.Future = concurrent.futures.Future()
            self._thread = threading.Thread(target=self._serve, args=(started,), name="class-hub", daemon=True)
            self._thread.start()
        try:
            started.result(timeout)
        except Exception as error:
            self.stop()
            raise HubError(f"The hub could not listen on port {self._port_wanted} ({error}): "
                           "is another hub already running on this PC?") from error
        if self.advertise:
            self._start_advert()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop listening and close the store; safe to call twice, or after a failed start."""
        with self._lock:
            thread, loop = self._thread, self._loop
            self._thread = None
        if self._advert is not None:
            self._advert.close()
            self._advert = None
        if loop is not None and thread is not None and not loop.is_closed():
            try:
                asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout)
            except (concurrent.futures.TimeoutError, RuntimeError):
                log.warning("the hub did not stop within %s s", timeout)
            try:
                loop.call_soon_threadsafe(loop.stop)
            except RuntimeError:
                pass  # it closed meanwhile
        if thread is not None:
            thread.join(timeout)
        if self._store_thread is not None:
            self._store_thread.submit(self._close_store)
            self._store_thread.shutdown(wait=True)
            self._store_thread = None
        self._loop = None
        self._port = None

    @property
    def running(self) -> bool:
        return self._port is not None

    @property
    def advert_problem(self) -> str | None:
        """Why tablets cannot find this hub by themselves (no multicast here), if so: they type the address."""
        return self._advert.problem if self._advert is not None else None

    @property
    def port(self) -> int | None:
        return self._port

    @property
    def address(self) -> str:
        """What a tablet types: ``http://<this PC on the school network>:<port>``."""
        return f"http://{self._public_host()}:{self._port or self._port_wanted}"

    def _public_host(self) -> str:
        if self.host not in ("0.0.0.0", "::", ""):
            return self.host
        if self._lan is None:
            self._lan = lan_address()
        return self._lan

    @property
    def code(self) -> str:
        return self._keys().code

    @property
    def hub_id(self) -> str:
        return self._keys().hub_id

    def devices(self) -> list[Device]:
        """The tablets that joined (name, when, last seen), for teacher mode's list."""
        return self._keys().devices()

    def forget_device(self, device_id: str) -> bool:
        """A lost tablet: its token stops working at once."""
        return self._keys().forget(device_id)

    def renew_code(self) -> str:
        """A new class code for the board (tablets that joined keep their tokens)."""
        return self._keys().renew_code()

    def _keys(self) -> HubKeys:
        if self.keys is None:
            self.keys = HubKeys(self.data_dir / HUB_FILE)
        return self.keys

    # -- the store thread ---------------------------------------------------------------
    def ledger(self) -> ModuleType:
        if self._ledger is None:
            from . import ledger

            self._ledger = ledger
        return self._ledger

    def _open_store(self) -> None:
        from ..progress.store import ProgressStore

        store = ProgressStore(self._store_path)
        try:
            if self.class_name is not None:
                row = store.db.execute("SELECT uid FROM classes WHERE name = ?", (self.class_name,)).fetchone()
                if row is None:
                    names = ", ".join(name for _, name in store.classes()) or "none yet"
                    raise HubError(f"There is no class called {self.class_name!r} in {self._store_path} "
                                   f"(classes: {names})")
                self._class_uids = [row[0]]
        except BaseException:
            store.close()
            raise
        self._store = store

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _roster(self) -> dict:
        roster = self.ledger().roster(self._store)
        if self._class_uids is not None:  # one class shared: the others' names stay on the PC
            wanted = set(self._class_uids)
            roster = dict(roster)
            roster["classes"] = [c for c in roster.get("classes", []) if c.get("uid") in wanted]
            roster["pupils"] = [p for p in roster.get("pupils", []) if p.get("class_uid") in wanted]
        return roster

    def _take_in(self, device: Device, roster: dict | None, bodies: list[str]) -> dict:
        ledger = self.ledger()
        if roster:  # a tablet's: only what the hub does not know yet is added (the PC's names win)
            ledger.apply_roster(self._store, roster, authoritative=False)
        result = ledger.take_in(self._store, bodies, pushed=True)
        if self.on_received is not None and result.stored:
            try:
                self.on_received(Received(device.device_id, device.name, result.stored, result.duplicates,
                                          len(result.conflicts), len(result.refused), result.worries))
            except Exception:  # the board's refresh must never fail a tablet's push
                log.exception("on_received failed")
        return result.as_dict()

    def _pull(self, since: int, device_id: str | None = None) -> dict:
        bodies, cursor = self.ledger().statements_since(self._store, since, self._class_uids, not_from=device_id)
        roster = {**self._roster(), "lessons_digest": self._lesson_bundle().digest()}
        return {"roster": roster, "statements": list(bodies), "cursor": cursor}

    def _lesson_bundle(self):
        """The PC's lesson choice and the school's own lessons (read on the store thread: it may be a slow share)."""
        if self._lessons is None:
            from .class_lessons import LessonBundle

            self._lessons = LessonBundle(self.data_dir)
        return self._lessons

    def _lessons_answer(self) -> dict:
        return self._lesson_bundle().get()

    # -- the network thread -------------------------------------------------------------
    def _serve(self, started: concurrent.futures.Future) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._listen())
        except BaseException as error:
            loop.close()
            started.set_exception(error)
            return
        self._loop = loop  # only a listening loop is ever stopped from outside
        started.set_result(None)
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _listen(self) -> None:
        from aiohttp import web

        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard()])
        app.router.add_post("/join", self._join)
        app.router.add_post("/push", self._push)
        app.router.add_get("/pull", self._pull_route)
        app.router.add_get("/lessons", self._lessons_route)
        # shutdown_timeout: stopping waits this long for pushes under way (each is one transaction, so
        # one cut short is simply sent again), not aiohttp's default minute, which would freeze the switch.
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=3.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._port_wanted, reuse_address=True)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = site._server.sockets[0].getsockname()[1]  # the real port when 0 (any free one) was asked

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _on_store(self, function: Callable, *args) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._store_thread, function, *args)

    @staticmethod
    def _error(status: int, why: str):
        from aiohttp import web

        return web.json_response({"error": why}, status=status)

    def _guard(self):
        """Every request: the school's network only; every route but /join needs a joined device's token."""
        from aiohttp import web

        @web.middleware
        async def guard(request, handler):
            if not (self.allow_any_network or on_school_network(request.remote)):
                return self._error(403, "this hub only answers devices on the school's own network")
            if request.path != "/join":
                header = request.headers.get("Authorization", "")
                token = header[7:].strip() if header[:7].lower() == "bearer " else ""
                device = self._keys().device_for(token) if token else None
                if device is None:
                    response = self._error(401, "join this hub with the class code first")
                    response.headers["WWW-Authenticate"] = 'Bearer realm="smart-stars"'
                    return response
                request["device"] = device
            return await handler(request)

        return guard

    async def _json(self, request) -> dict | None:
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            return None
        return body if isinstance(body, dict) else None

    async def _join(self, request):
        from aiohttp import web

        from ..progress.store import now

        address = request.remote or "?"
        if self.wrong_codes.blocked(address):
            return self._error(429, "too many wrong codes: wait ten minutes")
        body = await self._json(request)
        if body is None:
            return self._error(400, "send {code, device_id, device_name} as JSON")
        device_id, name = body.get("device_id"), body.get("device_name", "")
        if not isinstance(device_id, str) or not 8 <= len(device_id) <= 64 or not isinstance(name, str):
            return self._error(400, "device_id (8-64 characters) and device_name (text) are needed")
        if not self._keys().code_matches(body.get("code")):
            self.wrong_codes.wrong(address)
            return self._error(403, "that is not this class's code")
        keys = self._keys()
        token = keys.join(device_id, name.strip()[:60] or device_id[:8], now())
        await self._on_store(keys.save)  # fsync: off the network loop
        return web.json_response({"token": token, "hub_id": keys.hub_id})

    async def _push(self, request):
        from aiohttp import web

        from ..progress.store import now

        body = await self._json(request)
        if body is None:
            return self._error(400, 'send {"roster": {...}, "statements": [...]} as JSON')
        statements, roster = body.get("statements", []), body.get("roster")
        if not isinstance(statements, list) or (roster is not None and not isinstance(roster, dict)):
            return self._error(400, "statements must be a list and roster an object")
        if len(statements) > MAX_BATCH:
            return self._error(413, f"at most {MAX_BATCH} statements in one push")
        # A statement travels as its stored JSON text (a string), so the hub keeps the very bytes the
        # tablet made; the ledger also takes one sent as an object (another client).
        if not all(isinstance(item, (str, dict)) for item in statements):
            return self._error(400, "each statement is its JSON text or a JSON object")
        bodies = statements
        device = request["device"]
        device.last_seen = now()
        answer = await self._on_store(self._take_in, device, roster, bodies)
        return web.json_response(answer)

    async def _pull_route(self, request):
        from aiohttp import web

        from ..progress.store import now

        try:
            since = int(request.query.get("since", "0"))
        except ValueError:
            return self._error(400, "since must be a whole number (the cursor the last pull gave)")
        request["device"].last_seen = now()
        return web.json_response(await self._on_store(self._pull, max(0, since), request["device"].device_id))

    async def _lessons_route(self, request):
        from aiohttp import web

        return web.json_response(await self._on_store(self._lessons_answer))

    # -- zeroconf -----------------------------------------------------------------------
    def _start_advert(self) -> None:
        from .discovery import Advert

        self._advert = Advert(self.hub_id, self._public_host(), self._port, interfaces=self.interfaces)
        self._advert.start()

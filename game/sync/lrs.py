"""Forwarding statements to a Learning Record Store beyond the school (issue 17 point 6, docs/sync.md).

A multi-academy trust or a local authority may run an LRS already (Ralph, SQL LRS, Learning Locker...).
The hub, or a single device, sends it the statements its store keeps, as they are: the exact JSON text
recorded when the child acted, never rebuilt, so a resend is byte for byte the same and the LRS, which
stores each statement id once (xAPI 1.0.3: same id and content is a no-op), never gets a second copy.
Only statements leave (opaque pupil ids, never a name, never the roster).

``LrsForwarder`` runs on its own daemon thread: a slow or absent LRS never touches the frame loop.
The http.client of the standard library does the talking: one POST of a JSON array at a time over one
kept-alive connection is all this needs, and the game's own dependencies stay as they are.

What each answer of the LRS means here (xAPI 1.0.3, Communication 2.1.2 and 3.2):
- 200 (the ids, in order) or 204 (it had them all): delivered; marked forwarded.
- 409 for one statement: the LRS already holds that id: delivered as far as this device goes (a resend
  could never change it); the batch's others are sent without it.
- 400/422 (a statement it will not take): the batch is halved until the one it refuses is alone; that one is
  marked refused with the LRS's reason, and the rest go on: one bad statement never blocks the others.
  Only once this LRS has taken some statement, though: one that refuses them all (a proxy or an address that
  answers 400 to everything) is a problem to put right, not a reason to give up on every statement.
- 413 (too large): the batch size is halved for good (down to one statement, then that one is refused).
- 401/403 (wrong key or secret), 404 (no statements resource there), other answers: nothing is marked,
  ``problem`` tells the teacher what to check, and it tries again later.
- No answer, or 5xx/429/408: tried again after 1 s, doubling to 60 s.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import ssl
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Protocol, Sequence
from urllib.parse import urlsplit

from ..engine.private_files import read_owned, write_private
from ..progress.store import STORE_FILE, ProgressStore
from . import ledger

API_VERSION = "1.0.3"
BATCH_SIZE = 100
FIRST_BACKOFF = 1.0  # seconds before the first retry, doubling ...
MAX_BACKOFF = 60.0  # ... to at most this
IDLE_SECONDS = 30.0  # with nothing to send, look again this often (or at once when woken)
FIRST_LOOK = 5.0  # the game's forwarder starts after this: a term's backlog never competes with start-up
TIMEOUT = 30.0  # seconds to connect, and to wait for each answer
NOTICE_AFTER = 600.0  # an LRS out of reach this long is worth a notice on the board (a wrong key is at once)
SECRET_FILE = "lrs-secret"  # in the data folder, 0600: the LRS secret is never in settings.json nor a log

log = logging.getLogger(__name__)


class StatementSource(Protocol):
    """Where the statements to forward are kept (the store's ``statements`` table via game/sync/ledger.py).

    Called only on the forwarder's own thread. ``unforwarded`` lists neither forwarded nor refused ones,
    oldest first."""

    def unforwarded(self, limit: int) -> list[tuple[str, str]]: ...  # (statement id, exact JSON text)

    def mark_forwarded(self, ids: Sequence[str]) -> None: ...

    def mark_refused(self, statement_id: str, why: str) -> None: ...


class LrsSettingsError(ValueError):
    """An endpoint, key or secret that cannot work; the message says what to type instead."""


@dataclass(frozen=True)
class LrsConfig:
    """Where to forward and as whom. ``secret`` is kept out of ``repr`` so no log or traceback shows it."""

    endpoint: str  # as the teacher typed it: the LRS's xAPI base (…/xAPI) or its statements resource
    key: str
    secret: str = field(repr=False)

    @property
    def statements_url(self) -> str:
        return statements_url(self.endpoint)

    def authorization(self) -> str:
        return "Basic " + base64.b64encode(f"{self.key}:{self.secret}".encode("utf-8")).decode("ascii")


def statements_url(endpoint: str) -> str:
    """``<endpoint>/statements`` for an LRS's xAPI base address (a teacher pasting the statements address
    itself gets that); raises LrsSettingsError, saying what is wrong, for anything that cannot be one."""
    text = (endpoint or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LrsSettingsError(f"'{text}' is not a web address: the LRS's address starts with https://")
    if parts.username or parts.password:
        raise LrsSettingsError("Put the key and secret in their own boxes, not in the address")
    if parts.query or parts.fragment:
        raise LrsSettingsError(f"'{text}' has a ?query or #part: give the LRS's xAPI address only")
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise LrsSettingsError(f"'{text}' has a port that is not a number") from None
    path = parts.path.rstrip("/")
    if not path.endswith("/statements"):
        path += "/statements"
    return f"{parts.scheme}://{parts.netloc}{path}"


def save_secret(data_dir: Path, secret: str) -> None:
    """The LRS secret, in its own file only this user can read (game/engine/private_files.py)."""
    write_private(data_dir / SECRET_FILE, secret)


def load_secret(data_dir: Path) -> str | None:
    data = read_owned(data_dir / SECRET_FILE)  # never through a symlink, never another user's file
    if not data:
        return None
    return data.decode("utf-8", errors="replace").strip() or None


def config_from(data_dir: Path, endpoint: str | None, key: str | None) -> LrsConfig | None:
    """The forwarding the teacher set up (endpoint and key from settings, the secret from its own file),
    or None if any of the three is missing: then nothing is forwarded."""
    secret = load_secret(data_dir)
    if not endpoint or not key or not secret:
        return None
    return LrsConfig(endpoint=endpoint, key=key, secret=secret)


def backoff(failures: int, first: float = FIRST_BACKOFF, most: float = MAX_BACKOFF) -> float:
    """Seconds to wait after ``failures`` failures in a row: 1, 2, 4 ... 60, 60."""
    return min(most, first * 2 ** max(0, min(failures - 1, 30)))


class LrsUnavailable(Exception):
    """Nothing more can be sent now (no answer, a wrong key...); ``str`` is what the teacher is told.
    What was sent before it stays marked as sent. ``setup``: only the teacher can put it right."""

    def __init__(self, problem: str, setup: bool = False) -> None:
        super().__init__(problem)
        self.setup = setup


class LrsForwarder:
    """Sends ``source``'s unforwarded statements to the LRS, batch by batch, on its own thread.

    ``problem`` (None when all is well) is for the teacher, and is read by the frame loop as it is:
    assigning a str is atomic. ``forwarded``/``refused`` count this run's statements."""

    def __init__(self, config: LrsConfig, source: StatementSource, *, batch_size: int = BATCH_SIZE,
                 first_backoff: float = FIRST_BACKOFF, max_backoff: float = MAX_BACKOFF,
                 idle_seconds: float = IDLE_SECONDS, timeout: float = TIMEOUT, first_look: float = 0.0,
                 notice_after: float = NOTICE_AFTER) -> None:
        self.url = statements_url(config.endpoint)  # a bad address is refused here, before any thread
        self._config = config
        self._source = source
        self.batch_size = max(1, int(batch_size))
        self._first_backoff, self._max_backoff = first_backoff, max_backoff
        self._idle_seconds, self._timeout, self._first_look = idle_seconds, timeout, first_look
        self._notice_after = notice_after
        self.problem: str | None = None
        self._setup_problem = False  # the problem is one only the teacher can put right (key, address)
        self._failing_since: float | None = None
        self.forwarded = 0
        self.refused = 0
        self.requests = 0
        self._taken_any = False  # this LRS has taken a statement: its 400s are about the statements, then
        self._connection: http.client.HTTPConnection | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"LrsForwarder({self.url!r}, key={self._config.key!r})"  # never the secret

    # -- what the game calls (any thread; never waits for the network) ---------------------
    def start(self) -> "LrsForwarder":
        self._thread = threading.Thread(target=self._run, name="lrs-forwarder", daemon=True)
        self._thread.start()
        return self

    def wake(self) -> None:
        """Something new was recorded: send it now rather than at the next idle look."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the request in flight (if any); waits at most ``timeout`` seconds for that."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def notice(self) -> str | None:
        """The problem, once it is worth a grown-up's attention: at once for a key or address only they can
        put right; for an LRS out of reach, only after ``notice_after`` seconds of it (a tablet off the school's
        network for a lesson is not news: everything waits and goes later)."""
        problem, since = self.problem, self._failing_since
        if problem is None:
            return None
        if self._setup_problem or (since is not None and time.monotonic() - since >= self._notice_after):
            return problem
        return None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the forwarder's thread --------------------------------------------------------------
    def _run(self) -> None:
        failures = 0
        if self._first_look:
            self._wake.wait(self._first_look)  # (``wake`` or ``stop`` end it sooner)
            self._wake.clear()
        try:
            while not self._stop.is_set():
                try:
                    handled = self.forward_once()
                except LrsUnavailable as problem:
                    failures += 1
                    self._tell(str(problem), problem.setup)
                    self._stop.wait(backoff(failures, self._first_backoff, self._max_backoff))
                    continue
                except Exception as error:  # a store that cannot be read or written (disk, locked): later
                    failures += 1
                    self._tell(f"Could not read or mark the statements to forward ({error}): trying again")
                    self._stop.wait(backoff(failures, self._first_backoff, self._max_backoff))
                    continue
                failures = 0
                self._failing_since = None
                if self.problem is not None:
                    self.problem = None
                    log.info("forwarding to %s again", self.url)
                if handled < self.batch_size:  # all sent: wait for more
                    self._wake.wait(self._idle_seconds)
                    self._wake.clear()
        finally:
            self._disconnect()
            close = getattr(self._source, "close", None)
            if close is not None:
                close()

    def _tell(self, problem: str, setup: bool = False) -> None:
        if problem != self.problem:
            log.warning("%s", problem)  # the problem's words never hold the secret
        if self._failing_since is None:
            self._failing_since = time.monotonic()
        self._setup_problem = setup
        self.problem = problem

    def forward_once(self) -> int:
        """One batch of unforwarded statements sent, each marked forwarded or refused; returns how many.
        Raises LrsUnavailable when the LRS cannot be reached or will not take anything yet. Called on the
        forwarder's thread (or, with no thread started, by ``play.py lrs --send`` and tests)."""
        batch = self._source.unforwarded(self.batch_size)
        if batch:
            refusals: list[tuple[str, str]] = []
            self._deliver(batch, refusals)
            if refusals and not self._taken_any:
                raise LrsUnavailable(f"The LRS at {self.url} refuses every statement ({refusals[0][1]}): check "
                                     "its address (python play.py lrs). It will try again.", setup=True)
            for statement_id, why in refusals:
                log.warning("the LRS refused statement %s: %s", statement_id, why)
                self._source.mark_refused(statement_id, why)
                self.refused += 1
        return len(batch)

    def _deliver(self, batch: list[tuple[str, str]], refusals: list[tuple[str, str]]) -> None:
        """``batch`` sent, halved as the LRS's answers say; what it took marked forwarded at once, what it
        refused added to ``refusals``."""
        status, reason, text = self._post([body for _, body in batch])
        ids = [statement_id for statement_id, _ in batch]
        if status in (200, 204):
            self._taken_any = True
            self._forwarded(ids)
            return
        if status == 413 and len(batch) > 1:
            self.batch_size = max(1, min(self.batch_size, len(batch)) // 2)
            log.info("the LRS found %d statements too many at once: sending %d", len(batch), self.batch_size)
            for start in range(0, len(batch), self.batch_size):
                self._deliver(batch[start:start + self.batch_size], refusals)
            return
        if status in (400, 409, 413, 422):
            if len(batch) > 1:  # which one? halve until it is alone; the others go on
                middle = len(batch) // 2
                self._deliver(batch[:middle], refusals)
                self._deliver(batch[middle:], refusals)
            elif status == 409:  # the LRS holds this id already: nothing a resend could change
                log.info("the LRS already had statement %s (409): counted as forwarded", ids[0])
                self._taken_any = True
                self._forwarded(ids)
            else:
                refusals.append((ids[0], f"HTTP {status} {reason}: {_detail(text)}"))
            return
        where = self.url
        if status in (401, 403):
            raise LrsUnavailable(f"The LRS at {where} did not accept the key and secret (HTTP {status} {reason}): "
                                 "check them (python play.py lrs). It will try again.", setup=True)
        if status == 404:
            raise LrsUnavailable(f"No xAPI statements at {where} (HTTP 404): check the LRS's address "
                                 "(python play.py lrs). It will try again.", setup=True)
        if status in (301, 302, 303, 307, 308):
            raise LrsUnavailable(f"The LRS at {where} has moved (HTTP {status}): check its address "
                                 "(python play.py lrs). It will try again.", setup=True)
        raise LrsUnavailable(f"The LRS at {where} answered HTTP {status} {reason} ({_detail(text)}): "
                             "it will try again.")

    def _forwarded(self, ids: list[str]) -> None:
        self._source.mark_forwarded(ids)
        self.forwarded += len(ids)

    def _post(self, bodies: list[str]) -> tuple[int, str, str]:
        """POST the statements as one JSON array made of their stored texts, unchanged; on one kept-alive
        connection, made again once if the LRS had closed it meanwhile."""
        payload = ("[" + ",".join(bodies) + "]").encode("utf-8")
        parts = urlsplit(self.url)
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "X-Experience-API-Version": API_VERSION,
                   "Authorization": self._config.authorization(),
                   "Accept": "application/json"}
        for attempt in (1, 2):
            reused = self._connection is not None
            try:
                connection = self._connect(parts)
                connection.request("POST", parts.path, body=payload, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", errors="replace")
                self.requests += 1
                if response.will_close:
                    self._disconnect()
                return response.status, response.reason, text
            except (OSError, http.client.HTTPException) as error:
                self._disconnect()
                if reused and attempt == 1:
                    continue  # a kept-alive connection the LRS had closed: once more on a new one
                raise LrsUnavailable(f"Could not reach the LRS at {self.url} ({_describe(error)}): "
                                     "it will try again.") from None
        raise AssertionError("unreachable")

    def _connect(self, parts) -> http.client.HTTPConnection:
        if self._connection is None:
            if parts.scheme == "https":
                self._connection = http.client.HTTPSConnection(
                    parts.hostname, parts.port, timeout=self._timeout, context=ssl.create_default_context())
            else:
                self._connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self._timeout)
        return self._connection

    def close(self) -> None:
        """The kept-alive connection closed (after ``forward_once`` called without the thread)."""
        self._disconnect()

    def _disconnect(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _detail(text: str, limit: int = 300) -> str:
    """The LRS's own words about a refusal, short: Ralph's {"detail": ...}, else the start of the text."""
    try:
        detail = json.loads(text).get("detail", text)
    except (ValueError, AttributeError):
        detail = text
    if not isinstance(detail, str):
        detail = json.dumps(detail, ensure_ascii=False)
    detail = " ".join(detail.split())
    return detail[:limit] + ("…" if len(detail) > limit else "") if detail else "no reason given"


def _describe(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "nothing answers there"
    if isinstance(error, TimeoutError):
        return "no answer in time"
    if isinstance(error, ssl.SSLError):
        return f"its certificate or secure connection failed: {error.reason or error}"
    return str(error) or type(error).__name__


class StoreSource:
    """The progress store's ``statements`` (game/sync/ledger.py) as a StatementSource. The store is opened
    on first use, so on the forwarder's thread, with its own connection (the game's recorder has another;
    SQLite's WAL lets both go on), and opened again after anything went wrong with it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store: ProgressStore | None = None

    def _open(self) -> ProgressStore:
        if self._store is None:
            self._store = ProgressStore(self.path)
        return self._store

    def unforwarded(self, limit: int) -> list[tuple[str, str]]:
        with self._reopening():
            return [(s.id, s.body) for s in ledger.unforwarded(self._open(), limit)]

    def mark_forwarded(self, ids: Sequence[str]) -> None:
        with self._reopening():
            ledger.mark_forwarded(self._open(), ids)

    def mark_refused(self, statement_id: str, why: str) -> None:
        with self._reopening():
            ledger.mark_refused(self._open(), statement_id, why)

    def close(self) -> None:
        if self._store is not None:
            store, self._store = self._store, None
            store.close()

    @contextmanager
    def _reopening(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            try:
                self.close()
            except Exception:
                pass  # it failed already; the next use opens it again
            raise


class NotForwarding:
    """Forwarding that is set up but cannot start (an address hand-edited into settings.json that is not
    one): it says why, as a forwarder would, and stops as one does."""

    running = False

    def __init__(self, problem: str) -> None:
        self.problem = self.notice = problem

    def wake(self) -> None:
        pass

    def stop(self, timeout: float = 0.0) -> None:
        pass


def start_forwarding(data_dir: Path, endpoint: str | None, key: str | None,
                     **options) -> "LrsForwarder | NotForwarding | None":
    """The game's (or the hub's) forwarder to the LRS set up in ``data_dir``, started; None if none is set
    up. Reads one small file (the secret): called once at start, not per frame."""
    config = config_from(data_dir, endpoint, key)
    if config is None:
        return None
    options.setdefault("first_look", FIRST_LOOK)
    try:
        forwarder = LrsForwarder(config, StoreSource(data_dir / STORE_FILE), **options)
    except LrsSettingsError as problem:
        return NotForwarding(f"Statements are not forwarded to the LRS: {problem} (python play.py lrs)")
    return forwarder.start()

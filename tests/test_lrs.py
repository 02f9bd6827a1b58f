"""Forwarding statements to an external LRS (game/sync/lrs.py), against a REAL Ralph LRS on loopback.

Ralph (PyPI ralph-malph 5.1.0, file-system backend) is installed once into its own virtual environment
(it pins its own dependency versions) kept in pytest's temporary root, so a second run reuses it; it is
started by tests/ralph_lrs.py, which works around two bugs of its fs backend (see that file). Without
the network to install it, these tests FAIL saying so: they never skip.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pytest

from game.progress.store import ProgressStore
from game.sync import ledger, lrs, xapi
from game.sync.lrs import LrsConfig, LrsForwarder, LrsSettingsError

RALPH = "ralph-malph[cli,lrs]==5.1.0"
# Ralph 5.1.0's [lrs] extra forgets one package its API imports (ralph/api/auth/oidc.py: import requests).
RALPH_MISSING = "requests"
LAUNCHER = Path(__file__).with_name("ralph_lrs.py")
KEY, SECRET = "trust-tablets", "s3cret-Only-For-Tests"
HOME = "https://smart-stars.invalid/ralph-user"  # the forwarder's own agent in Ralph (the statements' authority)


# -- Ralph, for real ------------------------------------------------------------------------------
def _cache_root(tmp_path_factory) -> Path:
    """pytest's own temporary root (pytest-of-USER), kept between runs; --basetemp's folder otherwise."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.parent.name.startswith("pytest-of-") else base


@pytest.fixture(scope="session")
def ralph_python(tmp_path_factory) -> Path:
    """The python of a virtual environment holding Ralph, made once and kept in pytest's temporary root."""
    root = _cache_root(tmp_path_factory)
    tag = f"ralph-5.1.0-py{sys.version_info[0]}{sys.version_info[1]}"
    venv = root / tag
    python = venv / "bin" / "python"
    if (venv / "ready").exists():
        return python
    building = root / f"{tag}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    env = {**os.environ, "PIP_CACHE_DIR": str(root / "pip-cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    try:
        subprocess.run([sys.executable, "-m", "venv", str(building)], check=True, capture_output=True, timeout=120)
        done = subprocess.run([str(building / "bin" / "python"), "-m", "pip", "install", "-q", RALPH, RALPH_MISSING],
                              capture_output=True, text=True, timeout=600, env=env)
    except (subprocess.SubprocessError, OSError) as error:
        shutil.rmtree(building, ignore_errors=True)
        pytest.fail(f"Could not make a virtual environment for Ralph LRS: {error}", pytrace=False)
    if done.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        tail = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("WARNING"))[-1500:]
        pytest.fail(f"Could not install {RALPH} from PyPI (these tests need the network once, to install the "
                    f"real LRS they forward to; they do not skip without it):\n{tail}", pytrace=False)
    (building / "ready").write_text(RALPH)
    try:
        building.rename(venv)  # whole or not at all; another session may have made one meanwhile
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
    return python


@pytest.fixture(scope="session")
def ralph_app_dir(ralph_python, tmp_path_factory) -> Path:
    """Ralph's app folder with one Basic-auth user (the key and secret the forwarder sends)."""
    app_dir = tmp_path_factory.mktemp("ralph-app")
    done = subprocess.run([str(ralph_python), "-m", "ralph", "auth", "-u", KEY, "-p", SECRET, "-s", "all",
                           "-A", "forwarder", HOME, "-w"],
                          env=_ralph_env(app_dir, app_dir), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return app_dir


def _ralph_env(app_dir: Path, data_dir: Path) -> dict:
    return {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_RUNSERVER_AUTH_BACKENDS": "basic",
            "RALPH_APP_DIR": str(app_dir), "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data_dir)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Ralph:
    """One Ralph LRS process on 127.0.0.1, its statements in ``data_dir``; stop and start it again at will."""

    def __init__(self, python: Path, app_dir: Path, data_dir: Path) -> None:
        self.python, self.app_dir, self.data_dir = python, app_dir, data_dir
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self.log = data_dir.parent / f"ralph-{self.port}.log"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> "Ralph":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([str(self.python), str(LAUNCHER), "serve", "127.0.0.1", str(self.port)],
                                            env=_ralph_env(self.app_dir, self.data_dir), stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Ralph stopped at start:\n{self.log.read_text()[-2000:]}", pytrace=False)
            try:
                if self.request("GET", "/__lbheartbeat__")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        pytest.fail(f"Ralph did not answer within 30 s:\n{self.log.read_text()[-2000:]}", pytrace=False)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def request(self, method: str, path: str, body: bytes | None = None, secret: str = SECRET):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            auth = base64.b64encode(f"{KEY}:{secret}".encode()).decode()
            connection.request(method, path, body=body, headers={
                "Authorization": f"Basic {auth}", "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def statements(self, query: str = "", pupil: str | None = None) -> list[dict]:
        """Every statement GET /statements answers (about ``pupil`` only, if given), following ``more`` pages."""
        if pupil:
            query += "&agent=" + quote(json.dumps({"objectType": "Agent",
                                                   "account": {"homePage": xapi.HOME_PAGE, "name": pupil}}))
        found, path = [], f"/xAPI/statements?limit=500{query}"
        while path:
            status, text = self.request("GET", path)
            assert status == 200, text
            page = json.loads(text)
            found.extend(page["statements"])
            path = page.get("more") or None
            if path and not page["statements"]:
                break
        return found


@pytest.fixture
def ralph(ralph_python, ralph_app_dir, tmp_path):
    """An LRS of the test's own (it may be stopped, or must hold nothing else)."""
    server = Ralph(ralph_python, ralph_app_dir, tmp_path / "lrs").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared_ralph(ralph_python, ralph_app_dir, tmp_path_factory):
    """One LRS for the tests that look only at their own pupil's statements (a start costs a second or more)."""
    server = Ralph(ralph_python, ralph_app_dir, tmp_path_factory.mktemp("shared") / "lrs").start()
    yield server
    server.stop()


@pytest.fixture
def pupil() -> str:
    return uuid.uuid4().hex


# -- statements and where they wait ---------------------------------------------------------------
class ListSource:
    """The forwarder's interface over a plain list (the store's ``statements`` table's stand-in)."""

    def __init__(self, statements: list[dict] | None = None) -> None:
        self.lock = threading.Lock()
        self.rows: dict[str, dict] = {}  # id -> {"body", "forwarded", "refused"}
        self.add(statements or [])

    def add(self, statements: list[dict]) -> None:
        with self.lock:
            for statement in statements:
                self.rows[statement["id"]] = {"body": json.dumps(statement, separators=(",", ":")),
                                              "forwarded": False, "refused": None}

    def unforwarded(self, limit: int) -> list[tuple[str, str]]:
        with self.lock:
            waiting = [(sid, row["body"]) for sid, row in self.rows.items()
                       if not row["forwarded"] and row["refused"] is None]
        return waiting[:limit]

    def mark_forwarded(self, ids) -> None:
        with self.lock:
            for sid in ids:
                assert not self.rows[sid]["forwarded"], f"{sid} marked forwarded twice"
                self.rows[sid]["forwarded"] = True

    def mark_refused(self, statement_id: str, why: str) -> None:
        with self.lock:
            self.rows[statement_id]["refused"] = why

    def forwarded(self) -> set[str]:
        with self.lock:
            return {sid for sid, row in self.rows.items() if row["forwarded"]}

    def refused(self) -> dict[str, str]:
        with self.lock:
            return {sid: row["refused"] for sid, row in self.rows.items() if row["refused"] is not None}


def answered(pupil: str | None = None, success: bool = True) -> dict:
    """A child's answer, made by the game's own statement builder (game/sync/xapi.py)."""
    attempt, answer = uuid.uuid4().hex, "tell-a-grown-up" if success else "keep-it-secret"
    who = xapi.Who(pupil or uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex)
    _, body = xapi.statement(
        "answered", who, "2026-12-07T09:15:02.250000+00:00",
        {"lesson": "safe-secrets", "letter": "safe", "attempt": attempt, "scene": "q2", "answer": answer,
         "right": success, "try": 1, "seconds": 4.2, "uid": uuid.uuid4().hex},
        attempt_id=attempt, result={"success": success, "response": answer, "duration": xapi.duration(4.2)})
    return json.loads(body)


def as_sent(statement: dict) -> dict:
    """What the LRS gives back, less what an LRS adds to each statement it stores."""
    return {key: value for key, value in statement.items() if key not in ("stored", "authority", "version")}


def wait_for(condition, seconds: float = 30.0, what: str = "it") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.02)


def forwarder(ralph: Ralph, source, secret: str = SECRET, **options) -> LrsForwarder:
    options = {"first_backoff": 0.05, "max_backoff": 0.4, "idle_seconds": 0.05, **options}
    return LrsForwarder(LrsConfig(ralph.endpoint, KEY, secret), source, **options)


# -- against Ralph --------------------------------------------------------------------------------
def test_a_batch_arrives_with_exactly_those_ids_and_the_same_content(ralph):
    statements = [answered(success=n % 3 != 0) for n in range(250)]
    source = ListSource(statements)
    sender = forwarder(ralph, source, batch_size=100).start()
    started = time.perf_counter()
    try:
        wait_for(lambda: len(source.forwarded()) == 250, what="forwarding 250 statements")
    finally:
        sender.stop()
    elapsed = time.perf_counter() - started
    print(f"lrs_forward_statements_per_s {250 / elapsed:.0f} (250 statements, batches of 100, Ralph fs)")
    assert sender.requests == 3  # 100 + 100 + 50: batches, not one request per statement
    assert sender.problem is None and not source.refused()
    stored = ralph.statements()
    assert sorted(s["id"] for s in stored) == sorted(s["id"] for s in statements)
    sent = {s["id"]: s for s in statements}
    for statement in stored:
        assert as_sent(statement) == sent[statement["id"]]


def test_sending_twice_leaves_one_copy(shared_ralph, pupil):
    ralph = shared_ralph
    first = [answered(pupil) for _ in range(40)]
    source = ListSource(first)
    sender = forwarder(ralph, source, batch_size=25)
    while sender.forward_once():
        pass
    # The device forgets it sent them (a power cut between the LRS's answer and the commit that marks them),
    # and more are recorded meanwhile: the same bytes go again, mixed with new ones.
    for row in source.rows.values():
        row["forwarded"] = False
    second = [answered(pupil) for _ in range(15)]
    source.add(second)
    while sender.forward_once():
        pass
    assert source.forwarded() == {s["id"] for s in first + second}
    ids = [s["id"] for s in ralph.statements(pupil=pupil)]
    assert len(ids) == len(set(ids)) == 55
    assert set(ids) == {s["id"] for s in first + second}


def test_an_id_the_lrs_holds_with_other_content_counts_as_delivered_and_blocks_nothing(shared_ralph, pupil):
    ralph = shared_ralph
    taken = answered(pupil)
    source = ListSource([taken])
    sender = forwarder(ralph, source)
    sender.forward_once()
    # The same id made again with other content (a store restored from an old backup that reused it):
    # the LRS answers 409 for it, and nothing a resend could ever change. The new ones still go.
    changed = {**taken, "result": {**taken["result"], "success": False}}
    later = ListSource([answered(pupil), changed, answered(pupil), answered(pupil)])
    sender = forwarder(ralph, later)
    while sender.forward_once():
        pass
    assert later.forwarded() == set(later.rows) and not later.refused()
    stored = {s["id"]: s for s in ralph.statements(pupil=pupil)}
    assert set(stored) == set(later.rows)
    assert stored[taken["id"]]["result"]["success"] is True  # the LRS keeps what it had


def test_the_lrs_stopped_midway_then_restarted_gets_everything_exactly_once(ralph):
    source = ListSource([answered() for _ in range(200)])
    sender = forwarder(ralph, source, batch_size=10).start()
    try:
        wait_for(lambda: len(source.forwarded()) >= 30, what="the first batches")
        ralph.stop()  # mid-way: the LRS goes (a batch may be in flight) ...
        source.add([answered() for _ in range(50)])  # ... while the class plays on
        sender.wake()
        wait_for(lambda: sender.problem is not None, what="a problem for the teacher")
        assert "Could not reach the LRS" in sender.problem and "try again" in sender.problem
        assert sender.notice is None  # not worth a notice yet
        assert 30 <= len(source.forwarded()) < 250
        time.sleep(0.3)  # a few retries fail, backing off
        ralph.start()
        wait_for(lambda: len(source.forwarded()) == 250, what="everything after the restart")
        wait_for(lambda: sender.problem is None, what="the problem clearing")
    finally:
        sender.stop()
    ids = [s["id"] for s in ralph.statements()]
    assert len(ids) == len(set(ids)) == 250
    assert set(ids) == set(source.rows)


def test_a_wrong_secret_marks_nothing_and_tells_the_teacher_without_the_secret(shared_ralph, pupil, caplog):
    ralph = shared_ralph
    caplog.set_level(logging.DEBUG)
    source = ListSource([answered(pupil) for _ in range(5)])
    wrong = "not-the-Secret-42"
    sender = forwarder(ralph, source, secret=wrong).start()
    try:
        wait_for(lambda: sender.problem is not None, what="a problem for the teacher")
        time.sleep(0.2)  # it keeps trying (backing off) and still marks nothing
    finally:
        sender.stop()
    assert "did not accept the key and secret" in sender.problem and "401" in sender.problem
    assert "python play.py lrs" in sender.problem and sender.notice == sender.problem
    assert source.forwarded() == set() and source.refused() == {}
    assert ralph.statements(pupil=pupil) == []
    told = caplog.text + sender.problem + repr(sender) + repr(LrsConfig(ralph.endpoint, KEY, wrong))
    assert wrong not in told and SECRET not in told
    assert base64.b64encode(f"{KEY}:{wrong}".encode()).decode() not in told


def test_one_bad_statement_is_refused_with_the_reason_and_the_others_arrive(shared_ralph, pupil):
    ralph = shared_ralph
    statements = [answered(pupil) for _ in range(30)]
    statements[17]["actor"] = {"objectType": "Agent", "name": "Zoë"}  # nobody identified: refused
    source = ListSource(statements)
    sender = forwarder(ralph, source, batch_size=30)
    while sender.forward_once():
        pass
    bad = statements[17]["id"]
    assert set(source.refused()) == {bad}
    print(source.refused()[bad])
    assert "HTTP 4" in source.refused()[bad] and "actor" in source.refused()[bad]
    assert source.forwarded() == {s["id"] for s in statements} - {bad}
    assert sorted(s["id"] for s in ralph.statements(pupil=pupil)) == sorted(source.forwarded())
    assert sender.requests <= 2 * 5 + 1  # halving finds it in about 2·log2(30) requests, not 30


@contextmanager
def proxy(ralph: Ralph, answer) -> Iterator[str]:
    """A web server in front of Ralph, as nginx often is: ``answer(body)`` is a status it answers itself, or
    None to pass the request on to Ralph and Ralph's answer back. Yields the LRS's address through it."""

    class Proxy(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = answer(body)
            data = b'{"detail": "refused by the proxy"}'
            if status is None:
                connection = http.client.HTTPConnection("127.0.0.1", ralph.port, timeout=10)
                connection.request("POST", self.path, body=body, headers=dict(self.headers))
                response = connection.getresponse()
                status, data = response.status, response.read()
                connection.close()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/xAPI"
    finally:
        server.shutdown()
        server.server_close()


def test_a_proxy_that_finds_the_batch_too_large_halves_it(shared_ralph, pupil):
    """nginx's client_max_body_size in front of an LRS answers 413 for a body over the limit."""
    limit = 12_000
    statements = [answered(pupil) for _ in range(100)]
    source = ListSource(statements)
    with proxy(shared_ralph, lambda body: 413 if len(body) > limit else None) as endpoint:
        sender = LrsForwarder(LrsConfig(endpoint, KEY, SECRET), source, batch_size=100)
        while sender.forward_once():
            pass
    one = len(json.dumps(statements[0], separators=(",", ":")))
    assert sender.batch_size * one <= limit < 2 * sender.batch_size * one + 100  # halved just enough
    assert source.forwarded() == {s["id"] for s in statements} and not source.refused()
    assert len(shared_ralph.statements(pupil=pupil)) == 100


def test_what_is_sent_is_the_stored_text_byte_for_byte_every_time(shared_ralph, tmp_path):
    path = tmp_path / "progress.sqlite3"
    with ProgressStore(path) as store:
        record_a_morning(store)
        texts = [s.body for s in ledger.unforwarded(store, 1000)]
    sent: list[bytes] = []
    with proxy(shared_ralph, lambda body: sent.append(body)) as endpoint:
        for _ in range(2):  # the second time as after a power cut lost the marks
            source = lrs.StoreSource(path)
            sender = LrsForwarder(LrsConfig(endpoint, KEY, SECRET), source, batch_size=1000)
            sender.forward_once()
            sender.close()
            with ProgressStore(path) as store:
                store.db.execute("UPDATE statements SET forwarded = 0")
            source.close()
    assert sent == [("[" + ",".join(texts) + "]").encode("utf-8")] * 2


def test_an_lrs_that_refuses_every_statement_is_a_problem_to_put_right_not_a_reason_to_give_up(shared_ralph):
    source = ListSource([answered() for _ in range(8)])
    with proxy(shared_ralph, lambda body: 400) as endpoint:
        sender = LrsForwarder(LrsConfig(endpoint, KEY, SECRET), source)
        with pytest.raises(lrs.LrsUnavailable, match="refuses every statement") as refused:
            sender.forward_once()
    assert refused.value.setup and "refused by the proxy" in str(refused.value)
    assert source.refused() == {} and source.forwarded() == set()  # every one still waits


# -- every kind of statement the game makes -------------------------------------------------------
NAMES = ["Zoë", "José", "Siobhán", "Aleksandra-Marie", "Bo", "Nguyễn", "Mohammed-Ali"]


def record_a_morning(store: ProgressStore) -> None:
    """Every kind of record the game makes, as the recorder writes them: a class of children playing
    (right and wrong answers, a second try, a finish), a worry, the board's whole-class play with a show of
    hands, and a child nobody picked on a tablet with no class."""
    class_id = store.add_class("Robins")
    pupils = [store.add_pupil(class_id, name, "fox") for name in NAMES]
    for n, pupil_id in enumerate(pupils):
        attempt = uuid.uuid4().hex
        store.start_attempt(attempt, "safe-password", "safe", pupil_id=pupil_id, class_id=class_id)
        store.record_answer(attempt, "q1", "share-it", False, 1, 3.2)
        store.record_answer(attempt, "q1", "keep-it-safe", True, 2, 1.1)
        store.finish_attempt(attempt, 2)
        if n == 2:
            store.add_worry("safe-password", pupil_id, class_id)
    board = uuid.uuid4().hex
    store.start_attempt(board, "tell-a", "tell", class_id=class_id, whole_class=True)
    store.record_hands(board, "q1", "tell-mum", 21)
    store.record_answer(board, "q1", "tell-mum", True, 1, 20.0)
    store.finish_attempt(board, 3)
    nobody = uuid.uuid4().hex
    store.start_attempt(nobody, "meet-a", "meeting")
    store.record_answer(nobody, "q1", "stay-home", True, 1, 2.5)
    store.add_worry("meet-a", None, None)


def test_ralph_accepts_every_kind_of_statement_the_game_makes(ralph, ralph_python, tmp_path):
    with ProgressStore(tmp_path / "tablet" / "progress.sqlite3") as store:
        record_a_morning(store)
        statements = [json.loads(s.body) for s in ledger.unforwarded(store, 1000)]
    assert {xapi.kind_of(s) for s in statements} == set(xapi.KINDS)
    assert {s["actor"]["objectType"] for s in statements} == {"Agent", "Group"}
    # Ralph's full xAPI 1.0.3 pydantic model (stricter than what its POST checks) ...
    done = subprocess.run([str(ralph_python), str(LAUNCHER), "validate"], capture_output=True, text=True,
                          input="\n".join(json.dumps(s) for s in statements), timeout=60)
    verdicts = done.stdout.splitlines()
    assert len(verdicts) == len(statements), done.stderr[-2000:]
    refused = [(xapi.kind_of(statements[n]), verdict[:600]) for n, verdict in enumerate(verdicts) if verdict != "ok"]
    assert refused == [], f"Ralph's xAPI model refuses: {refused}"
    # ... its statements resource takes them all, from the store, and finds them by verb and activity.
    source = lrs.StoreSource(tmp_path / "tablet" / "progress.sqlite3")
    sender = forwarder(ralph, source)
    while sender.forward_once():
        pass
    source.close()
    assert sender.forwarded == len(statements) and sender.refused == 0
    worried = ralph.statements(f"&verb={xapi.VERBS['worried'][0]}")
    assert sorted(s["id"] for s in worried) == sorted(s["id"] for s in statements if xapi.kind_of(s) == "worried")
    lesson = ralph.statements(f"&activity={xapi.lesson_activity('meet-a')}")
    assert sorted(s["id"] for s in lesson) == sorted(
        s["id"] for s in statements if s["object"]["id"] == xapi.lesson_activity("meet-a"))
    assert sorted(xapi.kind_of(s) for s in lesson) == ["started", "worried"]  # an answer's object is its scene
    for name in NAMES:  # what left the school holds no child's name
        assert all(name not in json.dumps(s, ensure_ascii=False) for s in ralph.statements())


def test_the_store_marks_what_the_lrs_took_and_what_it_refused(shared_ralph, tmp_path):
    path = tmp_path / "hub" / "progress.sqlite3"
    with ProgressStore(path) as store:
        record_a_morning(store)
        made = [s.id for s in ledger.unforwarded(store, 1000)]
        bad = made[5]  # damaged on disk (a hand-edited or half-restored file): the LRS will never take it
        store.db.execute("UPDATE statements SET body = ? WHERE id = ?",
                         (json.dumps({"id": bad, "actor": {"name": "Zoë"}, "verb": {"id": "x"}, "object": {}}), bad))
    sender = forwarder(shared_ralph, lrs.StoreSource(path), batch_size=16).start()
    try:
        wait_for(lambda: sender.forwarded + sender.refused == len(made), what="the whole store")
    finally:
        sender.stop()
    assert not sender.running and sender.problem is None
    with ProgressStore(path) as store:
        assert ledger.unforwarded(store, 1000) == []
        refused = store.db.execute("SELECT id, refused FROM statements WHERE refused IS NOT NULL").fetchall()
    assert [sid for sid, _ in refused] == [bad] and "HTTP 4" in refused[0][1]
    stored = {s["id"] for s in shared_ralph.statements()}
    assert set(made) - {bad} <= stored and bad not in stored


def test_the_game_forwards_what_the_children_play_when_an_lrs_is_set_up(shared_ralph, make_pilot, tmp_path):
    from game.progress.service import Player
    from game.sync import lrs_setup

    data_dir = tmp_path / "data"
    lrs_setup.configure(data_dir, shared_ralph.endpoint, KEY, SECRET)
    with ProgressStore(data_dir / "progress.sqlite3") as store:
        class_id = store.add_class("Robins")
        pupil_id = store.add_pupil(class_id, "Siobhán", "owl")
        pupil_uid = store.db.execute("SELECT uid FROM pupils WHERE id = ?", (pupil_id,)).fetchone()[0]
    pilot = make_pilot(data_dir=data_dir)
    ctx = pilot.app.ctx
    assert ctx.lrs is not None and ctx.lrs.running and ctx.lrs.url == lrs.statements_url(shared_ralph.endpoint)
    ctx.recorder.player = Player(pupil_id=pupil_id, class_id=class_id)
    attempt = ctx.recorder.lesson_started("safe-password", "safe")
    ctx.recorder.answered(attempt, "q1", "keep-it-safe", True, 1, 2.0)
    ctx.recorder.lesson_finished(attempt, 3)
    assert ctx.recorder.flush()
    ctx.lrs.wake()  # the game itself looks every 30 s
    wait_for(lambda: len(shared_ralph.statements(pupil=pupil_uid)) == 3, what="the child's three statements")
    assert ctx.lrs.problem is None and not any("LRS" in notice for notice in ctx.teacher_notices())
    pilot.app.close()
    assert not ctx.lrs.running


def teacher_notices(forwarder) -> list[str]:
    """What the home screen and teacher mode show (game/engine/context.py), with only ``forwarder`` to say anything."""
    from types import SimpleNamespace

    from game.engine.context import Context

    quiet = SimpleNamespace(recorder=SimpleNamespace(problem=None), settings_problem=None, pin_problem=None,
                            text=None, pictures=None, lrs=forwarder)
    return Context.teacher_notices(quiet)


def test_a_wrong_key_is_a_notice_for_the_teacher_at_once_an_lrs_out_of_reach_only_after_a_while(shared_ralph):
    sender = forwarder(shared_ralph, ListSource([answered()]), secret="wrong").start()
    try:
        wait_for(lambda: sender.problem is not None, what="the refusal")
        assert teacher_notices(sender) == [sender.problem]
    finally:
        sender.stop()
    nobody = f"http://127.0.0.1:{_free_port()}/xAPI"
    sender = LrsForwarder(LrsConfig(nobody, KEY, SECRET), ListSource([answered()]), first_backoff=0.05,
                          max_backoff=0.1, notice_after=1.0).start()
    try:
        wait_for(lambda: sender.problem is not None, what="nothing answering")
        assert teacher_notices(sender) == []  # a tablet off the network for a while is not news ...
        wait_for(lambda: teacher_notices(sender) == [sender.problem], what="the notice")  # ... for long, it is
        assert "Could not reach the LRS" in sender.problem
    finally:
        sender.stop()


# -- without an LRS -------------------------------------------------------------------------------
def test_the_frame_loop_never_waits_for_an_lrs_that_does_not_answer():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections are taken (the backlog) but never answered
    try:
        source = ListSource([answered()])
        sender = LrsForwarder(LrsConfig(f"http://127.0.0.1:{silent.getsockname()[1]}/xAPI", KEY, SECRET), source,
                              timeout=0.3, first_backoff=0.05, max_backoff=0.1)
        started = time.perf_counter()
        sender.start()
        sender.wake()
        assert time.perf_counter() - started < 0.05
        wait_for(lambda: sender.problem is not None, seconds=5, what="the time-out")
        assert "no answer in time" in sender.problem
        sender.stop()
        assert not sender.running and source.forwarded() == set()
    finally:
        silent.close()


def test_backoff_doubles_from_one_second_to_a_minute():
    assert [lrs.backoff(n) for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


@pytest.mark.parametrize("endpoint, url", [
    ("https://lrs.trust.example/xAPI", "https://lrs.trust.example/xAPI/statements"),
    ("https://lrs.trust.example/xAPI/", "https://lrs.trust.example/xAPI/statements"),
    ("  http://10.0.0.5:8100/data/xAPI/statements/ ", "http://10.0.0.5:8100/data/xAPI/statements"),
])
def test_the_statements_address_follows_from_the_endpoint(endpoint, url):
    assert lrs.statements_url(endpoint) == url


@pytest.mark.parametrize("endpoint, words", [
    ("lrs.trust.example", "starts with https://"),
    ("ftp://lrs.trust.example/xAPI", "starts with https://"),
    ("https://key:secret@lrs.trust.example/xAPI", "own boxes"),
    ("https://lrs.trust.example/xAPI?x=1", "?query"),
    ("https://lrs.trust.example:port/xAPI", "port"),
])
def test_an_endpoint_that_cannot_work_says_why(endpoint, words):
    with pytest.raises(LrsSettingsError, match=words.replace("?", r"\?")):
        LrsForwarder(LrsConfig(endpoint, KEY, SECRET), ListSource())


def test_the_secret_is_kept_in_its_own_file_only_its_user_reads(tmp_path):
    from game.engine.settings import Settings

    assert lrs.config_from(tmp_path, "https://lrs.trust.example/xAPI", KEY) is None  # no secret: no forwarding
    lrs.save_secret(tmp_path, SECRET)
    secret_file = tmp_path / lrs.SECRET_FILE
    if os.name == "posix":
        assert secret_file.stat().st_mode & 0o777 == 0o600
    settings = Settings(lrs_endpoint="https://lrs.trust.example/xAPI", lrs_key=KEY)
    settings.save(tmp_path)
    assert SECRET not in (tmp_path / "settings.json").read_text()
    again = Settings.load(tmp_path)
    config = lrs.config_from(tmp_path, again.lrs_endpoint, again.lrs_key)
    assert config == LrsConfig("https://lrs.trust.example/xAPI", KEY, SECRET)
    assert SECRET not in repr(config)


def test_play_py_lrs_sets_forwarding_up_with_the_secret_from_stdin_and_turns_it_off(tmp_path, monkeypatch, capsys):
    import io

    from game.cli import main
    from game.engine.settings import Settings

    def play(*args: str, stdin: str = "") -> int:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        return main(["lrs", "--data-dir", str(tmp_path), *args])

    assert play("--endpoint", "https://lrs.trust.example/xAPI", "--key", KEY, stdin=SECRET + "\n") == 0
    assert "https://lrs.trust.example/xAPI/statements" in capsys.readouterr().out
    assert lrs.load_secret(tmp_path) == SECRET
    assert play() == 0
    said = capsys.readouterr().out
    assert "Forwarding to https://lrs.trust.example/xAPI/statements" in said and SECRET not in said

    assert play("--endpoint", "lrs.trust.example", "--key", "other", stdin="other-secret\n") == 2
    assert "starts with https://" in capsys.readouterr().err
    settings = Settings.load(tmp_path)  # a refused change changes nothing
    assert (settings.lrs_endpoint, settings.lrs_key, lrs.load_secret(tmp_path)) == (
        "https://lrs.trust.example/xAPI", KEY, SECRET)

    assert play("--off") == 0
    assert lrs.config_from(tmp_path, Settings.load(tmp_path).lrs_endpoint, Settings.load(tmp_path).lrs_key) is None
    assert not (tmp_path / lrs.SECRET_FILE).exists()


def test_play_py_lrs_send_forwards_what_waits_and_says_so(shared_ralph, tmp_path, monkeypatch, capsys):
    import io

    from game.cli import main

    def play(*args: str, stdin: str = "") -> int:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        return main(["lrs", "--data-dir", str(tmp_path), *args])

    with ProgressStore(tmp_path / "progress.sqlite3") as store:
        record_a_morning(store)
        made = len(ledger.unforwarded(store, 1000))
    assert play("--endpoint", shared_ralph.endpoint, "--key", KEY, stdin="Wrong-Secret-77\n") == 0
    capsys.readouterr()
    assert play("--send") == 1
    out, err = capsys.readouterr()
    assert "0 statements forwarded" in out and "did not accept the key and secret" in err and "Wrong-Secret-77" not in err
    assert play() == 0 and f"{made} statements waiting" in capsys.readouterr().out

    with ProgressStore(tmp_path / "progress.sqlite3") as store:  # one damaged on disk: the LRS refuses it
        bad = ledger.unforwarded(store, 1)[0].id
        store.db.execute("UPDATE statements SET body = ? WHERE id = ?", (json.dumps({"id": bad}), bad))
    assert play("--endpoint", shared_ralph.endpoint, "--key", KEY, stdin=SECRET + "\n") == 0
    assert play("--send") == 0
    assert f"{made - 1} statements forwarded, 1 refused" in capsys.readouterr().out
    assert play() == 0
    said = capsys.readouterr().out
    assert "0 statements waiting" in said and "1 the LRS refused" in said and f"{bad}: HTTP 4" in said


def test_play_py_hub_forwards_the_tablets_statements_to_the_lrs(shared_ralph, tmp_path):
    """The hub (no window) forwards what every tablet pushes, not only its own: the trust's LRS gets the class."""
    import signal

    from game.sync import lrs_setup
    from tests.test_sync_hub import ROOT, class_on_the_pc, first_round, play, tablet

    class_on_the_pc(tmp_path / "pc")
    lrs_setup.configure(tmp_path / "pc", shared_ralph.endpoint, KEY, SECRET)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "play.py"), "hub", "--data-dir", str(tmp_path / "pc"), "--cache-dir",
         str(tmp_path / "cache"), "--port", "0", "--host", "127.0.0.1", "--no-advert"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        address = process.stdout.readline().rsplit(" ", 1)[1].strip()
        code = process.stdout.readline().split(":")[1].strip()
        process.stdout.readline()
        assert "Forwarding statements to the LRS at " + lrs.statements_url(shared_ralph.endpoint) in \
            process.stdout.readline()
        client = tablet(tmp_path)
        client.join(address, code)
        first_round(client)
        made = play(tmp_path / "tablet-1", 3, worry=True)
        client.retry_now()
        stored = lambda: {s["id"] for s in shared_ralph.statements(f"&verb={xapi.VERBS['worried'][0]}")}  # noqa: E731
        wait_for(lambda: made & stored(), what="the tablet's worry at the LRS")
        client.stop()
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0 and "Traceback" not in err, err
    assert made <= {s["id"] for s in shared_ralph.statements()}  # every one, not only the worry

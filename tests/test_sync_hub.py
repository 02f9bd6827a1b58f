"""The class hub and a tablet's SyncClient over real HTTP on 127.0.0.1 (docs/sync.md), with real stores."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
import uuid
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from game.progress.store import STORE_FILE, ProgressStore
from game.progress.service import Player, Recorder
from game.sync import access, ledger
from game.sync.client import JoinError, SyncClient, hub_url
from game.sync.hub import HubError, HubServer

ROOT = Path(__file__).resolve().parents[1]


def wait_until(condition, timeout: float = 5.0, what: str = "condition") -> None:
    """Polls ``condition`` (cheap reads of a store or a status) until true, failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.02)


def request(method: str, url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers, method=method), timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


NAMES = ["Zoë", "José", "Siobhán", "Aleksandra-Marie", "Bo", "Nguyễn", "Mohammed-Ali"]


def class_on_the_pc(folder: Path) -> None:
    with ProgressStore(folder / STORE_FILE) as store:
        class_id = store.add_class("Robins")
        for name in NAMES:
            store.add_pupil(class_id, name, "fox")


@pytest.fixture
def hub(tmp_path):
    class_on_the_pc(tmp_path / "pc")
    server = HubServer(tmp_path / "pc", port=0, host="127.0.0.1", advertise=False)
    server.start()
    yield server
    server.stop()


def tablet(tmp_path, name: str = "tablet-1", **kwargs) -> SyncClient:
    folder = tmp_path / name
    ProgressStore(folder / STORE_FILE).close()
    return SyncClient(folder, device_name=name, **kwargs)


def play(folder: Path, times: int, worry: bool = False) -> set[str]:
    """Children on a tablet play ``times`` lessons (4 statements each: start, two answers, finish), as
    the game's recorder writes them; returns the new statements' ids."""
    with ProgressStore(folder / STORE_FILE) as store:
        store.db.execute("PRAGMA synchronous=OFF")  # test speed only: hundreds of commits
        before = {sid for (sid,) in store.db.execute("SELECT id FROM statements")}
        class_id = store.class_id("Robins")
        pupils = [pupil_id for pupil_id, _, _ in store.pupils(class_id)]
        for n in range(times):
            attempt = uuid.uuid4().hex
            pupil = pupils[n % len(pupils)]
            store.start_attempt(attempt, "safe-password", "safe", pupil_id=pupil, class_id=class_id)
            store.record_answer(attempt, "q1", "wrong", False, 1, 3.2)
            store.record_answer(attempt, "q1", "right", True, 2, 1.1)
            store.finish_attempt(attempt, 2)
        if worry:
            store.add_worry("tell-a", pupils[0], class_id)
        return {sid for (sid,) in store.db.execute("SELECT id FROM statements")} - before


def hub_ids(server: HubServer) -> set[str]:
    with ProgressStore(server.data_dir / STORE_FILE) as store:
        return {row[0] for row in store.db.execute("SELECT id FROM statements")}


def test_a_tablet_joins_with_the_code_and_nothing_answers_without_its_token(hub, tmp_path):
    client = tablet(tmp_path)
    with pytest.raises(JoinError, match="not the code"):
        client.join(hub.address, "AAAAAA" if hub.code != "AAAAAA" else "CCCCCC")
    assert not client.joined
    hub_id = client.join(hub.address, hub.code.lower()[:3] + " " + hub.code.lower()[3:])  # as a child's adult types it
    assert hub_id == hub.hub_id and client.joined
    assert [device.name for device in hub.devices()] == ["tablet-1"]

    saved = tmp_path / "tablet-1" / "sync.json"
    token = json.loads(saved.read_text())["token"]
    if os.name == "posix":
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    hub_file = (tmp_path / "pc" / access.HUB_FILE).read_text()
    assert token not in hub_file and access.token_hash(token) in hub_file  # only the hash is kept on the PC

    assert request("GET", f"{hub.address}/pull?since=0")[0] == 401
    assert request("GET", f"{hub.address}/pull?since=0", token="made-up")[0] == 401
    assert request("POST", f"{hub.address}/push", {"statements": []})[0] == 401
    status, answer = request("GET", f"{hub.address}/pull?since=0", token=token)
    assert status == 200 and answer["roster"]["classes"][0]["name"] == "Robins"

    hub.forget_device(hub.devices()[0].device_id)  # a lost tablet: its token stops working at once
    assert request("GET", f"{hub.address}/pull?since=0", token=token)[0] == 401


def test_too_many_wrong_codes_are_refused_even_the_right_one(hub):
    body = {"code": "XXXXXX", "device_id": "d" * 32, "device_name": "guesser"}
    answers = [request("POST", f"{hub.address}/join", body)[0] for _ in range(hub.wrong_codes.per_address)]
    assert answers == [403] * hub.wrong_codes.per_address
    assert request("POST", f"{hub.address}/join", {**body, "code": hub.code})[0] == 429
    assert request("POST", f"{hub.address}/join", {"code": hub.code})[0] in (400, 429)


def test_only_the_school_network_is_answered(hub, tmp_path, monkeypatch):
    for address in ("127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.20", "169.254.3.4", "::1", "fe80::1",
                    "fd00::5", "::ffff:192.168.1.20"):
        assert access.on_school_network(address), address
    for address in ("8.8.8.8", "81.2.69.160", "2a00:1450::1", "0.0.0.0", "", None, "not an address"):
        assert not access.on_school_network(address), address
    import game.sync.hub as hub_module

    monkeypatch.setattr(hub_module, "on_school_network", lambda address: False)  # as if 127.0.0.1 were public
    body = {"code": hub.code, "device_id": "d" * 32, "device_name": "far away"}
    assert request("POST", f"{hub.address}/join", body)[0] == 403
    hub.allow_any_network = True  # the setting that allows them
    assert request("POST", f"{hub.address}/join", body)[0] == 200


def test_the_hub_starts_and_stops_from_a_thread_and_frees_its_port(tmp_path):
    first = HubServer(tmp_path / "pc", port=0, host="127.0.0.1", advertise=False)
    first.start()
    port, code = first.port, first.code
    assert first.running and first.address == f"http://127.0.0.1:{port}"
    with pytest.raises(HubError, match="could not listen"):
        HubServer(tmp_path / "other", port=port, host="127.0.0.1", advertise=False).start()
    first.stop()
    first.stop()  # twice is fine
    assert not first.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    again = HubServer(tmp_path / "pc", port=port, host="127.0.0.1", advertise=False)
    again.start()  # the same port at once, the same code and hub id (tablets keep their tokens)
    try:
        assert again.code == code and again.hub_id == first.hub_id
    finally:
        again.stop()
    with pytest.raises(HubError, match="no class called"):
        HubServer(tmp_path / "pc", port=0, host="127.0.0.1", advertise=False, class_name="Owls").start()


def test_addresses_as_teachers_type_them():
    assert hub_url("192.168.1.20") == "http://192.168.1.20:47474"
    assert hub_url(" 192.168.1.20:8000/ ") == "http://192.168.1.20:8000"
    assert hub_url("http://pc.local:47474") == "http://pc.local:47474"
    for bad in ("", "ftp://x", "http://:80", "1.2.3.4:port"):
        with pytest.raises(JoinError):
            hub_url(bad)


def first_round(client: SyncClient) -> None:
    """Start the client and wait for its first round: the hub's class is then on the tablet."""
    with client.round_done:
        client.start()
        assert client.round_done.wait_for(lambda: client.rounds >= 1, timeout=10)
    assert client.status().state == "sharing", client.status()


def rows(folder: Path, table: str) -> int:
    with ProgressStore(folder / STORE_FILE) as store:
        return store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_the_outbox_reaches_the_hub_once_in_batches_and_again_after_the_hub_was_down(hub, tmp_path):
    port = hub.port
    client = tablet(tmp_path)
    client.join(hub.address, hub.code)
    first_round(client)
    try:
        first = play(tmp_path / "tablet-1", 126)  # 504 statements: two pushes (500 + 4)
        assert len(first) == 504
        client.nudge()
        wait_until(lambda: hub_ids(hub) >= first, timeout=20, what="the first 504 statements on the hub")
        wait_until(lambda: client.status().waiting == 0, what="the tablet's outbox empty")
        assert client.status().state == "sharing"
        assert client.status().text().startswith(f"Sharing with hub at http://127.0.0.1:{port}, last sent ")
        assert client.status().text().endswith(", 0 waiting")

        hub.stop()  # the hub goes away (the teacher closed the lid) while children go on playing
        second = play(tmp_path / "tablet-1", 3, worry=True)
        client.nudge()
        wait_until(lambda: client.status().state == "unreachable", what="the tablet noticing")
        with client.round_done:  # backing off: 1 s, then 2 s
            assert client.round_done.wait_for(lambda: (client.status().retry_in_s or 0) > 1.2, timeout=5)
        status = client.status()
        assert status.waiting == 13 and 1.2 < status.retry_in_s <= 2.0
        assert status.text().startswith("Hub not reachable, 13 waiting, trying again in")

        again = HubServer(hub.data_dir, port=port, host="127.0.0.1", advertise=False)
        again.start()
        try:
            wait_until(lambda: hub_ids(again) >= first | second, timeout=8, what="the 13 after the hub came back")
            wait_until(lambda: client.status().waiting == 0, what="the tablet's outbox empty again")
        finally:
            again.stop()
    finally:
        client.stop()
    # Each exactly once: as many answers, attempts and worries on the hub as were played on the tablet.
    for table in ("answers", "attempts", "worries"):
        assert rows(hub.data_dir, table) == rows(tmp_path / "tablet-1", table), table
    assert rows(hub.data_dir, "answers") == 129 * 2


def test_the_same_batch_twice_changes_nothing(hub, tmp_path):
    client = tablet(tmp_path)
    client.join(hub.address, hub.code)
    first_round(client)
    client.stop()
    play(tmp_path / "tablet-1", 2)
    token = json.loads((tmp_path / "tablet-1" / "sync.json").read_text())["token"]
    with ProgressStore(tmp_path / "tablet-1" / STORE_FILE) as store:
        bodies = [item.body for item in ledger.outbox(store)]
    assert len(bodies) == 8
    status, answer = request("POST", f"{hub.address}/push", {"statements": bodies}, token)
    assert status == 200 and (answer["stored"], answer["duplicates"]) == (8, 0)
    status, answer = request("POST", f"{hub.address}/push", {"statements": bodies}, token)
    assert status == 200 and (answer["stored"], answer["duplicates"]) == (0, 8)
    assert len(hub_ids(hub)) == 8 and rows(hub.data_dir, "answers") == 4
    status, _ = request("POST", f"{hub.address}/push", {"statements": bodies * 63}, token)
    assert status == 413  # more than 500 in one push
    assert request("POST", f"{hub.address}/push", {"statements": "nonsense"}, token)[0] == 400


def test_a_worry_on_a_tablet_reaches_the_hub_within_3_seconds(hub, tmp_path):
    """A child taps "tell a grown-up" on a tablet: the recorder's write nudges the client, which is
    otherwise idle for 15 s, and the worry is in the PC's store, from that child and that tablet."""
    received = []
    hub.on_received = received.append
    client = tablet(tmp_path)
    client.join(hub.address, hub.code)
    first_round(client)
    recorder = Recorder(tmp_path / "tablet-1" / STORE_FILE)
    recorder.on_written = lambda method: client.nudge()
    try:
        with ProgressStore(tmp_path / "tablet-1" / STORE_FILE) as store:
            class_id = store.class_id("Robins")
            pupil_id, name, _ = store.pupils(class_id)[2]
            pupil_uid = store.db.execute("SELECT uid FROM pupils WHERE id = ?", (pupil_id,)).fetchone()[0]
            device = store.device_id
        recorder.player = Player(pupil_id=pupil_id, class_id=class_id)
        tapped = time.monotonic()
        recorder.worry("tell-a")

        def on_the_board():
            with ProgressStore(hub.data_dir / STORE_FILE) as store:
                return store.db.execute(
                    "SELECT pupils.uid, pupils.name, worries.origin FROM worries JOIN pupils "
                    "ON pupils.id = worries.pupil_id").fetchall()

        wait_until(on_the_board, timeout=3, what="the worry on the PC")
        assert time.monotonic() - tapped < 3
        assert on_the_board() == [(pupil_uid, name, device)]
        assert received and received[-1].worries == 1 and received[-1].device_name == "tablet-1"
    finally:
        recorder.close()
        client.stop()


def test_zeroconf_finds_the_hub_on_loopback(tmp_path):
    from game.sync.discovery import find_hubs

    server = HubServer(tmp_path / "pc", port=0, host="127.0.0.1", advertise=True, interfaces=["127.0.0.1"])
    server.start()
    try:
        found = find_hubs(timeout=8, interfaces=["127.0.0.1"], hub_id=server.hub_id)
        assert [hub.address for hub in found if hub.hub_id == server.hub_id] == [server.address]
    finally:
        server.stop()


def test_play_py_hub_prints_its_address_and_code_and_stops_on_sigterm(tmp_path):
    import signal

    process = subprocess.Popen(
        [sys.executable, str(ROOT / "play.py"), "hub", "--data-dir", str(tmp_path / "pc"), "--cache-dir",
         str(tmp_path / "cache"), "--port", "0", "--host", "127.0.0.1", "--no-advert"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        address_line = process.stdout.readline()
        code_line = process.stdout.readline()
        assert address_line.startswith("SMART Stars class hub at http://"), address_line + process.stderr.read()
        code = code_line.split(":")[1].strip()
        assert len(code) == 6 and set(code) <= set(access.CODE_LETTERS)
        port = address_line.rsplit(":", 1)[1].strip()
        client = tablet(tmp_path)
        client.join(f"127.0.0.1:{port}", code)
        assert client.joined
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "The hub has stopped." in out and "Traceback" not in err


def test_play_py_hub_names_the_classes_when_the_class_is_not_there(tmp_path, capsys):
    from game.cli import main

    class_on_the_pc(tmp_path / "pc")
    assert main(["hub", "--data-dir", str(tmp_path / "pc"), "--port", "0", "--host", "127.0.0.1", "--no-advert",
                 "--class", "Owls"]) == 1
    err = capsys.readouterr().err
    assert "There is no class called 'Owls'" in err and "Robins" in err


def test_a_tablet_finds_its_hub_again_at_a_new_address(tmp_path):
    """The teacher's PC got another address (here: another port) overnight: the tablet looks for its hub
    by id with zeroconf (on loopback only) and carries on, with no new code."""
    def new_hub() -> HubServer:
        server = HubServer(tmp_path / "pc", port=0, host="127.0.0.1", advertise=True, interfaces=["127.0.0.1"])
        server.start()
        return server

    class_on_the_pc(tmp_path / "pc")
    server = new_hub()
    client = tablet(tmp_path, discovery=True, interfaces=["127.0.0.1"])
    client.join(server.address, server.code)
    first_round(client)
    client.stop()
    server.stop()
    server = new_hub()
    moved_to = server.address
    try:
        ids = play(tmp_path / "tablet-1", 1)
        client.start()
        for _ in range(3):  # three failed tries (at once, not backed off) before it looks
            with client.round_done:
                done = client.rounds
                client.retry_now()
                client.round_done.wait_for(lambda: client.rounds > done, timeout=10)
        wait_until(lambda: client.address == moved_to, timeout=10, what="the tablet finding the hub's new address")
        wait_until(lambda: hub_ids(server) >= ids, what="the statements at the new address")
    finally:
        client.stop()
        server.stop()


def test_joining_another_hub_sends_it_everything(hub, tmp_path):
    """A new PC for the class: the tablet joins its hub, which gets the class and every statement the old
    hub had from this tablet (the old hub had them all already: nothing would otherwise be sent)."""
    client = tablet(tmp_path)
    client.join(hub.address, hub.code)
    first_round(client)
    played = play(tmp_path / "tablet-1", 2, worry=True)
    client.nudge()
    wait_until(lambda: hub_ids(hub) >= played and client.status().waiting == 0, what="the first hub")
    client.stop()
    new_pc = HubServer(tmp_path / "new-pc", port=0, host="127.0.0.1", advertise=False)
    new_pc.start()
    try:
        assert new_pc.hub_id != hub.hub_id
        client.join(new_pc.address, new_pc.code)
        client.start()
        wait_until(lambda: hub_ids(new_pc) >= played, what="everything on the new hub")
    finally:
        client.stop()
        new_pc.stop()
    with ProgressStore(new_pc.data_dir / STORE_FILE) as store:
        assert sorted(name for _, name, _ in store.pupils(store.class_id("Robins"))) == sorted(NAMES)
    assert rows(new_pc.data_dir, "answers") == rows(tmp_path / "tablet-1", "answers") == 4


def test_a_hub_for_one_class_sends_only_that_class(tmp_path):
    class_on_the_pc(tmp_path / "pc")
    with ProgressStore(tmp_path / "pc" / STORE_FILE) as store:
        store.add_pupil(store.add_class("Owls"), "Priya", "owl")
    server = HubServer(tmp_path / "pc", port=0, host="127.0.0.1", advertise=False, class_name="Robins")
    server.start()
    client = tablet(tmp_path)
    try:
        client.join(server.address, server.code)
        first_round(client)
    finally:
        client.stop()
        server.stop()
    with ProgressStore(tmp_path / "tablet-1" / STORE_FILE) as store:
        assert [name for _, name in store.classes()] == ["Robins"]
        assert len(store.pupils(store.class_id("Robins"))) == len(NAMES)

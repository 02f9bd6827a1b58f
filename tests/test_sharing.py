"""Teacher mode's "Share with tablets" (issue 17), through the pilot with real taps: the switch starts the
class hub and the board shows its address and code; a tablet joins through its own screens; what a tablet
records (a worry, a lesson) reaches the PC's worries list and overview. Everything on 127.0.0.1, with real
HTTP, real stores in temporary folders, and a real SyncClient as the second tablet."""

from __future__ import annotations

import json
import socket
import time
import uuid
from pathlib import Path

import pytest

from game.engine.app import App, Options
from game.lessons.library import BUILTIN_LESSONS_DIR
from game.speech.narration import QuietNarrator
from game.engine.pilot import Pilot
from game.progress.service import Player, Recorder
from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore
from game.sync import access, hub as hub_module
from game.sync import client as client_module, runner
from game.sync.client import SyncClient
from game.sync.hub import HubServer
from game.sync.runner import DEFAULT_PORT, HUB_FILE, SharingNetwork
from game.scenes.teacher import sharing as sharing_screens
from game.classroom.teacher_pin import TeacherPin
from game.authoring.tour import TOUR_PIN, enter_teacher

NAMES = ["Zoë", "José", "Siobhán", "Aleksandra-Marie", "Bo", "Nguyễn", "Mohammed-Ali"]
LOOPBACK = SharingNetwork(port=0, host="127.0.0.1", advertise=False, interfaces=["127.0.0.1"])


def a_class(folder: Path, share: bool = False) -> None:
    """A teacher's PC (or a tablet) with the class Robins, its PIN set, on the board (no picker first)."""
    folder.mkdir(parents=True, exist_ok=True)
    with ProgressStore(folder / STORE_FILE) as store:
        class_id = store.add_class("Robins")
        for name in NAMES:
            store.add_pupil(class_id, name, "fox")
    Settings(class_name="Robins", whole_class=True, share_with_tablets=share).save(folder)
    TeacherPin(folder).set(TOUR_PIN)


@pytest.fixture
def game(cache_dir):
    """Start the real game on ``data_dir`` with sharing kept on loopback; every game is closed after."""
    made = []

    def start(data_dir: Path, network: SharingNetwork = LOOPBACK, size=(1280, 800)) -> Pilot:
        options = Options(fullscreen=False, size=size, lesson_dirs=[BUILTIN_LESSONS_DIR], cache_dir=cache_dir,
                          data_dir=data_dir, sharing=network)
        pilot = Pilot(App.create(options, narrator=QuietNarrator()))
        made.append(pilot)
        pilot.frames(1)
        pilot.lessons_read()
        pilot.shown()
        return pilot

    yield start
    for pilot in made:
        pilot.app.close()


def tablet_joined(folder: Path, address: str, code: str, name: str) -> SyncClient:
    """A second tablet as a real store and SyncClient: joined, its first round done (the class is on it)."""
    ProgressStore(folder / STORE_FILE).close()
    client = SyncClient(folder, device_name=name)
    client.join(address, code)
    with client.round_done:
        client.start()
        assert client.round_done.wait_for(lambda: client.rounds >= 1, timeout=10)
    return client


def texts(pilot: Pilot) -> str:
    return "\n".join(getattr(widget, "text", "") or getattr(widget, "label", "") or "" for widget in pilot.scene.widgets)


def test_the_switch_shows_the_code_and_a_tablets_worry_reaches_the_board_marked_with_tablet_and_child(game, tmp_path):
    pc = tmp_path / "pc"
    a_class(pc)
    pilot = game(pc)
    enter_teacher(pilot)
    pilot.tap_widget("sharing")
    assert pilot.scene.name == "sharing" and pilot.scene.widget("hub-switch").label == "Share with tablets"
    pilot.tap_widget("hub-switch")
    sharing = pilot.app.ctx.sharing
    pilot.wait_until(lambda: sharing.hub is not None and not sharing.busy, timeout=10)
    hub = sharing.hub
    # The board: the address and the class code, big, as a teacher reads them out.
    assert pilot.scene.widget("address").text == f"127.0.0.1:{hub.port}"
    assert pilot.scene.widget("code").text == f"{hub.code[:3]} {hub.code[3:]}"
    assert pilot.scene.widget("code").max_px >= 0.15 * 800
    assert Settings.load(pc).share_with_tablets  # remembered: the hub starts again with the game
    old_code = hub.code
    pilot.tap_widget("new-code")
    pilot.wait_until(lambda: pilot.scene.widget("code").text.replace(" ", "") != old_code)
    assert pilot.scene.widget("code").text.replace(" ", "") == hub.code

    client = tablet_joined(tmp_path / "tablet", hub.address, hub.code, "Tablet 3")
    recorder = Recorder(tmp_path / "tablet" / STORE_FILE)
    recorder.on_written = lambda _method: client.nudge()  # as the runner wires it on a tablet
    try:
        with ProgressStore(tmp_path / "tablet" / STORE_FILE) as store:
            class_id = store.class_id("Robins")
            pupil_id = next(pupil for pupil, name, _ in store.pupils(class_id) if name == "Siobhán")
            device_id = store.device_id
        # The board lists the tablet (its name, when it was last seen, what came from it) within a second.
        pilot.wait_until(lambda: any(w.name == f"device-{device_id}" for w in pilot.scene.widgets), timeout=5)
        assert pilot.scene.widget(f"device-{device_id}").text.startswith("Tablet 3 · last seen ")
        pilot.tap_widget("back")
        assert pilot.scene.name == "teacher" and not any(w.name == "worries-unread" for w in pilot.scene.widgets)
        assert pilot.scene.widget("sharing-status").text.startswith(f"Sharing with tablets: class code {hub.code[:3]}")

        recorder.player = Player(pupil_id=pupil_id, class_id=class_id)
        tapped = time.monotonic()
        recorder.worry("tell-a")  # a child on the tablet taps "I'd like to talk to a grown-up"
        pilot.wait_until(lambda: any(w.name == "worries-unread" for w in pilot.scene.widgets), timeout=3)
        assert time.monotonic() - tapped < 3, "a worry reaches the board's menu within a few seconds"
        assert pilot.scene.widget("worries-unread").count == 1
        pilot.tap_widget("worries")
        words = texts(pilot)
        assert "Siobhán (on Tablet 3)" in words, words
        pilot.tap_widget("back")
        # A child who had not tapped their animal: the tablet it came from, by the name it joined with.
        recorder.worry("tell-a", who=Player(pupil_id=None, class_id=class_id))
        pilot.wait_until(lambda: pilot.scene.widget("worries").label == "Worries: 1 new", timeout=3)
        pilot.tap_widget("worries")
        words = texts(pilot)
        assert "A child in Robins on Tablet 3 (no animal was tapped)" in words, words
    finally:
        recorder.close()

    # A lost tablet is forgotten: its token stops working at once.
    pilot.tap_widget("back")
    pilot.tap_widget("sharing")
    pilot.wait_until(lambda: any(w.name == f"device-{device_id}" for w in pilot.scene.widgets), timeout=5)
    # What came from it, counted on the sharing thread after the push: on the board within a second or so.
    pilot.wait_until(lambda: pilot.scene.widget(f"device-{device_id}").text.endswith(" · 2 records"), timeout=5)
    pilot.tap_widget(f"forget-{device_id}")
    pilot.tap_widget("yes")
    pilot.wait_until(lambda: not hub.devices(), timeout=5)
    pilot.wait_until(lambda: not any(w.name == f"device-{device_id}" for w in pilot.scene.widgets), timeout=5)
    try:
        client.retry_now()
        pilot.wait_until(lambda: client.status().state == "refused", timeout=5)
    finally:
        client.stop()
    pilot.tap_widget("hub-switch")  # off: the port is free again
    pilot.wait_until(lambda: sharing.hub is None and not sharing.busy, timeout=10)
    assert not Settings.load(pc).share_with_tablets
    assert pilot.scene.widget("hub-switch").label == "Share with tablets"


def test_a_tablet_joins_through_its_screens_and_a_wrong_code_says_so(game, tmp_path):
    pc = tmp_path / "pc"
    a_class(pc)
    hub = HubServer(pc, port=0, host="127.0.0.1", advertise=True, interfaces=["127.0.0.1"])
    hub.start()
    try:
        tablet = tmp_path / "tablet"
        tablet.mkdir()
        TeacherPin(tablet).set(TOUR_PIN)
        Settings(whole_class=True).save(tablet)
        pilot = game(tablet)
        enter_teacher(pilot)
        pilot.tap_widget("sharing")
        pilot.tap_widget("join")
        # The teacher names the tablet as the board will list it (the computer's own name otherwise).
        pilot.tap_widget("tablet-name")
        for key in ["T", "A", "B", "L", "E", "T", "space", "3", "ok"]:
            pilot.tap_widget(f"key-{key}")
        assert pilot.scene.name == "join-hub" and "\u201cTablet 3\u201d" in pilot.scene.widget("tablet-name").label
        # Typed: the address as the board shows it, then a code that is not the class's.
        pilot.tap_widget("type-address")
        for key in f"127.0.0.1:{hub.port}":
            pilot.tap_widget(f"key-{key}")
        pilot.tap_widget("key-ok")
        wrong = next(letter for letter in access.CODE_LETTERS if letter != hub.code[0]) + hub.code[1:]
        for key in wrong:
            pilot.tap_widget(f"key-{key}")
        pilot.tap_widget("key-ok")
        pilot.wait_until(lambda: not pilot.scene.busy, timeout=10)
        assert pilot.scene.widget("keypad-message").text == "That is not the code on the board: try again"
        assert pilot.scene.text == "" and pilot.app.ctx.sharing.client is None
        # Found on the network (zeroconf on loopback): tap the teacher's PC, then the right code.
        pilot.tap_widget("back")
        assert pilot.scene.name == "join-hub"
        pilot.wait_until(lambda: any(w.name == "hub-0" for w in pilot.scene.widgets), timeout=10)
        assert pilot.scene.widget("hub-0").label.startswith(f"127.0.0.1:{hub.port}")
        pilot.tap_widget("hub-0")
        for key in hub.code:
            pilot.tap_widget(f"key-{key}")
        pilot.tap_widget("key-ok")
        pilot.wait_until(lambda: pilot.scene.name == "sharing", timeout=10)
        client = pilot.app.ctx.sharing.client
        assert client is not None and client.joined
        pilot.wait_until(lambda: client.rounds >= 1, timeout=10)
        pilot.wait_until(lambda: pilot.scene.widget("sync-status").text.startswith(
            f"Sharing with hub at http://127.0.0.1:{hub.port}"), timeout=5)
        assert [device.name for device in hub.devices()] == ["Tablet 3"]
        with ProgressStore(tablet / STORE_FILE) as store:  # the class came from the hub
            assert [name for _, name in store.classes()] == ["Robins"]
        assert json.loads((tablet / "sync.json").read_text())["token"]
        pilot.tap_widget("back")
        assert pilot.scene.widget("sharing").label == "Class hub: joined"
        assert pilot.scene.widget("sharing-status").text == client.status().text()
        # What the tablet records is sent at once: the runner wired the recorder to the client.
        assert pilot.app.ctx.recorder.on_written is not None
        pilot.app.close()

        # The next start joins again by itself (sync.json), off the frame loop.
        again = game(tablet)
        again.wait_until(lambda: again.app.ctx.sharing.client is not None, timeout=10)
        assert again.app.ctx.sharing.client.joined
        # "Stop sharing" forgets the hub: nothing more is sent, and the next start does not join again.
        enter_teacher(again)
        again.tap_widget("sharing")
        again.tap_widget("stop-sharing")
        again.tap_widget("yes")
        again.wait_until(lambda: not again.app.ctx.sharing.busy, timeout=10)
        assert again.app.ctx.sharing.client is None and again.app.ctx.recorder.on_written is None
        assert not json.loads((tablet / "sync.json").read_text()).get("token")
        assert again.scene.widget("join").label == "This is a tablet: join the class hub"
        again.app.close()
    finally:
        hub.stop()


def test_a_port_in_use_is_said_in_words_and_the_switch_stays_off(game, tmp_path):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        pc = tmp_path / "pc"
        a_class(pc)
        pilot = game(pc, SharingNetwork(port=port, host="127.0.0.1", advertise=False))
        enter_teacher(pilot)
        pilot.tap_widget("sharing")
        pilot.tap_widget("hub-switch")
        sharing = pilot.app.ctx.sharing
        pilot.wait_until(lambda: not sharing.busy, timeout=10)
        message = pilot.scene.widget("sharing-message").text
        assert message.startswith(f"The port {port} is in use by another program"), message
        assert sharing.hub is None
        assert pilot.scene.widget("hub-switch").label == "Share with tablets"
        pilot.tap_widget("back")  # the menu says it too, until sharing works
        assert pilot.scene.widget("sharing-status").text == message
    finally:
        taken.close()


def test_a_hub_file_that_cannot_be_written_is_said_and_the_next_tap_works(game, tmp_path):
    pc = tmp_path / "pc"
    a_class(pc)
    (pc / HUB_FILE).mkdir()  # where the hub keeps its code and tablets, something it cannot write
    pilot = game(pc)
    enter_teacher(pilot)
    pilot.tap_widget("sharing")
    pilot.tap_widget("hub-switch")
    sharing = pilot.app.ctx.sharing
    pilot.wait_until(lambda: not sharing.busy, timeout=10)
    assert sharing.hub is None
    assert pilot.scene.widget("sharing-message").text.startswith("Sharing could not start: ")
    (pc / HUB_FILE).rmdir()  # put right: the same switch starts it
    pilot.tap_widget("hub-switch")
    pilot.wait_until(lambda: sharing.hub is not None and not sharing.busy, timeout=10)
    assert pilot.scene.widget("code").text.replace(" ", "") == sharing.hub.code


def test_sharing_starts_with_the_game_and_the_open_overview_shows_a_tablets_lesson(game, tmp_path):
    pc = tmp_path / "pc"
    a_class(pc, share=True)
    pilot = game(pc)
    sharing = pilot.app.ctx.sharing
    pilot.wait_until(lambda: sharing.hub is not None and sharing.hub.running, timeout=10)  # no tap needed
    enter_teacher(pilot)
    pilot.tap_widget("overview")  # the teacher watches the class overview on the board
    pilot.wait_until(lambda: any(w.name.startswith("cell-") for w in pilot.scene.widgets), timeout=10)
    with ProgressStore(pc / STORE_FILE) as store:
        zoe_here = next(pupil for pupil, name, _ in store.pupils(store.class_id("Robins")) if name == "Zoë")
    lessons = [lesson_id for lesson_id, _ in pilot.scene.overview.lessons_by_letter["safe"]]
    shown = lambda: pilot.scene.widget(f"cell-{zoe_here}-safe").pips[lessons.index("safe-password")]  # noqa: E731
    assert shown() == ("not started", 0)

    client = tablet_joined(tmp_path / "tablet", sharing.hub.address, sharing.hub.code, "Tablet 7")
    try:
        with ProgressStore(tmp_path / "tablet" / STORE_FILE) as store:  # Zoë plays a lesson on the tablet
            class_id = store.class_id("Robins")
            zoe = next(pupil for pupil, name, _ in store.pupils(class_id) if name == "Zoë")
            attempt = uuid.uuid4().hex
            store.start_attempt(attempt, "safe-password", "safe", pupil_id=zoe, class_id=class_id)
            store.record_answer(attempt, "q1", "wrong", False, 1, 3.2)
            store.record_answer(attempt, "q1", "right", True, 2, 1.1)
            store.finish_attempt(attempt, 2)
        client.nudge()
        # On the board's overview, merged by pupil, with no tap: read again when the push arrives.
        pilot.wait_until(lambda: shown() == ("done", 2), timeout=5)
    finally:
        client.stop()
    row = next(row for row in pilot.scene.overview.pupils if row.pupil_id == zoe_here)
    assert row.lessons["safe-password"] == "done" and row.attempts["safe-password"] == 1


def test_closing_the_game_stops_the_hub_even_one_still_starting(game, tmp_path, cache_dir):
    """Sharing starts with the game (just after its first frame), on its own thread; a game closed at once still
    stops that hub (its port and threads are not left behind), and a running one frees its port."""
    import threading

    pc = tmp_path / "pc"
    a_class(pc, share=True)
    app = App.create(Options(fullscreen=False, size=(1280, 800), lesson_dirs=[BUILTIN_LESSONS_DIR],
                             cache_dir=cache_dir, data_dir=pc, sharing=LOOPBACK), narrator=QuietNarrator())
    assert app.ctx.sharing is None  # nothing of sharing is started, or imported, before the first frame
    # The home screen is put together over a few frames; sharing starts as soon as it is shown.
    Pilot(app).wait_until(lambda: app.ctx.sharing is not None, timeout=10)
    assert app.ctx.sharing.busy == "Starting…"
    app.close()  # the hub is still starting, and the frame loop never hears of it
    assert app.ctx.sharing.hub is None
    assert not [t for t in threading.enumerate() if t.name == "class-hub" and t.is_alive()]
    pilot = game(pc)
    sharing = pilot.app.ctx.sharing
    pilot.wait_until(lambda: sharing.hub is not None and sharing.hub.running, timeout=10)
    port = sharing.hub.port
    pilot.app.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_the_runner_and_screens_agree_with_the_hub():
    """runner.py and sharing.py keep the hub's constants themselves (so a game that never shares loads no
    asyncio): they must be the hub's."""
    assert DEFAULT_PORT == hub_module.DEFAULT_PORT
    assert HUB_FILE == access.HUB_FILE
    assert runner.SYNC_FILE == client_module.SYNC_FILE
    assert sharing_screens.CODE_LETTERS == access.CODE_LETTERS


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def test_the_sharing_screens_fit_a_class_of_30_with_15_tablets(cache_dir, size):
    """Every sharing screen (the tour's own walk: the board with 15 tablets, the menu, the worries, joining,
    the keypads, a joined tablet): on screen, nothing overlapping, every target a teacher's size."""
    from tests.test_layout import layout_problems
    from game.authoring.tour import SHARING_SCREENS, visit_sharing

    seen = []
    for name, pilot in visit_sharing(size, [BUILTIN_LESSONS_DIR], cache_dir=cache_dir):
        problems = layout_problems(pilot.scene, size)
        if pilot.scene.name in ("teacher", "worries"):  # teacher.py's own screens (its buttons are a child's
            problems = [p for p in problems if "sharing-status" in p]  # kind, measured elsewhere): what this adds
        assert not problems, f"{name} at {size}: " + "; ".join(problems)
        seen.append(name)
        if name == "sharing-board":  # 15 tablets: a page of them, and "More"
            devices = [w for w in pilot.scene.widgets if w.name.startswith("device-")]
            assert 8 <= len(devices) < 15 and any(w.name == "next-page" for w in pilot.scene.widgets)
    assert seen == SHARING_SCREENS

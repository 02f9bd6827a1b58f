"""Teacher mode's "Share through a folder" (issue 17 point 5, in the game), through the pilot with real taps:
the PC is set up as the teacher's (a new folder marked), a tablet (a real FolderSync on a data folder of its
own) records a worry and a lesson, and the PC's menu badge and open overview show them within seconds;
the next start shares again; a folder that is not there, not whole, not marked, or a second way of sharing,
is said in words. Real stores and a real shared folder, all in temporary folders."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pygame
import pytest

from game.progress.service import Player, Recorder
from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore
from game.sync import folder as shared_folder
from game.sync.folder import MARKER, FolderError, FolderSync
from game.sync.runner import FOLDER_NOT_WITH_HUB, HUB_NOT_WITH_FOLDER, SharingNetwork, usable_folder
from game.authoring.tour import enter_teacher
from tests.test_sharing import a_class, game  # noqa: F401 - the fixture that starts and closes real games

# The hub on loopback only (never started here but where a test turns it on); the folder read twice a second.
SOMEONE_ELSE = 65534  # tests/test_privacy.py's other account
FAST = SharingNetwork(port=0, host="127.0.0.1", advertise=False, interfaces=["127.0.0.1"], folder_interval=0.5)


def type_path(pilot, path: str) -> None:
    """The path as a teacher types it: most from the keyboard (or a paste), the end on the big keys."""
    pilot.tap_widget("folder-path")
    assert pilot.scene.name == "keypad"
    pilot.tap_widget("key-clear")  # the path typed before goes
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=path[:-3], window=None))
    pilot.frames(1)
    for char in path[-3:]:
        pilot.tap_widget("key-space" if char == " " else f"key-{char.lower()}")
    assert pilot.scene.text == path
    pilot.tap_widget("key-ok")
    assert pilot.scene.name == "folder-setup"


def said(pilot) -> str:
    pilot.wait_until(lambda: not pilot.scene.busy, timeout=10)
    return pilot.scene.widget("folder-message").text


def test_the_pc_shares_through_a_new_folder_a_tablets_worry_and_lesson_reach_it_and_it_starts_again(game, tmp_path):
    pc, folder, tablet = tmp_path / "pc", tmp_path / "class folder", tmp_path / "tablet"
    a_class(pc)
    folder.mkdir()
    pilot = game(pc, FAST)
    enter_teacher(pilot)
    pilot.tap_widget("sharing")
    pilot.tap_widget("share-folder")
    type_path(pilot, str(folder))
    assert pilot.scene.widget("folder-path").label == str(folder)
    pilot.tap_widget("folder-start")
    assert said(pilot) == "Choose first: is this the teacher's PC, or a tablet?"
    pilot.tap_widget("role-teacher")
    pilot.tap_widget("folder-start")  # a folder never marked: said, and nothing written in it
    assert "is not the class's shared folder yet" in said(pilot)
    assert list(folder.iterdir()) == []
    pilot.tap_widget("mark-new")
    assert pilot.scene.name == "confirm" and str(folder) in pilot.scene.question
    pilot.tap_widget("yes")
    pilot.wait_until(lambda: pilot.scene.name == "sharing", timeout=10)
    sharing = pilot.app.ctx.sharing
    assert sharing.folder is not None and sharing.folder.teacher and (folder / MARKER).is_file()
    # Remembered (the settings are written off the frame loop, within a moment).
    pilot.wait_until(lambda: (Settings.load(pc).shared_folder, Settings.load(pc).shared_folder_role)
                     == (str(folder), "teacher"), timeout=5)
    pilot.wait_until(lambda: pilot.scene.widget("folder-status").text.startswith(f"Sharing through {folder}: last read "),
                     timeout=5)
    # One way at a time: the hub's switch says why not, and nothing starts.
    pilot.tap_widget("hub-switch")
    assert pilot.scene.widget("sharing-message").text == HUB_NOT_WITH_FOLDER
    assert sharing.hub is None and not Settings.load(pc).share_with_tablets

    # A tablet: its own data folder, a real FolderSync (as the game runs it), the class from the PC's roster.
    tablet.mkdir()
    ProgressStore(tablet / STORE_FILE).close()
    sync = FolderSync(tablet, folder, teacher=False, interval=0.5).start()
    recorder = Recorder(tablet / STORE_FILE)
    recorder.on_written = lambda _method: sync.nudge()  # as the runner wires a tablet's recorder
    try:
        def robins() -> int | None:
            with ProgressStore(tablet / STORE_FILE) as store:
                return store.class_id("Robins")

        pilot.wait_until(lambda: robins() is not None, timeout=5)
        with ProgressStore(tablet / STORE_FILE) as store:
            class_id = store.class_id("Robins")
            pupils = {name: pupil for pupil, name, _ in store.pupils(class_id)}
        pilot.tap_widget("back")
        assert pilot.scene.name == "teacher" and pilot.scene.widget("sharing").label == "Shared folder: on"
        assert pilot.scene.widget("sharing-status").text.startswith(f"Sharing through {folder}")
        assert not any(w.name == "worries-unread" for w in pilot.scene.widgets)
        recorder.player = Player(pupil_id=pupils["Siobhán"], class_id=class_id)
        recorder.worry("tell-a")  # a child on the tablet taps "I'd like to talk to a grown-up"
        pilot.wait_until(lambda: any(w.name == "worries-unread" for w in pilot.scene.widgets), timeout=4)
        assert pilot.scene.widget("worries-unread").count == 1

        pilot.tap_widget("overview")  # the teacher watches the overview while Zoë plays on the tablet
        pilot.wait_until(lambda: any(w.name.startswith("cell-") for w in pilot.scene.widgets), timeout=10)
        with ProgressStore(pc / STORE_FILE) as store:
            zoe_here = next(p for p, name, _ in store.pupils(store.class_id("Robins")) if name == "Zoë")
        lessons = [lesson for lesson, _ in pilot.scene.overview.lessons_by_letter["safe"]]
        shown = lambda: pilot.scene.widget(f"cell-{zoe_here}-safe").pips[lessons.index("safe-password")]  # noqa: E731
        assert shown() == ("not started", 0)
        with ProgressStore(tablet / STORE_FILE) as store:
            attempt = uuid.uuid4().hex
            store.start_attempt(attempt, "safe-password", "safe", pupil_id=pupils["Zoë"], class_id=class_id)
            store.record_answer(attempt, "q1", "right", True, 1, 1.1)
            store.finish_attempt(attempt, 3)
        sync.nudge()
        pilot.wait_until(lambda: shown() == ("right first time", 3), timeout=5)  # no tap: read again as it arrives
    finally:
        recorder.close()
        sync.stop()
    pilot.app.close()  # closing the game stops the folder's thread
    assert pilot.app.ctx.sharing.folder is None and not pilot.app.ctx.sharing._live_folder

    again = game(pc, FAST)  # the next start shares through the folder again, with no tap
    again.wait_until(lambda: again.app.ctx.sharing.folder is not None, timeout=10)
    again.wait_until(lambda: again.app.ctx.sharing.folder.status.startswith(f"Sharing through {folder}: last read"),
                     timeout=5)
    assert again.app.ctx.sharing.folder.teacher
    # Stopped: forgotten in the settings.
    enter_teacher(again)
    again.tap_widget("sharing")
    again.tap_widget("folder-stop")
    again.tap_widget("yes")
    again.wait_until(lambda: not again.app.ctx.sharing.busy, timeout=10)
    assert again.app.ctx.sharing.folder is None and again.app.ctx.settings.shared_folder is None
    again.wait_until(lambda: Settings.load(pc).shared_folder is None, timeout=5)
    assert any(w.name == "share-folder" for w in again.scene.widgets)


def test_a_folder_that_cannot_be_used_is_said_in_words_and_a_tablet_writes_to_a_marked_one(game, tmp_path):
    data = tmp_path / "tablet"
    a_class(data)
    pilot = game(data, FAST)
    enter_teacher(pilot)
    pilot.tap_widget("sharing")
    pilot.tap_widget("share-folder")
    pilot.tap_widget("role-tablet")
    missing = tmp_path / "not made"
    type_path(pilot, str(missing))
    pilot.tap_widget("folder-start")
    assert said(pilot).startswith(f"{missing} does not exist or cannot be reached")
    type_path(pilot, "Smart-stars")  # a path from nowhere: the drive or the server is needed
    pilot.tap_widget("folder-start")
    assert said(pilot).startswith("\u201cSmart-stars\u201d is not a whole path")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    pilot.tap_widget("folder-path")
    for _ in range(len("Smart-stars")):  # rubbed out a letter at a time
        pilot.tap_widget("key-back")
    assert pilot.scene.text == ""
    pygame.scrap.put_text(f'"{a_file}"')  # copied with Explorer's "Copy as path": in quotes
    pilot.key(pygame.K_v, pygame.KMOD_CTRL)  # pasted
    assert pilot.scene.text == str(a_file)
    pilot.tap_widget("key-ok")
    pilot.tap_widget("folder-start")
    assert said(pilot) == f"{a_file} is a file, not a folder: type the folder's path"
    unmarked = tmp_path / "unmarked"
    unmarked.mkdir()
    type_path(pilot, str(unmarked))
    pilot.tap_widget("folder-start")
    assert said(pilot).startswith(f"{unmarked} is not the class's shared folder yet")
    assert list(unmarked.iterdir()) == [] and pilot.app.ctx.sharing.folder is None
    assert Settings.load(data).shared_folder is None
    # Marked by the teacher's PC: the tablet shares, and what it records is written at once.
    shared_folder.prepare_folder(unmarked)
    pilot.tap_widget("folder-start")
    pilot.wait_until(lambda: pilot.scene.name == "sharing", timeout=10)
    sharing = pilot.app.ctx.sharing
    assert sharing.folder is not None and not sharing.folder.teacher
    assert pilot.app.ctx.recorder.on_written is not None
    pilot.wait_until(lambda: Settings.load(data).shared_folder_role == "tablet", timeout=5)
    pilot.wait_until(lambda: pilot.scene.widget("folder-status").text.startswith(f"Sharing through {unmarked}: last "
                                                                                 "written"), timeout=5)
    with ProgressStore(data / STORE_FILE) as store:
        device = store.device_id
    pilot.app.ctx.recorder.worry("tell-a")
    pilot.wait_until(lambda: (unmarked / f"{device}.jsonl").is_file()
                     and "asked-for-help" in (unmarked / f"{device}.jsonl").read_text(), timeout=4)


def test_the_folder_is_refused_while_the_hub_shares(game, tmp_path):
    pc = tmp_path / "pc"
    a_class(pc)
    pilot = game(pc, FAST)
    enter_teacher(pilot)
    pilot.tap_widget("sharing")
    pilot.tap_widget("hub-switch")
    sharing = pilot.app.ctx.sharing
    pilot.wait_until(lambda: sharing.hub is not None and not sharing.busy, timeout=10)
    pilot.tap_widget("share-folder")
    assert pilot.scene.name == "sharing"
    assert pilot.scene.widget("sharing-message").text == FOLDER_NOT_WITH_HUB
    assert sharing.folder is None and Settings.load(pc).shared_folder is None


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def test_the_folder_screens_fit_with_a_long_path(game, tmp_path, size):
    """The setup screen, the path's keypad and the sharing screen while sharing, with a long path: on
    screen, nothing overlapping, every target a teacher's size."""
    from tests.test_layout import layout_problems

    data = tmp_path / "pc"
    a_class(data)
    folder = tmp_path / "school-server" / "shared" / "Year 1" / "Robins 1B" / "smart-stars"
    folder.mkdir(parents=True)
    shared_folder.prepare_folder(folder)
    pilot = game(data, FAST, size=size)
    enter_teacher(pilot)
    pilot.tap_widget("sharing")
    checked = []

    def check() -> None:
        problems = layout_problems(pilot.scene, size)
        assert not problems, f"{pilot.scene.name} at {size}: " + "; ".join(problems)
        checked.append(pilot.scene.name)

    check()
    pilot.tap_widget("share-folder")
    check()
    pilot.tap_widget("folder-path")
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=str(folder) + "\\deeper" * 30, window=None))
    pilot.frames(1)
    pilot.shown()  # laid out again until its words' sizes are found (a few ms of them a frame), then shown
    assert pilot.scene.widget("typed").text.startswith("\u2026")  # the end in view, the start given way
    check()
    pilot.tap_widget("key-clear")
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=str(folder), window=None))
    pilot.frames(1)
    pilot.tap_widget("key-ok")
    pilot.tap_widget("role-teacher")
    check()
    pilot.tap_widget("folder-start")
    pilot.wait_until(lambda: pilot.scene.name == "sharing", timeout=10)
    pilot.wait_until(lambda: pilot.scene.widget("folder-status").text.startswith("Sharing through"), timeout=5)
    check()
    assert checked == ["sharing", "folder-setup", "keypad", "folder-setup", "sharing"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only root can play another account here")
def test_a_folder_this_account_cannot_write_in_is_said_before_anything_is_shared():
    """The school's share readable but not writable by the tablet's account: said at once, in words (the
    check the setup screen runs on the sharing thread, as another account: root may write anywhere)."""
    with tempfile.TemporaryDirectory() as root:
        os.chmod(root, 0o755)
        folder = Path(root) / "smart-stars"
        folder.mkdir(mode=0o755)
        shared_folder.prepare_folder(folder)
        os.chmod(folder / MARKER, 0o644)
        os.seteuid(SOMEONE_ELSE)  # this process, briefly, as the tablet's account (only this call)
        try:
            with pytest.raises(FolderError) as refused:
                usable_folder(str(folder), new=False)
        finally:
            os.seteuid(0)
        assert str(refused.value) == (f"SMART Stars cannot write in it: {folder}: permission denied (the school's IT "
                                      "can give this account the right to write there)")
        assert sorted(p.name for p in folder.iterdir()) == [MARKER]


def test_the_folder_settings_keep_their_values_and_an_unknown_role_reads_as_a_tablet(tmp_path):
    Settings(shared_folder="Z:\\smart-stars", shared_folder_role="teacher").save(tmp_path)
    again = Settings.load(tmp_path)
    assert (again.shared_folder, again.shared_folder_role) == ("Z:\\smart-stars", "teacher")
    text = (tmp_path / "settings.json").read_text(encoding="utf-8")
    (tmp_path / "settings.json").write_text(text.replace('"teacher"', '"headteacher"'), encoding="utf-8")
    assert Settings.load(tmp_path).shared_folder_role == "tablet"  # the side that only adds its own file
    assert Settings().shared_folder is None  # off unless a teacher turns it on

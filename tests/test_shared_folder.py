"""The same statements through a shared folder (docs/sync.md; game/sync/folder.py): tablets append their own
files, the teacher's PC merges them by statement id. Real stores in separate data folders, one shared
temporary folder, real processes where a kill matters."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from game.progress.service import Player, Recorder
from game.progress.store import ProgressStore
from game.sync import folder as shared
from game.sync import ledger, xapi

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Zoë", "José", "Siobhán", "Aleksandra-Marie", "Bo", "Nguyễn", "Mohammed-Ali"]


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "shared"
    path.mkdir()
    shared.prepare_folder(path)
    return path


@pytest.fixture
def pc(tmp_path):
    with ProgressStore(tmp_path / "pc" / "progress.sqlite3") as store:
        class_id = store.add_class("Robins")
        for name in NAMES:
            store.add_pupil(class_id, name, "fox")
        yield store


def tablet(tmp_path: Path, n: int) -> ProgressStore:
    return ProgressStore(tmp_path / f"tablet{n}" / "progress.sqlite3")


def pupil(store: ProgressStore, name: str) -> tuple[int, int]:
    class_id = store.class_id("Robins")
    return next(pid for pid, shown, _ in store.pupils(class_id) if shown == name), class_id


def play(store: ProgressStore, name: str, lesson: str = "safe-password", at: str | None = None) -> None:
    """Start, a wrong and a right answer, finish: as a child's lesson is recorded."""
    pupil_id, class_id = pupil(store, name)
    attempt = uuid.uuid4().hex
    store.start_attempt(attempt, lesson, "safe", pupil_id=pupil_id, class_id=class_id, at=at)
    store.record_answer(attempt, "q1", "wrong", False, 1, 3.2, at=at)
    store.record_answer(attempt, "q1", "right", True, 2, 1.1, at=at)
    store.finish_attempt(attempt, 2, at=at)


def answers(store: ProgressStore) -> int:
    return store.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]


def merge(pc: ProgressStore, folder: Path, state: dict) -> shared.Merged:
    return shared.merge_folder(pc, folder, state)


def wait_for(predicate, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def test_every_answer_from_every_tablet_arrives_once_merged_by_pupil(tmp_path, folder, pc):
    state: dict = {}
    merge(pc, folder, state)  # the PC's roster.json is there before any tablet looks
    devices = [tablet(tmp_path, n) for n in range(3)]
    try:
        tablet_states: list[dict] = [{} for _ in devices]
        for device, device_state in zip(devices, tablet_states):
            shared.share(device, folder, device_state)
            assert [p[1] for p in device.pupils(device.class_id("Robins"))] == sorted(NAMES)
        # each child plays on a different tablet each day; one tablet has a pupil the PC does not know yet
        devices[2].add_pupil(devices[2].class_id("Robins"), "Lulu", "owl")
        for day, device in enumerate(devices):
            for name in NAMES:
                play(device, name, lesson=f"lesson-{day}")
        play(devices[2], "Lulu")
        device_answers = sum(answers(device) for device in devices)
        for device, device_state in zip(devices, tablet_states):
            shared.share(device, folder, device_state)
            assert ledger.waiting(device) == 0
        merged = merge(pc, folder, state)
        assert merged.problems == [] and merged.devices == {d.device_id for d in devices}
        assert merged.stored == 3 * len(NAMES) * 4 + 4 and merged.duplicates == 0
        assert answers(pc) == device_answers == 3 * len(NAMES) * 2 + 2
        rows = list(pc.class_progress_rows(pc.class_id("Robins")))
        assert len(rows) == 3 * len(NAMES) + 1  # merged by pupil: one Zoë with three lessons, not three Zoës
        assert {row["pupil"] for row in rows} == {*NAMES, "Lulu"}
        assert all(row["finished"] and row["wrong_answers"] == 1 for row in rows)
        # the same files read again (by a PC that kept its place in its private state file): nothing read
        state_path = tmp_path / "pc" / shared.STATE_FILE
        shared.save_state(state_path, state)
        again = merge(pc, folder, shared.load_state(state_path, folder))
        assert (again.lines, again.bytes_read, again.stored, again.problems) == (0, 0, 0, [])
        # the PC forgot how far it had read (its state file lost): everything read again, nothing changes
        again = merge(pc, folder, {})
        assert again.stored == 0 and again.duplicates == merged.stored and answers(pc) == device_answers
        # each tablet's file holds exactly the text its store keeps
        for device in devices:
            lines = (folder / f"{device.device_id}.jsonl").read_text(encoding="utf-8").splitlines()
            assert lines == [body for (body,) in device.db.execute("SELECT body FROM statements ORDER BY seq")]
        # the PC's roster brings Lulu to every tablet
        for device, device_state in zip(devices, tablet_states):
            shared.share(device, folder, device_state)
            assert "Lulu" in [p[1] for p in device.pupils(device.class_id("Robins"))]
        # names only in the rosters, never in the statements
        for path in folder.glob("*.jsonl"):
            assert not any(name in path.read_text(encoding="utf-8") for name in NAMES)
        if os.name == "posix":
            for path in [*folder.glob("*.json*"), tmp_path / "pc" / shared.STATE_FILE]:
                if path.name != shared.MARKER:
                    assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    finally:
        for device in devices:
            device.close()


def test_a_file_a_sync_client_replaced_or_cut_shorter_is_read_again_and_nothing_changes(tmp_path, folder, pc):
    state: dict = {}
    merge(pc, folder, state)
    with tablet(tmp_path, 1) as device:
        device_state: dict = {}
        shared.share(device, folder, device_state)
        for name in NAMES[:3]:
            play(device, name)
        shared.share(device, folder, device_state)
        merge(pc, folder, state)
        path = folder / f"{device.device_id}.jsonl"
        whole = path.read_bytes()
        before = answers(pc)
        # a sync client puts back an older copy (shorter): read again from the start
        path.write_bytes(whole[: whole.index(b"\n") + 1])
        shorter = merge(pc, folder, state)
        assert shorter.reread == [str(path)] and shorter.stored == 0 and shorter.duplicates == 1
        # then the whole file, as a new file: it starts as what was read, so reading goes on from there
        os.replace(_copy(path, whole), path)
        back = merge(pc, folder, state)
        assert back.reread == [] and back.stored == 0 and back.duplicates == 11
        # the same length, other content (another device's file put in its place): read from the start
        play(device, NAMES[3])
        shared.share(device, folder, device_state)
        grown = path.read_bytes()
        lines = grown.splitlines(keepends=True)
        path.write_bytes(b"".join([lines[1], lines[0], *lines[2:]]))
        swapped = merge(pc, folder, state)
        assert swapped.reread == [str(path)] and swapped.stored == 4 and swapped.problems == []
        assert answers(pc) == before + 2 == answers(device)


def _copy(path: Path, data: bytes) -> Path:
    other = path.with_name(".copy-" + path.name)
    other.write_bytes(data)
    return other


def test_a_tablet_killed_mid_append_loses_nothing_and_the_cut_line_is_named_once(tmp_path, folder, pc):
    state: dict = {}
    merge(pc, folder, state)
    data_dir = tmp_path / "tablet"
    with ProgressStore(data_dir / "progress.sqlite3") as device:
        shared.share(device, folder, {})
        device_id = device.device_id
    path = folder / f"{device_id}.jsonl"
    script = [sys.executable, str(ROOT / "tests" / "append_and_be_killed.py"), str(data_dir), str(folder)]

    # 1. appending in a loop while the PC merges, then SIGKILLed at a moment in flight
    game = subprocess.Popen(script, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in game.stdout:
        if line.startswith("appended="):
            merge(pc, folder, state)  # the PC reads while the tablet writes
            if int(line.split("=")[1]) >= 20:
                break
    game.send_signal(signal.SIGKILL)
    game.wait(10)

    # 2. killed inside a write: the file ends with half a line
    game = subprocess.Popen([*script, "--cut"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert game.stdout.readline().strip() == "half"
    game.send_signal(signal.SIGKILL)
    game.wait(10)
    assert not path.read_bytes().endswith(b"\n")
    complete = path.read_bytes().count(b"\n")
    before_cut = merge(pc, folder, state)
    assert before_cut.problems == [] and before_cut.unfinished == [str(path)]
    distinct = {json.loads(line)["id"] for line in path.read_bytes().split(b"\n")[:complete] if line}
    taken = pc.db.execute("SELECT COUNT(*) FROM statements WHERE origin = ?", (device_id,)).fetchone()[0]
    assert taken == len(distinct)  # every whole line before the cut one

    # 3. the tablet starts again: the half line is closed off and what was not marked written is written whole
    with ProgressStore(data_dir / "progress.sqlite3") as device:
        shared.share(device, folder, {})
        recorded = answers(device)
        made = device.db.execute("SELECT COUNT(*) FROM statements").fetchone()[0]
    after = merge(pc, folder, state)
    assert len(after.problems) == 1
    assert after.problems[0].startswith(f"{path} line {complete + 1}: not a statement")
    assert answers(pc) == recorded > 20  # every answer the tablet recorded, once
    assert pc.db.execute("SELECT COUNT(*) FROM statements WHERE origin = ?", (device_id,)).fetchone()[0] == made
    again = merge(pc, folder, state)  # the cut line is not passed over (or named) a second time
    assert again.problems == [] and again.lines == 0
    assert pc.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_folder_gone_for_a_while_then_back_brings_everything_once(tmp_path, folder, pc):
    tablet_dir, pc_dir = tmp_path / "tablet", tmp_path / "pc"
    merge(pc, folder, {})
    pc_sync = shared.FolderSync(pc_dir, folder, teacher=True, interval=0.05).start()
    with ProgressStore(tablet_dir / "progress.sqlite3") as device:
        recorder = Recorder(tablet_dir / "progress.sqlite3")
        sync = shared.FolderSync(tablet_dir, folder, teacher=False, interval=0.05).start()
        try:
            wait_for(lambda: device.class_id("Robins") is not None)
            zoe, class_id = pupil(device, "Zoë")
            recorder.player = Player(pupil_id=zoe, class_id=class_id)
            attempt = recorder.lesson_started("safe-password", "safe")
            recorder.answered(attempt, "q1", "right", True, 1, 1.0)
            recorder.flush()
            sync.nudge()
            wait_for(lambda: ledger.waiting(device) == 0)
            assert sync.status.startswith(f"Sharing through {folder}: last written ")

            away = folder.with_name("unplugged")
            folder.rename(away)  # the drive is unplugged
            for n in range(14):
                recorder.answered(attempt, f"q{n + 2}", "right", True, 1, 1.0)
            recorder.worry("safe-password")
            recorder.flush()
            sync.nudge()
            wait_for(lambda: "14 answers and 1 worry waiting" in sync.status)
            assert sync.status.startswith(f"The shared folder {folder} cannot be reached")
            wait_for(lambda: "cannot be reached" in pc_sync.status)
            assert pc_sync.detail == f"{folder} cannot be reached (is the drive connected?)"
            assert not folder.exists()  # never made again where the drive was: that would be lost on its return

            away.rename(folder)  # back
            sync.nudge()
            pc_sync.nudge()
            wait_for(lambda: ledger.waiting(device) == 0)
            wait_for(lambda: answers(pc) == 15)
            wait_for(lambda: pc_sync.status.endswith("1 tablet seen"))
            assert pc.db.execute("SELECT COUNT(*) FROM worries").fetchone()[0] == 1
            assert pc_sync.status.startswith(f"Sharing through {folder}: last read ")
        finally:
            sync.stop()
            pc_sync.stop()
            recorder.close()
    assert answers(pc) == 15 and pc_sync.problems == []


def test_a_pupil_erased_while_a_tablet_was_offline_stays_erased_everywhere(tmp_path, folder, pc):
    state: dict = {}
    merge(pc, folder, state)
    with tablet(tmp_path, 1) as device:
        device_state: dict = {}
        shared.share(device, folder, device_state)
        zoe_uid = device.db.execute("SELECT uid FROM pupils WHERE name = 'Zoë'").fetchone()[0]
        play(device, "Zoë")
        play(device, "Bo")
        shared.share(device, folder, device_state)
        merge(pc, folder, state)
        assert answers(pc) == 4
        # the tablet is offline (not sharing); Zoë plays on; her family asks the school to erase her
        play(device, "Zoë", lesson="offline")
        device.add_worry("offline", *pupil(device, "Zoë"))
        pc.erase_pupil(pupil(pc, "Zoë")[0])
        merged = merge(pc, folder, state)  # the tablet's old roster still names her: she does not come back
        assert "Zoë" not in [p[1] for p in pc.pupils(pc.class_id("Robins"))] and merged.problems == []
        # back online: the erasure holds on the tablet, and nothing about her is written or taken in again
        outcome = shared.share(device, folder, device_state)
        assert outcome.erased == 1 and outcome.written == 0
        assert "Zoë" not in [p[1] for p in device.pupils(device.class_id("Robins"))]
        assert device.db.execute("SELECT COUNT(*) FROM statements WHERE pupil_uid = ?", (zoe_uid,)).fetchone()[0] == 0
        assert device.db.execute("SELECT COUNT(*) FROM worries").fetchone()[0] == 0
        after = merge(pc, folder, state)
        assert after.stored == 0 and after.problems == []
        assert pc.db.execute("SELECT COUNT(*) FROM statements WHERE pupil_uid = ?", (zoe_uid,)).fetchone()[0] == 0
        assert answers(pc) == 2 and [r["pupil"] for r in pc.class_progress_rows(pc.class_id("Robins"))] == ["Bo"]
        for path in folder.iterdir():  # the shared folder keeps neither her name nor her records
            text = path.read_text(encoding="utf-8")
            assert "Zoë" not in text, path
            if path.name.endswith("roster.json"):  # her random id only as erased: the erasure goes on reaching devices
                roster = json.loads(text)
                assert zoe_uid not in {p["uid"] for p in roster["pupils"]}
                assert zoe_uid in {e["uid"] for e in roster["erased"]}
            else:
                assert zoe_uid not in text, path


def test_tablet_clocks_an_hour_wrong_are_merged_with_their_times_as_made(tmp_path, folder, pc):
    state: dict = {}
    merge(pc, folder, state)
    now = dt.datetime.now(dt.timezone.utc)
    times = {1: (now + dt.timedelta(hours=1)).isoformat(timespec="milliseconds"),
             2: (now - dt.timedelta(hours=1)).isoformat(timespec="milliseconds")}
    for n, at in times.items():
        with tablet(tmp_path, n) as device:
            shared.share(device, folder, {})
            play(device, NAMES[n], at=at)
            shared.share(device, folder, {})
    merged = merge(pc, folder, state)
    assert merged.stored == 8 and merged.problems == []
    kept = {at for (at,) in pc.db.execute("SELECT at FROM answers")}
    assert kept == set(times.values())
    rows = list(pc.class_progress_rows(pc.class_id("Robins")))
    assert {row["pupil"] for row in rows} == {NAMES[1], NAMES[2]} and all(row["finished"] for row in rows)


def test_bad_files_are_named_with_their_line_and_nothing_is_lost(tmp_path, folder, pc, monkeypatch):
    state: dict = {}
    merge(pc, folder, state)
    with tablet(tmp_path, 1) as device:
        device_state: dict = {}
        shared.share(device, folder, device_state)
        play(device, "Bo")
        shared.share(device, folder, device_state)
        path = folder / f"{device.device_id}.jsonl"
        good = path.read_bytes().splitlines(keepends=True)
        first = json.loads(good[1])
        other = dict(first, result={"success": True})  # the same id, other content
        misshapen = {"id": str(uuid.uuid4()), "timestamp": "2026-12-01T10:00:00+00:00",  # a "try" that is no number
                     "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                     "context": {"extensions": {xapi.RECORD: {"lesson": "x", "attempt": "a" * 32, "try": "abc"}}}}
        path.write_bytes(b"".join([
            good[0], b"\xff\xfe binary junk\n", b"hello\n", good[1], b"[1, 2]\n", b"\n",
            json.dumps({"id": str(uuid.uuid4()), "verb": {"id": "x"}}).encode() + b"\n",
            good[2], json.dumps(other).encode() + b"\n", good[3], json.dumps(misshapen).encode() + b"\n"]))
        merged = merge(pc, folder, state)
        assert merged.stored == 4 and answers(pc) == 2
        assert [problem.split(":")[0] for problem in merged.problems] == [
            f"{path} line 2", f"{path} line 3", f"{path} line 5", f"{path} line 7", f"{path} line 9", f"{path} line 11"]
        assert "not a SMART Stars statement" in merged.problems[3] and "other content" in merged.problems[4]
        assert "a statement the store cannot take" in merged.problems[5]
        assert pc.db.execute("SELECT COUNT(*) FROM attempts WHERE id = ?", ("a" * 32,)).fetchone()[0] == 0

        # a roster.json that is not JSON (half-copied): the tablet keeps its class lists and says which file
        (folder / shared.ROSTER).write_text('{"classes": [', encoding="utf-8")
        outcome = shared.share(device, folder, device_state)
        assert outcome.problems == [f"{folder / shared.ROSTER} is not JSON (line 1, column 14: perhaps half-copied "
                                    f"by a sync client): the class lists stay as they are until it is written again"]
        assert len(device.pupils(device.class_id("Robins"))) == len(NAMES)
        # a tablet's roster that is not JSON: the PC names it and merges the rest
        roster_path = folder / f"{device.device_id}.roster.json"
        roster_path.write_bytes(b"\xff\xfegarbage")
        assert merge(pc, folder, state).problems == [
            f"{roster_path} is not text: the class lists stay as they are until it is written again"]

        # permission denied on the tablet's own file (as root, chmod would not stop this test: the refusal
        # is the operating system's own error, raised where the file is opened)
        play(device, "Zoë")
        real_open = os.open

        def refuse(file, flags, *args, **kwargs):
            if Path(file) == path and flags & os.O_APPEND:
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, flags, *args, **kwargs)

        monkeypatch.setattr(shared.os, "open", refuse)
        with pytest.raises(shared.FolderError, match="permission denied"):
            shared.share(device, folder, device_state)
        assert ledger.waiting(device) == 4  # nothing marked written
        sync = shared.FolderSync(tmp_path / "tablet1", folder, teacher=False, interval=60).start()
        try:
            wait_for(lambda: sync.passes >= 1)
            assert sync.status == f"The shared folder {folder} cannot be reached: 2 answers waiting"
            assert sync.detail.startswith(f"{path}: permission denied")
            monkeypatch.setattr(shared.os, "open", real_open)  # IT fixes the folder's rights
            sync.nudge()
            wait_for(lambda: sync.passes >= 2)
            assert ledger.waiting(device) == 0 and "everything is there" in sync.status and sync.detail is None
        finally:
            sync.stop()
        merged = merge(pc, folder, state)
        assert merged.stored == 4 and answers(pc) == 4


def test_the_sync_thread_wakes_when_nudged_and_never_makes_the_game_wait(tmp_path, folder, pc):
    merge(pc, folder, {})
    tablet_dir = tmp_path / "tablet"
    sync = shared.FolderSync(tablet_dir, folder, teacher=False, interval=60).start()
    try:
        wait_for(lambda: sync.passes >= 1)
        with ProgressStore(tablet_dir / "progress.sqlite3") as device:
            device.add_worry("tell-a", *pupil(device, "Bo"))
            began = time.perf_counter()
            sync.nudge()
            status = sync.status
            assert time.perf_counter() - began < 0.01 and status
            wait_for(lambda: ledger.waiting(device) == 0, timeout=5)  # well before the 60 s interval
        assert shared.merge_folder(pc, folder, {}).worries == 1
    finally:
        sync.stop()
    assert not sync._thread.is_alive()


def test_play_py_share_folder_runs_a_pass_on_a_tablet_and_on_the_pc(tmp_path, pc):
    folder = tmp_path / "shared"
    folder.mkdir()
    with tablet(tmp_path, 1) as device:
        tablet_dir = device.path.parent

    def share_folder(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "play.py"), "share-folder", str(folder), "--once", *args],
                              capture_output=True, text=True, timeout=60)

    pc.close()
    refused = share_folder("--data-dir", str(tablet_dir))  # not set up yet: said, and nothing written there
    assert refused.returncode == 1 and "is not the class's shared folder yet" in refused.stderr
    assert list(folder.iterdir()) == []
    first = share_folder("--teacher", "--new", "--data-dir", str(tmp_path / "pc"))
    assert first.returncode == 0 and first.stdout == "read 0 lines from 0 tablets: 0 new records, 0 worries\n"
    assert share_folder("--data-dir", str(tablet_dir)).returncode == 0  # the class lists reach the tablet
    with ProgressStore(tablet_dir / "progress.sqlite3") as device:
        play(device, "Bo")
    wrote = share_folder("--data-dir", str(tablet_dir))
    assert wrote.stdout.startswith("wrote 4 records to ") and wrote.stderr == ""
    merged = share_folder("--teacher", "--data-dir", str(tmp_path / "pc"))
    assert merged.stdout == "read 4 lines from 1 tablet: 4 new records, 0 worries\n"
    with ProgressStore(tmp_path / "pc" / "progress.sqlite3") as store:
        assert [row["pupil"] for row in store.class_progress_rows(store.class_id("Robins"))] == ["Bo"]

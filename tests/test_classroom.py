"""A simulated classroom (issue 17 point 7): one hub (``play.py hub``, its own process) and 15 tablets (each its
own process and data folder, tests/classroom_tablet.py), real HTTP on 127.0.0.1, with the faults a real class
brings: the hub killed and started again mid-sync, a tablet killed mid-push, a tablet offline while a pupil is
erased, the same batch sent twice, tablet clocks an hour out. Afterwards every answer any tablet has in its
store is on the hub exactly once, the erasure holds everywhere, and every store passes integrity_check."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from game.progress.store import STORE_FILE, ProgressStore

ROOT = Path(__file__).resolve().parent.parent
TABLET = Path(__file__).with_name("classroom_tablet.py")
NAMES = ["Zoë", "José", "Siobhán", "Aleksandra-Marie", "Bo", "Nguyễn", "Mohammed-Ali", "Ola", "Kofi", "Mei",
         "Amira", "Leo", "Priya", "Sam", "Ève", "Zygmunt", "Aoife", "Chloé", "Dara", "Elif", "Femi", "Gabi",
         "Hana", "Ibrahim", "Jun", "Kasia", "Lúcia", "Maëlle", "Noor", "Óscar"]
TABLETS = 15


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_hub(data_dir: Path, port: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "play.py"), "hub", "--data-dir", str(data_dir), "--cache-dir",
         str(data_dir.parent / "hub-cache"), "--port", str(port), "--host", "127.0.0.1", "--no-advert",
         "--class", "Robins"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = process.stdout.readline()
    assert first.startswith("SMART Stars class hub at"), first + process.stderr.read()
    code = process.stdout.readline().split(":")[1].strip()
    return process, code


def start_tablet(tmp_path: Path, n: int, port: int, code: str, **options) -> subprocess.Popen:
    command = [sys.executable, str(TABLET), "--data-dir", str(tmp_path / f"tablet{n:02d}"), "--hub",
               f"127.0.0.1:{port}", "--code", code, "--name", f"Robins tablet {n}", "--first-pupil", str(2 * n)]
    for key, value in options.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_until(process: subprocess.Popen, wanted: str, timeout: float = 90) -> None:
    """Lines from a tablet until ``wanted`` (its output is line-buffered; a dead tablet fails the test)."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        seen.append(line.strip())
        if not line:
            raise AssertionError(f"the tablet ({process.args[3]}) stopped (exit {process.wait()}) before '{wanted}' "
                                 f"after {seen}: {process.stderr.read()[-2000:]}")
        if line.strip() == wanted or line.startswith(wanted):
            return
    raise AssertionError(f"no '{wanted}' within {timeout} s")


def test_a_class_of_15_tablets_loses_nothing_and_doubles_nothing(tmp_path):
    hub_dir = tmp_path / "pc"
    with ProgressStore(hub_dir / STORE_FILE) as store:
        robins = store.add_class("Robins")
        pupil_ids = {name: store.add_pupil(robins, name, "fox") for name in NAMES}
    port = free_port()
    hub, code = start_hub(hub_dir, port)
    tablets: dict[int, subprocess.Popen] = {}
    try:
        for n in range(TABLETS):
            offset = {0: 1.0, 1: 1.0, 2: -1.0}.get(n, 0.0)  # three tablets' clocks are an hour out
            tablets[n] = start_tablet(tmp_path, n, port, code, lessons=12, clock_offset_h=offset, worry_every=6)
        for n in tablets:
            read_until(tablets[n], "joined")
        # Tablet 14 goes offline (its process stopped where it stands) before it records anything much
        read_until(tablets[14], "recorded 1")
        tablets[14].send_signal(signal.SIGSTOP)
        # Tablet 3 is killed mid-way (mid-push or mid-answer: wherever it is), and started again later
        read_until(tablets[3], "recorded 3")
        tablets[3].kill()
        tablets[3].wait()
        # The hub is killed mid-sync and started again on the same port, with the same code
        read_until(tablets[5], "recorded 4")
        hub.kill()
        hub.wait()
        time.sleep(1.0)
        hub, code_again = start_hub(hub_dir, port)
        assert code_again == code
        # While tablet 14 is offline, a family asks for their child to be erased: Zoë, who played on it
        with ProgressStore(tmp_path / "tablet14" / STORE_FILE) as offline:
            played = {pupil for (pupil,) in offline.db.execute(
                "SELECT pupils.name FROM attempts JOIN pupils ON pupils.id = attempts.pupil_id")}
        erased_name = sorted(played)[0]
        with ProgressStore(hub_dir / STORE_FILE) as store:
            store.erase_pupil(pupil_ids[erased_name])
        tablets[3] = start_tablet(tmp_path, 3, port, code, lessons=12, worry_every=6)
        tablets[14].send_signal(signal.SIGCONT)
        for n in tablets:
            read_until(tablets[n], "done", timeout=150)
        for process in tablets.values():
            assert process.wait(30) == 0
        # Next morning every tablet connects again (some had finished before the erasure was made)
        for n in range(TABLETS):
            tablets[n] = start_tablet(tmp_path, n, port, code, lessons=12)
        for n in tablets:
            read_until(tablets[n], "done", timeout=150)
            assert tablets[n].wait(30) == 0
        # The same batch delivered twice: a tablet's whole outbox sent again by hand changes nothing
        with ProgressStore(tmp_path / "tablet07" / STORE_FILE) as again:
            bodies = [body for (body,) in again.db.execute(
                "SELECT body FROM statements WHERE origin = ? ORDER BY seq LIMIT 500", (again.device_id,))]
        token = json.loads((tmp_path / "tablet07" / "sync.json").read_text())["token"]
        request = urllib.request.Request(f"http://127.0.0.1:{port}/push", method="POST",
                                         data=json.dumps({"statements": bodies}).encode(),
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            outcome = json.loads(answer.read())
        assert (outcome["stored"], outcome["duplicates"]) == (0, len(bodies)) and bodies, outcome
    finally:
        for process in [hub, *tablets.values()]:
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)
                process.kill()
            process.wait()

    with ProgressStore(hub_dir / STORE_FILE) as store:
        hub_answers = dict(store.db.execute("SELECT uid, attempt_id FROM answers"))
        hub_worries = {uid for (uid,) in store.db.execute("SELECT uid FROM worries")}
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert erased_name not in {name for _, name, _ in store.pupils(robins)}
        on_hub = {row["pupil"] for row in store.class_progress_rows(robins)}
        assert erased_name not in on_hub and len(on_hub) == len(NAMES) - 1
    expected = 0
    for n in range(TABLETS):
        with ProgressStore(tmp_path / f"tablet{n:02d}" / STORE_FILE) as tablet:
            assert tablet.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            names = {name for class_id, _ in tablet.classes() for _, name, _ in tablet.pupils(class_id)}
            assert erased_name not in names, f"tablet {n} still has the erased pupil"
            own = {uid for (uid,) in tablet.db.execute(
                "SELECT answers.uid FROM answers JOIN attempts ON attempts.id = answers.attempt_id "
                "WHERE attempts.origin = ?", (tablet.device_id,))}
            missing = own - set(hub_answers)
            assert not missing, f"tablet {n}: {len(missing)} of its {len(own)} answers are not on the hub"
            expected += len(own)
            worries = {uid for (uid,) in tablet.db.execute("SELECT uid FROM worries WHERE origin = ?",
                                                           (tablet.device_id,))}
            assert worries <= hub_worries
            assert tablet.db.execute("SELECT COUNT(*) FROM statements WHERE pushed = 0").fetchone()[0] == 0
    assert len(hub_answers) == expected  # exactly once: nothing the tablets do not have, nothing twice
    assert expected >= (TABLETS - 1) * 10 * 4

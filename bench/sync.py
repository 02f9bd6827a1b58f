"""Many tablets (docs/sync.md): how fast devices' progress comes together.

Prints name=value lines (units in the name):
  merge_term_s=               15 devices x 2,000 answers each (with their starts and finishes), appended to
                              a shared folder, merged into the teacher's PC's store by game/sync/folder.py
                              from nothing; goal <= 10 on a 2-core machine
  merge_term_cpu_s=           of which this process's own CPU time (the rest: disk waits, other processes)
  merge_term_statements=      how many statements that was
  merge_again_s=              the same folder merged again with nothing new (a pass every few seconds)
  hub_ingest_statements_per_s= 15 tablets pushing a term each (2,000 answers with their starts and finishes) at
                              once to a real hub (game/sync/hub.py) on 127.0.0.1, batches of 500; goal >= 5,000
  answer_to_board_ms_p95=     a tablet's Recorder records an answer, its SyncClient sends it, the hub has it in
                              its store (what the board's overview reads next); goal <= 2,000 on loopback
  overview_ms_merged=         the class overview on the PC with 30 pupils' 100,000 answers from 15 devices, merged
                              by the ledger (median of 7); goal <= 100
  offline_catch_up_s=         (soak, only when named: ``python bench/sync.py offline``) the hub unreachable for
                              OFFLINE_MINUTES while a tablet goes on recording, with the client's real back-off
                              (1 s doubling to 60 s): from the hub being back to the last answer on it

Each measurement is a function returning its name=value pairs; ``MEASUREMENTS`` lists them in order and
``main`` prints each (``python bench/sync.py merge_term`` runs only those named).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.progress.store import ProgressStore  # noqa: E402
from game.sync import folder as shared  # noqa: E402
from game.sync import ledger  # noqa: E402

DEVICES = 15
ANSWERS = 2_000
PUPILS = 30
SCENES = 6  # answers per attempt, as a lesson has


def play_a_term(store: ProgressStore, answers: int) -> None:
    """``answers`` answers by the class's pupils through the store's own recording methods (each with its
    statement). Setup, not measured: ``synchronous=OFF`` so 15 devices' term fills in seconds."""
    store.db.execute("PRAGMA synchronous=OFF")
    class_id = store.class_id("Robins")
    pupils = [pupil_id for pupil_id, _, _ in store.pupils(class_id)]
    made = 0
    while made < answers:
        pupil = pupils[made // SCENES % len(pupils)]
        attempt = uuid.uuid4().hex
        store.start_attempt(attempt, f"lesson-{made % 12}", "safe", pupil_id=pupil, class_id=class_id)
        for scene in range(min(SCENES, answers - made)):
            store.record_answer(attempt, f"scene-{scene}", "right" if scene % 3 else "wrong", scene % 3 != 0, 1, 2.5)
            made += 1
        store.finish_attempt(attempt, 2)
    store.db.execute("PRAGMA synchronous=FULL")


def merge_term(devices: int = DEVICES, answers: int = ANSWERS) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="smart-stars-bench-sync-"))
    try:
        folder = work / "shared"
        folder.mkdir()
        shared.prepare_folder(folder)
        with ProgressStore(work / "pc" / "progress.sqlite3") as pc:
            class_id = pc.add_class("Robins")
            for n in range(PUPILS):
                pc.add_pupil(class_id, f"Pupil {n}", "owl")
            roster = ledger.roster(pc)
            for n in range(devices):
                with ProgressStore(work / f"tablet{n}" / "progress.sqlite3") as tablet:
                    ledger.apply_roster(tablet, roster, authoritative=True)
                    play_a_term(tablet, answers)
                    shared.share(tablet, folder, {})
            state: dict = {}
            began, cpu = time.perf_counter(), time.process_time()
            merged = shared.merge_folder(pc, folder, state)
            merge_s, merge_cpu_s = time.perf_counter() - began, time.process_time() - cpu
            expected = pc.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            assert expected == devices * answers and not merged.problems, (expected, merged.problems)
            began = time.perf_counter()
            again = shared.merge_folder(pc, folder, state)
            again_s = time.perf_counter() - began
            assert again.stored == 0 and again.lines == 0
        return {"merge_term_s": round(merge_s, 2), "merge_term_cpu_s": round(merge_cpu_s, 2),
                "merge_term_statements": merged.stored,
                "merge_again_s": round(again_s, 3)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _class_pc(work: Path) -> ProgressStore:
    pc = ProgressStore(work / "pc" / "progress.sqlite3")
    class_id = pc.add_class("Robins")
    for n in range(PUPILS):
        pc.add_pupil(class_id, f"Pupil {n}", "owl")
    return pc


def hub_ingest(devices: int = DEVICES, answers: int = ANSWERS) -> dict[str, float]:
    """Every tablet's term pushed at once, as after a morning without Wi-Fi: the hub's own pace."""
    import asyncio

    import aiohttp

    from game.sync.hub import HubServer

    work = Path(tempfile.mkdtemp(prefix="smart-stars-bench-hub-"))
    try:
        with _class_pc(work) as pc:
            roster = ledger.roster(pc)
        batches: list[list[list[str]]] = []
        for n in range(devices):
            with ProgressStore(work / f"tablet{n}" / "progress.sqlite3") as tablet:
                ledger.apply_roster(tablet, roster, authoritative=True)
                play_a_term(tablet, answers)
                bodies = [body for (body,) in tablet.db.execute("SELECT body FROM statements ORDER BY seq")]
                batches.append([bodies[i:i + ledger.BATCH] for i in range(0, len(bodies), ledger.BATCH)])
        hub = HubServer(work / "pc", port=0, host="127.0.0.1", advertise=False)
        hub.start()
        try:
            async def push_all() -> tuple[int, float]:
                async with aiohttp.ClientSession() as session:
                    tokens = []
                    for n in range(devices):
                        async with session.post(f"{hub.address}/join", json={
                                "code": hub.code, "device_id": f"bench-tablet-{n:04d}", "device_name": f"tablet {n}"}) as r:
                            tokens.append((await r.json())["token"])

                    async def one(n: int) -> int:
                        stored = 0
                        for batch in batches[n]:
                            async with session.post(f"{hub.address}/push", json={"statements": batch},
                                                    headers={"Authorization": f"Bearer {tokens[n]}"}) as r:
                                stored += (await r.json())["stored"]
                        return stored

                    began = time.perf_counter()
                    stored = sum(await asyncio.gather(*(one(n) for n in range(devices))))
                    return stored, time.perf_counter() - began

            stored, seconds = asyncio.run(push_all())
        finally:
            hub.stop()
        total = sum(len(batch) for device in batches for batch in device)
        assert stored == total, (stored, total)
        return {"hub_ingest_statements_per_s": round(stored / seconds), "hub_ingest_statements": stored}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def answer_to_board(answers: int = 60) -> dict[str, float]:
    """One child answering on a tablet while the class plays: from the tap's answer to the hub's store."""
    import threading

    from game.progress.service import Player, Recorder
    from game.progress.store import STORE_FILE
    from game.sync.client import SyncClient
    from game.sync.hub import HubServer

    work = Path(tempfile.mkdtemp(prefix="smart-stars-bench-board-"))
    arrived: list[float] = []
    got = threading.Condition()

    def received(_what) -> None:
        with got:
            arrived.append(time.perf_counter())
            got.notify_all()

    try:
        _class_pc(work).close()
        hub = HubServer(work / "pc", port=0, host="127.0.0.1", advertise=False, on_received=received)
        hub.start()
        client = SyncClient(work / "tablet", device_name="tablet 1")
        client.join(hub.address, hub.code)
        client.start()
        recorder = Recorder(work / "tablet" / STORE_FILE)
        try:
            with ProgressStore(work / "tablet" / STORE_FILE) as tablet:
                deadline = time.monotonic() + 30
                while not tablet.classes() and time.monotonic() < deadline:
                    time.sleep(0.05)
                class_id = tablet.classes()[0][0]
                pupil_id = tablet.pupils(class_id)[0][0]
            recorder.player = Player(pupil_id=pupil_id, class_id=class_id)
            attempt = recorder.lesson_started("safe-password", "safe")
            recorder.flush()
            recorder.on_written = lambda _method: client.nudge()
            delays = []
            for n in range(answers):
                with got:
                    before = len(arrived)
                began = time.perf_counter()
                recorder.answered(attempt, f"scene-{n % 6}", "a", True, 1, 2.0)
                with got:
                    assert got.wait_for(lambda: len(arrived) > before, timeout=30), "the answer never reached the hub"
                    delays.append((arrived[before] - began) * 1000)
                time.sleep(0.2)  # a child's next answer comes seconds later; no back-to-back batching
        finally:
            recorder.close()
            client.stop()
            hub.stop()
        delays.sort()
        return {"answer_to_board_ms_p95": round(delays[int(0.95 * (len(delays) - 1))], 1),
                "answer_to_board_ms_median": round(delays[len(delays) // 2], 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def overview_merged(devices: int = DEVICES, total_answers: int = 100_000) -> dict[str, float]:
    """The teacher's overview once 15 devices' answers are merged on the PC (every row came in as a statement)."""
    import statistics

    from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
    from game.lessons.loader import LessonLoader
    from game.lessons.pictures import PictureCatalog
    from game.progress.overview import build_overview

    work = Path(tempfile.mkdtemp(prefix="smart-stars-bench-overview-"))
    try:
        library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
        lessons = [(lesson.id, lesson.letter) for lesson in library.lessons]
        with _class_pc(work) as pc:
            roster = ledger.roster(pc)
            class_id = pc.class_id("Robins")
            pc.db.execute("PRAGMA synchronous=OFF")  # setup, not measured
            for n in range(devices):
                with ProgressStore(work / f"tablet{n}" / "progress.sqlite3") as tablet:
                    ledger.apply_roster(tablet, roster, authoritative=True)
                    tablet.db.execute("PRAGMA synchronous=OFF")
                    pupils = [pupil_id for pupil_id, _, _ in tablet.pupils(tablet.class_id("Robins"))]
                    made = 0
                    share = total_answers // devices
                    while made < share:
                        lesson_id, letter = lessons[(made // SCENES + n) % len(lessons)]
                        attempt = uuid.uuid4().hex
                        tablet.start_attempt(attempt, lesson_id, letter, pupil_id=pupils[made // SCENES % len(pupils)],
                                             class_id=tablet.class_id("Robins"))
                        for scene in range(SCENES):
                            tablet.record_answer(attempt, f"scene-{scene}", "a", (made + scene) % 4 != 0, 1, 2.0)
                        made += SCENES
                        tablet.finish_attempt(attempt, 2)
                    bodies = [body for (body,) in tablet.db.execute("SELECT body FROM statements ORDER BY seq")]
                for i in range(0, len(bodies), 2000):
                    ledger.take_in(pc, bodies[i:i + 2000])
            merged = pc.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            devices_seen = pc.db.execute("SELECT COUNT(DISTINCT origin) FROM attempts").fetchone()[0]
            assert merged >= total_answers - devices * SCENES and devices_seen == devices, (merged, devices_seen)
            times = []
            for _ in range(7):
                began = time.perf_counter()
                overview = build_overview(pc, class_id, "Robins", library)
                times.append((time.perf_counter() - began) * 1000)
            assert len(overview.pupils) == PUPILS
        return {"overview_ms_merged": round(statistics.median(times), 1), "overview_merged_answers": merged}
    finally:
        shutil.rmtree(work, ignore_errors=True)


OFFLINE_MINUTES = 3.0


def offline(minutes: float = OFFLINE_MINUTES) -> dict[str, float]:
    """The Wi-Fi gone for minutes (the hub stopped, its port closed), the child playing on: nothing is lost and
    the tablet catches up by itself once the hub is back, within one back-off step."""
    from game.progress.service import Player, Recorder
    from game.progress.store import STORE_FILE
    from game.sync.client import SyncClient
    from game.sync.hub import HubServer

    work = Path(tempfile.mkdtemp(prefix="smart-stars-bench-offline-"))
    try:
        _class_pc(work).close()
        hub = HubServer(work / "pc", port=0, host="127.0.0.1", advertise=False)
        hub.start()
        port = hub.port
        client = SyncClient(work / "tablet", device_name="tablet 1")
        client.join(hub.address, hub.code)
        client.start()
        recorder = Recorder(work / "tablet" / STORE_FILE)
        recorder.on_written = lambda _method: client.nudge()
        try:
            with ProgressStore(work / "tablet" / STORE_FILE) as tablet:
                deadline = time.monotonic() + 30
                while not tablet.classes() and time.monotonic() < deadline:
                    time.sleep(0.05)
                class_id = tablet.classes()[0][0]
                recorder.player = Player(pupil_id=tablet.pupils(class_id)[0][0], class_id=class_id)
            hub.stop()
            attempt = recorder.lesson_started("safe-password", "safe")
            ends = time.monotonic() + minutes * 60
            made = 0
            while time.monotonic() < ends:  # an answer every 5 s while the hub cannot be reached
                recorder.answered(attempt, f"scene-{made % 6}", "a", True, 1, 2.0)
                made += 1
                time.sleep(5)
            recorder.flush()
            hub = HubServer(work / "pc", port=port, host="127.0.0.1", advertise=False)
            back = time.perf_counter()
            hub.start()
            with ProgressStore(work / "pc" / "progress.sqlite3") as pc:
                while pc.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] < made:
                    assert time.perf_counter() - back < 180, "the tablet did not catch up"
                    time.sleep(0.1)
                caught_up = time.perf_counter() - back
                assert pc.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == made
        finally:
            recorder.close()
            client.stop()
            hub.stop()
        return {"offline_minutes": minutes, "offline_answers": made, "offline_catch_up_s": round(caught_up, 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


SOAKS = {"offline": offline}  # long: run only when named
MEASUREMENTS: dict[str, Callable[[], dict[str, float]]] = {
    "merge_term": merge_term, "hub_ingest": hub_ingest, "answer_to_board": answer_to_board,
    "overview_merged": overview_merged,
}


def main(names: list[str]) -> None:
    for name, measure in {**MEASUREMENTS, **SOAKS}.items():
        if (names and name not in names) or (not names and name in SOAKS):
            continue
        for key, value in measure().items():
            print(f"{key}={value}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

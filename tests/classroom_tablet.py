"""One tablet of a simulated classroom (tests/test_classroom.py, bench/sync.py): a process of its own with its
own data folder, joined to a real hub on loopback, recording lessons for the hub's pupils through the game's
own Recorder while its SyncClient sends them. Its clock may be wrong (``--clock-offset-h``), as tablets' are.

Prints ``joined``, then ``recorded N`` after each lesson is durably in its store, then ``done`` once the hub
has everything (its outbox is empty) and it has pulled again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--hub", required=True)
    parser.add_argument("--code", required=True)
    parser.add_argument("--name", default="tablet")
    parser.add_argument("--lessons", type=int, default=10)
    parser.add_argument("--answers", type=int, default=4, help="answers per lesson")
    parser.add_argument("--clock-offset-h", type=float, default=0.0)
    parser.add_argument("--max-backoff-s", type=float, default=2.0)
    parser.add_argument("--worry-every", type=int, default=0)
    parser.add_argument("--first-pupil", type=int, default=0, help="where in the class list this tablet's turns begin")
    args = parser.parse_args()

    import game.progress.store as store_module
    from game.progress.service import Player, Recorder
    from game.progress.store import STORE_FILE, ProgressStore
    from game.sync import client as client_module
    from game.sync import ledger

    offset = dt.timedelta(hours=args.clock_offset_h)
    real_now = store_module.now
    if offset:  # this tablet's clock is wrong: every time it records is wrong by as much
        store_module.now = lambda: (dt.datetime.fromisoformat(real_now()) + offset).isoformat(timespec="milliseconds")
    # A test cannot wait out a minute of back-off; the rule is the same, only its ceiling is lower.
    client_module.MAX_BACKOFF_S = args.max_backoff_s

    client = client_module.SyncClient(args.data_dir, device_name=args.name, poll_s=0.5)
    if not client.joined:
        client.join(args.hub, args.code)
    client.start()
    print("joined", flush=True)
    store_path = args.data_dir / STORE_FILE

    def pupils() -> list[tuple[int, int]]:
        with ProgressStore(store_path) as store:
            return [(pupil_id, class_id) for class_id, _ in store.classes()
                    for pupil_id, _, _ in store.pupils(class_id)]

    deadline = time.monotonic() + 60
    while not (known := pupils()) and time.monotonic() < deadline:  # the roster comes with the first pull
        time.sleep(0.05)
    if not known:
        print("no pupils came from the hub", flush=True)
        return 2

    recorder = Recorder(store_path)
    recorder.on_written = lambda _: client.nudge()
    with ProgressStore(store_path) as store:
        done_before = store.db.execute(  # its own (the hub sends back what the class did on other tablets)
            "SELECT COUNT(*) FROM attempts WHERE finished IS NOT NULL AND origin = ?", (store.device_id,)).fetchone()[0]
    for lesson in range(done_before, args.lessons):
        known = pupils()  # a pupil may have been erased meanwhile
        pupil_id, class_id = known[(args.first_pupil + lesson) % len(known)]
        recorder.player = Player(pupil_id=pupil_id, class_id=class_id)
        attempt = recorder.lesson_started(f"lesson-{lesson % 5}", "safe")
        for scene in range(args.answers):
            recorder.answered(attempt, f"q{scene}", "a" if scene % 3 else "b", scene % 3 != 0, 1, 1.5)
        recorder.lesson_finished(attempt, 2)
        if args.worry_every and lesson % args.worry_every == 0:
            recorder.worry("tell-a")
        recorder.flush()
        print(f"recorded {lesson + 1}", flush=True)
    recorder.close()

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with ProgressStore(store_path) as store:
            left = ledger.waiting(store)
        if left == 0:
            rounds = client.rounds
            with client.round_done:  # one more round: the roster's erasures, if any, are in
                client.round_done.wait_for(lambda: client.rounds >= rounds + 2, timeout=30)
            print("done", flush=True)
            client.stop()
            return 0
        client.nudge()
        time.sleep(0.1)
    print(f"gave up with {left} statements waiting", flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())

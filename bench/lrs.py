"""How fast statements are forwarded to an LRS: a real store's statements, sent by LrsForwarder's thread
to a real Ralph LRS (file-system backend) on loopback, as tests/test_lrs.py starts it.

    python bench/lrs.py --ralph-python PATH/TO/ralph-venv/bin/python [--statements 5000] [--batch 100]

Without --ralph-python, Ralph (ralph-malph[cli,lrs]==5.1.0, plus the ``requests`` its extra forgets) is
installed into a new virtual environment in a temporary folder first (needs the network; ~20 s).
Prints ``lrs_forward_statements_per_s`` (from the first POST to the last statement marked forwarded).
Ralph's fs backend reads its whole file at each POST (to find ids it has), so the figure falls as its
file grows: it is Ralph's figure more than the forwarder's; an LRS with an index does better.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.progress.store import ProgressStore  # noqa: E402
from game.sync import ledger, lrs  # noqa: E402

LAUNCHER = ROOT / "tests" / "ralph_lrs.py"
KEY, SECRET = "bench", "bench-secret"


def ralph_venv(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    subprocess.run([str(folder / "bin" / "python"), "-m", "pip", "install", "-q", "ralph-malph[cli,lrs]==5.1.0",
                    "requests"], check=True, env={**os.environ, "PIP_CACHE_DIR": str(folder / "pip-cache")})
    return folder / "bin" / "python"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ralph-python", type=Path)
    parser.add_argument("--statements", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=lrs.BATCH_SIZE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-lrs-") as temp:
        temp = Path(temp)
        python = args.ralph_python or ralph_venv(temp / "ralph")
        env = {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_RUNSERVER_AUTH_BACKENDS": "basic",
               "RALPH_APP_DIR": str(temp / "app"), "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(temp / "lrs")}
        (temp / "lrs").mkdir()
        subprocess.run([str(python), "-m", "ralph", "auth", "-u", KEY, "-p", SECRET, "-s", "all", "-A", "bench",
                        "https://smart-stars.invalid/bench", "-w"], env=env, check=True, capture_output=True)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen([str(python), str(LAUNCHER), "serve", "127.0.0.1", str(port)], env=env)
        try:
            store_path = temp / "data" / "progress.sqlite3"
            with ProgressStore(store_path) as store:  # a term on one tablet: starts, answers, finishes
                class_id = store.add_class("Robins")
                pupils = [store.add_pupil(class_id, f"Pupil {n}", "fox") for n in range(30)]
                while ledger.forwarding(store)[0] < args.statements:
                    attempt = uuid.uuid4().hex
                    store.start_attempt(attempt, "safe-password", "safe", pupil_id=pupils[len(attempt) % 30],
                                        class_id=class_id)
                    for scene in range(4):
                        store.record_answer(attempt, f"q{scene}", "right", True, 1, 2.5)
                    store.finish_attempt(attempt, 3)
                total = ledger.forwarding(store)[0]
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("Ralph did not start")
                    time.sleep(0.05)
            source = lrs.StoreSource(store_path)
            sender = lrs.LrsForwarder(lrs.LrsConfig(f"http://127.0.0.1:{port}/xAPI", KEY, SECRET), source,
                                      batch_size=args.batch, idle_seconds=0.01)
            started = time.perf_counter()
            sender.start()
            while sender.forwarded + sender.refused < total and sender.problem is None:
                time.sleep(0.01)
            elapsed = time.perf_counter() - started
            sender.stop()
            if sender.problem:
                raise SystemExit(sender.problem)
        finally:
            server.terminate()
            server.wait(10)
    print(f"lrs_forward_statements_per_s {total / elapsed:.0f}  ({total} statements, batches of {args.batch}, "
          f"{sender.requests} POSTs, {elapsed:.2f} s; Ralph 5.1.0 fs backend on loopback)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

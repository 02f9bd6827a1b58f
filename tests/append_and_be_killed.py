"""A tablet that records answers and appends them to a shared folder in a loop (game/sync/folder.py),
printing ``appended=N`` (answers recorded so far) once each batch is on disk there. The shared-folder tests
SIGKILL it.

``python tests/append_and_be_killed.py DATA_DIR FOLDER [--cut]``: with ``--cut`` only the first 40 bytes of
the next append are written (part of its first line), then ``half`` is printed and it waits: the test kills
it there, which is what a kill inside a write (or a sync client stopping half-way) leaves in the file.
"""

import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.progress.store import ProgressStore  # noqa: E402
from game.sync import folder as shared  # noqa: E402

data_dir, folder = Path(sys.argv[1]), Path(sys.argv[2])
cut = "--cut" in sys.argv
store = ProgressStore(data_dir / "progress.sqlite3")
class_id = store.classes()[0][0]
pupils = [pupil_id for pupil_id, _, _ in store.pupils(class_id)]

if cut:
    real_write = os.write

    def half_a_write(descriptor: int, data) -> int:
        """The start of the batch's first line, then a pause long enough to be killed in."""
        written = real_write(descriptor, bytes(data[:40]))
        sys.stdout.write("half\n")
        sys.stdout.flush()
        time.sleep(60)
        return written

    os.write = half_a_write  # only the folder's append calls os.write in this process

answers = 0
while True:
    attempt = uuid.uuid4().hex
    store.start_attempt(attempt, "safe-password", "safe", pupil_id=pupils[answers % len(pupils)], class_id=class_id)
    for scene in ("q1", "q2"):
        store.record_answer(attempt, scene, "right", True, 1, 1.5)
        answers += 1
    store.finish_attempt(attempt, 3)
    shared.write_outbox(store, folder)
    sys.stdout.write(f"appended={answers}\n")
    sys.stdout.flush()

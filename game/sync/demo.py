"""Made-up tablets joined to a made-up class's hub, for the tour and the layout tests (never a real folder).

``fill_demo_tablets`` writes ``hub.json`` with tablets that joined (names of every length, seen at
different times) and shares the class's statements out among them, as if each had been played on one of
them, so the board's list of tablets shows a real spread of records. Callers pass a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from ..progress.store import STORE_FILE, ProgressStore
from .access import HUB_FILE, HubKeys

DEMO_TABLET_NAMES = ["Tablet 1", "Tablet 2", "Tablet 3", "iPad", "Class 1B tablet 5", "Chromebook-07",
                     "Mrs Nguyễn's iPad (Year 1, Robins)", "Tablet 8", "Tablet 9", "Tablet 10", "Siobhán's tablet",
                     "T12", "Tablet 13", "Tablet 14", "Library tablet 15"]


def fill_demo_tablets(data_dir: Path, count: int = 15) -> list[str]:
    """``count`` tablets joined to the hub in ``data_dir``, each with a share of its store's statements and
    one of its worries; returns their device ids, in the order of DEMO_TABLET_NAMES."""
    keys = HubKeys(Path(data_dir) / HUB_FILE)
    now = dt.datetime.now(dt.timezone.utc)
    ids = []
    for index in range(count):
        device_id = secrets.token_hex(16)
        name = DEMO_TABLET_NAMES[index % len(DEMO_TABLET_NAMES)]
        joined = (now - dt.timedelta(days=30)).isoformat(timespec="seconds")
        keys.join(device_id, name, joined)
        seen = now - (dt.timedelta(minutes=3 * index) if index < 12 else dt.timedelta(days=index - 10))
        for device in keys._devices.values():  # when each was last seen: a spread, some days ago
            if device.device_id == device_id:
                device.last_seen = seen.isoformat(timespec="seconds")
        ids.append(device_id)
    keys.save()
    with ProgressStore(Path(data_dir) / STORE_FILE) as store, store.transaction():
        for index, device_id in enumerate(ids):  # uneven shares: some tablets are used more than others
            store.db.execute("UPDATE statements SET origin = ? WHERE abs(seq) % ? = ?",
                             (device_id, count + 5, index))
        worry = store.db.execute("SELECT id FROM worries WHERE pupil_id IS NOT NULL ORDER BY at LIMIT 1").fetchone()
        if worry is not None and ids:
            store.db.execute("UPDATE worries SET origin = ? WHERE id = ?", (ids[min(2, len(ids) - 1)], worry[0]))
    return ids

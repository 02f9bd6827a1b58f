"""A stand-in for game/sync/ledger.py (docs/sync.md's signatures) until the real one lands on main."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field


@dataclass
class Statement:
    id: str
    body: str


@dataclass
class TakeIn:
    stored: int = 0
    duplicates: int = 0
    conflicts: int = 0
    refused: list = field(default_factory=list)


def _table(store) -> None:
    store.db.execute("CREATE TABLE IF NOT EXISTS statements (id TEXT PRIMARY KEY, body TEXT, origin TEXT,"
                     " seq INTEGER UNIQUE, pushed INTEGER DEFAULT 0)")


def record(store, kind: str = "answered") -> str:
    _table(store)
    sid = str(uuid.uuid4())
    body = json.dumps({"id": sid, "verb": kind})
    seq = store.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM statements").fetchone()[0]
    store.db.execute("INSERT INTO statements VALUES (?, ?, ?, ?, 0)", (sid, body, store.device_id, seq))
    return sid


def outbox(store, limit: int = 500) -> list[Statement]:
    _table(store)
    return [Statement(*row) for row in store.db.execute(
        "SELECT id, body FROM statements WHERE pushed = 0 AND origin = ? ORDER BY seq LIMIT ?",
        (store.device_id, limit))]


def mark_pushed(store, ids) -> None:
    with store.transaction():
        store.db.executemany("UPDATE statements SET pushed = 1 WHERE id = ?", [(i,) for i in ids])


def take_in(store, bodies, from_device) -> TakeIn:
    _table(store)
    result = TakeIn()
    with store.transaction():
        _take(store, bodies, from_device, result)
    return result


def _take(store, bodies, from_device, result) -> None:
    for body in bodies:
        sid = json.loads(body)["id"]
        row = store.db.execute("SELECT body FROM statements WHERE id = ?", (sid,)).fetchone()
        if row:
            if row[0] == body:
                result.duplicates += 1
            else:
                result.conflicts += 1
            continue
        seq = store.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM statements").fetchone()[0]
        store.db.execute("INSERT INTO statements VALUES (?, ?, ?, ?, 1)", (sid, body, from_device, seq))
        result.stored += 1


def statements_since(store, cursor, class_uids):
    _table(store)
    rows = list(store.db.execute("SELECT seq, body FROM statements WHERE seq > ? ORDER BY seq LIMIT 500", (cursor,)))
    return [body for _, body in rows], (rows[-1][0] if rows else cursor)


def roster(store) -> dict:
    return {"classes": [{"uid": uid, "name": name} for uid, name in store.db.execute("SELECT uid, name FROM classes")],
            "pupils": [], "erased": [], "lessons": {}}


def apply_roster(store, roster) -> None:
    pass

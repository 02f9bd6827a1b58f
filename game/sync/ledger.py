"""The store's side of many tablets (docs/sync.md): the outbox, taking statements in, the roster, erasure.

Every function takes an open ``ProgressStore`` and runs on whichever thread owns it (the hub's, the sync
client's, the shared-folder merger's): never on the frame loop. Taking in is idempotent by statement id, so
any batch may arrive twice, in any order, from any number of devices, and the store ends the same.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..progress.names import clean_class_name, clean_name
from ..progress.store import ProgressStore, now
from . import xapi

BATCH = 500  # statements per push or pull: what one request carries (Morango moves records in 500s too)


@dataclass(frozen=True)
class Statement:
    id: str
    body: str  # the exact JSON text, as made on the device it comes from


@dataclass
class TakeIn:
    """What became of a batch: each statement is stored, a duplicate (the same id and content, already
    here: nothing changes), a conflict (the same id with other content: nothing changes) or refused."""

    stored: int = 0
    duplicates: int = 0
    conflicts: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (id, why)
    worries: int = 0  # of those stored, how many were worries (the board says so at once)

    def as_dict(self) -> dict:
        return {"stored": self.stored, "duplicates": self.duplicates, "conflicts": self.conflicts,
                "refused": [{"id": sid, "why": why} for sid, why in self.refused], "worries": self.worries}


@dataclass
class RosterChange:
    added: int = 0
    renamed: int = 0
    erased: int = 0
    merged: int = 0  # the same child made on two devices, now one


# -- the outbox (a tablet's statements the hub does not have yet) ---------------------------------------
def outbox(store: ProgressStore, limit: int = BATCH) -> list[Statement]:
    return [Statement(sid, body) for sid, body in store.db.execute(
        "SELECT id, body FROM statements WHERE pushed = 0 ORDER BY seq LIMIT ?", (limit,))]


def waiting(store: ProgressStore) -> int:
    return store.db.execute("SELECT COUNT(*) FROM statements WHERE pushed = 0").fetchone()[0]


def mark_pushed(store: ProgressStore, ids: Iterable[str]) -> None:
    with store.transaction():
        store.db.executemany("UPDATE statements SET pushed = 1 WHERE id = ?", [(sid,) for sid in ids])


# -- forwarding to the school's own LRS (game/sync/lrs.py) ----------------------------------------------
def unforwarded(store: ProgressStore, limit: int = 100) -> list[Statement]:
    return [Statement(sid, body) for sid, body in store.db.execute(
        "SELECT id, body FROM statements WHERE forwarded = 0 ORDER BY seq LIMIT ?", (limit,))]


def mark_forwarded(store: ProgressStore, ids: Iterable[str]) -> None:
    with store.transaction():
        store.db.executemany("UPDATE statements SET forwarded = 1 WHERE id = ?", [(sid,) for sid in ids])


def mark_refused(store: ProgressStore, statement_id: str, why: str) -> None:
    """The LRS will never take this one (it said why): kept here, never sent again, the rest go on."""
    with store.transaction():
        store.db.execute("UPDATE statements SET forwarded = 1, refused = ? WHERE id = ?", (why[:500], statement_id))


def forwarding(store: ProgressStore) -> tuple[int, list[tuple[str, str]]]:
    """How many statements the LRS does not have yet, and those it refused: (id, why), oldest first."""
    waiting = store.db.execute("SELECT COUNT(*) FROM statements WHERE forwarded = 0").fetchone()[0]
    refused = store.db.execute("SELECT id, refused FROM statements WHERE refused IS NOT NULL ORDER BY seq").fetchall()
    return waiting, [(sid, why) for sid, why in refused]


# -- taking statements in (the hub; the PC merging a shared folder; a tablet pulling) --------------------
def take_in(store: ProgressStore, bodies: Iterable[str | dict], *, pushed: bool = True) -> TakeIn:
    """Store each statement not already here and write its rows, in one transaction (one disk wait for the
    whole batch). ``pushed``: whether this store should count them as already on the hub (yes, unless
    this store will push them on itself: the shared folder's PC)."""
    outcome = TakeIn()
    erased = _erased(store)
    aliases = _aliases(store)
    with store.transaction():
        for item in bodies:
            body, text, why = _parse(item)
            if body is None:
                outcome.refused.append((_id_of(item), why))
                continue
            statement_id = body["id"]
            here = store.db.execute("SELECT body FROM statements WHERE id = ?", (statement_id,)).fetchone()
            if here is not None:
                if json.loads(here[0]) == body:
                    outcome.duplicates += 1
                else:
                    outcome.conflicts.append(statement_id)
                continue
            record = xapi.record_of(body)
            kind = xapi.kind_of(body)
            pupil_uid = aliases.get(record.get("pupil"), record.get("pupil"))
            if record.get("whole_class"):
                pupil_uid = None
            if pupil_uid and pupil_uid in erased:
                outcome.refused.append((statement_id, "about a pupil who was erased"))
                continue
            class_uid = aliases.get(record.get("class"), record.get("class"))
            projected = _project(store, kind, body, record, pupil_uid, class_uid)
            store.db.execute(
                "INSERT INTO statements(id, body, kind, pupil_uid, class_uid, origin, pushed, projected) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (statement_id, text, kind, pupil_uid, class_uid, str(record.get("device") or "unknown"),
                 int(pushed), int(projected)))
            outcome.stored += 1
            outcome.worries += kind == "worried"
    return outcome


def _id_of(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("id", ""))[:64]
    try:
        return str(json.loads(item).get("id", ""))[:64]
    except (ValueError, TypeError, AttributeError):
        return ""


def _parse(item: str | dict) -> tuple[dict | None, str, str]:
    """``(body, text, why)``: the statement and the exact text to keep, or None and why it is refused."""
    if isinstance(item, dict):
        body = item
        text = json.dumps(item, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    else:
        text = item
        try:
            body = json.loads(item)
        except (ValueError, TypeError):
            return None, "", "not JSON"
    if not isinstance(body, dict):
        return None, "", "not a statement"
    try:
        uuid.UUID(str(body.get("id")))
    except ValueError:
        return None, "", "its id is not a UUID"
    kind = xapi.kind_of(body)
    record = xapi.record_of(body)
    if kind is None or not isinstance(record.get("lesson"), str):
        return None, "", "not a SMART Stars statement (unknown verb, or no record of the lesson)"
    if kind in ("started", "answered", "completed", "hands") and not isinstance(record.get("attempt"), str):
        return None, "", "no attempt"
    if not isinstance(body.get("timestamp"), str):
        return None, "", "no timestamp"
    return body, text, ""


def _project(store: ProgressStore, kind: str, body: dict, record: dict, pupil_uid: str | None,
             class_uid: str | None) -> bool:
    """Write the statement's rows as if it had been played here; False if its pupil (or class) is not
    known here yet: written when the roster brings them (``apply_roster``)."""
    db = store.db
    pupil_id = class_id = None
    if pupil_uid:
        row = db.execute("SELECT id, class_id FROM pupils WHERE uid = ?", (pupil_uid,)).fetchone()
        if row is None:
            return False
        pupil_id, class_id = row
    elif class_uid:
        row = db.execute("SELECT id FROM classes WHERE uid = ?", (class_uid,)).fetchone()
        if row is None:
            return False
        class_id = row[0]
    at = body["timestamp"]
    origin = str(record.get("device") or "unknown")
    if kind == "worried":
        db.execute("INSERT OR IGNORE INTO worries(pupil_id, class_id, lesson_id, at, device, uid, origin) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (pupil_id, class_id, record["lesson"], at, None, record.get("uid"), origin))
        return True
    attempt_id = record["attempt"]
    db.execute("INSERT OR IGNORE INTO attempts(id, class_id, pupil_id, whole_class, lesson_id, letter, started, "
               "origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (attempt_id, class_id, pupil_id, int(bool(record.get("whole_class"))), record["lesson"],
                str(record.get("letter") or ""), at, origin))
    if kind == "started":
        db.execute("UPDATE attempts SET started = ? WHERE id = ? AND started > ?", (at, attempt_id, at))
    elif kind == "completed":
        db.execute("UPDATE attempts SET finished = ?, stars = ? WHERE id = ? AND (finished IS NULL OR finished <= ?)",
                   (at, int(record.get("stars") or 0), attempt_id, at))
    elif kind == "answered":
        db.execute("INSERT OR IGNORE INTO answers(attempt_id, scene_id, answer_id, right, try_number, seconds, at, "
                   "uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (attempt_id, str(record.get("scene")), str(record.get("answer")), int(bool(record.get("right"))),
                    int(record.get("try") or 1), float(record.get("seconds") or 0.0), at, record.get("uid")))
    elif kind == "hands":
        db.execute("INSERT OR IGNORE INTO hands(attempt_id, scene_id, answer_id, count, at, uid) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   (attempt_id, str(record.get("scene")), str(record.get("answer")), int(record.get("count") or 0),
                    at, record.get("uid")))
    return True


def _reproject(store: ProgressStore) -> int:
    """Statements waiting for their pupil or class: written now if the roster has brought them."""
    done = 0
    for seq, text, kind, pupil_uid, class_uid in list(store.db.execute(
            "SELECT seq, body, kind, pupil_uid, class_uid FROM statements WHERE projected = 0 ORDER BY seq")):
        body = json.loads(text)
        if _project(store, kind, body, xapi.record_of(body), pupil_uid, class_uid):
            store.db.execute("UPDATE statements SET projected = 1 WHERE seq = ?", (seq,))
            done += 1
    return done


def statements_since(store: ProgressStore, cursor: int, class_uids: Iterable[str] | None = None,
                     limit: int = BATCH, not_from: str | None = None) -> tuple[list[str], int]:
    """What a device has not had yet: statements after ``cursor`` (for these classes only, if given; not
    those ``not_from`` that device made itself: it has them), and the cursor to ask from next time."""
    query = "SELECT seq, body FROM statements WHERE seq > ?"
    params: list = [int(cursor)]
    if not_from is not None:
        query += " AND origin != ?"
        params.append(not_from)
    if class_uids is not None:
        uids = list(class_uids)
        query += f" AND class_uid IN ({','.join('?' * len(uids))})" if uids else " AND 0"
        params += uids
    # One read snapshot: the game's own recorder may add a statement between the two reads, and a cursor
    # moved past it unseen would never send it.
    store.db.execute("BEGIN")
    try:
        rows = list(store.db.execute(query + " ORDER BY seq LIMIT ?", (*params, limit)))
        last = store.db.execute("SELECT COALESCE(MAX(seq), 0) FROM statements").fetchone()[0]
    finally:
        store.db.execute("COMMIT")
    if not rows:  # nothing more for this device: it need not look through the others' again
        return [], max(int(cursor), last)
    return [body for _, body in rows], rows[-1][0]


# -- the roster: classes, pupils, erasures ----------------------------------------------------------------
def roster(store: ProgressStore, extras: dict | None = None) -> dict:
    """The class lists as the other devices need them: names and animals stay on the school's network
    (the hub and the shared folder are the school's); an external LRS never gets this."""
    classes = [{"uid": uid, "name": name} for uid, name in store.db.execute(
        "SELECT uid, name FROM classes ORDER BY name")]
    pupils = [{"uid": uid, "class_uid": class_uid, "name": name, "avatar": avatar}
              for uid, class_uid, name, avatar in store.db.execute(
                  "SELECT pupils.uid, classes.uid, pupils.name, pupils.avatar FROM pupils "
                  "JOIN classes ON classes.id = pupils.class_id ORDER BY pupils.id")]
    erased = [{"uid": uid, "kind": kind, "at": at} for uid, kind, at in store.db.execute(
        "SELECT uid, kind, at FROM erasures ORDER BY at")]
    aliases = [{"uid": uid, "same_as": same_as} for uid, same_as in store.db.execute(
        "SELECT uid, same_as FROM aliases")]
    return {"classes": classes, "pupils": pupils, "erased": erased, "aliases": aliases, **(extras or {})}


def apply_roster(store: ProgressStore, given: dict, *, authoritative: bool) -> RosterChange:
    """Bring another device's roster into this store. ``authoritative``: it is the hub's (names, animals
    and erasures there win, and this store takes the hub's ids for a child both knew); otherwise it is a
    tablet's, and only what the hub does not know yet is added. Bad entries are passed over, never stored."""
    change = RosterChange()
    with store.transaction():
        for entry in _entries(given.get("erased")):
            uid = str(entry.get("uid", ""))
            if not uid:
                continue
            store.db.execute("INSERT OR IGNORE INTO erasures(uid, kind, at) VALUES (?, ?, ?)",
                             (uid, str(entry.get("kind") or "pupil"), str(entry.get("at") or now())))
            change.erased += _erase(store, uid)
        for entry in _entries(given.get("aliases")):
            uid, same_as = str(entry.get("uid", "")), str(entry.get("same_as", ""))
            if uid and same_as and uid != same_as:
                store.db.execute("INSERT OR IGNORE INTO aliases(uid, same_as) VALUES (?, ?)", (uid, same_as))
        for entry in _entries(given.get("classes")):
            _class_in(store, entry, authoritative, change)
        erased = _erased(store)
        for entry in _entries(given.get("pupils")):
            if str(entry.get("uid")) not in erased:
                _pupil_in(store, entry, authoritative, change)
        _reproject(store)
    return change


def _entries(value: Any) -> list[dict]:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _class_in(store: ProgressStore, entry: dict, authoritative: bool, change: RosterChange) -> None:
    uid = str(entry.get("uid") or "")
    name, _problem = clean_class_name(str(entry.get("name") or ""))
    if not uid or name is None:
        return
    db = store.db
    here = db.execute("SELECT id, name FROM classes WHERE uid = ?", (uid,)).fetchone()
    if here is not None:
        if authoritative and here[1] != name and db.execute(
                "SELECT 1 FROM classes WHERE name = ?", (name,)).fetchone() is None:
            db.execute("UPDATE classes SET name = ? WHERE id = ?", (name, here[0]))
            change.renamed += 1
        return
    same_name = db.execute("SELECT id, uid FROM classes WHERE name = ?", (name,)).fetchone()
    if same_name is not None:  # one class made on both devices before they met
        _same_child_or_class(store, "classes", same_name[0], same_name[1], uid, authoritative)
        change.merged += 1
        return
    db.execute("INSERT INTO classes(name, created, uid) VALUES (?, ?, ?)", (name, now(), uid))
    change.added += 1


def _pupil_in(store: ProgressStore, entry: dict, authoritative: bool, change: RosterChange) -> None:
    db = store.db
    uid = str(entry.get("uid") or "")
    class_uid = str(entry.get("class_uid") or "")
    name, _problem = clean_name(str(entry.get("name") or ""))
    avatar = str(entry.get("avatar") or "")[:40]
    if not uid or name is None or not avatar:
        return
    class_uid = _aliases(store).get(class_uid, class_uid)
    class_row = db.execute("SELECT id FROM classes WHERE uid = ?", (class_uid,)).fetchone()
    if class_row is None:
        return
    here = db.execute("SELECT id, name, avatar FROM pupils WHERE uid = ?", (uid,)).fetchone()
    if here is None and uid in _aliases(store):
        here = db.execute("SELECT id, name, avatar FROM pupils WHERE uid = ?", (_aliases(store)[uid],)).fetchone()
        if here is not None and not authoritative:
            return
    if here is not None:
        if authoritative and (here[1], here[2]) != (name, avatar):
            db.execute("UPDATE pupils SET name = ?, avatar = ? WHERE id = ?", (name, avatar, here[0]))
            change.renamed += 1
        return
    same = db.execute("SELECT id, uid FROM pupils WHERE class_id = ? AND name = ? AND avatar = ?",
                      (class_row[0], name, avatar)).fetchone()
    if same is not None:
        _same_child_or_class(store, "pupils", same[0], same[1], uid, authoritative)
        change.merged += 1
        return
    db.execute("INSERT INTO pupils(class_id, name, avatar, created, uid) VALUES (?, ?, ?, ?, ?)",
               (class_row[0], name, avatar, now(), uid))
    change.added += 1


def _same_child_or_class(store: ProgressStore, table: str, row_id: int, here_uid: str, their_uid: str,
                         authoritative: bool) -> None:
    """Two ids for one child (or class). From the hub: this store takes the hub's id (its statements already
    made keep the old one, which both sides now know as an alias). From a tablet: the tablet's id becomes an
    alias of this store's."""
    if authoritative:
        store.db.execute(f"UPDATE {table} SET uid = ? WHERE id = ?", (their_uid, row_id))
        store.db.execute("INSERT OR REPLACE INTO aliases(uid, same_as) VALUES (?, ?)", (here_uid, their_uid))
        column = "pupil_uid" if table == "pupils" else "class_uid"
        store.db.execute(f"UPDATE statements SET {column} = ? WHERE {column} = ?", (their_uid, here_uid))
    else:
        store.db.execute("INSERT OR REPLACE INTO aliases(uid, same_as) VALUES (?, ?)", (their_uid, here_uid))


def _aliases(store: ProgressStore) -> dict[str, str]:
    return dict(store.db.execute("SELECT uid, same_as FROM aliases"))


def _erased(store: ProgressStore) -> set[str]:
    erased = {uid for (uid,) in store.db.execute("SELECT uid FROM erasures")}
    # a child erased under one id is erased under every id they had
    erased |= {uid for uid, same_as in store.db.execute("SELECT uid, same_as FROM aliases") if same_as in erased}
    return erased


def _erase(store: ProgressStore, uid: str) -> int:
    """A pupil erased elsewhere: gone here too, with everything recorded about them, sent or not."""
    uids = {uid} | {alias for (alias,) in store.db.execute("SELECT uid FROM aliases WHERE same_as = ?", (uid,))}
    marks = ",".join("?" * len(uids))
    store.db.execute(f"DELETE FROM statements WHERE pupil_uid IN ({marks})", tuple(uids))
    return store.db.execute(f"DELETE FROM pupils WHERE uid IN ({marks})", tuple(uids)).rowcount

"""Class progress on disk: SQLite in WAL mode, durable at every answer.

Why these settings: WAL lets teacher mode (or a second process, such as an
export) read while the game writes; ``synchronous=FULL`` makes each commit
survive a power cut; the schema version lives in ``PRAGMA user_version`` and
``MIGRATIONS`` upgrades an older file in place. Only first names (or
nicknames) and an animal avatar are kept about a child.
"""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, TextIO

from .names import clean_class_name, clean_name, shown_name
from ..engine.private_files import create_private_file, private_folder, tighten_file
from .spreadsheet import guard_row

if TYPE_CHECKING:
    from ..sync import xapi
# xapi.py (the statements written with each record) is imported by the methods that write one, on the progress
# worker: the game's start opens the store but writes nothing before its first frame (tests/test_startup.py).

STORE_FILE = "progress.sqlite3"

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE classes (
               id INTEGER PRIMARY KEY,
               name TEXT NOT NULL UNIQUE,
               created TEXT NOT NULL)""",
        """CREATE TABLE pupils (
               id INTEGER PRIMARY KEY,
               class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
               name TEXT NOT NULL,
               avatar TEXT NOT NULL,
               created TEXT NOT NULL)""",
        """CREATE TABLE attempts (
               id TEXT PRIMARY KEY,
               class_id INTEGER REFERENCES classes(id) ON DELETE CASCADE,
               pupil_id INTEGER REFERENCES pupils(id) ON DELETE CASCADE,
               whole_class INTEGER NOT NULL DEFAULT 0,
               lesson_id TEXT NOT NULL,
               letter TEXT NOT NULL,
               started TEXT NOT NULL,
               finished TEXT,
               stars INTEGER)""",
        """CREATE TABLE answers (
               id INTEGER PRIMARY KEY,
               attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
               scene_id TEXT NOT NULL,
               answer_id TEXT NOT NULL,
               right INTEGER NOT NULL,
               try_number INTEGER NOT NULL,
               seconds REAL NOT NULL,
               at TEXT NOT NULL)""",
        "CREATE INDEX answers_by_attempt ON answers(attempt_id)",
        "CREATE INDEX attempts_by_pupil ON attempts(pupil_id, lesson_id)",
        """CREATE TABLE worries (
               id INTEGER PRIMARY KEY,
               pupil_id INTEGER REFERENCES pupils(id) ON DELETE CASCADE,
               class_id INTEGER REFERENCES classes(id) ON DELETE CASCADE,
               lesson_id TEXT NOT NULL,
               at TEXT NOT NULL,
               followed_up INTEGER NOT NULL DEFAULT 0)""",
    ],
    # The overview groups every wrong answer by pupil and question: a covering index for just those rows.
    2: ["CREATE INDEX answers_wrong ON answers(attempt_id, scene_id, answer_id) WHERE right = 0"],
    # Worries for the school's safeguarding log: the teacher's short note, the device a worry came from when
    # no class was chosen (so it is never "a child somewhere"), and whether the teacher has seen it yet
    # (the menu's unread count). Those already followed up were plainly seen.
    3: ["ALTER TABLE worries ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE worries ADD COLUMN device TEXT",
        "ALTER TABLE worries ADD COLUMN seen INTEGER NOT NULL DEFAULT 0",
        "UPDATE worries SET seen = followed_up"],
    # Whole-class mode: a show of hands, how many of the class chose each answer of a question (a record
    # of its own, so every query that counts answers as one child's choice each stays as it is).
    4: [
        """CREATE TABLE hands (
               id INTEGER PRIMARY KEY,
               attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
               scene_id TEXT NOT NULL,
               answer_id TEXT NOT NULL,
               count INTEGER NOT NULL,
               at TEXT NOT NULL)""",
        "CREATE INDEX hands_by_attempt ON hands(attempt_id)",
    ],
    # What a teacher turns on for a class (pupil_id NULL) or one pupil: access needs, a home language
    # (game/progress/preferences.py). One row per class or pupil and key; a value is JSON.
    5: [
        """CREATE TABLE preferences (
               class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
               pupil_id INTEGER REFERENCES pupils(id) ON DELETE CASCADE,
               key TEXT NOT NULL,
               value TEXT NOT NULL,
               at TEXT NOT NULL)""",
        "CREATE UNIQUE INDEX preferences_once ON preferences(class_id, IFNULL(pupil_id, 0), key)",
    ],
    # Ids that mean the same thing on every device (a class's tablets and the teacher's PC share one class):
    # each class, pupil, answer, worry and show of hands gets a ``uid`` (32 hex digits, random), and this
    # store its own device id. Attempts' ids were random from the start. Rows made before now get theirs
    # here, in place; the integer ids stay this file's own (every join and index keeps working).
    # ``origin`` is the device an attempt or worry was recorded on (another device's, once merged).
    6: [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO meta(key, value) VALUES ('device_id', lower(hex(randomblob(16))))",
        *(statement for table in ("classes", "pupils", "answers", "worries", "hands") for statement in (
            f"ALTER TABLE {table} ADD COLUMN uid TEXT",
            f"UPDATE {table} SET uid = lower(hex(randomblob(16)))",
            f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)",
            # Whatever way a row comes in (a class list's import writes rows itself), it has its uid.
            f"CREATE TRIGGER {table}_get_uid AFTER INSERT ON {table} WHEN NEW.uid IS NULL "
            f"BEGIN UPDATE {table} SET uid = lower(hex(randomblob(16))) WHERE rowid = NEW.rowid; END")),
        "ALTER TABLE attempts ADD COLUMN origin TEXT",
        "ALTER TABLE worries ADD COLUMN origin TEXT",
        "UPDATE attempts SET origin = (SELECT value FROM meta WHERE key = 'device_id')",
        "UPDATE worries SET origin = (SELECT value FROM meta WHERE key = 'device_id')",
        *(f"CREATE TRIGGER {table}_get_origin AFTER INSERT ON {table} WHEN NEW.origin IS NULL BEGIN "
          f"UPDATE {table} SET origin = (SELECT value FROM meta WHERE key = 'device_id') WHERE rowid = NEW.rowid; END"
          for table in ("attempts", "worries")),
    ],
    # What moves between devices (docs/sync.md): each start, answer, finish, show of hands and worry as the
    # xAPI statement made when it happened, kept as the exact text to send. ``seq`` is this store's order of
    # arrival (the cursor a tablet pulls from: AUTOINCREMENT, so an erased statement's number is never
    # reused); ``pushed``: the hub has it; ``forwarded``: the school's LRS has it; ``projected``: its rows are
    # written (0: about a pupil this store does not know yet). ``erasures``: pupils erased, so the erasure
    # reaches every device and nothing about them is taken in again; ``aliases``: one child made on two
    # devices before they met (same class, name and animal): one pupil.
    7: [
        """CREATE TABLE statements (
               seq INTEGER PRIMARY KEY AUTOINCREMENT,
               id TEXT NOT NULL UNIQUE,
               body TEXT NOT NULL,
               kind TEXT NOT NULL,
               pupil_uid TEXT,
               class_uid TEXT,
               origin TEXT NOT NULL,
               pushed INTEGER NOT NULL DEFAULT 0,
               forwarded INTEGER NOT NULL DEFAULT 0,
               projected INTEGER NOT NULL DEFAULT 1,
               refused TEXT)""",
        "CREATE INDEX statements_outbox ON statements(seq) WHERE pushed = 0",
        "CREATE INDEX statements_unforwarded ON statements(seq) WHERE forwarded = 0",
        "CREATE INDEX statements_by_pupil ON statements(pupil_uid)",
        "CREATE TABLE erasures (uid TEXT PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL)",
        "CREATE TABLE aliases (uid TEXT PRIMARY KEY, same_as TEXT NOT NULL)",
        lambda store: store._statements_for_older_rows(),
    ],
}
SCHEMA_VERSION = max(MIGRATIONS)

ANSWER_COLUMNS = ["answer_row", "class", "pupil", "whole_class", "lesson_id", "letter", "attempt_id",
                  "scene_id", "answer_id", "right", "try_number", "seconds", "at"]


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


class StoreError(Exception):
    """The store cannot be opened or written; the message is for a teacher."""


class ProgressStore:
    """One connection; use one store per thread (the game's writer thread owns its own)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            private_folder(path.parent)
            # Made 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database's own
            # mode. Files an older version made 0644 are tightened (each is a no-op once they are 0600).
            create_private_file(path)
            for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                tighten_file(part)
            self.db = sqlite3.connect(str(path), timeout=10, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"the progress file {path} cannot be opened ({error})") from error

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "ProgressStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer SMART Stars (schema {version}): update the game")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in MIGRATIONS[target]:
                    if callable(statement):  # a step SQL alone cannot take (it makes ids and JSON)
                        statement(self)
                    else:
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={target}")

    def transaction(self):
        return _Transaction(self.db)

    @property
    def device_id(self) -> str:
        """This store's device: set once, when the store was made (or upgraded), never changed."""
        if not hasattr(self, "_device_id"):
            self._device_id = self.db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
        return self._device_id

    # -- classes and pupils ------------------------------------------------------------
    def add_class(self, name: str) -> int:
        name = _kept(name, clean_class_name)
        with self.transaction():
            return self.db.execute("INSERT INTO classes(name, created, uid) VALUES (?, ?, ?)",
                                   (name, now(), new_uid())).lastrowid

    def class_id(self, name: str) -> int | None:
        row = self.db.execute("SELECT id FROM classes WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def classes(self) -> list[tuple[int, str]]:
        return list(self.db.execute("SELECT id, name FROM classes ORDER BY name"))

    def add_pupil(self, class_id: int, name: str, avatar: str) -> int:
        name = _kept(name, clean_name)
        with self.transaction():
            return self.db.execute("INSERT INTO pupils(class_id, name, avatar, created, uid) VALUES (?, ?, ?, ?, ?)",
                                   (class_id, name, avatar, now(), new_uid())).lastrowid

    def pupils(self, class_id: int) -> list[tuple[int, str, str]]:
        """``(id, name, avatar)`` of each pupil; names as they may be shown, even those an older version
        kept with control characters in them (SDL refuses to draw a NUL: the game could not start)."""
        return [(pupil_id, shown_name(name), avatar) for pupil_id, name, avatar in self.db.execute(
            "SELECT id, name, avatar FROM pupils WHERE class_id = ? ORDER BY name, id", (class_id,))]

    def rename_pupil(self, pupil_id: int, name: str) -> None:
        name = _kept(name, clean_name)
        with self.transaction():
            self.db.execute("UPDATE pupils SET name = ? WHERE id = ?", (name, pupil_id))

    def erase_pupil(self, pupil_id: int) -> None:
        """Remove a pupil and everything recorded about them, statements too (sent or not). The erasure is
        kept (only the random id, never the name) so it reaches every device through the roster, even one
        offline now, and nothing about them is taken in again (game/sync/ledger.py)."""
        with self.transaction():
            row = self.db.execute("SELECT uid FROM pupils WHERE id = ?", (pupil_id,)).fetchone()
            if row is not None and row[0]:
                self.db.execute("INSERT OR IGNORE INTO erasures(uid, kind, at) VALUES (?, 'pupil', ?)", (row[0], now()))
                uids = [row[0], *(alias for (alias,) in self.db.execute(
                    "SELECT uid FROM aliases WHERE same_as = ?", (row[0],)))]
                self.db.executemany("DELETE FROM statements WHERE pupil_uid = ?", [(uid,) for uid in uids])
            self.db.execute("DELETE FROM pupils WHERE id = ?", (pupil_id,))

    def export_class_csv(self, class_id: int, file: TextIO) -> int:
        return write_csv(({"name": name, "avatar": avatar} for _, name, avatar in self.pupils(class_id)),
                         ["name", "avatar"], file)

    # -- recording ---------------------------------------------------------------------
    # Each record is written with its xAPI statement (game/sync/xapi.py) in one transaction: a row is
    # never without the statement that tells the other devices about it, nor a statement without its row.
    def start_attempt(self, attempt_id: str, lesson_id: str, letter: str, *, pupil_id: int | None = None,
                      class_id: int | None = None, whole_class: bool = False, at: str | None = None) -> None:
        at = at or now()
        with self.transaction():
            made = self.db.execute(
                "INSERT OR IGNORE INTO attempts(id, class_id, pupil_id, whole_class, lesson_id, letter, started, origin) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt_id, class_id, pupil_id, int(whole_class), lesson_id, letter, at, self.device_id)).rowcount
            if made:
                self._add_statement("started", self._who(pupil_id, class_id, whole_class), at,
                                    {"lesson": lesson_id, "letter": letter, "attempt": attempt_id},
                                    attempt_id=attempt_id)

    def record_answer(self, attempt_id: str, scene_id: str, answer_id: str, right: bool, try_number: int,
                      seconds: float, at: str | None = None) -> int:
        from ..sync import xapi

        at, uid, seconds = at or now(), new_uid(), round(seconds, 3)
        with self.transaction():
            row = self.db.execute(
                "INSERT INTO answers(attempt_id, scene_id, answer_id, right, try_number, seconds, at, uid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt_id, scene_id, answer_id, int(right), try_number, seconds, at, uid)).lastrowid
            who, lesson_id, letter = self._attempt(attempt_id)
            self._add_statement(
                "answered", who, at,
                {"lesson": lesson_id, "letter": letter, "attempt": attempt_id, "scene": scene_id,
                 "answer": answer_id, "right": bool(right), "try": int(try_number), "seconds": seconds, "uid": uid},
                attempt_id=attempt_id,
                result={"success": bool(right), "response": answer_id, "duration": xapi.duration(seconds),
                        "extensions": {f"{xapi.BASE}/extensions/try": int(try_number)}})
            return row

    def record_hands(self, attempt_id: str, scene_id: str, answer_id: str, count: int, at: str | None = None) -> int:
        """A show of hands on the board: ``count`` of the class chose this answer."""
        at, uid = at or now(), new_uid()
        with self.transaction():
            row = self.db.execute(
                "INSERT INTO hands(attempt_id, scene_id, answer_id, count, at, uid) VALUES (?, ?, ?, ?, ?, ?)",
                (attempt_id, scene_id, answer_id, int(count), at, uid)).lastrowid
            who, lesson_id, letter = self._attempt(attempt_id)
            self._add_statement(
                "hands", who, at,
                {"lesson": lesson_id, "letter": letter, "attempt": attempt_id, "scene": scene_id,
                 "answer": answer_id, "count": int(count), "uid": uid},
                attempt_id=attempt_id, result={"response": answer_id})
            return row

    def hands_rows(self, class_id: int | None = None) -> Iterator[dict]:
        """Every show of hands, oldest first (a question counted again later: its newest ``at`` is the one)."""
        query = ("SELECT classes.name, attempts.lesson_id, hands.attempt_id, hands.scene_id, hands.answer_id, "
                 "hands.count, hands.at FROM hands JOIN attempts ON attempts.id = hands.attempt_id "
                 "LEFT JOIN classes ON classes.id = attempts.class_id")
        params: tuple = ()
        if class_id is not None:
            query += " WHERE attempts.class_id = ?"
            params = (class_id,)
        columns = ["class", "lesson_id", "attempt_id", "scene_id", "answer_id", "count", "at"]
        for row in self.db.execute(query + " ORDER BY hands.id", params):
            yield dict(zip(columns, row))

    def finish_attempt(self, attempt_id: str, stars: int, at: str | None = None) -> None:
        at = at or now()
        with self.transaction():
            before = self.db.execute("SELECT finished, stars FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
            self.db.execute("UPDATE attempts SET finished = ?, stars = ? WHERE id = ?", (at, stars, attempt_id))
            if before is not None and before != (at, stars):  # a replay of the same finish says nothing new
                who, lesson_id, letter = self._attempt(attempt_id)
                self._add_statement(
                    "completed", who, at, {"lesson": lesson_id, "letter": letter, "attempt": attempt_id,
                                           "stars": int(stars)},
                    attempt_id=attempt_id,
                    result={"completion": True, "score": {"raw": int(stars), "min": 0, "max": 3}})

    def add_worry(self, lesson_id: str, pupil_id: int | None, class_id: int | None, at: str | None = None) -> int:
        """A child asked to talk to a grown-up. With no pupil known (no class on this tablet) the device it
        came from is kept instead: this store lives on that device, so it is this machine's name."""
        device = None if pupil_id is not None else this_device()
        at, uid = at or now(), new_uid()
        with self.transaction():
            row = self.db.execute(
                "INSERT INTO worries(pupil_id, class_id, lesson_id, at, device, uid, origin) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (pupil_id, class_id, lesson_id, at, device, uid, self.device_id)).lastrowid
            # Not the computer's network name: a statement may leave the school (an LRS); the hub knows each
            # device's name from its joining, by the device id every statement carries.
            self._add_statement("worried", self._who(pupil_id, class_id, False), at,
                                {"lesson": lesson_id, "uid": uid})
            return row

    def set_worry_note(self, worry_id: int, note: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE worries SET note = ? WHERE id = ?", (note.strip(), worry_id))

    def set_worry_followed_up(self, worry_id: int, followed_up: bool) -> None:
        with self.transaction():
            self.db.execute("UPDATE worries SET followed_up = ? WHERE id = ?", (int(followed_up), worry_id))

    def mark_worries_seen(self, worry_ids: Iterable[int]) -> None:
        with self.transaction():
            self.db.executemany("UPDATE worries SET seen = 1 WHERE id = ?", [(worry_id,) for worry_id in worry_ids])

    # -- statements (what moves between devices: docs/sync.md) ----------------------------
    def _who(self, pupil_id: int | None, class_id: int | None, whole_class: bool) -> "xapi.Who":
        from ..sync import xapi

        pupil_uid = class_uid = None
        if pupil_id is not None:
            row = self.db.execute("SELECT uid FROM pupils WHERE id = ?", (pupil_id,)).fetchone()
            pupil_uid = row[0] if row else None
        if class_id is not None:
            row = self.db.execute("SELECT uid FROM classes WHERE id = ?", (class_id,)).fetchone()
            class_uid = row[0] if row else None
        return xapi.Who(pupil_uid, class_uid, self.device_id, bool(whole_class))

    def _attempt(self, attempt_id: str) -> tuple["xapi.Who", str, str]:
        from ..sync import xapi

        row = self.db.execute(
            "SELECT attempts.pupil_id, attempts.class_id, attempts.whole_class, attempts.lesson_id, attempts.letter "
            "FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:  # an answer to an attempt this store never started (refused below by its foreign key)
            return xapi.Who(None, None, self.device_id), "", ""
        pupil_id, class_id, whole_class, lesson_id, letter = row
        return self._who(pupil_id, class_id, whole_class), lesson_id, letter

    def _add_statement(self, kind: str, who: "xapi.Who", at: str, record: dict, *, attempt_id: str | None = None,
                       result: dict | None = None) -> None:
        from ..sync import xapi

        statement_id, body = xapi.statement(kind, who, at, record, attempt_id=attempt_id, result=result)
        self.db.execute(
            "INSERT INTO statements(id, body, kind, pupil_uid, class_uid, origin) VALUES (?, ?, ?, ?, ?, ?)",
            (statement_id, body, kind, None if who.whole_class else who.pupil_uid, who.class_uid, who.device_id))

    def _statements_for_older_rows(self) -> None:
        """Migration 7: a statement for each record made before statements were (in the order they were
        made, with the times they were made), so a store from before can share its whole history."""
        from ..sync import xapi

        made: list[tuple[str, str, tuple]] = []
        for attempt_id, started, finished, stars in self.db.execute(
                "SELECT id, started, finished, stars FROM attempts ORDER BY rowid"):
            made.append((started, "started", (attempt_id,)))
            if finished is not None:
                made.append((finished, "completed", (attempt_id, stars)))
        for row in self.db.execute("SELECT attempt_id, scene_id, answer_id, right, try_number, seconds, at, uid "
                                   "FROM answers ORDER BY id"):
            made.append((row[6], "answered", row))
        for row in self.db.execute("SELECT attempt_id, scene_id, answer_id, count, at, uid FROM hands ORDER BY id"):
            made.append((row[4], "hands", row))
        for row in self.db.execute("SELECT lesson_id, pupil_id, class_id, at, uid, device FROM worries ORDER BY id"):
            made.append((row[3], "worried", row))
        made.sort(key=lambda item: item[0] or "")
        for at, kind, values in made:
            if kind == "worried":
                lesson_id, pupil_id, class_id, at, uid, device = values
                self._add_statement(kind, self._who(pupil_id, class_id, False), at,
                                    {"lesson": lesson_id, "uid": uid})
                continue
            attempt_id = values[0]
            who, lesson_id, letter = self._attempt(attempt_id)
            base = {"lesson": lesson_id, "letter": letter, "attempt": attempt_id}
            if kind == "started":
                self._add_statement(kind, who, at, base, attempt_id=attempt_id)
            elif kind == "completed":
                stars = int(values[1] or 0)
                self._add_statement(kind, who, at, {**base, "stars": stars}, attempt_id=attempt_id,
                                    result={"completion": True, "score": {"raw": stars, "min": 0, "max": 3}})
            elif kind == "answered":
                _, scene_id, answer_id, right, try_number, seconds, _, uid = values
                self._add_statement(
                    kind, who, at, {**base, "scene": scene_id, "answer": answer_id, "right": bool(right),
                                    "try": int(try_number), "seconds": seconds, "uid": uid},
                    attempt_id=attempt_id,
                    result={"success": bool(right), "response": answer_id, "duration": xapi.duration(seconds),
                            "extensions": {f"{xapi.BASE}/extensions/try": int(try_number)}})
            else:
                _, scene_id, answer_id, count, _, uid = values
                self._add_statement(kind, who, at, {**base, "scene": scene_id, "answer": answer_id,
                                                    "count": int(count), "uid": uid},
                                    attempt_id=attempt_id, result={"response": answer_id})

    def already_recorded(self, method: str, args: tuple, kwargs: dict) -> bool:
        """Whether a recording call held elsewhere (game/progress/held.py) is in the store already: the game
        may have stopped between writing it here and forgetting it there. Starting and finishing an
        attempt are safe to repeat; an answer or a worry is the same one if it was made at the same
        moment (times are kept to the millisecond)."""
        at = kwargs.get("at")
        if method == "record_answer" and len(args) >= 5:
            attempt_id, scene_id, answer_id, _right, try_number = args[:5]
            query = ("SELECT 1 FROM answers WHERE attempt_id = ? AND scene_id = ? AND answer_id = ? "
                     "AND try_number = ? AND at = ?")
            return self.db.execute(query, (attempt_id, scene_id, answer_id, try_number, at)).fetchone() is not None
        if method == "record_hands" and len(args) >= 3:
            query = "SELECT 1 FROM hands WHERE attempt_id = ? AND scene_id = ? AND answer_id = ? AND at = ?"
            return self.db.execute(query, (*args[:3], at)).fetchone() is not None
        if method == "add_worry" and len(args) >= 3:
            lesson_id, pupil_id, class_id = args[:3]
            query = "SELECT 1 FROM worries WHERE lesson_id = ? AND pupil_id IS ? AND class_id IS ? AND at = ?"
            return self.db.execute(query, (lesson_id, pupil_id, class_id, at)).fetchone() is not None
        return False

    # -- reading -----------------------------------------------------------------------
    def answer_rows(self, class_id: int | None = None) -> Iterator[dict]:
        query = (
            "SELECT answers.id, classes.name, pupils.name, attempts.whole_class, attempts.lesson_id, attempts.letter, "
            "attempts.id, answers.scene_id, answers.answer_id, answers.right, answers.try_number, answers.seconds, "
            "answers.at FROM answers JOIN attempts ON attempts.id = answers.attempt_id "
            "LEFT JOIN classes ON classes.id = attempts.class_id LEFT JOIN pupils ON pupils.id = attempts.pupil_id"
        )
        params: tuple = ()
        if class_id is not None:
            query += " WHERE attempts.class_id = ?"
            params = (class_id,)
        for row in self.db.execute(query + " ORDER BY answers.id", params):
            yield dict(zip(ANSWER_COLUMNS, row))

    def class_progress_rows(self, class_id: int) -> Iterator[dict]:
        """One row per pupil and lesson they have touched: tries, finished, best stars, right first time."""
        query = """
            SELECT pupils.name, pupils.avatar, attempts.lesson_id, attempts.letter,
                   COUNT(DISTINCT attempts.id), MAX(attempts.finished IS NOT NULL), MAX(COALESCE(attempts.stars, 0)),
                   (SELECT COUNT(*) FROM answers JOIN attempts AS a2 ON a2.id = answers.attempt_id
                     WHERE a2.pupil_id = pupils.id AND a2.lesson_id = attempts.lesson_id AND answers.right = 0)
            FROM pupils JOIN attempts ON attempts.pupil_id = pupils.id
            WHERE pupils.class_id = ?
            GROUP BY pupils.id, attempts.lesson_id
            ORDER BY pupils.name, pupils.id, attempts.letter, attempts.lesson_id"""
        for name, avatar, lesson_id, letter, attempts, finished, stars, wrong in self.db.execute(query, (class_id,)):
            yield {"pupil": name, "avatar": avatar, "letter": letter, "lesson_id": lesson_id, "attempts": attempts,
                   "finished": bool(finished), "best_stars": stars, "wrong_answers": wrong,
                   "right_first_time": bool(finished) and stars == 3}


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT: a writer takes the lock up front, so readers never see half an answer."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:
            # SQLite may already have rolled back by itself (it does on "database or disk is full"): a second
            # ROLLBACK would fail and hide the real error from the teacher behind "no transaction is active".
            self.db.execute("ROLLBACK")


def _kept(text: str, clean) -> str:
    """A name as the store keeps it (game/progress/names.py); one that cannot be a name is refused, never stored."""
    name, problem = clean(text)
    if name is None:
        raise StoreError(f"not saved: {problem}")  # not the text itself: it may not be drawable
    return name


def write_csv(rows: Iterable[dict], columns: list[str], file: TextIO) -> int:
    """Every row as CSV, each text cell guarded so a spreadsheet shows it rather than runs it (a pupil
    named ``=HYPERLINK(...)`` stays a name: game/progress/spreadsheet.py). Every CSV the game writes comes here."""
    writer = csv.DictWriter(file, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(guard_row(row))
        count += 1
    return count


def this_device() -> str:
    """This computer's network name, as the school's IT list knows it (a tablet's label, often)."""
    import platform

    return platform.node() or "this computer"


def new_attempt_id() -> str:
    return uuid.uuid4().hex


def new_uid() -> str:
    """An id no other device will make: 32 random hex digits (as the store's migration 6 makes them)."""
    return uuid.uuid4().hex

"""The same statements through a shared folder, for schools whose IT allows no listening program
(docs/sync.md, "The shared folder"): a mapped network drive or a synced cloud folder (OneDrive...).

- Each device appends only its own file ``<folder>/<device id>.jsonl``: one statement per line, exactly
  the text kept in its store. Never SQLite on a share (its locking and WAL do not work across hosts).
  Lines are written whole, a batch at a time, with ``os.write`` on an ``O_APPEND`` descriptor, then
  ``fsync``; only then are they marked pushed. A line cut short (the game killed mid-write, a sync client
  that stopped half-way) never spoils what follows: before appending, a file that does not end with a
  newline gets one, so the fragment becomes one bad line of its own, and its statement (never marked
  pushed) is written again whole after it.
- The teacher's PC reads every device's file from where it stopped last time (byte offset and a
  fingerprint of what it read, kept in a private state file in its data folder); a file a sync client
  replaced or cut shorter is read again from the start, which changes nothing already taken in
  (``ledger.take_in`` is idempotent by statement id). A last line without its newline is left until it
  has one; a line that does not parse is passed over and named (file and line), once.
- Rosters: the PC writes ``<folder>/roster.json`` whole (temporary file + ``os.replace``); tablets read it
  (the PC's names, animals and erasures win) and write their own ``<device id>.roster.json`` for the PC.
  Only first names and animals are in them, and the folder is the school's own.
- ``FolderSync`` does all of it on its own thread, every few seconds and when nudged; the frame loop only
  reads ``status``.

A folder that is not there is never made by the sync (a drive that is not mounted would otherwise be
written to the empty mount point and the answers lost when it comes back): ``prepare_folder`` marks a
folder the teacher chose once, and a folder without that mark counts as not reachable.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import sqlite3
import stat
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..engine.private_files import replacing, write_private
from ..progress.store import STORE_FILE, ProgressStore, StoreError
from . import ledger

MARKER = "smart-stars-folder.json"  # "this is the class's shared folder", written once by prepare_folder
ROSTER = "roster.json"  # the teacher's PC's class lists and erasures, for every tablet
STATE_FILE = "shared-folder.json"  # in the data folder (private): how far each device's file has been read
INTERVAL = 5.0  # seconds between passes when nothing nudges
READ_CHUNK = 1 << 20  # bytes read at a time from a device's file
MAX_LINE = 1 << 20  # a "line" longer than this is not a statement (about 1 KB each): passed over
MAX_ROSTER = 32 << 20  # a roster bigger than this is not one of ours (30 pupils: a few KB)
# Statements taken in per transaction: one disk wait each (a commit is 20-30 ms), and the store's write lock
# held for about a quarter of a second at most, so the game's own writer is never kept waiting long.
TAKE_BATCH = 2000
PRINT = 512  # bytes at the start and before the offset that identify what was read (a replaced file differs)
_DEVICE = re.compile(r"[0-9a-f]{32}")
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_APPEND_FLAGS = (os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_BINARY", 0))


class FolderError(Exception):
    """The shared folder (or a file in it) cannot be used now; the message is for a teacher."""


@dataclass
class Merged:
    """One pass of the teacher's PC over the folder."""

    stored: int = 0
    duplicates: int = 0
    refused: int = 0  # about a pupil who was erased: never taken in again
    worries: int = 0
    lines: int = 0  # complete lines read this pass
    bytes_read: int = 0
    rosters: int = 0  # tablets' rosters taken in (new or changed)
    devices: set[str] = field(default_factory=set)
    reread: list[str] = field(default_factory=list)  # files replaced or cut shorter: read again from the start
    unfinished: list[str] = field(default_factory=list)  # files ending with half a line: left until it is whole
    problems: list[str] = field(default_factory=list)


@dataclass
class Shared:
    """One pass of a tablet."""

    written: int = 0  # statements appended to this device's file
    roster_changed: bool = False
    erased: int = 0
    problems: list[str] = field(default_factory=list)


# -- the folder --------------------------------------------------------------------------------------------
def prepare_folder(folder: Path) -> None:
    """The teacher chose ``folder`` (on any device): mark it as the class's shared folder. The folder itself
    must exist already (made by the school's IT or the teacher); it is never made here."""
    if not folder.is_dir():
        raise FolderError(f"{folder} is not a folder this computer can reach: make it first, or check the drive")
    marker = folder / MARKER
    if not marker.is_file():
        try:
            with replacing(marker, binary=True) as file:
                file.write(json.dumps({"what": "SMART Stars shared folder", "version": 1}).encode())
        except OSError as error:
            raise FolderError(_why(folder, error)) from error


def check_folder(folder: Path) -> None:
    """Raise ``FolderError`` unless the folder is there and marked (an unplugged drive, a dropped share)."""
    try:
        if not folder.is_dir():
            raise FolderError(f"{folder} cannot be reached (is the drive connected?)")
        if not (folder / MARKER).is_file():
            raise FolderError(f"{folder} is not the class's shared folder yet (it is marked once, when sharing "
                              f"is set up: teacher mode's \u201cMark a new folder\u201d, or python play.py "
                              f"share-folder FOLDER --new)")
    except OSError as error:
        raise FolderError(_why(folder, error)) from error


def device_file(folder: Path, device_id: str) -> Path:
    if not _DEVICE.fullmatch(device_id):
        raise FolderError(f"this device's id {device_id!r} is not one the game makes")
    return folder / f"{device_id}.jsonl"


def _why(path: Path, error: OSError) -> str:
    if isinstance(error, PermissionError):
        return f"{path}: permission denied (the school's IT can give this account the right to write there)"
    if error.errno == errno.ENOSPC:
        return f"{path}: the shared drive is full"
    if isinstance(error, FileNotFoundError):
        return f"{path} cannot be reached (is the drive connected?)"
    if error.errno == errno.ELOOP:
        return f"{path} is a link to somewhere else: not used (delete it from the shared folder)"
    return f"{path}: {error.strerror or error}"


# -- a tablet's side ---------------------------------------------------------------------------------------
def write_outbox(store: ProgressStore, folder: Path) -> int:
    """Append every statement the folder does not have yet to this device's file, a batch per write,
    and mark each batch pushed once it is on disk there. Returns how many were written."""
    path = device_file(folder, store.device_id)
    written = 0
    while batch := ledger.outbox(store):
        append_lines(path, [statement.body for statement in batch])
        ledger.mark_pushed(store, [statement.id for statement in batch])
        written += len(batch)
    return written


def append_lines(path: Path, bodies: list[str]) -> None:
    """Whole lines at the end of ``path`` (made 0600), on disk when this returns. A file left ending with
    part of a line gets its newline first: the fragment stays one bad line, and the next one is whole."""
    # A statement is compact JSON: a newline can only be insignificant whitespace, never part of a value.
    data = b"".join(body.replace("\r", " ").replace("\n", " ").encode("utf-8") + b"\n" for body in bodies)
    try:
        descriptor = os.open(path, _APPEND_FLAGS, 0o600)
    except OSError as error:
        raise FolderError(_why(path, error)) from error
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise FolderError(f"{path} is not a plain file: not used (delete it from the shared folder)")
        if status.st_size:
            os.lseek(descriptor, status.st_size - 1, os.SEEK_SET)
            if os.read(descriptor, 1) != b"\n":
                data = b"\n" + data
        view = memoryview(data)
        while view:  # one write, unless the file system takes less at a time (some network shares do)
            view = view[os.write(descriptor, view):]
        os.fsync(descriptor)
    except OSError as error:
        raise FolderError(_why(path, error)) from error
    finally:
        os.close(descriptor)


def take_roster(store: ProgressStore, folder: Path, state: dict) -> tuple[ledger.RosterChange | None, str | None]:
    """The PC's ``roster.json``, if it changed since last time: applied as the one that wins. Returns
    what changed (None: nothing new) and a problem to tell the teacher, if any."""
    path = folder / ROSTER
    data, problem = _read_small(path)
    if data is None:
        return None, problem
    digest = hashlib.sha256(data).hexdigest()
    if state.get("roster_in") == digest:
        return None, None
    roster, problem = _parse_roster(path, data)
    if roster is None:
        return None, problem
    change = ledger.apply_roster(store, roster, authoritative=True)
    state["roster_in"] = digest
    return change, None


def publish_own_roster(store: ProgressStore, folder: Path, state: dict) -> bool:
    """This tablet's classes and pupils (first names and animals) as ``<device id>.roster.json``, for the
    PC to take in (pupils added on the tablet); written only when it changed."""
    path = folder / f"{store.device_id}.roster.json"
    data = _roster_bytes(ledger.roster(store))
    digest = hashlib.sha256(data).hexdigest()
    if state.get("roster_out") == digest and path.is_file():
        return False
    _write_whole(path, data)
    state["roster_out"] = digest
    return True


def drop_erased_lines(store: ProgressStore, folder: Path) -> int:
    """After an erasure reaches this tablet: its file in the folder rewritten without the erased pupils'
    statements (the PC refuses them anyway; the folder should not keep them either). The PC sees a
    replaced file and reads it again, which changes nothing there. Returns how many lines went."""
    path = device_file(folder, store.device_id)
    data, problem = _read_small(path, limit=1 << 40)
    if data is None:
        if problem:
            raise FolderError(problem)
        return 0
    erased = ledger._erased(store)  # every id an erased pupil had
    if not any(uid.encode() in data for uid in erased):
        return 0  # the usual case: nobody erased is in it (no need to look at each line)
    kept, dropped = [], 0
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        try:
            body = json.loads(line)
            pupil = body.get("context", {}).get("extensions", {}).get(ledger.xapi.RECORD, {}).get("pupil")
        except (ValueError, AttributeError):
            dropped += 1  # a fragment a kill left: its statement was written again whole after it
            continue
        if pupil in erased:
            dropped += 1
            continue
        kept.append(line + b"\n")
    if dropped:
        _write_whole(path, b"".join(kept))
    return dropped


def share(store: ProgressStore, folder: Path, state: dict) -> Shared:
    """A tablet's pass: the PC's roster first (an erasure removes what this tablet kept about that pupil
    before anything more is written), then its own roster, then its statements."""
    check_folder(folder)
    _for_folder(state, folder)
    outcome = Shared()
    change, problem = take_roster(store, folder, state)
    if problem:
        outcome.problems.append(problem)
    if change is not None:
        outcome.roster_changed = True
        outcome.erased = change.erased
        # Whenever the roster changes, not only when it erased someone now: a pass stopped between the two
        # (the game closed) would otherwise leave the lines of a pupil erased then.
        drop_erased_lines(store, folder)
    try:
        publish_own_roster(store, folder, state)
    except FolderError as error:  # the answers matter more: they still go (the roster is tried again next pass)
        outcome.problems.append(f"{error}: this tablet's class lists are written next time")
    outcome.written = write_outbox(store, folder)
    return outcome


# -- the teacher's PC's side -------------------------------------------------------------------------------
def merge_folder(store: ProgressStore, folder: Path, state: dict) -> Merged:
    """The PC's pass: every tablet's roster (new pupils), every device's new lines (taken in by id), then
    the PC's roster for the tablets. ``state`` (from ``load_state``) is updated as files are read."""
    check_folder(folder)
    _for_folder(state, folder)
    merged = Merged()
    files = state.setdefault("files", {})
    rosters = state.setdefault("rosters", {})
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        raise FolderError(_why(folder, error)) from error
    for name in names:
        if name.endswith(".roster.json") and _DEVICE.fullmatch(name[:32]):
            merged.devices.add(name[:32])
            path = folder / name
            data, problem = _read_small(path)
            if data is None:
                merged.problems += [problem] if problem and _still_there(folder) else []
                continue
            digest = hashlib.sha256(data).hexdigest()
            if rosters.get(name) == digest:
                continue
            roster, problem = _parse_roster(path, data)
            if roster is None:
                merged.problems.append(problem)
                continue
            ledger.apply_roster(store, roster, authoritative=False)
            rosters[name] = digest
            merged.rosters += 1
    for name in names:
        if name.endswith(".jsonl") and not name.startswith("."):
            if _DEVICE.fullmatch(name[:32]):
                merged.devices.add(name[:32])
            files[name] = _merge_file(store, folder / name, files.get(name) or {}, merged)
    try:
        _write_whole(folder / ROSTER, _roster_bytes(ledger.roster(store)), unless_same=True)
    except FolderError as error:  # Windows will not replace a file a tablet has open: tried again next pass
        if _still_there(folder):  # a drive unplugged mid-pass is no file's problem: the next pass says so
            merged.problems.append(f"{error}: the class lists for the tablets are written next time")
    return merged


def _still_there(folder: Path) -> bool:
    try:
        return (folder / MARKER).is_file()
    except OSError:
        return False


def _merge_file(store: ProgressStore, path: Path, entry: dict, merged: Merged) -> dict:
    """Take in the complete lines of one device's file after ``entry['offset']``; the new entry."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as error:
        if _still_there(path.parent):  # else the drive went mid-pass: the next pass says it cannot be reached
            merged.problems.append(_why(path, error) + ": its answers will be read once it can be")
        return entry
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            merged.problems.append(f"{path} is not a plain file: passed over")
            return entry
        size = status.st_size
        offset, lines = int(entry.get("offset") or 0), int(entry.get("lines") or 0)
        if offset and (offset > size or _print(descriptor, offset) != (entry.get("head"), entry.get("tail"))):
            merged.reread.append(str(path))  # replaced or cut shorter by a sync client: from the start again
            offset, lines = 0, 0
        position = offset
        while position < size:
            chunk = _read_at(descriptor, position, min(READ_CHUNK, size - position))
            end = chunk.rfind(b"\n")
            if end < 0:
                if len(chunk) >= MAX_LINE:  # no newline in a megabyte: not a statement; skip to the next one
                    skipped = _skip_line(descriptor, position, size)
                    if skipped is None:
                        break
                    lines += 1
                    merged.problems.append(f"{path} line {lines}: far too long to be a statement; passed over")
                    position = skipped
                    continue
                break  # the last line is not finished: left until it is (a device or a sync client is writing)
            raw_lines = chunk[:end].split(b"\n")
            _take_lines(store, path, raw_lines, lines, merged)
            lines += len(raw_lines)
            merged.lines += len(raw_lines)
            merged.bytes_read += end + 1
            position += end + 1
        if position < size:
            merged.unfinished.append(str(path))
        head, tail = _print(descriptor, position)
        return {"offset": position, "lines": lines, "head": head, "tail": tail}
    except OSError as error:
        if _still_there(path.parent):
            merged.problems.append(_why(path, error) + ": read again next time")
        return entry
    finally:
        os.close(descriptor)


def _take_lines(store: ProgressStore, path: Path, raw_lines: list[bytes], before: int, merged: Merged) -> None:
    """Take in the statements among these lines (line ``before + 1`` first); the others are named.

    Each line is parsed once, by ``ledger.take_in``: here only what is plainly not a statement is set
    aside, and a line's number is found from its id; only a batch with a line ``take_in`` could not
    parse is looked at again, to name that line."""
    texts: list[str] = []
    numbers: list[int] = []
    problems: list[tuple[int, str]] = []
    for number, raw in enumerate(raw_lines, start=before + 1):
        raw = raw.rstrip(b"\r")
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            text = ""
        if not (text.startswith("{") and text.endswith("}")):
            problems.append((number, NOT_A_STATEMENT))
            continue
        texts.append(text)
        numbers.append(number)
    for start in range(0, len(texts), TAKE_BATCH):
        batch, batch_numbers = texts[start:start + TAKE_BATCH], numbers[start:start + TAKE_BATCH]
        where = {match.group(1): number for text, number in zip(batch, batch_numbers)
                 if (match := _ID.search(text))}
        try:
            outcome = ledger.take_in(store, batch, pushed=True)
        except _MISSHAPEN:  # a line shaped like a statement but not one the store can take: find which
            outcome = _one_by_one(store, batch, batch_numbers, problems)
        if any(sid not in where for sid, _ in outcome.refused) or any(sid not in where for sid in outcome.conflicts):
            where = _which_lines(batch, batch_numbers, problems)  # a line take_in could not parse: name it
        merged.stored += outcome.stored
        merged.duplicates += outcome.duplicates
        merged.worries += outcome.worries
        for statement_id in outcome.conflicts:
            problems.append((where.get(statement_id, 0), f"a statement already taken in with other content (id "
                                                          f"{statement_id}); the first one is kept"))
        for statement_id, why in outcome.refused:
            if why == "about a pupil who was erased":
                merged.refused += 1
            elif statement_id in where:
                problems.append((where[statement_id], f"{why}; passed over"))
    merged.problems += [f"{path} line {number}: {why}" for number, why in sorted(problems)]


NOT_A_STATEMENT = "not a statement (cut short, or not written by SMART Stars); passed over"
_ID = re.compile(r'"id":\s*"([0-9a-fA-F-]{36})"')  # a statement's own id: the only UUID-valued "id" in one


def _which_lines(texts: list[str], numbers: list[int], problems: list[tuple[int, str]]) -> dict[str, int]:
    """Each statement's line by its id, parsing every line (the slow way, for a batch with a bad line);
    the lines that do not parse as a statement are named in ``problems``."""
    where: dict[str, int] = {}
    for text, number in zip(texts, numbers):
        try:
            body = json.loads(text)
            statement_id = body.get("id") if isinstance(body, dict) else None
        except ValueError:
            statement_id = None
        if isinstance(statement_id, str):
            where.setdefault(statement_id, number)
        else:
            problems.append((number, NOT_A_STATEMENT))
    return where


# What a line that parses as a statement but has values of the wrong kind raises in ledger.take_in (its
# transaction is rolled back: nothing of the batch is kept, so the batch is taken in again line by line).
_MISSHAPEN = (ValueError, TypeError, KeyError, AttributeError, sqlite3.IntegrityError)


def _one_by_one(store: ProgressStore, texts: list[str], numbers: list[int],
                problems: list[tuple[int, str]]) -> ledger.TakeIn:
    total = ledger.TakeIn()
    for text, number in zip(texts, numbers):
        try:
            outcome = ledger.take_in(store, [text], pushed=True)
        except _MISSHAPEN as error:
            problems.append((number, f"a statement the store cannot take ({type(error).__name__}); passed over"))
            continue
        total.stored += outcome.stored
        total.duplicates += outcome.duplicates
        total.worries += outcome.worries
        total.conflicts += outcome.conflicts
        total.refused += outcome.refused
    return total


def _skip_line(descriptor: int, position: int, size: int) -> int | None:
    """The offset after the next newline from ``position``, or None if the file ends first."""
    while position < size:
        chunk = _read_at(descriptor, position, min(READ_CHUNK, size - position))
        found = chunk.find(b"\n")
        if found >= 0:
            return position + found + 1
        position += len(chunk)
    return None


def _read_at(descriptor: int, position: int, length: int) -> bytes:
    os.lseek(descriptor, position, os.SEEK_SET)
    parts, left = [], length
    while left > 0:
        part = os.read(descriptor, left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _print(descriptor: int, offset: int) -> tuple[str, str]:
    """What identifies the first ``offset`` bytes of a file: hashes of its start and of the bytes just
    before ``offset`` (statement ids are random, so another file never has the same)."""
    if offset <= 0:
        return "", ""
    head = _read_at(descriptor, 0, min(PRINT, offset))
    tail = _read_at(descriptor, max(0, offset - PRINT), min(PRINT, offset))
    return hashlib.sha256(head).hexdigest()[:32], hashlib.sha256(tail).hexdigest()[:32]


# -- small files: rosters, state ---------------------------------------------------------------------------
def _read_small(path: Path, limit: int = MAX_ROSTER) -> tuple[bytes | None, str | None]:
    """The bytes of a plain file (never through a link), or None and a problem (None if it is just not
    there: the other side has not written it yet)."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, _why(path, error)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None, f"{path} is not a plain file: passed over"
        if status.st_size > limit:
            return None, f"{path} is far too big to be SMART Stars' ({status.st_size} bytes): passed over"
        return _read_at(descriptor, 0, status.st_size), None
    except OSError as error:
        return None, _why(path, error)
    finally:
        os.close(descriptor)


def _parse_roster(path: Path, data: bytes) -> tuple[dict | None, str | None]:
    try:
        roster = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None, f"{path} is not text: the class lists stay as they are until it is written again"
    except ValueError as error:
        where = f"line {error.lineno}, column {error.colno}" if hasattr(error, "lineno") else "somewhere"
        return None, (f"{path} is not JSON ({where}: perhaps half-copied by a sync client): the class lists "
                      f"stay as they are until it is written again")
    if not isinstance(roster, dict):
        return None, f"{path} line 1: not a class roster: the class lists stay as they are"
    return roster, None


def _roster_bytes(roster: dict) -> bytes:
    return json.dumps(roster, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def _write_whole(path: Path, data: bytes, unless_same: bool = False) -> None:
    """``path`` replaced whole (a reader sees the old file or the new, never half), 0600 where that means
    something; with ``unless_same``, left alone if it already says that (no needless upload by a sync client)."""
    if unless_same:
        here, _ = _read_small(path)
        if here == data:
            return
    try:
        with replacing(path, binary=True) as file:
            file.write(data)
    except OSError as error:
        raise FolderError(_why(path, error)) from error


def load_state(path: Path, folder: Path) -> dict:
    """The PC's (or tablet's) memory of the folder; a fresh one for another folder or an unreadable file
    (everything is then read again, which changes nothing already taken in)."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = None
    if not isinstance(state, dict) or state.get("folder") != str(folder):
        state = {"folder": str(folder)}
    return state


def _for_folder(state: dict, folder: Path) -> None:
    """``state`` as this folder's: what it remembered of another folder (the teacher chose a new one) goes."""
    if state.get("folder") != str(folder):
        state.clear()
        state["folder"] = str(folder)


def save_state(path: Path, state: dict) -> None:
    write_private(path, json.dumps(state, sort_keys=True))


# -- the thread --------------------------------------------------------------------------------------------
class FolderSync:
    """Shares through ``folder`` on its own thread: a tablet writes, the teacher's PC (``teacher=True``)
    merges. Wakes every ``interval`` seconds and at once when ``nudge``d (a new worry); the frame loop
    only calls ``nudge``, ``status`` and ``problems``, which never wait."""

    def __init__(self, data_dir: Path, folder: Path, *, teacher: bool, interval: float = INTERVAL,
                 on_merged: Callable[[Merged], None] | None = None,
                 on_roster: Callable[[Shared], None] | None = None,
                 on_status: Callable[[str], None] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.data_dir = data_dir
        self.folder = folder
        self.teacher = teacher
        self.interval = interval
        self.passes = 0  # completed passes, reachable or not (tests and tools wait on this)
        self._on_merged = on_merged
        self._on_roster = on_roster  # a tablet: the PC's class lists changed (pupils added, renamed, erased)
        self._on_status = on_status  # the status sentence changed (the game's menu shows it)
        self._clock = clock
        self._status = f"Getting ready to share through {folder}"
        self._problems: OrderedDict[str, None] = OrderedDict()  # this thread's own
        self._shown_problems: tuple[str, ...] = ()
        self._detail: str | None = None
        self._last_ok: float | None = None
        self._devices: set[str] = set()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="shared-folder", daemon=True)

    # -- what the game calls (never waits) ------------------------------------------------------------
    def start(self) -> "FolderSync":
        self._thread.start()
        return self

    def nudge(self) -> None:
        self._wake.set()

    @property
    def status(self) -> str:
        return self._status

    @property
    def problems(self) -> list[str]:
        """Files and lines passed over lately (for the school's IT), newest last, each once."""
        return list(self._shown_problems)

    @property
    def detail(self) -> str | None:
        """Why the folder cannot be used right now, naming the file (None while it can)."""
        return self._detail

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    # -- the thread -----------------------------------------------------------------------------------
    def _run(self) -> None:
        store: ProgressStore | None = None
        state_path = self.data_dir / STATE_FILE
        state = load_state(state_path, self.folder)
        try:
            while not self._stop.is_set():
                self._wake.clear()  # before the pass: a nudge during it means "go again"
                store = self._pass(store, state, state_path)
                self.passes += 1
                self._wake.wait(self.interval)
        finally:
            if store is not None:
                store.close()

    def _pass(self, store: ProgressStore | None, state: dict, state_path: Path) -> ProgressStore | None:
        said = self._status
        store = self._one_pass(store, state, state_path)
        if self._on_status is not None and self._status != said:
            try:
                self._on_status(self._status)
            except Exception:  # noqa: BLE001 - the game's hook must never end sharing
                pass
        return store

    def _one_pass(self, store: ProgressStore | None, state: dict, state_path: Path) -> ProgressStore | None:
        try:
            if store is None:
                store = ProgressStore(self.data_dir / STORE_FILE)
        except StoreError as error:
            self._status = f"Not sharing: {error}"
            return None
        try:
            if self.teacher:
                merged = merge_folder(store, self.folder, state)
                self._devices |= merged.devices
                self._note(merged.problems)
                if self._on_merged is not None and (merged.stored or merged.rosters):
                    self._on_merged(merged)
            else:
                shared = share(store, self.folder, state)
                self._note(shared.problems)
                if self._on_roster is not None and shared.roster_changed:
                    self._on_roster(shared)
            self._last_ok = self._clock()
            self._detail = None
            self._status = self._sharing()
        except FolderError as error:
            self._detail = str(error)
            self._status = self._unreachable(store)
        except (sqlite3.Error, StoreError, OSError) as error:  # the store itself: opened again next time
            self._status = f"Not sharing: the progress file cannot be used now ({error})"
            store.close()
            store = None
        except Exception as error:  # noqa: BLE001 - a fault of ours must not end sharing for the rest of the day
            self._status = f"Not sharing just now ({type(error).__name__}: {error}); trying again"
            store.close()
            store = None
        try:
            save_state(state_path, state)
        except OSError as error:
            self._note([f"{state_path}: {error.strerror or error} (the folder will be read again from the start)"])
        return store

    def _note(self, problems: list[str]) -> None:
        for problem in problems:
            self._problems.pop(problem, None)
            self._problems[problem] = None
        while len(self._problems) > 20:
            self._problems.popitem(last=False)
        self._shown_problems = tuple(self._problems)  # the frame loop reads this copy, never the one changing

    def _at(self) -> str:
        return time.strftime("%H:%M", time.localtime(self._last_ok)) if self._last_ok is not None else ""

    def _sharing(self) -> str:
        if self.teacher:
            count = len(self._devices)
            seen = "no tablets yet" if not count else f"{count} tablet{'s' if count != 1 else ''} seen"
            return f"Sharing through {self.folder}: last read {self._at()}; {seen}"
        return f"Sharing through {self.folder}: last written {self._at()}; everything is there"

    def _unreachable(self, store: ProgressStore) -> str:
        since = f" (last reached {self._at()})" if self._last_ok is not None else ""
        if self.teacher:
            return (f"The shared folder {self.folder} cannot be reached{since}: the tablets' answers will "
                    f"arrive when it is back")
        return f"The shared folder {self.folder} cannot be reached{since}: {waiting_words(store)}"


def waiting_words(store: ProgressStore) -> str:
    """``14 answers and 1 worry waiting``: what this device has that the folder does not, in a teacher's words."""
    counts = dict(store.db.execute("SELECT kind, COUNT(*) FROM statements WHERE pushed = 0 GROUP BY kind"))
    answers, worries = counts.get("answered", 0), counts.get("worried", 0)
    parts = [f"{answers} answer{'s' if answers != 1 else ''}"] if answers else []
    parts += [f"{worries} worr{'ies' if worries != 1 else 'y'}"] if worries else []
    if not parts:
        return "nothing waiting" if not sum(counts.values()) else "a few records waiting"
    return " and ".join(parts) + " waiting"


# -- python play.py share-folder ---------------------------------------------------------------------------
def run_share_folder(data_dir: Path, folder: Path, *, teacher: bool, new: bool, once: bool, out, err,
                     stop: threading.Event | None = None) -> int:
    """Share through ``folder`` from the command line (a teacher's PC left merging, or a tablet beside the
    game: the store is shared safely between processes). ``new``: mark the folder as the class's first.
    ``once``: one pass, then say how it went (for a scheduled task); otherwise until stopped (Ctrl+C)."""
    if new:
        try:
            prepare_folder(folder)
        except FolderError as error:
            print(error, file=err)
            return 1
    if once:
        try:
            with ProgressStore(data_dir / STORE_FILE) as store:
                state_path = data_dir / STATE_FILE
                state = load_state(state_path, folder)
                try:
                    if teacher:
                        merged = merge_folder(store, folder, state)
                        print(f"read {merged.lines} lines from {_count(len(merged.devices), 'tablet')}: "
                              f"{_count(merged.stored, 'new record')}, {_count(merged.worries, 'worry', 'worries')}",
                              file=out)
                        problems = merged.problems
                    else:
                        shared = share(store, folder, state)
                        print(f"wrote {_count(shared.written, 'record')} to {device_file(folder, store.device_id)}",
                              file=out)
                        problems = shared.problems
                finally:
                    save_state(state_path, state)
        except (FolderError, StoreError, OSError, sqlite3.Error) as error:
            print(error, file=err)
            return 1
        for problem in problems:
            print(problem, file=err)
        return 0
    sync = FolderSync(data_dir, folder, teacher=teacher).start()
    said: set[str] = set()
    last = ""
    stop = stop or threading.Event()
    try:
        while not stop.wait(1.0):
            if sync.status != last:
                last = sync.status
                print(last + (f" ({sync.detail})" if sync.detail else ""), file=out, flush=True)
            for problem in sync.problems:
                if problem not in said:
                    said.add(problem)
                    print(problem, file=err, flush=True)
    finally:
        sync.stop()
    return 0


def _count(number: int, word: str, words: str | None = None) -> str:
    return f"{number} {word if number == 1 else words or word + 's'}"

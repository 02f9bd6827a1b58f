"""Class lists as schools really save them: read whole, checked, then added to the store all at once.

A class list is a column of first names, optionally with an animal each (``name,avatar``), with or
without a header row. Schools make them in Excel, whose "CSV (Comma delimited)" is Windows-1252 on
Windows, "CSV UTF-8" starts with a byte-order mark, "Unicode Text" is tab-separated UTF-16, and
whose European versions separate with semicolons. So the encoding is found from the byte-order
mark, else the pattern of NUL bytes UTF-16 leaves, else UTF-8, else Windows-1252; the separator
from which of comma, semicolon and tab splits the lines consistently.

Every file that is not a class list we can read (a spreadsheet saved as .xlsx, a picture, a cell of
megabytes) is a ``ClassListError`` whose message names the file and the line and says what to do;
nothing is added then. A list is read in full before the store is touched, and added in one
transaction with its class (``import_class_list``): a class is complete or not there at all.
Importing the same list again adds nobody twice, and every child in a class has their own animal
while there are animals to go round.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..cast.avatars import AVATARS
from .names import clean_name, clean_text, shown_name, shown_text
from .spreadsheet import unguard
from .store import ProgressStore, now

MAX_BYTES = 2_000_000  # a class list is a few KB; a whole school's is well under this
MAX_PUPILS = 1000  # one class list, not a database
DELIMITERS = (",", ";", "\t")
NAME_HEADINGS = {"name", "names", "first name", "first names", "firstname", "first_name", "forename",
                 "given name", "pupil", "pupils", "child", "nickname"}
ANIMAL_HEADINGS = {"avatar", "animal", "avatars", "animals"}
_SPREADSHEET_STARTS = {b"PK\x03\x04": "an Excel .xlsx (or other zipped) file",
                       b"\xd0\xcf\x11\xe0": "an old Excel .xls file"}
SAVE_AS = "save it from the spreadsheet as CSV (one first name on each line)"


class ClassListError(Exception):
    """A file that cannot be used as a class list; the message names the file (and line) and says what to do."""


@dataclass(frozen=True)
class ListedPupil:
    line: int
    name: str
    animal: str | None  # an animal the list asks for (one the game has), else None
    asked: str = ""  # what the list's animal cell said, when the game has no such animal


@dataclass
class ClassList:
    source: str  # the file's name, for messages
    pupils: list[ListedPupil]
    notes: list[str] = field(default_factory=list)  # "line N: ..." for names cleaned or rows skipped
    encoding: str = "utf-8"
    delimiter: str = ","


# -- reading -------------------------------------------------------------------------------

def read_class_list(path: Path) -> ClassList:
    """The class list in ``path``, or a ``ClassListError`` saying why it cannot be one."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise ClassListError(f"{shown_text(path.name)} cannot be read ({error.strerror or error}): check it is "
                             f"a file you can open") from None
    return parse_class_list(data, shown_text(path.name))


def parse_class_list(data: bytes, source: str) -> ClassList:
    """A class list from a file's bytes (``source`` is its name, for messages)."""
    if len(data) > MAX_BYTES:
        raise ClassListError(f"{source} is over {MAX_BYTES // 1_000_000} MB, far too big for a class list: "
                             f"check it is the right file")
    for start, what in _SPREADSHEET_STARTS.items():
        if data.startswith(start):
            raise ClassListError(f"{source} is {what}, not a CSV list: {SAVE_AS}")
    text, encoding = decode(data, source)
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\r\n")
    if controls > max(2, len(text) // 20):
        line = text.count("\n", 0, next(i for i, c in enumerate(text) if ord(c) < 32 and c not in "\t\r\n")) + 1
        raise ClassListError(f"{source} line {line}: this is not text (it has {controls} control characters): "
                             f"{SAVE_AS}")
    delimiter = detect_delimiter(text)
    class_list = ClassList(source, [], encoding=encoding, delimiter=delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    name_column, animal_column = 0, 1
    first = True
    try:
        for row in reader:
            line = reader.line_num
            cells = [unguard(cell) for cell in row]
            if first and any(cell.strip() for cell in cells):
                first = False
                headings = [clean_text(cell)[0].casefold() for cell in cells]
                if any(heading in NAME_HEADINGS for heading in headings):
                    name_column = next(i for i, heading in enumerate(headings) if heading in NAME_HEADINGS)
                    animal_column = next((i for i, heading in enumerate(headings) if heading in ANIMAL_HEADINGS),
                                         None)
                    continue
            _add_row(class_list, line, cells, name_column, animal_column)
            if len(class_list.pupils) > MAX_PUPILS:
                raise ClassListError(f"{source} line {line}: more than {MAX_PUPILS} names, too many for one class: "
                                     f"make one list per class")
    except csv.Error as error:
        raise ClassListError(f"{source} line {reader.line_num}: {_csv_problem(error)}") from None
    if not class_list.pupils:
        raise ClassListError(f"{source} has no names in it: put one first name on each line"
                             + (f" ({class_list.notes[0]})" if class_list.notes else ""))
    return class_list


def _csv_problem(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return (f"a cell longer than {csv.field_size_limit()} characters, so this is not a class list: "
                f"check it is the right file")
    return f"{text}: {SAVE_AS}"


def _add_row(class_list: ClassList, line: int, cells: list[str], name_column: int,
             animal_column: int | None) -> None:
    raw = cells[name_column] if name_column < len(cells) else ""
    wanted = cells[animal_column] if animal_column is not None and animal_column < len(cells) else ""
    if not raw.strip():
        if any(cell.strip() for cell in cells):
            class_list.notes.append(f"line {line}: no name, skipped")
        return
    name, problem = clean_name(raw)
    if name is None:
        class_list.notes.append(f"line {line}: skipped, {problem}")
        return
    if problem:
        class_list.notes.append(f"line {line}: {name}: {problem}")
    asked = " ".join(wanted.split()).casefold()
    animal = asked if asked in AVATARS else None
    shown_asked, _ = clean_name(wanted)
    class_list.pupils.append(ListedPupil(line, name, animal, "" if animal or not asked else (shown_asked or "?")))


def decode(data: bytes, source: str = "the file") -> tuple[str, str]:
    """The text of a class list and the encoding it was in: a byte-order mark (UTF-8, UTF-16 LE or BE,
    UTF-32) first, then UTF-16 without one (most of one byte of each pair is NUL), then UTF-8, then
    Windows-1252 (Excel's "CSV (Comma delimited)" on a Windows PC in the UK or Europe)."""
    boms = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
            (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding.replace("-sig", "")), encoding
            except UnicodeDecodeError as error:
                kind = encoding.split("-")[0].upper() + "-" + encoding.split("-")[1]  # UTF-8, UTF-16, UTF-32
                raise ClassListError(f"{source} line {_line_at(data, len(bom) + error.start)}: it starts as {kind} "
                                     f"text but is not: {SAVE_AS}") from None
    guess = _utf16_without_bom(data)
    if guess:
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: try the others
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            failed = error
    raise ClassListError(f"{source} line {_line_at(data, failed.start)}: the text is neither UTF-8 nor Windows "
                         f"text: {SAVE_AS} (\"CSV UTF-8\" in Excel)")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: text in Latin letters has a NUL as one byte of nearly every
    pair (the second in little-endian, the first in big-endian) and hardly ever in the other."""
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs == 0 or len(data) % 2:
        return None
    even = sample[0:pairs * 2:2].count(0)
    odd = sample[1:pairs * 2:2].count(0)
    if odd >= pairs / 4 and even <= odd / 10:
        return "utf-16-le"
    if even >= pairs / 4 and odd <= even / 10:
        return "utf-16-be"
    return None


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def detect_delimiter(text: str, lines: int = 100) -> str:
    """Comma, semicolon or tab: the one that splits the most of the first lines into the same number
    of cells (more than one). A one-column list splits with none of them: comma then, as it is read
    the same either way. (``csv.Sniffer`` gives up on one-column lists and is fooled by names with
    commas in a semicolon list.)"""
    sample_lines = []
    for line in io.StringIO(text, newline=""):
        if line.strip():
            sample_lines.append(line)
            if len(sample_lines) >= lines:
                break
    sample = "".join(sample_lines)
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                      if any(cell.strip() for cell in row)]
        except csv.Error:
            continue
        split = [count for count in counts if count > 1]
        if not split:
            continue
        most_common = Counter(split).most_common(1)[0][1]
        score = (most_common, len(split))
        if score > best_score:
            best, best_score = delimiter, score
    return best


# -- adding to the store ------------------------------------------------------------------

@dataclass
class ImportResult:
    class_name: str
    added: list[tuple[str, str]] = field(default_factory=list)  # (name, animal)
    already: list[str] = field(default_factory=list)  # names already in the class, not added again
    notes: list[str] = field(default_factory=list)  # for the teacher: "line N: ..."
    new_class: bool = False

    def lines(self, source: str | None = None) -> list[str]:
        """What happened, for the teacher: a summary line, then anything they should know."""
        count = len(self.added)
        summary = f"{self.class_name}: {count} pupil{'s' if count != 1 else ''} added"
        lines = [summary]
        if self.already:
            shown = ", ".join(self.already[:10]) + (f" and {len(self.already) - 10} more" if len(self.already) > 10
                                                    else "")
            lines.append(f"{len(self.already)} already in the class: {shown}")
        prefix = f"{source} " if source else ""
        lines += [prefix + note for note in self.notes]
        return lines


def import_class_list(store: ProgressStore, class_name: str, class_list: ClassList) -> ImportResult:
    """Add the list's pupils to the class (made if new), all in one transaction.

    A pupil already in the class is not added again: the same first name (any case) and, if the list
    asks for one, the same animal. An animal asked for that someone else in the class has (or that an
    earlier line asked for) is swapped for a free one; a missing or unknown one is a free one too."""
    result = ImportResult(class_name, notes=list(class_list.notes))
    with store.transaction():
        row = store.db.execute("SELECT id FROM classes WHERE name = ?", (class_name,)).fetchone()
        if row is None:
            class_id = store.db.execute("INSERT INTO classes(name, created) VALUES (?, ?)",
                                        (class_name, now())).lastrowid
            result.new_class = True
        else:
            class_id = row[0]
        existing = [(pupil_id, shown_name(name).casefold(), avatar) for pupil_id, name, avatar in store.db.execute(
            "SELECT id, name, avatar FROM pupils WHERE class_id = ? ORDER BY id", (class_id,))]
        to_add = _not_yet_in_class(class_list.pupils, existing, result)
        for pupil, avatar in _with_animals(to_add, Counter(avatar for _, _, avatar in existing), result):
            store.db.execute("INSERT INTO pupils(class_id, name, avatar, created) VALUES (?, ?, ?, ?)",
                             (class_id, pupil.name, avatar, now()))
            result.added.append((pupil.name, avatar))
    return result


def _not_yet_in_class(pupils: list[ListedPupil], existing: list[tuple[int, str, str]],
                      result: ImportResult) -> list[ListedPupil]:
    """The pupils who are not in the class yet. Each pupil already there matches one line at most (two
    Sams in the list and one in the class: one more Sam). A line asking for an animal matches that
    name with that animal first; failing that, if someone else in the class has that animal, any pupil
    of that name (an earlier import gave them another animal for that reason). A line with no animal
    matches any pupil of that name."""
    unmatched = list(existing)
    held = {avatar for _, _, avatar in existing}
    already: set[int] = set()

    def take(index: int, pupil: ListedPupil, same_animal: bool) -> None:
        key = pupil.name.casefold()
        match = next((one for one in unmatched if one[1] == key and (not same_animal or one[2] == pupil.animal)),
                     None)
        if match is not None:
            unmatched.remove(match)
            already.add(index)

    for index, pupil in enumerate(pupils):
        if pupil.animal:
            take(index, pupil, same_animal=True)
    for index, pupil in enumerate(pupils):
        if index not in already and (pupil.animal is None or pupil.animal in held):
            take(index, pupil, same_animal=False)
    result.already = [pupil.name for index, pupil in enumerate(pupils) if index in already]
    return [pupil for index, pupil in enumerate(pupils) if index not in already]


def _with_animals(pupils: list[ListedPupil], used: Counter, result: ImportResult) -> list[tuple[ListedPupil, str]]:
    """Each pupil with an animal nobody else in the class has: the one asked for if it is free (the
    first line asking has it), else the free one the fewest others have."""
    chosen: dict[int, str] = {}
    for index, pupil in enumerate(pupils):
        if pupil.animal and not used[pupil.animal]:
            chosen[index] = pupil.animal
            used[pupil.animal] += 1
    for index, pupil in enumerate(pupils):
        if index in chosen:
            continue
        fewest = min(used[animal] for animal in AVATARS)
        animal = next(animal for animal in AVATARS if used[animal] == fewest)
        chosen[index] = animal
        if fewest:
            result.notes.append(f"line {pupil.line}: every animal is taken, so {pupil.name} shares the {animal}")
        elif pupil.animal:
            result.notes.append(f"line {pupil.line}: the {pupil.animal} was taken, so {pupil.name} has the {animal}")
        elif pupil.asked:
            result.notes.append(f"line {pupil.line}: there is no animal called '{pupil.asked}', so {pupil.name} "
                                f"has the {animal}")
        used[animal] += 1
    return [(pupil, chosen[index]) for index, pupil in enumerate(pupils)]

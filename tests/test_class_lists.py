"""Names and class lists as schools really have them (issue 15, points 1 and 3, and the import half of 2).

Pupil names can never stop the game: every way a name enters (a class list, typing, renaming, ``--name``,
an older store) goes through game/progress/names.py. Class lists are read whole (encoding, separator, header,
formula guard) before the store is touched, and added in one transaction: a class is complete or absent.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pygame
import pytest

from game.engine.app import App, Options
from game.cast.avatars import AVATARS
from game.progress.classlist import ClassListError, import_class_list, parse_class_list
from game.cli import parse
from game.progress.names import clean_class_name, clean_name, shown_name
from game.speech.narration import QuietNarrator
from game.engine.pilot import Pilot
from game.engine.settings import Settings
from game.progress.spreadsheet import guard
from game.progress.store import STORE_FILE, ProgressStore, StoreError

ROOT = Path(__file__).resolve().parents[1]
BAD = ["\0", "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
       "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
       "\ud800", "\udfff"]
FORMULAS = ['=HYPERLINK("http://x","click")', "+cmd|' /c calc'!A0", "@SUM(1)", "-2+3"]


def play(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "play.py", *args], cwd=ROOT, capture_output=True, text=True)


def stored(data_dir: Path, class_name: str) -> list[tuple[str, str]]:
    """The names and animals exactly as they are in the file (not as ``pupils()`` shows them)."""
    with ProgressStore(data_dir / STORE_FILE) as store:
        return [tuple(row) for row in store.db.execute(
            "SELECT pupils.name, pupils.avatar FROM pupils JOIN classes ON classes.id = pupils.class_id "
            "WHERE classes.name = ? ORDER BY pupils.id", (class_name,))]


def start_game(data_dir: Path, cache_dir: Path, class_name: str | None = "Robins") -> Pilot:
    if class_name:
        Settings(class_name=class_name).save(data_dir)
    pilot = Pilot(App.create(Options(fullscreen=False, size=(1280, 800), data_dir=data_dir, cache_dir=cache_dir),
                             narrator=QuietNarrator()))
    pilot.frames(1)
    pilot.shown()  # every widget drawn: a name SDL cannot draw stops the game here
    return pilot


# -- names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", BAD)
def test_a_bad_character_is_taken_out_of_a_name(bad):
    name, note = clean_name(f"Sa{bad}m{bad}")
    assert name == "Sam" and note == "invisible or control characters taken out"
    assert clean_name(bad * 3)[0] is None, "nothing left: refused"


def test_names_are_trimmed_collapsed_normalised_and_capped():
    assert clean_name("  Zoë \t  Mae\n") == ("Zoë Mae", None)
    assert clean_name("Zoe\u0308") == ("Zoë", None), "NFC: one letter, as typed on a keyboard"
    assert clean_name("Siobhán") == ("Siobhán", None) and clean_name("Nguyễn")[0] == "Nguyễn"
    name, note = clean_name("A" * 41)
    assert name == "A" * 40 and note == "cut to 40 characters"
    assert clean_name("") == (None, "the first name is empty: type a first name")
    assert clean_name("--")[0] is None and "letters" in clean_name("--")[1]
    assert clean_class_name("Robins 1B") == ("Robins 1B", None), "a class keeps its digits"
    assert clean_class_name("Rob\u202eins 1B\0") == ("Robins 1B", "invisible or control characters taken out")
    for formula in FORMULAS:
        assert clean_name(formula) == (formula, None), "a formula is a name like any other (exports guard it)"


def test_the_command_line_name_is_cleaned_or_refused(capsys):
    assert parse(["--name", "Pri\u200bya\x1b"]).player_name == "Priya"
    with pytest.raises(SystemExit) as refused:
        parse(["--name", "\u202e\u200b"])
    assert refused.value.code == 2
    assert "--name: the first name has only invisible or control characters" in capsys.readouterr().err


def test_the_store_never_keeps_a_bad_name(tmp_path):
    with ProgressStore(tmp_path / STORE_FILE) as store:
        class_id = store.add_class(" Robins\u200b 1B ")
        assert store.classes() == [(class_id, "Robins 1B")]
        pupil = store.add_pupil(class_id, "Sam\0", "owl")
        store.rename_pupil(pupil, "Sa\u202em\x85")
        with pytest.raises(StoreError, match="not saved"):
            store.rename_pupil(pupil, "\u200b")
        assert store.db.execute("SELECT name FROM pupils").fetchall() == [("Sam",)]


# -- the crash in issue 15: a NUL in a name stopped every start ------------------------------

def test_a_nul_name_imported_on_the_command_line_then_the_game_starts_and_draws(tmp_path, cache_dir):
    data_dir = tmp_path / "data"
    roster = tmp_path / "robins.csv"
    roster.write_bytes(b"name,avatar\nSam\x00,owl\nPri\xe2\x80\x8bya\x1b[31m,fox\n")
    result = play("class", "Robins", "--import", str(roster), "--data-dir", str(data_dir), "--cache-dir",
                  str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "added 2 pupils to Robins"
    assert "robins.csv line 2: Sam: invisible or control characters taken out" in result.stdout
    assert stored(data_dir, "Robins") == [("Sam", "owl"), ("Priya[31m", "fox")]

    pilot = start_game(data_dir, cache_dir)
    try:
        assert pilot.scene.name == "pupils"
        sam = next(w for w in pilot.scene.widgets if w.name.startswith("pupil-") and w.label == "Sam")
        pilot.tap_widget(sam.name)
        pilot.shown()
        assert pilot.scene.name == "home" and pilot.app.ctx.player_name == "Sam"
    finally:
        pilot.app.close()


def test_a_store_that_already_holds_bad_names_starts_and_shows_them_safely(tmp_path, cache_dir):
    from tests.helpers import enter_teacher_mode

    data_dir = tmp_path / "data"
    with ProgressStore(data_dir / STORE_FILE) as store:  # as an older version kept them
        class_id = store.add_class("Robins")
        for name, avatar in [("Sam\0", "owl"), ("Zo\u200bë", "fox"), ("\u202eLeo", "cat"), ("\u200b", "dog")]:
            store.db.execute("INSERT INTO pupils(class_id, name, avatar, created) VALUES (?, ?, ?, '')",
                             (class_id, name, avatar))
        store.add_worry("safe-1", 1, class_id)
    pilot = start_game(data_dir, cache_dir)
    try:
        labels = sorted(w.label for w in pilot.scene.widgets if w.name.startswith("pupil-"))
        assert labels == ["(no name)", "Leo", "Sam", "Zoë"]
        pilot.tap_widget(next(w.name for w in pilot.scene.widgets if getattr(w, "label", "") == "Sam"))
        enter_teacher_mode(pilot)
        pilot.tap_widget("overview")
        pilot.wait_until(lambda: any(w.name.startswith("name-") for w in pilot.scene.widgets))
        pilot.shown()
        assert sorted(w.label for w in pilot.scene.widgets if w.name.startswith("name-")) == labels
        pilot.tap_widget("back")
        pilot.tap_widget("worries")
        pilot.shown()
        assert pilot.scene.widget("worry-text-1").text.removeprefix("New: ").startswith("Sam · ")
    finally:
        pilot.app.close()


# -- reading class lists as schools save them ------------------------------------------------

NAMES = ["Zoë", "José", "Siobhán", "Aleksandra-Marie", "Bo"]


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                           ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-16-be", b""),
                                           ("cp1252", b"")])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_encoding_and_separator_excel_saves_is_read(encoding, bom, delimiter):
    text = f"Name{delimiter}Animal\r\n" + "".join(f"{name}{delimiter}{animal}\r\n" for name, animal in
                                                   zip(NAMES, ["owl", "fox", "", "Panda", "dragon"]))
    class_list = parse_class_list(bom + text.encode(encoding), "Robins.csv")
    assert class_list.delimiter == delimiter
    assert class_list.encoding == ("utf-8-sig" if bom == b"\xef\xbb\xbf" else encoding)
    assert [(p.name, p.animal) for p in class_list.pupils] == list(zip(NAMES, ["owl", "fox", None, "panda", None]))


def test_one_column_lists_with_or_without_a_header():
    for text in ["Kofi\nMei\n\nAmira", "First name\nKofi\nMei\nAmira\n", "Kofi\r\nMei\r\nAmira"]:
        assert [p.name for p in parse_class_list(text.encode(), "x.csv").pupils] == ["Kofi", "Mei", "Amira"]
    swapped = parse_class_list(b"animal;name\nowl;Kofi\n;Mei\n", "x.csv")
    assert [(p.name, p.animal) for p in swapped.pupils] == [("Kofi", "owl"), ("Mei", None)]
    commas = parse_class_list("Smith, Jo;fox\nLee;owl\n".encode(), "x.csv")
    assert [(p.name, p.animal) for p in commas.pupils] == [("Smith, Jo", "fox"), ("Lee", "owl")], "names with commas"


def test_a_guarded_cell_comes_back_as_it_was():
    rows = "name,avatar\n" + "".join(f'"{str(guard(name)).replace(chr(34), chr(34) * 2)}",owl\n' for name in FORMULAS)
    assert rows.splitlines()[1] == '"\'=HYPERLINK(""http://x"",""click"")",owl'
    assert [p.name for p in parse_class_list(rows.encode(), "x.csv").pupils] == FORMULAS
    assert [p.name for p in parse_class_list(b"'Jo\n", "x.csv").pupils] == ["'Jo"], "only the guard is taken off"


@pytest.mark.parametrize("data, expected", [
    (b"name\nSam\n" + b"x" * 140_000 + b"\nLeo\n", "big.csv line 3: a cell longer than 131072 characters"),
    (b"PK\x03\x04" + b"\0" * 100, "big.csv is an Excel .xlsx (or other zipped) file, not a CSV list: save it"),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "big.csv is an old Excel .xls file"),
    (b"name\nSam\n" + bytes(range(1, 10)) * 20, "big.csv line 3: this is not text"),
    (b"name\nSam\n" + bytes(range(256)), "big.csv line 4: the text is neither UTF-8 nor Windows text"),
    (b"\xef\xbb\xbfSam\n\xff\xfe", "big.csv line 2: it starts as UTF-8 text but is not"),
    (b"\xff\xfeS\x00\n\x00\x00\xdc", "big.csv line 2: it starts as UTF-16 text but is not"),
    (b"\n\n ,  \n", "big.csv has no names in it: put one first name on each line"),
    (b"Sam\n" * 1001, "big.csv line 1001: more than 1000 names"),
    (b"a" * 2_000_001, "big.csv is over 2 MB"),
])
def test_every_malformed_file_is_a_message_naming_the_file_and_line(data, expected):
    with pytest.raises(ClassListError) as error:
        parse_class_list(data, "big.csv")
    assert str(error.value).startswith(expected)


def test_a_huge_field_on_the_command_line_leaves_no_class_behind(tmp_path):
    data_dir = tmp_path / "data"
    roster = tmp_path / "robins.csv"
    roster.write_bytes(b"Sam\nLeo\n" + b"x" * 200_000 + b"\n")
    result = play("class", "Robins", "--import", str(roster), "--data-dir", str(data_dir))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == ("nothing imported: robins.csv line 3: a cell longer than 131072 characters, so this is "
                             "not a class list: check it is the right file\n")
    assert not (data_dir / STORE_FILE).exists() or not stored(data_dir, "Robins")
    if (data_dir / STORE_FILE).exists():
        with ProgressStore(data_dir / STORE_FILE) as store:
            assert store.classes() == [], "no empty class left behind"


# -- adding to the store ----------------------------------------------------------------------

def test_importing_the_same_list_twice_does_not_double_the_class(tmp_path):
    data_dir = tmp_path / "data"
    roster = tmp_path / "robins.csv"
    roster.write_text("name,avatar\nPriya,owl\nSam\nSam\nLeo,fox\n", encoding="utf-8")
    first = play("class", "Robins 1B", "--import", str(roster), "--data-dir", str(data_dir))
    assert first.stdout.splitlines() == ["added 4 pupils to Robins 1B"], first.stderr
    roster.write_text("name,avatar\nPriya,owl\nSam\nsam\nLeo,fox\nLeo,cat\nAmira\n", encoding="utf-8")
    second = play("class", "Robins 1B", "--import", str(roster), "--data-dir", str(data_dir))
    taken = stored(data_dir, "Robins 1B")[4][1]
    assert second.stdout.splitlines() == ["added 2 pupils to Robins 1B",
                                          "4 already in the class: Priya, Sam, sam, Leo",
                                          f"robins.csv line 6: the cat was taken, so Leo has the {taken}"]
    names = [name for name, _ in stored(data_dir, "Robins 1B")]
    assert sorted(names) == ["Amira", "Leo", "Leo", "Priya", "Sam", "Sam"], "the second Leo has a cat: another Leo"


def test_animals_asked_for_are_unique_within_the_class(tmp_path):
    with ProgressStore(tmp_path / STORE_FILE) as store:
        class_list = parse_class_list(b"Kofi\nMei,bear\nSam,fox\nLeo,fox\nBo,dragon\n", "robins.csv")
        result = import_class_list(store, "Robins", class_list)
        avatars = dict(result.added)
        assert avatars["Mei"] == "bear", "asked for: not given to Kofi, who asked for nothing"
        assert avatars["Sam"] == "fox" and avatars["Leo"] not in {"fox", "bear"}
        assert len(set(avatars.values())) == 5
        assert result.lines("robins.csv")[1:] == [
            f"robins.csv line 4: the fox was taken, so Leo has the {avatars['Leo']}",
            f"robins.csv line 5: there is no animal called 'dragon', so Bo has the {avatars['Bo']}"]
        # a class of more than 30: animals are shared as evenly as they can be, and the teacher is told
        big = parse_class_list("".join(f"Child{n}\n" for n in range(2 * len(AVATARS) + 1)).encode(), "big.csv")
        shared = import_class_list(store, "Big", big)
        counts = Counter(animal for _, animal in shared.added)
        assert set(counts) == set(AVATARS) and max(counts.values()) == 3 and min(counts.values()) == 2
        assert sum("every animal is taken" in note for note in shared.notes) == len(AVATARS) + 1


def test_an_import_that_fails_half_way_leaves_nothing(tmp_path):
    with ProgressStore(tmp_path / STORE_FILE) as store:
        # the disk fills up at the third pupil
        store.db.execute("CREATE TRIGGER full BEFORE INSERT ON pupils WHEN (SELECT COUNT(*) FROM pupils) >= 2 "
                         "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        with pytest.raises(sqlite3.Error):
            import_class_list(store, "Robins", parse_class_list(b"Kofi\nMei\nSam\n", "robins.csv"))
        assert store.classes() == [] and store.db.execute("SELECT COUNT(*) FROM pupils").fetchone()[0] == 0


def test_a_roster_exported_then_imported_comes_back_exactly(tmp_path):
    data_dir = tmp_path / "data"
    names = FORMULAS + ["Zoë", "O'Brien", 'Jo "JJ" Lee', "Smith, Jo", "Nguyễn"]
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_id = store.add_class("Robins")
        for name, avatar in zip(names, AVATARS):
            store.add_pupil(class_id, name, avatar)
    out = tmp_path / "robins.csv"
    assert play("class", "Robins", "--export", str(out), "--data-dir", str(data_dir)).returncode == 0
    result = play("class", "Jays", "--import", str(out), "--data-dir", str(data_dir))
    assert result.stdout == f"added {len(names)} pupils to Jays\n", result.stderr
    assert sorted(stored(data_dir, "Jays")) == sorted(stored(data_dir, "Robins"))
    assert {name for name, _ in stored(data_dir, "Jays")} == set(names)


# -- teacher mode ---------------------------------------------------------------------------

def test_teacher_mode_import_of_malformed_files_says_why_and_the_game_keeps_running(make_pilot, tmp_path,
                                                                                    monkeypatch):
    import game.progress.export
    from tests.helpers import enter_teacher_mode

    threads = []
    real = game.progress.export.import_class_lists

    def watched(*args):
        threads.append(threading.current_thread().name)
        return real(*args)

    monkeypatch.setattr(game.progress.export, "import_class_lists", watched)
    data_dir = tmp_path / "data"
    lists = data_dir / "class-lists"
    lists.mkdir(parents=True)
    (lists / "Huge.csv").write_bytes(b"name\nSam\n" + b"x" * 140_000 + b"\n")
    (lists / "Sheet.csv").write_bytes(b"PK\x03\x04" + b"\0" * 64)
    (lists / "Robins 1B.csv").write_bytes("Name;Animal\r\nZoë;owl\r\nJosé;fox\r\nSiobhán;\r\n".encode("cp1252"))
    pilot = make_pilot(data_dir=data_dir)
    enter_teacher_mode(pilot)
    for attempt in range(2):
        pilot.tap_widget("import-lists")
        pilot.wait_until(lambda: pilot.scene.name == "import-results")
        pilot.shown()
        lines = pilot.scene.widget("results").text.splitlines()
        if attempt == 0:
            assert lines[0].startswith("Not imported: Huge.csv line 3: a cell longer than 131072 characters")
            assert lines[1] == "Robins 1B: 3 pupils added"
        else:
            assert lines[0].startswith("Not imported: Huge.csv line 3") and "Robins 1B" not in "".join(lines)
        assert lines[-1].startswith("Not imported: Sheet.csv is an Excel .xlsx (or other zipped) file")
        pilot.tap_widget("back")
        assert pilot.scene.name == "teacher"
    assert threads == ["progress"] * 2, "read and added on the progress worker, not the frame loop"
    assert (lists / "Huge.csv").exists() and (lists / "Sheet.csv").exists(), "a file that failed stays where it is"
    assert (lists / "imported" / "Robins 1B.csv").exists()
    with ProgressStore(data_dir / STORE_FILE) as store:
        assert [name for _, name in store.classes()] == ["Robins 1B"], "no empty class for a failed file"
    assert [row[0] for row in stored(data_dir, "Robins 1B")] == ["Zoë", "José", "Siobhán"]
    assert [row[1] for row in stored(data_dir, "Robins 1B")][:2] == ["owl", "fox"]


def test_names_typed_in_teacher_mode_are_cleaned_and_a_class_keeps_its_digits(make_pilot, tmp_path):
    from tests.helpers import enter_teacher_mode

    data_dir = tmp_path / "data"
    pilot = make_pilot(data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("new-class")
    for key in "ROBINS":
        pilot.tap_widget(f"key-{key}")
    pilot.tap_widget("key-space")
    pilot.tap_widget("key-1")
    pilot.tap_widget("key-B")
    pilot.tap_widget("key-ok")
    pilot.wait_until(lambda: pilot.scene.name == "teacher" and pilot.scene.widget("class").label == "Class: Robins 1B")
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name == "add-pupil" for w in pilot.scene.widgets))
    pilot.tap_widget("add-pupil")
    assert not any(w.name == "key-1" for w in pilot.scene.widgets), "a first name has no digits"
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="\u200b\u202e", window=None))
    pilot.frames(1)
    pilot.key(pygame.K_RETURN)
    assert pilot.scene.name == "text-entry", "nothing typed that could be a name"
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="zoe\u0308\0\u200b", window=None))
    pilot.frames(1)
    assert pilot.scene.text == "Zoë"
    pilot.key(pygame.K_RETURN)
    pilot.tap_widget("avatar-panda")
    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(w.name.startswith("name-")
                                                                     for w in pilot.scene.widgets))
    assert stored(data_dir, "Robins 1B") == [("Zoë", "panda")]


def test_shown_name_never_fails():
    assert shown_name(None) == "(no name)" and shown_name("\u200b\0") == "(no name)"
    assert shown_name("Sam\0") == "Sam"

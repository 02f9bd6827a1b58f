"""Hostile class lists and names (issue 15): in the style of tests/test_fuzz_lessons.py.

A class list comes from a school's shared drive or a spreadsheet anyone can save, in any encoding, with
any separator, or may be a different file altogether. Whatever it holds, reading and importing it:
never raises anything but a ``ClassListError`` (a message for the teacher), never leaves half a class
(the class is absent or has every listed pupil), and never stores a control, zero-width or bidi
character. A well-formed list in any encoding Excel writes, with any of its separators, comes back
exactly. And every name the game keeps can be drawn by the game's own text renderer.

Derandomized with modest example counts: this file runs in a few seconds.
"""

from __future__ import annotations

import sqlite3
import tempfile
import unicodedata
from datetime import timedelta
from pathlib import Path

import pygame
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from game.cast.avatars import AVATARS
from game.progress.classlist import NAME_HEADINGS, ClassListError, import_class_list, parse_class_list
from game.progress.names import MAX_LENGTH, clean_name
from game.progress.spreadsheet import guard
from game.progress.store import STORE_FILE, ProgressStore

FUZZ = settings(derandomize=True, database=None, deadline=timedelta(seconds=4), print_blob=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large, HealthCheck.filter_too_much])

# What a kept name may never hold (game/progress/names.py): controls, format characters (zero-width, bidi,
# BOM), surrogates, non-characters.
FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs"}
NASTY = ["\0", "\x01", "\x1b", "\x7f", "\x85", "\x9b", "\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2067",
         "\u200f", "\u2028", "\u00a0", "\ud800", "\ufffe", "\u3164", '"', "'", ",", ";", "\t", "\r", "\n", "=", "+",
         "-", "@"]
ENCODINGS = [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
             ("utf-16-le", b""), ("utf-16-be", b""), ("cp1252", b"")]


def assert_keepable(name: str) -> None:
    assert name and len(name) <= MAX_LENGTH and name == name.strip() and "  " not in name
    assert unicodedata.is_normalized("NFC", name)
    assert any(char.isalnum() for char in name)
    for char in name:
        assert unicodedata.category(char) not in FORBIDDEN_CATEGORIES, repr(name)
        assert char == " " or not char.isspace(), repr(name)


@pytest.fixture(scope="module")
def text_renderer(cache_dir):
    """The game's own text drawing: every name it keeps must be drawable (SDL refuses a NUL)."""
    from game.frame.fonts import FontBook
    from game.frame.text import TextRenderer

    pygame.font.init()
    return TextRenderer(FontBook(cache_dir))


# -- names ---------------------------------------------------------------------------------

any_text = st.text(st.one_of(st.characters(), st.sampled_from(NASTY)), max_size=60)


@settings(FUZZ, max_examples=300)
@given(text=any_text)
def test_any_text_becomes_a_name_the_game_can_draw_or_is_refused(text, text_renderer):
    name, note = clean_name(text)
    if name is None:
        assert note and note.endswith(("type a first name", "with letters in it"))
        return
    assert_keepable(name)
    assert clean_name(name) == (name, None), "cleaning is done once and for all"
    text_renderer.fit(name, (400, 60))  # the picker's and the overview's way of drawing it: never raises


# -- class lists ---------------------------------------------------------------------------

def import_into_fresh_store(data: bytes, fail_at: int | None = None) -> tuple[list[tuple[str, str]] | None, str]:
    """Read and import ``data`` as robins.csv into a new store. Returns the class's stored pupils (None
    if it is not there) and what the import said. ``fail_at``: the disk fills up at that pupil."""
    with tempfile.TemporaryDirectory() as folder, ProgressStore(Path(folder) / STORE_FILE) as store:
        if fail_at is not None:
            store.db.execute(f"CREATE TRIGGER full BEFORE INSERT ON pupils WHEN (SELECT COUNT(*) FROM pupils) >= "
                             f"{fail_at} BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        said = ""
        listed = None
        try:
            class_list = parse_class_list(data, "robins.csv")
            listed = len(class_list.pupils)
            said = "\n".join(import_class_list(store, "Robins", class_list).lines("robins.csv"))
        except ClassListError as error:
            said = str(error)
            assert said.startswith("robins.csv"), "the message names the file"
        except sqlite3.Error:
            assert fail_at is not None and listed is not None and fail_at < listed
        classes = store.classes()
        if not classes:
            assert store.db.execute("SELECT COUNT(*) FROM pupils").fetchone()[0] == 0
            return None, said
        assert [name for _, name in classes] == ["Robins"]
        rows = [tuple(row) for row in store.db.execute("SELECT name, avatar FROM pupils ORDER BY id")]
        assert len(rows) == listed, "all of the list or none of it"
        for name, avatar in rows:
            assert_keepable(name)
            assert avatar in AVATARS
        return rows, said


@settings(FUZZ, max_examples=150)
@given(data=st.one_of(st.binary(max_size=400), st.binary(max_size=40).map(lambda b: b * 50)),
       fail_at=st.none() | st.integers(0, 5))
def test_random_bytes_never_crash_never_half_import_never_store_a_bad_character(data, fail_at):
    import_into_fresh_store(data, fail_at)


def encoded(text: str, encoding: str, bom: bytes) -> bytes:
    return bom + text.encode(encoding, errors="ignore")


@settings(FUZZ, max_examples=150)
@given(cells=st.lists(st.lists(st.text(st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(NASTY)),
                                       max_size=12), min_size=1, max_size=3), min_size=1, max_size=12),
       delimiter=st.sampled_from([",", ";", "\t", "|"]), how=st.sampled_from(ENCODINGS),
       newline=st.sampled_from(["\n", "\r\n", "\r"]), quoted=st.booleans(), fail_at=st.none() | st.integers(0, 8))
def test_hostile_lists_in_any_encoding_and_separator_never_crash_or_half_import(cells, delimiter, how, newline,
                                                                              quoted, fail_at):
    quote = (lambda cell: '"' + cell.replace('"', '""') + '"') if quoted else (lambda cell: cell)
    text = newline.join(delimiter.join(quote(cell) for cell in row) for row in cells)
    import_into_fresh_store(encoded(text, *how), fail_at)


# Names as a class really has them: letters of many languages, accents, apostrophes, hyphens, spaces,
# and names a spreadsheet would run as a formula (exports guard them: the import takes the guard off).
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
CP1252_SAFE = LATIN + "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿÀÁÂÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÖØÙÚÛÜÝ"  # never valid UTF-8 in cp1252
OTHER_SCRIPTS = "ễĐđŁłŚśŻżČčŠšŽžİıßДмитрийАннаМария李明王芳Αλέξανδρος"


def names(letters: str):
    word = st.text(st.sampled_from(letters), min_size=1, max_size=8)
    return st.builds(lambda first, rest, joiner, formula: formula + first + (joiner + rest if rest else ""),
                     word, st.none() | word, st.sampled_from([" ", "-", "'"]),
                     st.sampled_from(["", "", "", "=", "+", "-", "@"]))


@settings(FUZZ, max_examples=150)
@given(data=st.data(), how=st.sampled_from(ENCODINGS), delimiter=st.sampled_from([",", ";", "\t"]),
       header=st.booleans(), with_animals=st.booleans(), guarded=st.booleans(), newline=st.sampled_from(["\n", "\r\n"]))
def test_a_well_formed_list_in_any_encoding_and_separator_comes_back_exactly(data, how, delimiter, header,
                                                                           with_animals, guarded, newline):
    encoding, bom = how
    # UTF-16 without a byte-order mark is told by its NUL bytes: Latin-script names (the usual case).
    letters = CP1252_SAFE if encoding == "cp1252" or not bom else CP1252_SAFE + OTHER_SCRIPTS
    pupils = data.draw(st.lists(names(letters), min_size=1, max_size=35))
    animals = [data.draw(st.sampled_from(["", *AVATARS])) for _ in pupils] if with_animals else [""] * len(pupils)
    assume(header or pupils[0].casefold() not in NAME_HEADINGS)
    rows = [[str(guard(name)) if guarded else name] + ([animal] if with_animals else [])
            for name, animal in zip(pupils, animals)]
    if header:
        rows.insert(0, ["name", "avatar"] if with_animals else ["First name"])
    text = newline.join(delimiter.join(row) for row in rows) + newline
    class_list = parse_class_list(bom + text.encode(encoding), "robins.csv")
    assert [pupil.name for pupil in class_list.pupils] == pupils
    assert [pupil.animal or "" for pupil in class_list.pupils] == animals
    assert not class_list.notes
    if with_animals:
        assert class_list.delimiter == delimiter
    with tempfile.TemporaryDirectory() as folder, ProgressStore(Path(folder) / STORE_FILE) as store:
        first = import_class_list(store, "Robins", class_list)
        again = import_class_list(store, "Robins", class_list)
        assert [name for name, _ in first.added] == pupils and not again.added, "importing twice adds nobody twice"
        assert again.already == pupils
        given_animals = [animal for _, animal in first.added]
        if len(pupils) <= len(AVATARS):
            assert len(set(given_animals)) == len(pupils), "every child their own animal while there are enough"

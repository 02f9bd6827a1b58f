"""Translators' files: gettext .po out and back in (polib), for Poedit, Weblate or a text editor.

Each line is one entry: ``msgctxt`` is its line id, ``msgid`` the English, ``msgstr`` the translation
(empty when there is none yet); its comments say where it is said (file:line) and what picture is
on screen then. A translation whose English has changed since is marked ``fuzzy``, with the English
it was made from as ``#| msgid``, as gettext's own tools do. ``import`` writes the overlays back
(game/languages/overlay.py): exporting and importing again without a change rewrites nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..lessons.basics import Line
from .catalogue import language
from .overlay import (GAME_LINES_DIR, Entry, Overlay, dump_overlay, game_overlay_path, overlay_path,
                      overlay_source, read_overlay)

GAME_SOURCE = "the game's own lines"


@dataclass
class Unit:
    """One file's worth of lines: a lesson's, or the game's own."""

    overlay: Path  # where its translation into the language is kept
    source: str  # what it translates, for the overlay's first line
    lines: list[tuple[Line, str, str]]  # (line, where it is said, the picture on screen)


def lesson_units(lessons: Iterable, code: str) -> list[Unit]:
    units = []
    for lesson in lessons:
        pictures = _pictures(lesson)
        seen, lines = set(), []
        for line in lesson.spoken_lines():
            if line.id in seen:
                continue
            seen.add(line.id)
            lines.append((line, overlay_source(lesson.path), pictures.get(line.id, "")))
        units.append(Unit(overlay_path(lesson.path, code), overlay_source(lesson.path), lines))
    return units


def game_unit(code: str, game_lines: Sequence[tuple[Line, str]], folder: Path = GAME_LINES_DIR) -> Unit:
    return Unit(game_overlay_path(code, folder), GAME_SOURCE, [(line, where, "") for line, where in game_lines])


def _pictures(lesson) -> dict[str, str]:
    """Each line's picture (the scene's, or its answer's own), as the author named it."""
    found: dict[str, str] = {}
    if lesson.picture is not None:
        found[lesson.title.id] = lesson.picture.label
    for scene in lesson.scenes:
        for line in scene.spoken_lines():
            if scene.picture is not None:
                found.setdefault(line.id, scene.picture.label)
        for item in [*getattr(scene, "answers", ()), *getattr(scene, "items", ()), *getattr(scene, "groups", ())]:
            if getattr(item, "picture", None) is not None:
                found[item.text.id] = item.picture.label
    return found


def export_po(code: str, units: Sequence[Unit]):
    """A polib.POFile of every line of these units, with what is already translated into ``code``."""
    import polib

    known = language(code)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "SMART Stars",
        "Language": code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Language-Name": known.name if known else code,
    }
    for unit in units:
        existing = read_overlay(unit.overlay).entries if unit.overlay.is_file() else {}
        for line, where, picture in unit.lines:
            entry = existing.get(line.id)
            if unit.source == GAME_SOURCE:
                occurrences, notes = [], [f"said: {where}"]
            else:  # where the English is written (file:line), as gettext's own tools put it
                occurrences, notes = [(unit.source, str(line.source_line or 1))], []
            comment = "\n".join(notes + ([f"picture: {picture}"] if picture else []))
            po_entry = polib.POEntry(msgctxt=line.id, msgid=line.text, msgstr=entry.text if entry else "",
                                     comment=comment, occurrences=occurrences)
            if entry is not None and entry.en and entry.en != line.text:
                po_entry.flags.append("fuzzy")
                po_entry.previous_msgid = entry.en
            po.append(po_entry)
    return po


def import_po(po_path: Path, units_for: Callable[[str], Sequence[Unit]], code: str | None = None,
              ) -> tuple[list[Path], list[str]]:
    """Write the .po's translations into the overlays; returns (files written, notes for the translator)."""
    import polib

    try:
        po = polib.pofile(str(po_path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        return [], [f"{po_path}: cannot read this .po file ({error})"]
    code = code or po.metadata.get("Language", "").strip()
    if language(code) is None:
        return [], [f"{po_path}: the file's 'Language' header is '{code}', not a language the game knows: "
                    "give --lang, e.g. --lang pl"]
    units = units_for(code)
    translations = {entry.msgctxt: entry for entry in po if entry.msgctxt and not entry.obsolete}
    written, notes = [], []
    known_ids = set()
    for unit in units:
        path = unit.overlay
        old = read_overlay(path) if path.is_file() else Overlay(path, code)
        entries: list[Entry] = []
        for line, _where, _picture in unit.lines:
            known_ids.add(line.id)
            po_entry = translations.get(line.id)
            previous = old.entries.get(line.id)
            if po_entry is None or not po_entry.msgstr.strip():
                if previous is not None:
                    entries.append(previous)  # not in this .po (or emptied): the translation is kept
                continue
            if "fuzzy" in po_entry.flags:  # the translator has not yet confirmed it for the new English
                en = po_entry.previous_msgid or (previous.en if previous else "")
            else:
                en = po_entry.msgid
            entries.append(Entry(line.id, po_entry.msgstr.strip(), en, previous.audio if previous else None))
        line_ids = {line.id for line, _w, _p in unit.lines}
        entries += [entry for entry_id, entry in old.entries.items() if entry_id not in line_ids]  # kept, for check
        if not entries:
            continue
        def same(entry: Entry) -> tuple:
            return entry.id, entry.text, entry.en, entry.audio

        if path.is_file() and [same(e) for e in entries] == [same(e) for e in old.entries.values()]:
            continue  # nothing translated differently: the file (and its comments) are left as they are
        text = dump_overlay(code, unit.source, entries, old.checked)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    for line_id in sorted(set(translations) - known_ids):
        notes.append(f"{po_path}: '{line_id}' is not a line of any lesson now: not imported")
    return written, notes


def all_units(lessons: Iterable, code: str, game_lines: Sequence[tuple[Line, str]]) -> list[Unit]:
    """Every lesson's lines, then the game's own."""
    return lesson_units(lessons, code) + [game_unit(code, game_lines)]


def run(args, out) -> int:
    """``play.py translate export|import``: the exit status."""
    from ..lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
    from ..lessons.loader import LessonLoader
    from ..lessons.pictures import PictureCatalog
    from .game_lines import game_lines

    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR], args.school)
    lines = game_lines()
    if args.action == "export":
        if language(args.lang) is None:
            from .catalogue import LANGUAGES

            out.write(f"'{args.lang}' is not a language the game knows; it knows: {', '.join(LANGUAGES)}\n")
            return 1
        target = args.out or Path(f"smart-stars-{args.lang}.po")
        po = export_po(args.lang, all_units(library.lessons, args.lang, lines))
        po.save(str(target))
        done = sum(1 for entry in po if entry.msgstr)
        out.write(f"wrote {target}: {len(po)} lines, {done} translated, {len(po.fuzzy_entries())} out of date (fuzzy).\n"
                  f"Fill it in with Poedit, Weblate or a text editor, then: python play.py translate import {target}\n")
        return 0
    written, notes = import_po(args.file, lambda code: all_units(library.lessons, code, lines), args.lang)
    for note in notes:
        out.write(note + "\n")
    for path in written:
        out.write(f"wrote {overlay_source(path)}\n")
    if not written and not any("cannot" in note or "not a language" in note for note in notes):
        out.write("nothing changed\n")
    return 1 if any("cannot" in note or "not a language" in note for note in notes) else 0

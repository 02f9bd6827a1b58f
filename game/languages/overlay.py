"""Translation files: a lesson's (or the game's own) lines in another language, beside the English.

A translation is an overlay, never a copy of the lesson: ``lessons/tell/a-worried-feeling.pl.yaml``
holds only line id -> the translated text, the English it was translated from (so ``check`` can say
when the English has changed since), and optionally a recording by a speaker. Anything not in it
is said and shown in English. The game's own fixed lines (home, the stop question, "Yes! That goes
there."...) have one overlay per language in ``assets/translations/game.<code>.yaml``.

    # Polski (pl): lessons/tell/a-worried-feeling.yaml. Machine-drafted, not checked by a speaker.
    language: pl
    checked: false
    lines:
      tell-worried-feeling.title:
        en: A worried feeling
        text: Zmartwienie
        audio: title.ogg        # optional: a recording beside this file

Files are read with the lessons' own strict YAML reader (no aliases, no invisible characters, a
size limit), so a broken translation gives a file:line message and the English is used instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..lessons.library import BUILTIN_LESSONS_DIR
from ..lessons.library import TRANSLATION_NAME as OVERLAY_NAME  # the loader passes these files over
GAME_LINES_DIR = BUILTIN_LESSONS_DIR.parent / "assets" / "translations"  # the project keeps its data in assets/


def is_overlay(path: Path) -> bool:
    """A translation, not a lesson: the lesson loader passes these over."""
    return OVERLAY_NAME.match(path.name) is not None


def overlay_path(lesson_path: Path, code: str) -> Path:
    return lesson_path.with_name(f"{lesson_path.stem}.{code}.yaml")


def overlay_source(lesson_path: Path) -> str:
    """The lesson file as a translator sees it: lessons/tell/x.yaml for a built-in, else its own path."""
    root = BUILTIN_LESSONS_DIR.parent
    try:
        return lesson_path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(lesson_path)


def game_overlay_path(code: str, folder: Path = GAME_LINES_DIR) -> Path:
    return folder / f"game.{code}.yaml"


@dataclass(frozen=True)
class Entry:
    id: str
    text: str
    en: str  # the English it was translated from
    audio: Path | None = None
    line: int = 0  # where it is written, for messages


@dataclass
class Overlay:
    path: Path
    language: str
    entries: dict[str, Entry] = field(default_factory=dict)
    checked: bool = False  # checked by a speaker (never true for a machine draft)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


def read_overlay(path: Path) -> Overlay:
    """Read one translation file; problems are kept (with their line), never raised."""
    from ..lessons.yamlsource import LocatedDict, YamlProblem, parse_lesson_yaml, read_lesson_bytes

    match = OVERLAY_NAME.match(path.name)
    overlay = Overlay(path, match.group("code") if match else "")
    try:
        data = parse_lesson_yaml(read_lesson_bytes(path).decode("utf-8"))
    except YamlProblem as problem:
        overlay.problems.append((problem.line, problem.message))
        return overlay
    except (OSError, UnicodeDecodeError) as error:
        overlay.problems.append((1, f"cannot read this translation ({error})"))
        return overlay
    if not isinstance(data, LocatedDict):
        overlay.problems.append((1, "a translation starts with 'language:' and 'lines:'"))
        return overlay
    language = data.get("language")
    if language and language != overlay.language:
        overlay.problems.append((data.value_positions.get("language", (1, 1))[0],
                                 f"the file name says '{overlay.language}' but it says language: {language}"))
    overlay.checked = data.get("checked") is True
    lines = data.get("lines") or {}
    if not isinstance(lines, LocatedDict):
        overlay.problems.append((data.value_positions.get("lines", (1, 1))[0],
                                 "'lines:' should hold line ids, each with 'en:' and 'text:'"))
        return overlay
    for line_id, value in lines.items():
        where = lines.key_positions.get(line_id, (1, 1))[0]
        if isinstance(value, str):
            value = {"text": value}
        if not isinstance(value, dict) or not isinstance(value.get("text"), str) or not value["text"].strip():
            overlay.problems.append((where, f"'{line_id}' needs 'text:' with the translated words"))
            continue
        audio = value.get("audio")
        recording = None
        if isinstance(audio, str) and audio.strip():
            from ..lessons.files import LessonFileMissing, lesson_file

            try:
                recording = lesson_file(audio, path.parent, "recording")
            except LessonFileMissing as problem:
                overlay.problems.append((where, str(problem)))
        en = value.get("en")
        overlay.entries[str(line_id)] = Entry(str(line_id), value["text"].strip(), en if isinstance(en, str) else "",
                                              recording, where)
    return overlay


def dump_overlay(language: str, source: str, entries: list[Entry], checked: bool = False) -> str:
    """The text of a translation file, entries in the order given (the lesson's playing order)."""
    import yaml

    from .catalogue import language as find

    known = find(language)
    name = f"{known.own_name} ({language})" if known else language
    status = "Checked by a speaker." if checked else "Machine-drafted or not yet checked by a speaker."
    body = {"language": language, "checked": checked, "lines": {
        entry.id: {"en": entry.en, "text": entry.text, **({"audio": entry.audio.name} if entry.audio else {})}
        for entry in entries}}
    return (f"# {name}: {source}. {status}\n"
            "# Each line: 'en' is the English it was translated from, 'text' the translation.\n"
            + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=10_000))

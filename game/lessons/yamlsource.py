"""Read lesson YAML safely, remembering where every value came from.

Lesson authors are teachers, not programmers, so every problem we report must
point at a line. PyYAML forgets positions once it builds Python objects; this
loader keeps them on the containers it builds (``LocatedDict``/``LocatedList``).

It is also deliberately stricter than plain ``yaml.safe_load``:
- only ``true``/``false`` are booleans (in YAML 1.1 ``text: No`` would silently
  become ``False``, which is a nasty surprise in a story about saying no);
- anchors and aliases are refused (they are never needed in a lesson and are
  the route to "billion laughs" memory blow-ups), and so are tags (``!foo``);
- a repeated key is an error instead of silently winning;
- a control character or half a surrogate pair (only reachable through a "\\" escape in
  quotes), and .nan or an infinite number, are refused: each used to crash the loader or the game;
- a file is never read past the size limit, so a huge one is refused before any parsing.
"""

from __future__ import annotations

import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_LESSON_BYTES = 256 * 1024

Position = tuple[int, int]  # (line, column), both counted from 1


class LocatedDict(dict):
    """A mapping that knows the position of itself, its keys and its values."""

    position: Position = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.key_positions: dict[object, Position] = {}
        self.value_positions: dict[object, Position] = {}


class LocatedList(list):
    """A sequence that knows the position of itself and of each item."""

    position: Position = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.item_positions: list[Position] = []


def locate(data: object, path: list) -> tuple[object, object]:
    """The container holding the value at ``path`` (keys and indexes from the top), and its key (None for the
    top itself)."""
    if not path:
        return data, None
    container = data
    for step in path[:-1]:
        container = container[step]
    return container, path[-1]


def value_position(container: object, key: object) -> Position:
    """Where ``container[key]`` is written; else where the container is; else the top of the file."""
    if isinstance(container, LocatedDict) and key in container.value_positions:
        return container.value_positions[key]
    if isinstance(container, LocatedList) and isinstance(key, int) and key < len(container.item_positions):
        return container.item_positions[key]
    return getattr(container, "position", (1, 1))


@dataclass(frozen=True)
class YamlProblem(Exception):
    """The file is not readable YAML; the message is written for a teacher."""

    line: int
    column: int
    message: str


def _position(mark: yaml.Mark) -> Position:
    return (mark.line + 1, mark.column + 1)


class _LessonLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            line, column = _position(event.start_mark)
            raise YamlProblem(
                line,
                column,
                "'*' (a YAML alias) is not allowed in lesson files: write the text out in full",
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            line, column = _position(event.start_mark)
            raise YamlProblem(
                line,
                column,
                f"'&{anchor}' (a YAML anchor) is not allowed in lesson files: "
                "remove it and write the text out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            line, column = _position(event.start_mark)
            shown = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
            raise YamlProblem(
                line,
                column,
                f"'{shown}' (a YAML tag) is not allowed in lesson files: remove it, "
                "or put the whole text in quotes if it really starts with '!'",
            )
        node = super().compose_node(parent, index)
        if isinstance(node, yaml.ScalarNode):
            _check_characters(node)
        return node


# Made only by a "\0"-, "\a"- or "\ud83d"-style escape in quotes (the reader refuses them typed raw).
# Such text loads, then crashes the game the moment it is drawn or spoken: a NUL stops pygame's
# text drawing, and half a surrogate pair cannot be encoded as UTF-8. Tab and line breaks are fine.
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


# Invisible characters that change how text shows, or where it may break, without being seen (issue 15):
# pasted from a web page or a chat, or typed on purpose. A zero-width one alone between spaces is a "word"
# SDL cannot draw ("Text has zero width": `storyboard` stopped on it), and the direction marks, embeddings,
# overrides and isolates show the words around them backwards or out of order. A lesson is English for
# infants: none has a use in one, so each is refused with its line, column and name.
HIDDEN_CHARACTERS = {
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u2060": "a word joiner",
    "\ufeff": "a byte order mark",  # one at the very start of a file is stripped
    "\u200e": "a left-to-right mark",
    "\u200f": "a right-to-left mark",
    "\u202a": "a left-to-right embedding",
    "\u202b": "a right-to-left embedding",
    "\u202c": "a pop-direction mark",
    "\u202d": "a left-to-right override",
    "\u202e": "a right-to-left override",
    "\u2066": "a left-to-right isolate",
    "\u2067": "a right-to-left isolate",
    "\u2068": "a first-strong isolate",
    "\u2069": "a pop-isolate mark",
}
_HIDDEN = re.compile("[" + "".join(HIDDEN_CHARACTERS) + "]")
_EMOJI_TAIL = re.compile("[\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]*$")  # VS16, skin tones, tags


def _needed_joiner(text: str, index: int) -> bool:
    """A zero-width (non-)joiner that is part of what is written, not hidden in it.

    An emoji sequence joins emoji with U+200D (🧑‍💻 is 🧑 U+200D 💻, 👩🏽‍🚒 has a skin tone before it):
    a picture may be one, and so may an emoji in some text. And Persian, Urdu and the Indic scripts
    (Bengali, Punjabi, Tamil, ...) spell some words with U+200C or U+200D between two letters: a line
    translated for a family must not be refused.
    """
    char = text[index]
    if char not in "\u200c\u200d" or index == 0 or index + 1 == len(text):
        return False
    before = text[:index]
    before = before[: len(before) - len(_EMOJI_TAIL.search(before).group())]
    after = text[index + 1]
    if char == "\u200d" and before and _pictograph(before[-1]) and _pictograph(after):
        return True
    previous = text[index - 1]
    return all(ord(c) >= 0x0590 and unicodedata.category(c)[0] in "LM" for c in (previous, after))


def _pictograph(char: str) -> bool:
    """A character an emoji sequence joins: a symbol (🧑, ❤, ↔), one newer than Python's own Unicode
    tables (🫯 is unassigned to Python 3.11), or one of OpenMoji's own private-use emoji."""
    category = unicodedata.category(char)
    return category == "So" or (ord(char) >= 0x2000 and category in ("Sm", "Co", "Cn"))


def _hidden_character(text: str) -> int | None:
    """Where the first hidden character is in ``text``; None if none (or if the text is nothing but
    invisible characters: the lesson loader says "this text has no words in it", which says it better)."""
    if _HIDDEN.search(text) is None:  # nearly always: one pass in C, for every text of every lesson
        return None
    if not any(unicodedata.category(char)[0] not in "ZC" for char in text):
        return None
    for found in _HIDDEN.finditer(text):
        if not _needed_joiner(text, found.start()):
            return found.start()
    return None


def _where_in_source(node: yaml.ScalarNode, index: int) -> Position:
    """The line and column of the text's character ``index`` as typed in the file: the character itself,
    or the '\\u' code that wrote it in double quotes; else where the text starts."""
    start, end = node.start_mark, node.end_mark
    source = start.buffer[start.index:end.index] if isinstance(start.buffer, str) else ""
    char = node.value[index]
    nth = node.value.count(char, 0, index)  # an emoji's joiner may come first: find the same one
    typed = [found.start() for found in re.finditer(re.escape(char), source)]
    codes = [found.start() for found in re.finditer(rf"\\(?:u{ord(char):04x}|U{ord(char):08x})", source, re.IGNORECASE)]
    offset = typed[nth] if nth < len(typed) else codes[0] if codes else typed[0] if typed else 0
    before = source[:offset]
    if "\n" in before:
        return (start.line + 1 + before.count("\n"), offset - before.rfind("\n"))
    return (start.line + 1, start.column + 1 + offset)


def _hidden_problem(node: yaml.ScalarNode, index: int) -> YamlProblem:
    text = node.value
    char = text[index]
    words_before = _HIDDEN.sub("", text[:index]).split()[-1:]  # the words either side, to find it by
    words_after = _HIDDEN.sub("", text[index + 1:]).split()[:1]
    if words_before and words_after:
        place = f", between '{words_before[0]}' and '{words_after[0]}'"
    elif words_before or words_after:
        place = f", after '{words_before[0]}'" if words_before else f", before '{words_after[0]}'"
    else:
        place = ""
    effect = ("" if ord(char) in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
              else " (it can show the words around it backwards or out of order)")
    line, column = _where_in_source(node, index)
    return YamlProblem(
        line,
        column,
        f"{HIDDEN_CHARACTERS[char]} (U+{ord(char):04X}) is hidden in this text{place}{effect}: delete it "
        "(it is invisible, so retype the words around it)",
    )


def _check_characters(node: yaml.ScalarNode) -> None:
    hidden = _hidden_character(node.value)
    if hidden is not None:
        raise _hidden_problem(node, hidden)
    found = _UNUSABLE.search(node.value)
    if found is None:
        return
    line, column = _position(node.start_mark)
    if 0xD800 <= ord(found.group()) <= 0xDFFF:
        raise YamlProblem(
            line,
            column,
            "this text has a '\\u' code for half of a character (such as an emoji written as two codes): "
            "paste the emoji or letter itself instead of its code",
        )
    raise YamlProblem(
        line,
        column,
        f"this text holds an invisible control character (number {ord(found.group())}) written as a '\\' code: "
        "remove that code from the text",
    )


# Booleans are only true/false (YAML 1.2 style), so "No", "yes", "off" stay text.
# '<<' (merge) and '=' (value) are YAML 1.1 oddities with no use in a lesson: text too.
_PLAIN_TEXT_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
_LessonLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _PLAIN_TEXT_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LessonLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader: _LessonLoader, node: yaml.MappingNode):
    data = LocatedDict()
    data.position = _position(node.start_mark)
    yield data
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line, column = _position(key_node.start_mark)
        try:
            hash(key)
        except TypeError:
            raise YamlProblem(
                line, column, "a name before ':' must be a single word, such as  title:  (no brackets)"
            ) from None
        if key in data:
            first_line = data.key_positions[key][0]
            raise YamlProblem(
                line,
                column,
                f"'{key}' appears twice in the same place (first on line {first_line}): keep only one",
            )
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_positions[key] = (line, column)
        data.value_positions[key] = _position(value_node.start_mark)


def _construct_sequence(loader: _LessonLoader, node: yaml.SequenceNode):
    data = LocatedList()
    data.position = _position(node.start_mark)
    yield data
    for item_node in node.value:
        data.append(loader.construct_object(item_node, deep=True))
        data.item_positions.append(_position(item_node.start_mark))


_LessonLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LessonLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def _construct_float(loader: _LessonLoader, node: yaml.ScalarNode) -> float:
    """A float, but never .nan or infinity (.inf, or 1.0e999 which overflows).

    NaN passes every minimum and maximum in the schema (all comparisons with it are false)
    and then breaks the arithmetic that places hotspots: refuse it here, at its line.
    """
    value = loader.construct_yaml_float(node)
    if not math.isfinite(value):
        line, column = _position(node.start_mark)
        raise YamlProblem(
            line, column, f"'{node.value}' is not a number a lesson can use: write an ordinary number, such as 30"
        )
    return value


_LessonLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def _explain(error: yaml.MarkedYAMLError, line_text: str = "") -> str:
    """Turn PyYAML's parser wording into advice a teacher can act on.

    ``line_text`` is the line the error points at, so we can tell a ':' inside
    some text from a name that is indented too far.
    """
    problem = (error.problem or "").lower()
    context = (error.context or "").lower()
    if "'\\t'" in problem or "tab" in problem:
        if line_text[: len(line_text) - len(line_text.lstrip())].count("\t"):
            return "a tab is used to indent this line: YAML needs spaces, so replace the tab with spaces"
        return "there is a tab on this line (perhaps after a ':'): YAML needs spaces, so replace the tab with a space"
    if "mapping values are not allowed" in problem:
        before_colon = line_text[: error.problem_mark.column] if error.problem_mark else ""
        if re.fullmatch(r"\s*(-\s+)?[\w-]+", before_colon):
            # "    name: value" is only an error when it is indented under a line of text.
            return "this line is indented more than the line above it: line it up with the lines around it"
        return (
            "there is a ':' inside some text: put the whole text in quotes, "
            'for example  text: "Sam says: hello"'
        )
    if "could not find expected ':'" in problem:
        return "a line is missing its ':' after the name, for example  title: My lesson"
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return "this line is indented differently from the lines around it: line it up with its neighbours"
    if "did not find expected '-' indicator" in problem:
        return "this list item is indented differently from the others: line up the '-' signs"
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in context:
        return "a quote mark is opened but never closed: add the closing quote"
    if "unknown escape character" in problem:
        return (
            "a '\\' inside double quotes must be followed by a known code: "
            "use single quotes around this text instead, or remove the '\\'"
        )
    if "sequence entries are not allowed here" in problem:
        return (
            "a '- ' list item is in the wrong place: if it is part of some text, put the whole text in quotes; "
            "otherwise start the list on a new line and line up the '-' signs"
        )
    if "found undefined alias" in problem:
        return "'*' (a YAML alias) is not allowed in lesson files: write the text out in full"
    if "found character" in problem and "cannot start any token" in problem:
        found = re.search(r"found character '(.+?)'", error.problem or "")
        char = found.group(1) if found else "this character"
        return f"text cannot start with '{char}' unless it is in quotes: put the whole text in quotes"
    return "this line is not written the way a lesson file expects: check the indentation and quotes on this line"


def _runaway_quote(text: str, error_line: int) -> Position | None:
    """Where a quote was opened if it ran on over lines and only closed at error_line.

    Teachers never mean a quoted text to carry on over several lines, so a parse
    error just after such a text almost always means its closing quote is missing.
    """
    scanner = yaml.SafeLoader(text)
    found = None
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if token.start_mark.line + 1 > error_line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ("'", '"')
                and token.end_mark.line > token.start_mark.line
                and token.end_mark.line + 1 == error_line
            ):
                found = _position(token.start_mark)
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return found


def _too_big() -> YamlProblem:
    return YamlProblem(
        1,
        1,
        f"this file is larger than {MAX_LESSON_BYTES // 1024} KB, far bigger than any lesson: "
        "split it into several lessons",
    )


def read_lesson_bytes(path: Path) -> bytes:
    """A lesson file's bytes, refusing (with a YamlProblem) anything that is not a sane lesson file.

    Never reads more than the size limit, so a huge file (or /dev/zero behind a shortcut) costs
    nothing, and opens without blocking, so a named pipe given to ``check`` cannot hang it.
    OSError (missing, unreadable) is left to the caller.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise YamlProblem(1, 1, "this is not an ordinary file: a lesson must be a .yaml file saved from an editor")
        raw = file.read(MAX_LESSON_BYTES + 1)
    if len(raw) > MAX_LESSON_BYTES:
        raise _too_big()
    return raw


def parse_lesson_yaml(text: str) -> object:
    """Parse one lesson file's text. Raises YamlProblem with a located, plain message."""
    if len(text) > MAX_LESSON_BYTES or len(text.encode("utf-8", errors="replace")) > MAX_LESSON_BYTES:
        raise _too_big()  # len(text) first: a huge text is refused without encoding it all
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        documents = list(yaml.load_all(text, Loader=_LessonLoader))
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if "while scanning a quoted scalar" in (error.context or "") and error.context_mark:
            mark = error.context_mark  # point at the opening quote, not the end of the file
        line, column = _position(mark) if mark else (1, 1)
        runaway = _runaway_quote(text, line)
        if runaway is not None:
            raise YamlProblem(*runaway, "a quote mark is opened but never closed: add the closing quote") from None
        lines = text.splitlines()
        line_text = lines[line - 1] if 0 < line <= len(lines) else ""
        raise YamlProblem(line, column, _explain(error, line_text)) from None
    except yaml.reader.ReaderError as error:  # a control character, e.g. pasted from a web page
        line = text[: error.position].count("\n") + 1
        raise YamlProblem(
            line,
            1,
            f"this line holds an invisible control character (number {error.character}) "
            "that lesson files cannot use: delete the line and type it again",
        ) from None
    except yaml.YAMLError:  # unmarked errors are rare: report at the top
        raise YamlProblem(
            1, 1, "this file is not written the way a lesson file expects: check its indentation and quotes"
        ) from None
    except RecursionError:
        raise YamlProblem(1, 1, "this file is nested far too deeply to be a lesson") from None
    if len(documents) > 1:
        # Point at the '---' after the first lesson's content (a '---' on top is allowed).
        lines = text.splitlines()
        content = next((i for i, row in enumerate(lines) if row.strip() and not row.startswith(("#", "---"))), 0)
        second = next((i + 1 for i, row in enumerate(lines) if i > content and re.match(r"---(\s|$)", row)), 1)
        raise YamlProblem(
            second, 1, "'---' starts a second lesson in this file: keep one lesson per file, so move the rest to a new file"
        )
    return documents[0] if documents else None

"""Load one lesson file into a Lesson, or explain in plain English what is wrong.

Structure is checked against ``lessons/schema.json`` (the same file an editor
uses to autocomplete), then the things a schema cannot know are checked here:
pictures exist, ids are unique, each question has a right answer.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

from ..letters import BY_KEY, letter_key
from .model import (
    Answer,
    ChooseScene,
    FeelingsScene,
    HotspotScene,
    Lesson,
    Line,
    PictureRef,
    Scene,
    SortGroup,
    SortItem,
    SortScene,
    Spot,
    StoryScene,
    TapAllScene,
    ThumbsScene,
)
from .content import content_warnings
from .outcomes import outcome_warnings
from .files import LessonFileMissing, lesson_file
from .picture_checks import picture_warnings
from .pictures import PICTURE_FILE_SUFFIXES, PictureCatalog, PictureNotFound
from .yamlsource import LocatedDict, LocatedList, Position, YamlProblem, parse_lesson_yaml, read_lesson_bytes

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "lessons" / "schema.json"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    column: int
    severity: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class LoadResult:
    path: Path
    lesson: Lesson | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


THUMB_WORDS = {"up": "Thumbs up", "down": "Thumbs down"}
THUMB_EMOJI = {"up": "👍", "down": "👎"}
FACE_WORDS = {"happy": "Happy", "sad": "Sad", "worried": "Worried", "scared": "Scared", "angry": "Angry",
              "surprised": "Surprised", "calm": "Calm"}
FACE_EMOJI = {"happy": "😀", "sad": "😢", "worried": "😟", "scared": "😨", "angry": "😠",
              "surprised": "😮", "calm": "😌"}
DEFAULT_SPOT_SIZE = 28.0

# What each field is for, so "missing" messages can say what to write.
FIELD_HELP = {
    "id": "a short name such as  id: meeting-park  (small letters, numbers and dashes)",
    "letter": "the SMART letter, such as  letter: M",
    "title": "the lesson's title, such as  title: A friend in a game",
    "year": "the year group:  year: Reception  (or Year 1, Year 2)",
    "outcomes": "a list of the curriculum outcomes this lesson teaches",
    "scenes": "a list of scenes, each starting with '- id:'",
    "kind": "the kind of scene:  kind: story  or  kind: choose",
    "text": "the words to show and say",
    "question": "the question the guide asks",
    "answers": "a list of 2 or 3 answers",
    "picture": "a picture: an emoji, its name (dog face), a .png/.svg file next to the lesson, "
               "or one of the cast with a feeling:  picture: {character: sam, feeling: happy}",
    "character": "one of the cast, such as  character: sam  (the cast is in assets/cast.yaml)",
    "feedback": "what the guide says when this answer is picked (praise, or a gentle reason to try again)",
    "right": "which thumb is right:  right: up  or  right: down",
    "groups": "a list of the 2 groups to sort into",
    "items": "a list of the things to sort, each with  group:  naming where it belongs",
    "group": "the id of the group it belongs in",
    "done": "what the guide says when everything is done",
    "spots": "a list of 2 to 6 places to tap, each with  at: [across, down]",
    "at": "where it is, as percentages across and down the picture:  at: [30, 60]",
    "faces": "a list of faces, such as  - id: happy",
}

TYPE_WORDS = {
    "string": "some text",
    "array": "a list (lines starting with '- ')",
    "object": "a set of named fields (name: value)",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "empty",
}


def spot_square(spot: Spot, aspect: float = 1.0) -> tuple[float, float, float, float]:
    """The spot's square in percent of the picture's width and height, kept inside it as the hotspot screen
    does. ``aspect``: the picture's width over its height; a spot's size is a percentage of its longer side."""
    half_x = spot.size / 2 * (1 if aspect >= 1 else 1 / aspect)
    half_y = spot.size / 2 * (aspect if aspect >= 1 else 1)
    x = 50 if half_x >= 50 else min(max(spot.x, half_x), 100 - half_x)  # too big to fit: centred, as pygame's clamp
    y = 50 if half_y >= 50 else min(max(spot.y, half_y), 100 - half_y)
    return (x - half_x, y - half_y, x + half_x, y + half_y)


def hidden_spots(spots: list[Spot], aspect: float = 1.0) -> list[list[int]]:
    """For each spot, the later spots that together cover all of it (empty if any of it can be tapped).

    Sampled on a 1%-of-the-picture grid: finer than any finger.
    """
    squares = [spot_square(spot, aspect) for spot in spots]
    result: list[list[int]] = []
    for index, (left, top, right, bottom) in enumerate(squares):
        covering: set[int] = set()
        visible = False
        steps = max(2, int(max(right - left, bottom - top)) + 1)
        for i in range(steps + 1):
            x = left + (right - left) * i / steps
            for j in range(steps + 1):
                y = top + (bottom - top) * j / steps
                above = [k for k in range(index + 1, len(squares))
                         if squares[k][0] <= x <= squares[k][2] and squares[k][1] <= y <= squares[k][3]]
                if not above:
                    visible = True
                    break
                covering.add(above[-1])
            if visible:
                break
        result.append([] if visible else sorted(covering))
    return result


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a set of named fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    shown = str(value)
    return f"'{shown[:40]}…'" if len(shown) > 40 else f"'{shown}'"


class LessonLoader:
    """Loads lesson files. Holds the schema validator and picture catalog it depends on."""

    def __init__(self, pictures: PictureCatalog, schema_path: Path = SCHEMA_PATH,
                 check_picture_files: bool = False) -> None:
        self.pictures = pictures
        self.schema_path = schema_path
        # Read each picture file's header for its size (game/picture_header.py): for `check`, `preview` and
        # `storyboard`. The game itself does not, so start-up reads no picture: it refuses a picture too
        # large when it comes to draw it (game/frame/pictures.py), and the lesson plays with a grey frame there.
        # (One exception, always: a hotspot scene's own picture file has its header read for its shape, on
        # the thread that loads lessons, so its spots sit on it; emoji and the cast are square, unread.)
        self.check_picture_files = check_picture_files

    @cached_property
    def schema(self) -> dict:
        return json.loads(self.schema_path.read_text(encoding="utf-8"))

    @cached_property
    def _validator(self):
        import jsonschema

        cls = jsonschema.validators.validator_for(self.schema)
        return cls(self.schema)

    def load(self, path: Path) -> LoadResult:
        problems: list[Problem] = []

        def report(position: Position, message: str, severity: str = "error") -> None:
            # A message quotes what the author wrote, which may hold a line break or an invisible
            # character (from a "\\n" in quotes): keep each message on one line, as `check` prints it.
            message = "".join(" " if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") else char for char in message)
            problems.append(Problem(path, position[0], position[1], severity, message))

        try:
            raw = read_lesson_bytes(path)  # at most the size limit: a huge file is refused unread
        except OSError as error:
            report((1, 1), f"this file cannot be read ({error.strerror or error}): check it exists and is not open elsewhere")
            return LoadResult(path, None, tuple(problems))
        except YamlProblem as problem:
            report((problem.line, problem.column), problem.message)
            return LoadResult(path, None, tuple(problems))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            report((line, 1), "this file is not saved as UTF-8 text: save it again choosing 'UTF-8' as the encoding")
            return LoadResult(path, None, tuple(problems))
        try:
            data = parse_lesson_yaml(text)
        except YamlProblem as problem:
            report((problem.line, problem.column), problem.message)
            return LoadResult(path, None, tuple(problems))

        if not isinstance(data, LocatedDict):
            if data is None:
                message = "this file is empty: write a lesson in it (copy an existing lesson to start), or delete it"
            elif isinstance(data, LocatedList):
                message = (
                    "this file is a list (its lines start with '- '), but a lesson is a set of named fields "
                    "such as  id: ...  and  title: ...  so remove the '- ' and start each field at the left edge"
                )
            else:
                message = "a lesson file must start with named fields such as  id: ...  and  title: ..."
            report(getattr(data, "position", (1, 1)), message)
            return LoadResult(path, None, tuple(problems))

        seen: set[tuple[Position, str]] = set()
        schema_errors = sorted(self._validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
        for error in schema_errors:
            for position, message in self._explain_schema_error(data, error):
                if (position, message) not in seen:  # a scene can break two rules in the same way
                    seen.add((position, message))
                    report(position, message)
        if schema_errors and not problems:  # never build from data the schema refused
            container, key = _locate(data, list(schema_errors[0].absolute_path))
            report(
                _value_position(container, key),
                "this line is not written the way a lesson expects: compare it with a lesson that works",
            )
        if problems:
            return LoadResult(path, None, tuple(problems))

        lesson = _LessonBuilder(path, data, self.pictures, report, self.check_picture_files).build()
        has_errors = any(p.severity == "error" for p in problems)
        if not has_errors:  # style advice is for lessons that otherwise work
            for line_no, message in content_warnings(lesson, data.value_positions["id"][0]):
                report((line_no, 1), message, "warning")
            for line_no, message in picture_warnings(lesson, self.pictures.openmoji_dir, data.value_positions["id"][0]):
                report((line_no, 1), message, "warning")
            outcome_lines = [line for line, _ in getattr(data["outcomes"], "item_positions", ())]
            for line_no, message in outcome_warnings(lesson, outcome_lines, data.value_positions["id"][0]):
                report((line_no, 1), message, "warning")
        return LoadResult(path, None if has_errors else lesson, tuple(problems))

    # -- schema errors, in plain English -------------------------------------------------

    def _explain_schema_error(self, data: LocatedDict, error) -> Iterable[tuple[Position, str]]:
        container, key = _locate(data, list(error.absolute_path))
        where = _field_name(list(error.absolute_path), data)
        value = error.instance
        validator = error.validator

        if validator == "required":
            missing = error.message.split("'")[1]
            position = _value_position(container, key) if key is not None else getattr(container, "position", (1, 1))
            known = error.schema.get("properties", {})
            unknown = [str(k) for k in (value if isinstance(value, dict) else {}) if k not in known]
            close = difflib.get_close_matches(missing, unknown, n=1, cutoff=0.6)
            if close and error.schema.get("additionalProperties") is False:
                return  # the unknown field's own "did you mean" says it better
            if close:
                spelt = next(k for k in value if str(k) == close[0])
                yield value.key_positions.get(spelt, position), f"'{close[0]}' is not a field here: did you mean '{missing}'?"
                return
            owner = f"{where} " if where != "the lesson" else "the lesson "
            help_text = FIELD_HELP.get(missing, "")
            yield position, f"{owner}needs '{missing}'" + (f": add {help_text}" if help_text else "")
            return
        if validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            target = value if isinstance(value, LocatedDict) else None
            for extra in [k for k in (value or {}) if k not in allowed]:
                position = target.key_positions.get(extra, (1, 1)) if target else (1, 1)
                close = difflib.get_close_matches(str(extra), allowed, n=1, cutoff=0.6)
                if close:
                    yield position, f"'{extra}' is not a field here: did you mean '{close[0]}'?"
                else:
                    yield position, f"'{extra}' is not a field here: the fields are {', '.join(allowed)}"
            return

        position = _value_position(container, key)
        if validator == "type":
            wanted = error.validator_value
            wanted_words = " or ".join(TYPE_WORDS.get(w, w) for w in (wanted if isinstance(wanted, list) else [wanted]))
            wanted_list = wanted if isinstance(wanted, list) else [wanted]
            hint = _quote_hint(value) if "string" in wanted_list else ""
            if "array" in wanted_list and value is not None:
                hint = ": put each one on its own line"
            elif wanted_list == ["boolean"] and isinstance(key, str):
                hint = f": write  {key}: true  or  {key}: false"
            yield position, f"{where} should be {wanted_words}, not {_describe(value)}{hint}"
        elif validator in ("enum", "const"):
            options = error.validator_value if validator == "enum" else [error.validator_value]
            options = [str(o) for o in options]
            split = _comma_split(data, list(error.absolute_path), options)
            if split is not None:
                if split:  # the later pieces of the same name are not reported again
                    yield position, f"{where} cannot be {_describe(value)}: {split}"
                return
            close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
            shown = ", ".join(dict.fromkeys(o for o in options if not (o.islower() and len(o) > 1 and o.title() in options)))
            hint = f" Did you mean '{close[0]}'?" if close else ""
            yield position, f"{where} cannot be {_describe(value)}: use one of {shown}.{hint}"
        elif validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            path = list(error.absolute_path)
            if len(path) >= 2 and path[-2] == "at" and isinstance(path[-1], int):
                # Both numbers of [400, 300] break the rule: one message for the pair, where 'at' is written.
                spot, at = _locate(data, path[:-1])
                numbers = [n for n in spot[at] if isinstance(n, (int, float)) and not isinstance(n, bool)]
                pixels = ", not pixels" if any(n > 100 for n in numbers) else ""
                yield _value_position(spot, at), (
                    f"{_field_name(path[:-1], data)} is {_shown_list(spot[at])}, but 'at' is in percent of the "
                    f"picture{pixels}: how far across its middle is (0 to 100, from the left edge to the right) "
                    "and how far down (0 to 100, from the top to the bottom), for example  at: [30, 60]")
            else:
                low, high = error.schema.get("minimum"), error.schema.get("maximum")
                wanted = (f"a number from {low:g} to {high:g}" if low is not None and high is not None
                          else f"{low:g} or more" if low is not None else f"{high:g} or less" if high is not None
                          else "another number")
                yield position, f"{where} cannot be {_describe(value)}: use {wanted}"
        elif validator == "minItems":
            count = error.validator_value
            have = len(value) if isinstance(value, list) else 0
            yield position, f"{where} needs at least {count} item{'s' if count != 1 else ''}: add {count - have} more"
        elif validator == "maxItems":
            count = error.validator_value
            yield position, f"{where} can have at most {count} items: remove {len(value) - count}"
        elif validator == "minLength":
            yield position, f"{where} is empty: write something, or remove the line"
        elif validator == "maxLength":
            yield position, f"{where} is too long ({len(value)} characters): keep it under {error.validator_value}"
        elif validator == "pattern" and error.absolute_path and error.absolute_path[-1] == "audio":
            yield position, f"{where} {_describe(value)} must be a .wav or .ogg recording in the lesson's folder"
        elif validator == "pattern":
            yield position, (
                f"{where} {_describe(value)} can only use small letters, numbers and dashes, "
                "for example  meeting-park"
            )
        elif validator == "anyOf":
            description = error.schema.get("description", "")
            if value is None:
                yield position, f"{where} is empty: write something after the ':', or remove the line"
                return
            if isinstance(value, dict) and "character" not in description and \
                    not difflib.get_close_matches("text", ["id", *map(str, value)], cutoff=0.6):
                yield position, (
                    f"{where} should be words, but a ':' or a curly bracket in it makes it look like "
                    'named fields: put the whole text in quotes, for example  - "It says: hello"'
                )
                return
            # Prefer the explanation from the alternative whose type matched.
            for sub in sorted(_alternatives(error), key=lambda e: len(e.absolute_path), reverse=True):
                if sub.validator != "type":
                    explained = list(self._explain_schema_error(data, sub))
                    if explained:
                        yield from explained
                        return
            wanted = description[0].lower() + description[1:] if description else "text"
            yield position, f"{where} should be {wanted.rstrip('.')}, not {_describe(value)}{_quote_hint(value)}"
        else:
            yield position, f"{where}: {error.message}"


def _quote_hint(value: Any) -> str:
    """For a number, date or true/false where words were wanted: how to make it words."""
    if value is None or isinstance(value, (str, dict, list)):
        return ""
    shown = _describe(value) if isinstance(value, bool) else str(value)
    return f': put it in quotes, for example  "{shown}"'


def _shown_list(value: Any) -> str:
    """A short list as the author wrote it: [400, 300]."""
    if not isinstance(value, list):
        return _describe(value)
    return "[" + ", ".join(f"{item:g}" if isinstance(item, (int, float)) and not isinstance(item, bool)
                           else str(item) for item in value) + "]"


def _comma_split(data: Any, path: list, options: list[str]) -> str | None:
    """A name holding a comma, written in a [a, b] list, is split there: [Health, well-being and lifestyle]
    is the two items 'Health' and 'well-being and lifestyle'. If the item at ``path`` is such a piece, the
    advice for its first piece (how to quote the name), or "" for a later piece (said already); None if not."""
    if len(path) < 2 or not isinstance(path[-1], int):
        return None
    items = _child(_locate(data, path)[0], slice(None))
    if not isinstance(items, list):
        return None
    index = path[-1]
    words = [str(item).strip().casefold() for item in items]
    runs: dict[int, tuple[int, str]] = {}  # where a split name starts: (how many pieces, the name)
    for option in options:
        pieces = [piece.strip().casefold() for piece in option.split(",")]
        if len(pieces) < 2:
            continue
        for start in range(len(words) - len(pieces) + 1):
            if words[start:start + len(pieces)] == pieces:
                runs.setdefault(start, (len(pieces), option))
    known = {option.casefold() for option in options}
    found = [(start, count, option) for start, (count, option) in runs.items() if start <= index < start + count]
    if not found:
        return None
    start, count, option = found[0]
    # Said once, by the first piece that is not a name of its own (the others have no error, or are silent).
    if index != next(i for i in range(start, start + count) if words[i] not in known):
        return ""
    shown_pieces = " and ".join(f"'{str(item).strip()}'" for item in items[start:start + count])
    written: list[str] = []
    i = 0
    while i < len(items):
        if i in runs:
            written.append(f'"{runs[i][1]}"')
            i += runs[i][0]
        else:
            written.append(str(items[i]).strip())
            i += 1
    field = path[-2] if isinstance(path[-2], str) else "strands"
    return (f"in a list written in square brackets, a comma starts the next item, so '{option}' was read as "
            f"{count} items, {shown_pieces}: put the name in quotes, so its comma stays in it:  "
            f"{field}: [{', '.join(written)}]")


def _alternatives(error) -> list:
    """The errors from each choice of an anyOf, looking inside nested anyOfs about the same value."""
    found = []
    for sub in error.context or []:
        same_value = sub.absolute_path == error.absolute_path
        found += _alternatives(sub) if sub.validator == "anyOf" and same_value else [sub]
    return found


def _locate(data: Any, path: list) -> tuple[Any, Any]:
    """The container holding the value at path, and its key (None for the root)."""
    if not path:
        return data, None
    container = data
    for step in path[:-1]:
        container = container[step]
    return container, path[-1]


def _value_position(container: Any, key: Any) -> Position:
    if isinstance(container, LocatedDict) and key in container.value_positions:
        return container.value_positions[key]
    if isinstance(container, LocatedList) and isinstance(key, int) and key < len(container.item_positions):
        return container.item_positions[key]
    return getattr(container, "position", (1, 1))


# Lists whose items have ids: a message names the item by its id ("scene 'what-to-do', answer 'go-to-park'"),
# which the author can search for, not by a count ("scene 5's answer 2") they would have to make.
NAMED_ITEMS = {"scenes": "scene", "answers": "answer", "spots": "spot", "faces": "face", "groups": "group",
               "items": "item"}
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # as the schema's ids: anything else is named by its number


def _field_name(path: list, data: Any = None) -> str:
    """A readable name for a place in the lesson, e.g. "'answers' in scene 'what-to-do'", "item 2 of 'text' in
    scene 'hello'", or "scene 'what-to-do', answer 'go-to-park'" for an answer itself. Items without a usable
    id (or whose id is the mistake) are named by their number: "scene 2"."""
    if not path:
        return "the lesson"
    owners: list[str] = []
    tail: list[str] = []
    node = data
    i = 0
    while i < len(path):
        step = path[i]
        if step in NAMED_ITEMS and i + 1 < len(path) and isinstance(path[i + 1], int):
            index = path[i + 1]
            item = _child(_child(node, step), index)
            item_id = item.get("id") if isinstance(item, dict) else None
            naming_its_own_id = path[i + 2:] == ["id"]
            if isinstance(item_id, str) and ID_PATTERN.match(item_id) and not naming_its_own_id:
                owners.append(f"{NAMED_ITEMS[step]} '{item_id}'")
            else:
                owners.append(f"{NAMED_ITEMS[step]} {index + 1}")
            tail = []
            node = item
            i += 2
            continue
        tail.append(f"item {step + 1}" if isinstance(step, int) else f"'{step}'")
        node = _child(node, step)
        i += 1
    name = " of ".join(reversed(tail))  # "item 2 of 'text'", "'up' of 'feedback'"
    if owners and name:
        return f"{name} in {', '.join(owners)}"
    return name or ", ".join(owners)


def _child(node: Any, step: Any) -> Any:
    """``node[step]``, or None where the lesson holds nothing there."""
    try:
        return node[step]
    except (KeyError, IndexError, TypeError):
        return None


class _LessonBuilder:
    """Builds the typed Lesson from schema-valid data, reporting what a schema cannot see."""

    def __init__(self, path: Path, data: LocatedDict, pictures: PictureCatalog, report,
                 check_picture_files: bool = False) -> None:
        self.path = path
        self.data = data
        self.pictures = pictures
        self.report = report
        self.check_picture_files = check_picture_files
        self.picture_refusals: dict[Path, str | None] = {}  # a file used by several scenes is read once
        self.lesson_id = data["id"]
        self.line_ids: dict[str, Position] = {}
        self.generated_line_ids: set[str] = set()  # made from ids (not written by the author)
        self.duplicated: set[str] = set()  # the id prefixes of things reported as having another's id

    def build(self) -> Lesson:
        data = self.data
        key = letter_key(data["letter"])
        assert key is not None  # the schema's enum guarantees it
        folder = self.path.parent.name.lower()
        folder_key = letter_key(folder) if folder in BY_KEY else None
        if folder_key and folder_key != key:
            self.report(
                data.value_positions["letter"],
                f"this lesson says letter {data['letter']} but sits in the '{folder}' folder: "
                f"move it to lessons/{key}/ or change the letter",
                "warning",
            )
        title = self.line(data, "title", f"{self.lesson_id}.title")
        rule = self.line(data, "rule", f"{self.lesson_id}.rule") if "rule" in data else None
        self.check_unique_ids(data["scenes"], "scenes", self.lesson_id)
        self.scene_ids = [scene_data["id"] for scene_data in data["scenes"]]
        scenes = []
        for index, scene_data in enumerate(data["scenes"]):
            self.scene_index = index
            scenes.append(self.scene(scene_data))
        return Lesson(
            id=self.lesson_id,
            letter=key,
            title=title,
            year=data["year"],
            outcomes=tuple(data["outcomes"]),
            strands=tuple(data.get("strands", ())),
            scenes=tuple(scenes),
            path=self.path,
            picture=self.picture(data, "picture") if "picture" in data else None,
            rule=rule,
            id_line=data.value_positions["id"][0],
        )

    def scene(self, data: LocatedDict) -> Scene:
        prefix = f"{self.lesson_id}.{data['id']}"
        picture = self.picture(data, "picture") if "picture" in data else None
        build = getattr(self, "_" + data["kind"].replace("-", "_"))
        return build(data, prefix, picture)

    def _story(self, data: LocatedDict, prefix: str, picture) -> StoryScene:
        text = data["text"]
        if isinstance(text, LocatedList):
            lines = tuple(self.line(text, i, f"{prefix}.{i + 1}") for i in range(len(text)))
        else:
            lines = (self.line(data, "text", f"{prefix}.1"),)
        return StoryScene(id=data["id"], lines=lines, picture=picture)

    def _choose(self, data: LocatedDict, prefix: str, picture) -> ChooseScene:
        answers = self.answers(data, "answers", prefix)
        self.need_a_right_answer(data, "answers", answers)
        return ChooseScene(data["id"], self.line(data, "question", f"{prefix}.question"), answers, picture)

    def _thumbs(self, data: LocatedDict, prefix: str, picture) -> ThumbsScene:
        answers = tuple(
            Answer(
                id=thumb,
                text=Line(f"{prefix}.{thumb}", THUMB_WORDS[thumb]),
                picture=self.pictures.resolve(THUMB_EMOJI[thumb], self.path.parent),
                right=data["right"] == thumb,
                feedback=self.line(data["feedback"], thumb, f"{prefix}.{thumb}.feedback"),
            )
            for thumb in ("up", "down")
        )
        return ThumbsScene(data["id"], self.line(data, "question", f"{prefix}.question"), answers, picture)

    def _hotspot(self, data: LocatedDict, prefix: str, picture) -> HotspotScene:
        self.check_unique_ids(data["spots"], "spots", prefix)
        spots = []
        for spot in data["spots"]:
            answer = self.answer(spot, prefix, picture_required=False)
            x, y = spot["at"]
            spots.append(Spot(answer, float(x), float(y), float(spot.get("size", DEFAULT_SPOT_SIZE))))
        size = self.picture_size(picture)
        if self.need_a_right_answer(data, "spots", [spot.answer for spot in spots]):
            self.check_hidden_spots(data, spots, size)
        return HotspotScene(data["id"], self.line(data, "question", f"{prefix}.question"), tuple(spots), picture,
                            picture_size=size)

    def _tap_all(self, data: LocatedDict, prefix: str, picture) -> TapAllScene:
        answers = self.answers(data, "answers", prefix)
        self.need_a_right_answer(data, "answers", answers)
        return TapAllScene(data["id"], self.line(data, "question", f"{prefix}.question"), answers,
                           self.line(data, "done", f"{prefix}.done"), picture)

    def _feelings(self, data: LocatedDict, prefix: str, picture) -> FeelingsScene:
        self.check_unique_ids(data["faces"], "faces", prefix)
        any_marked = any(face.get("right", False) for face in data["faces"])
        owner = data.get("character")  # whose faces: "How does Leo feel?"
        if owner is not None and self.pictures.cast.character(str(owner)) is None:
            self.report(data.value_positions["character"], self.pictures.cast.unknown_character(str(owner)))
            owner = None
        faces = []
        for face in data["faces"]:
            face_id = face["id"]
            text = (self.line(face, "text", f"{prefix}.{face_id}") if "text" in face
                    else Line(f"{prefix}.{face_id}", FACE_WORDS[face_id]))
            if "picture" in face:
                face_picture = self.picture(face, "picture")
            elif owner is not None:  # "How does Leo feel?" with Leo's own faces
                face_picture = self.character_face(data, face_id)
            else:
                face_picture = self.pictures.resolve(FACE_EMOJI[face_id], self.path.parent)
            faces.append(Answer(face_id, text, face_picture, bool(face.get("right", not any_marked)),
                                self.line(face, "feedback", f"{prefix}.{face_id}.feedback")))
        return FeelingsScene(data["id"], self.line(data, "question", f"{prefix}.question"), tuple(faces), picture)

    def _sort(self, data: LocatedDict, prefix: str, picture) -> SortScene:
        self.check_unique_ids(data["groups"], "groups", prefix)
        self.check_unique_ids(data["items"], "items", prefix)
        groups = tuple(
            SortGroup(group["id"], self.line(group, "text", f"{prefix}.{group['id']}"), self.picture(group, "picture"))
            for group in data["groups"]
        )
        group_ids = [group.id for group in groups]
        items = []
        for item in data["items"]:
            if item["group"] not in group_ids:
                close = difflib.get_close_matches(item["group"], group_ids, n=1, cutoff=0.5)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                self.report(item.value_positions["group"],
                            f"'{item['group']}' is not one of this scene's groups ({', '.join(group_ids)}).{hint}")
            items.append(SortItem(item["id"], self.line(item, "text", f"{prefix}.{item['id']}"),
                                  self.picture(item, "picture"), item["group"],
                                  self.line(item, "feedback", f"{prefix}.{item['id']}.feedback")))
        for group in groups:
            if not any(item.group == group.id for item in items):
                self.report(data.key_positions["items"],
                            f"nothing belongs in the group '{group.id}': give at least one item  group: {group.id}",
                            "warning")
        return SortScene(data["id"], self.line(data, "question", f"{prefix}.question"), groups, tuple(items),
                         self.line(data, "done", f"{prefix}.done"), picture=picture)

    # -- shared pieces -------------------------------------------------------------------
    def answers(self, data: LocatedDict, key: str, prefix: str) -> tuple[Answer, ...]:
        self.check_unique_ids(data[key], key, prefix)
        return tuple(self.answer(answer, prefix) for answer in data[key])

    def answer(self, data: LocatedDict, prefix: str, picture_required: bool = True) -> Answer:
        answer_id = data["id"]
        picture = self.picture(data, "picture") if (picture_required or "picture" in data) else None
        return Answer(
            id=answer_id,
            text=self.line(data, "text", f"{prefix}.{answer_id}"),
            picture=picture,
            right=bool(data.get("right", False)),
            feedback=self.line(data, "feedback", f"{prefix}.{answer_id}.feedback"),
        )

    def need_a_right_answer(self, data: LocatedDict, key: str, answers) -> bool:
        if not any(answer.right for answer in answers):
            self.report(
                data.key_positions[key],
                f"the question '{data['id']}' has no right answer: add  right: true  to the one children should pick"
                + self.unreachable_note(),
            )
            return False
        return True

    def unreachable_note(self) -> str:
        """Scenes play in order, so a scene children cannot finish cuts off every scene after it."""
        later = self.scene_ids[self.scene_index + 1:]
        if not later:
            return ""
        names = ", ".join(f"'{scene_id}'" for scene_id in later[:3]) + (" and more" if len(later) > 3 else "")
        return f" (until then children cannot finish this scene, so they never reach {names})"

    def check_hidden_spots(self, data: LocatedDict, spots: list[Spot], size: tuple[int, int] | None) -> None:
        """A spot drawn entirely under later spots can never be tapped (the top one takes the tap)."""
        covers = hidden_spots(spots, size[0] / size[1] if size else 1.0)
        reachable_right = any(spot.answer.right and not covers[i] for i, spot in enumerate(spots))
        for index, covered_by in enumerate(covers):
            if not covered_by:
                continue
            spot_data = data["spots"][index]
            others = " and ".join(f"'{spots[i].answer.id}'" for i in covered_by)
            if spots[index].answer.right and not reachable_right:
                self.report(spot_data.value_positions["at"],
                            f"the spot '{spot_data['id']}' is completely covered by {others}, so children can never "
                            f"tap it: move it (change 'at') or make the other smaller" + self.unreachable_note())
            else:
                self.report(spot_data.value_positions["at"],
                            f"the spot '{spot_data['id']}' is completely covered by {others}, so children can never "
                            "tap it: move it (change 'at') or make the other smaller", "warning")

    def check_unique_ids(self, items: list[LocatedDict], what: str, prefix: str) -> None:
        """Scenes (or a question's answers) each need their own id. ``prefix``: what their lines' ids are made
        from (the lesson's id for scenes), so the lines of a second 'what-to-do' are not reported again."""
        first_line: dict[str, int] = {}
        for item in items:
            position = item.value_positions["id"]
            if item["id"] in first_line:
                self.duplicated.add(f"{prefix}.{item['id']}")
                self.report(
                    position,
                    f"two {what} are called '{item['id']}' (the other is on line {first_line[item['id']]}): "
                    f"give each {what[:-1]} its own id",
                )
            first_line.setdefault(item["id"], position[0])

    def line(self, container: LocatedDict | LocatedList, key: Any, default_id: str) -> Line:
        value = container[key]
        position = _value_position(container, key)
        audio = None
        if isinstance(value, LocatedDict):
            line_id = value.get("id", default_id)
            text = value["text"]
            if "audio" in value:
                try:
                    audio = lesson_file(value["audio"], self.path.parent, "recording")
                except LessonFileMissing as problem:
                    self.report(value.value_positions["audio"], str(problem))
        else:
            line_id, text = default_id, value
        text = " ".join(str(text).split())
        if not any(unicodedata.category(char)[0] not in "ZC" for char in text):
            # Only spaces or invisible characters (a zero-width space, from a paste): nothing to show or say,
            # and SDL cannot draw zero-width text at all.
            where = value.value_positions["text"] if isinstance(value, LocatedDict) else position
            self.report(where, "this text has no words in it, only spaces or invisible characters: "
                               "write the words, or remove the line")
        generated = line_id == default_id
        if line_id in self.line_ids and not (generated and line_id in self.generated_line_ids
                                             and self.made_from_a_duplicate(line_id)):
            self.report(
                position,
                f"the line id '{line_id}' is used twice (also on line {self.line_ids[line_id][0]}): "
                "give each line its own id",
            )
        self.line_ids.setdefault(line_id, position)
        if generated:
            self.generated_line_ids.add(line_id)
        return Line(line_id, text, audio, source_line=position[0])

    def made_from_a_duplicate(self, line_id: str) -> bool:
        """The id was made from a scene's (or answer's...) id that another has too: that is reported, and the
        author never wrote this line id, so it is not reported as well."""
        return any(line_id == prefix or line_id.startswith(prefix + ".") for prefix in self.duplicated)

    def picture(self, container: LocatedDict, key: str) -> PictureRef | None:
        try:
            picture = self.pictures.resolve(container[key], self.path.parent)
        except PictureNotFound as problem:
            self.report(_part_position(container, key, problem.field), str(problem))
            return None
        if self.check_picture_files and picture.label.lower().endswith(PICTURE_FILE_SUFFIXES):
            refusal = self.picture_refusal(picture.path)
            if refusal is not None:
                self.report(container.value_positions[key], f"the picture '{picture.label}' {refusal}")
        return picture

    def picture_size(self, picture: PictureRef | None) -> tuple[int, int] | None:
        """A school's own picture's width and height, if it is not square (emoji and the cast are)."""
        if picture is None or not picture.label.lower().endswith(PICTURE_FILE_SUFFIXES):
            return None
        from ..picture_header import picture_size

        size = picture_size(picture.path)  # its header only: lessons load on their own thread, not the frame loop
        return size if size is not None and size[0] != size[1] else None

    def picture_refusal(self, path: Path) -> str | None:
        """Why the school's own picture file cannot be shown (too large, not a picture), from its header."""
        if path not in self.picture_refusals:
            from ..picture_header import picture_refusal

            try:
                self.picture_refusals[path] = picture_refusal(path)
            except OSError as error:
                self.picture_refusals[path] = (f"cannot be opened ({error.strerror or error}): "
                                               "check it is not open in another program, or copy it again")
        return self.picture_refusals[path]

    def character_face(self, data: LocatedDict, feeling: str) -> PictureRef | None:
        """The feelings scene's ``character`` with this face's feeling (their own face, not an emoji)."""
        try:
            return self.pictures.resolve({"character": data["character"], "feeling": feeling}, self.path.parent)
        except PictureNotFound as problem:
            self.report(data.value_positions["character"], str(problem))
            return None


def _part_position(container: LocatedDict, key: str, part: str | None) -> Position:
    """Where a picture's wrong part is written: ``character: sma`` inside ``picture: {...}``, or the picture."""
    value = container[key]
    if part is not None and isinstance(value, LocatedDict):
        if part in value:
            inner = value[part]
            if part == "with" and isinstance(inner, LocatedDict) and "character" in inner:
                return _part_position(value, part, "character")  # the other character's own name
            return value.value_positions[part]
        if part == "with" and "with" in value:
            return value.value_positions["with"]
    return container.value_positions[key]

"""A schema error, in plain English: where it is and what to write instead.

lessons/schema.json checks a lesson's shape (game/lessons/loader.py runs it); jsonschema's own messages
("'x' is not of type 'array'") mean nothing to a teacher, so each kind of rule broken is explained here
with the field named as the author wrote it ("'answers' in scene 'what-to-do'") and what to do about it.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable

from .yamlsource import LocatedDict, Position, locate, value_position

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


def explain_schema_error(data: LocatedDict, error) -> Iterable[tuple[Position, str]]:
    """Where, and in plain English, what one schema error (a jsonschema ValidationError) means for the author.

    Yields nothing when another error about the same place says it better."""
    container, key = locate(data, list(error.absolute_path))
    where = _field_name(list(error.absolute_path), data)
    value = error.instance
    validator = error.validator

    if validator == "required":
        missing = error.message.split("'")[1]
        position = value_position(container, key) if key is not None else getattr(container, "position", (1, 1))
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

    position = value_position(container, key)
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
            spot, at = locate(data, path[:-1])
            numbers = [n for n in spot[at] if isinstance(n, (int, float)) and not isinstance(n, bool)]
            pixels = ", not pixels" if any(n > 100 for n in numbers) else ""
            yield value_position(spot, at), (
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
                explained = list(explain_schema_error(data, sub))
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
    items = _child(locate(data, path)[0], slice(None))
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

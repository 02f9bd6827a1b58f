"""xAPI 1.0.3 statements: the record of learning that moves between devices (docs/sync.md).

A statement is made on the device, at the moment the child acts, and kept as the exact JSON text that
will be sent (an LRS treats the same id with the same content as a no-op, so a resend must be the same
bytes: never rebuild one). The actor is an opaque pupil id, never a name; a show of hands or a child
nobody picked is the class (a Group), or the device if no class was chosen.

Every statement also carries, under one context extension (``RECORD``), the values the store needs to
write the same row on another device (the hub, or the teacher's PC merging a shared folder), so taking a
statement in never parses an IRI back apart.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

VERSION = "1.0.3"
# Ids that are IRIs but name nothing on the internet: ``.invalid`` is reserved never to resolve (RFC 2606),
# so no statement can point anyone at a real site, and nothing is ever fetched from them.
BASE = "https://smart-stars.invalid/xapi"
HOME_PAGE = "https://smart-stars.invalid/pupils"
RECORD = f"{BASE}/extensions/record"

ADL = "http://adlnet.gov/expapi/verbs"
VERBS = {
    "started": (f"{ADL}/attempted", "attempted"),
    "answered": (f"{ADL}/answered", "answered"),
    "completed": (f"{ADL}/completed", "completed"),
    "hands": (f"{BASE}/verbs/counted-hands", "counted a show of hands for"),
    "worried": (f"{BASE}/verbs/asked-for-help", "asked to talk to a grown-up about"),
}
KINDS = tuple(VERBS)
VERB_KINDS = {iri: kind for kind, (iri, _) in VERBS.items()}


@dataclass(frozen=True)
class Who:
    """Who a statement is about: a pupil's uid, else the class's uid (whole class or nobody picked),
    else this device (no class chosen on it)."""

    pupil_uid: str | None
    class_uid: str | None
    device_id: str
    whole_class: bool = False


def lesson_activity(lesson_id: str) -> str:
    return f"{BASE}/lessons/{quote(lesson_id, safe='')}"


def scene_activity(lesson_id: str, scene_id: str) -> str:
    return f"{lesson_activity(lesson_id)}/scenes/{quote(scene_id, safe='')}"


def registration(attempt_id: str) -> str:
    """An attempt's id as xAPI wants a registration (a UUID with dashes); attempt ids are 32 hex digits."""
    try:
        return str(uuid.UUID(hex=attempt_id))
    except ValueError:  # an id an older version or a test made by hand: a stable UUID from it
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{BASE}/attempts/{attempt_id}"))


def duration(seconds: float) -> str:
    """ISO 8601, as xAPI's result.duration wants it (hundredths are as precise as xAPI keeps)."""
    return f"PT{max(0.0, float(seconds)):.2f}S"


def _actor(who: Who) -> dict:
    if who.pupil_uid and not who.whole_class:
        return {"objectType": "Agent", "account": {"homePage": HOME_PAGE, "name": who.pupil_uid}}
    name = who.class_uid or f"device-{who.device_id}"
    return {"objectType": "Group", "account": {"homePage": f"{HOME_PAGE}/classes", "name": name}}


def _activity(iri: str, kind: str) -> dict:
    return {"objectType": "Activity", "id": iri,
            "definition": {"type": f"http://adlnet.gov/expapi/activities/{kind}"}}


def statement(kind: str, who: Who, at: str, record: dict[str, Any], *, attempt_id: str | None = None,
              result: dict | None = None) -> tuple[str, str]:
    """``(id, body)``: a new statement's id and its JSON text, exactly as it will always be sent."""
    lesson_id = record["lesson"]
    scene_id = record.get("scene")
    if kind in ("answered", "hands") and scene_id:
        target = _activity(scene_activity(lesson_id, scene_id), "cmi.interaction")
    else:
        target = _activity(lesson_activity(lesson_id), "lesson")
    verb_iri, verb_words = VERBS[kind]
    statement_id = str(uuid.uuid4())
    context: dict[str, Any] = {
        "platform": "SMART Stars",
        "language": "en-GB",
        "extensions": {RECORD: {**record, "class": who.class_uid, "device": who.device_id,
                                "whole_class": who.whole_class, "pupil": who.pupil_uid}},
    }
    if attempt_id:
        context["registration"] = registration(attempt_id)
    if kind in ("answered", "hands"):
        context["contextActivities"] = {"parent": [_activity(lesson_activity(lesson_id), "lesson")]}
    body: dict[str, Any] = {
        "id": statement_id,
        "timestamp": at,
        "actor": _actor(who),
        "verb": {"id": verb_iri, "display": {"en-GB": verb_words}},
        "object": target,
        "context": context,
    }
    if result:
        body["result"] = result
    return statement_id, json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def record_of(body: dict) -> dict:
    """The store's values a statement carries (``RECORD``), or {} if it has none (not one of ours)."""
    record = body.get("context", {}).get("extensions", {}).get(RECORD)
    return record if isinstance(record, dict) else {}


def kind_of(body: dict) -> str | None:
    verb = body.get("verb")
    return VERB_KINDS.get(verb.get("id")) if isinstance(verb, dict) else None

"""What a teacher turns on for a whole class or for one child, remembered in the progress store.

Access needs (switch scanning, bigger words, less movement, high contrast) and a home language
belong to a child, not to a tablet: a class shares 10-15 tablets, and the child who needs switch
scanning may sit at any of them. So these choices are kept in the store, per class and per pupil,
and resolved for whoever is playing: the class's choice, then the pupil's own over it; anything
not chosen is the preference's default. (Device-wide things such as the voice or the volume stay in
settings.json.)

Each feature declares its preferences once with ``declare`` (at import of its own module, which only
adds to this table: no other side effect), and reads them from ``ctx.preferences``. The values in
force are loaded off the frame loop whenever the player changes (``follow_player``), and a scene is
rebuilt when they arrive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ..engine.context import Context
    from .service import Player
    from .store import ProgressStore


@dataclass(frozen=True)
class Preference:
    key: str
    default: Any
    choices: tuple | None = None  # the values it may take (None: any value of the default's type)
    words: str = ""  # what it is, for the teacher

    def valid(self, value: Any) -> bool:
        if self.choices is not None:
            return value in self.choices
        if isinstance(self.default, bool):
            return isinstance(value, bool)
        if isinstance(self.default, (int, float)) and not isinstance(self.default, bool):
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        return isinstance(value, type(self.default))


DECLARED: dict[str, Preference] = {}


def declare(key: str, default: Any, choices: tuple | None = None, words: str = "") -> Preference:
    """Declare a preference (once; declaring it again with the same default is harmless)."""
    preference = Preference(key, default, tuple(choices) if choices is not None else None, words)
    DECLARED[key] = preference
    return preference


class Preferences:
    """The preferences in force for whoever is playing now: the class's choices, the pupil's over them."""

    def __init__(self, class_values: dict[str, Any] | None = None, pupil_values: dict[str, Any] | None = None) -> None:
        self.class_values = dict(class_values or {})
        self.pupil_values = dict(pupil_values or {})

    def get(self, key: str) -> Any:
        preference = DECLARED.get(key)
        for values in (self.pupil_values, self.class_values):
            if key in values and (preference is None or preference.valid(values[key])):
                return values[key]  # a value a newer or hand-edited store holds but we cannot use is passed over
        if preference is None:
            raise KeyError(f"no preference called {key!r} has been declared")
        return preference.default

    def where(self, key: str) -> str:
        """Where the value in force comes from: "pupil", "class" or "default" (for the teacher's screen)."""
        if key in self.pupil_values:
            return "pupil"
        if key in self.class_values:
            return "class"
        return "default"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Preferences) and self.class_values == other.class_values
                and self.pupil_values == other.pupil_values)

    def __repr__(self) -> str:
        return f"Preferences(class={self.class_values}, pupil={self.pupil_values})"


# -- in the store ------------------------------------------------------------------------------
def read(store: "ProgressStore", class_id: int | None, pupil_id: int | None) -> Preferences:
    """The class's and the pupil's own choices (nothing for nobody chosen)."""
    if class_id is None:
        return Preferences()

    def values(query: str, params: tuple) -> dict[str, Any]:
        found = {}
        for key, text in store.db.execute(query, params):
            try:
                found[key] = json.loads(text)
            except ValueError:
                continue  # a damaged value is as if it were not there
        return found

    class_values = values("SELECT key, value FROM preferences WHERE class_id = ? AND pupil_id IS NULL", (class_id,))
    pupil_values = (values("SELECT key, value FROM preferences WHERE class_id = ? AND pupil_id = ?", (class_id, pupil_id))
                    if pupil_id is not None else {})
    return Preferences(class_values, pupil_values)


def write(store: "ProgressStore", class_id: int, pupil_id: int | None, key: str, value: Any) -> None:
    """Choose ``value`` for the class (``pupil_id`` None) or one pupil; ``None`` takes the choice away
    (the pupil then follows the class, the class the default)."""
    from .store import now

    preference = DECLARED.get(key)
    if value is not None and preference is not None and not preference.valid(value):
        raise ValueError(f"{value!r} is not a value {key} can take")
    with store.transaction():
        store.db.execute("DELETE FROM preferences WHERE class_id = ? AND pupil_id IS ? AND key = ?",
                         (class_id, pupil_id, key))
        if value is not None:
            store.db.execute("INSERT INTO preferences(class_id, pupil_id, key, value, at) VALUES (?, ?, ?, ?, ?)",
                             (class_id, pupil_id, key, json.dumps(value), now()))


# -- following whoever plays -------------------------------------------------------------------
def follow_player(ctx: "Context") -> None:
    """Load the preferences of whoever plays now, and again each time the player changes: read on the
    progress service's worker (never the frame loop), then put in force on the frame loop, where the
    screen showing is rebuilt if anything changed. A store that cannot be read leaves the defaults."""

    def load(player: "Player") -> None:
        class_id, pupil_id = player.class_id, player.pupil_id
        # Nobody picked yet on a class tablet: the class's own choices, so a child who needs switches
        # can pick their own animal by switch.
        class_name = ctx.settings.class_name if class_id is None else None
        if (class_id is None and not class_name) or ctx.data_dir is None:  # no class: the defaults, no disk
            ctx.on_frame_loop(lambda: put_in_force(player, Preferences()))
            return
        # The defaults if the store cannot be read: play goes on, and teacher mode already says why.
        ctx.recorder.preferences(class_name, pupil_id, class_id=class_id, then=lambda done: put_in_force(
            player, done.value.found if done.ok else Preferences()))

    def put_in_force(player: "Player", found: Preferences) -> None:
        if ctx.recorder.player is not player or found == ctx.preferences:
            return  # someone else is playing by now (their own load follows), or nothing changed
        in_force(ctx, found)

    ctx.recorder.on_player_change(load)
    load(ctx.recorder.player)


def in_force(ctx: "Context", found: Preferences) -> None:
    """Put ``found`` in force now: every listener told, and the screen on show built again."""
    ctx.preferences = found
    for listener in list(ctx.preference_listeners):
        listener(found)
    top = getattr(ctx.stack, "top", None)
    if top is not None:
        top.rebuild()


def reload(ctx: "Context") -> None:
    """After a teacher changed a preference: read them again for whoever plays now."""
    ctx.recorder.player = ctx.recorder.player  # the setter tells every follower, as a change of player would


Listener = Callable[[Preferences], None]

"""The game's own buttons and marks, as emoji (drawn from OpenMoji): one table, read by the context that
draws them and by ``check``, which warns when a lesson's picture looks like one (lessons/picture_checks.py)."""

UI_EMOJI = {
    "home": "🏠",
    "next": "➡️",
    "back": "⬅️",
    "about": "ℹ️",
    "again": "🔁",
    "more": "📚",
    "star": "⭐",
    "right": "✅",
    "wrong": "❌",
    "title": "🌟",
    "previous-page": "⏪",
    "next-page": "⏩",
    "speaker": "🔊",
    "badge": "🏅",
    "certificate": "🏆",
    "save": "💾",
    "worry": "🙋",
}

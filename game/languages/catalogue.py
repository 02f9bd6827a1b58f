"""The home languages the game knows: what they are called, how they are written, and who speaks them.

The list follows the school census (Urdu, Panjabi, Polish, Bengali, Somali, Arabic, Gujarati,
Portuguese, Tamil, Romanian...). ``voice`` is espeak-ng's language code (None: espeak-ng has no voice,
so a line is heard only from a recording, else in English alone). ``font`` names the bundled font that
draws the script (``None``: the Latin font, Noto Sans, which has every accent Fredoka lacks); a language
whose font is missing (``font: "none"``, or its package not installed) is heard, not shown, and the
teacher's screen says so rather than show boxes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # as in a translation's file name: private-or-share.pl.yaml
    name: str  # in English, for the teacher
    own_name: str  # in the language itself
    script: str = "Latn"  # ISO 15924, for shaping (pygame Font.set_script)
    rtl: bool = False
    voice: str | None = None  # espeak-ng's language, or None when it has none
    font: str = "latin"  # a kind in languages/text.py's FONT_FILES ("latin": Noto Sans); "none": no bundled font

    @property
    def note(self) -> str:
        """What a teacher should know about hearing this language."""
        if self.voice is None:
            return f"No computer voice speaks {self.name}: add recordings, or children hear English only."
        return ""

    @property
    def shown(self) -> bool:
        """True if a bundled font draws this language's letters (else its words are heard, not shown)."""
        from .text import font_path

        return self.font != "none" and font_path(self.font) is not None

    @property
    def font_note(self) -> str:
        """What a teacher should know about seeing this language: nothing, or why it is not shown."""
        if self.shown:
            return ""
        return (f"No font for {self.name}'s letters is installed, so its words are heard, not shown "
                "(the English is shown alone, never boxes).")


LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (
    Language("pl", "Polish", "Polski", voice="pl"),
    Language("ur", "Urdu", "اردو", script="Arab", rtl=True, voice="ur", font="arabic"),
    Language("ar", "Arabic", "العربية", script="Arab", rtl=True, voice="ar", font="arabic"),
    Language("ro", "Romanian", "Română", voice="ro"),
    Language("pt", "Portuguese", "Português", voice="pt"),
    Language("pa", "Panjabi", "ਪੰਜਾਬੀ", script="Guru", voice="pa", font="gurmukhi"),
    Language("bn", "Bengali", "বাংলা", script="Beng", voice="bn", font="bengali"),
    Language("gu", "Gujarati", "ગુજરાતી", script="Gujr", voice="gu", font="gujarati"),
    Language("ta", "Tamil", "தமிழ்", script="Taml", voice="ta", font="tamil"),
    Language("so", "Somali", "Soomaali", voice=None),
    Language("ps", "Pashto", "پښتو", script="Arab", rtl=True, voice=None, font="arabic"),
    Language("ti", "Tigrinya", "ትግርኛ", script="Ethi", voice="ti", font="ethiopic"),
)}

MODES = ("both", "home", "english")  # what a child hears: home then English, home only, English only


def language(code: str | None) -> Language | None:
    return LANGUAGES.get(code or "")

"""A script's font with Latin letters, digits and punctuation added, so a translated line can hold them.

The Noto Sans Bengali, Gurmukhi and Gujarati files in manimgx-fonts are Noto's own builds, which leave
Latin to Noto Sans: Gujarati has no full stop, comma or question mark, Bengali no comma or digits. SDL_ttf
draws one font per text, with no fallback, so "કહો." would end in a box. So, once per font version, the
script font's default instance and Noto Sans's Latin-1 and punctuation (subset, default instance) are
merged with fontTools into one file in the cache (2-4 s, on the teacher-change worker, never the frame
loop; later uses read the file). If that fails, the script font is used alone, and a line with a letter
it lacks is shown in English alone (languages/home.py), never as boxes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .text import font_path

# The kinds whose font lacks Latin: merged. Ethiopic is left out: fontTools cannot merge it with
# Noto Sans (its tables differ), and Tigrinya writes its own full stop and comma (። ፣).
COMPLETED = ("bengali", "gurmukhi", "gujarati")
LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x203B)]  # ASCII, Latin-1, dashes and quotes
PREFIX = "NotoSans-with-latin-"


def completed_font(kind: str, cache_dir: Path) -> Path | None:
    """The merged font for ``kind`` (made now if need be: slow, so never on the frame loop); None when the
    kind needs none (its font has Latin already) or it cannot be made (then the plain font is used)."""
    script, latin = font_path(kind), font_path("latin")
    if kind not in COMPLETED or script is None or latin is None:
        return None
    try:
        digest = hashlib.sha256(script.read_bytes() + latin.read_bytes()).hexdigest()[:16]
        target = cache_dir / f"{PREFIX}{kind}-{digest}.ttf"
        if target.is_file():
            return target
        cache_dir.mkdir(parents=True, exist_ok=True)
        _merge(script, latin, target)
        return target
    except Exception:  # noqa: BLE001 - a read-only cache or a fontTools problem: the plain font, never a crash
        return None


def _default_instance(font):
    from fontTools.varLib import instancer

    if "fvar" not in font:
        return font
    return instancer.instantiateVariableFont(font, {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes})


def _latin_part(latin: Path, cache_dir: Path) -> Path:
    """Noto Sans's Latin-1 and punctuation, default instance: made once, shared by every script's merge."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    target = cache_dir / f"{PREFIX}part-{hashlib.sha256(latin.read_bytes()).hexdigest()[:16]}.ttf"
    if target.is_file():
        return target
    options = subset.Options()
    options.layout_features = ["kern", "mark", "mkmk"]
    options.notdef_outline = True
    font = TTFont(latin)
    subsetter = subset.Subsetter(options)  # subset first: instancing all of Noto Sans takes many seconds
    subsetter.populate(unicodes=LATIN)
    subsetter.subset(font)
    _save(_default_instance(font), target)
    return target


def _merge(script: Path, latin: Path, target: Path) -> None:
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    part = _latin_part(latin, target.parent)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".font-") as folder:
        static = Path(folder) / "script.ttf"
        _default_instance(TTFont(script)).save(static)
        _save(Merger().merge([str(static), str(part)]), target)  # the script font first: its glyphs win


def _save(font, target: Path) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".ttf.part")
    os.close(handle)
    font.save(temporary)
    os.replace(temporary, target)  # atomic: a half-written font is never picked up

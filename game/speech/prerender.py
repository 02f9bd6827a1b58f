"""`play.py narrate`: render every line ahead of time (English, and each home language's translations in
its own voice), so tablets start without delay."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import TextIO

from ..lessons.basics import Line
from ..lessons.library import LessonLibrary
from ..engine.settings import Settings
from . import default_engine_factory, voice_key
from .cache import SpeechCache
from .catalogue import every_line
from .worker import SpeechJob, SpeechPipeline

BAR_WIDTH = 30


def progress_bar(done: int, total: int) -> str:
    filled = BAR_WIDTH * done // max(1, total)
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}"


def prerender(library: LessonLibrary, settings: Settings, cache_dir: Path, out: Path | None,
              log: TextIO, progress: TextIO = sys.stderr, engine_factory=None, game_folder: Path | None = None) -> int:
    """Speak every English line, and every translated line in its language's voice, into the cache (and
    ``out``: one WAV per English line, and per home-language line in ``out/<code>/``). 1 if an English
    line could not be spoken; a home language that cannot be spoken is reported, not a failure (the game
    then says those lines in English)."""
    from ..languages.ahead import home_lines
    from ..languages.game_lines import game_lines as translatable_game_lines
    from ..languages.overlay import GAME_LINES_DIR

    lines = every_line(library)
    homes = home_lines(library.lessons, lines, [line for line, _where in translatable_game_lines()],
                       game_folder or GAME_LINES_DIR)
    key = voice_key(settings)
    cache = SpeechCache(cache_dir / "speech")
    pipeline = SpeechPipeline(cache, engine_factory or default_engine_factory(settings), None).start()
    tickets: dict[int, Line] = {}
    for line in lines + [said for home in homes for said in home.to_speak]:
        ticket = len(tickets) + 1
        tickets[ticket] = line
        # The same key and language as the narrator asks for while a child plays (SpeechNarrator._request).
        pipeline.submit(SpeechJob(ticket, line.text, key.for_text(line.text, line.lang), line.audio,
                                  language=line.lang))
    done: dict[int, object] = {}
    interactive = progress.isatty()
    started = time.monotonic()
    while len(done) < len(tickets):
        for result in pipeline.results():
            done[result.ticket] = result
            if interactive:
                progress.write("\r" + progress_bar(len(done), len(tickets)))
                progress.flush()
        time.sleep(0.005)
    pipeline.close()
    if interactive:
        progress.write("\n")
    else:
        progress.write(progress_bar(len(done), len(tickets)) + "\n")

    failed = [(tickets[t], r.error) for t, r in done.items() if r.error]
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for ticket, result in done.items():
            if result.path is not None:
                line = tickets[ticket]
                folder = out if line.lang is None else out / line.lang
                folder.mkdir(exist_ok=True)
                shutil.copyfile(result.path, folder / f"{line.id}{result.path.suffix.lower()}")
    english_failed = [(line, error) for line, error in failed if line.lang is None]
    recorded = sum(1 for line in lines if line.audio is not None)
    seconds = time.monotonic() - started
    log.write(f"{len(lines) - len(english_failed)} of {len(lines)} lines ready in {seconds:.1f}s: "
              f"{pipeline.renders_done} newly spoken, "
              f"{len(tickets) - len(failed) - pipeline.renders_done - recorded} from the cache, {recorded} recorded"
              + (" (with the home languages' lines below)" if len(tickets) > len(lines) else "")
              + (f"; WAV files in {out}" if out is not None else "") + "\n")
    from ..languages.script_font import completed_font

    for home in homes:
        code = home.language.code
        completed_font(home.language.font, cache_dir)  # its font with Latin added, so the game need not make it in class
        not_spoken = {line.id for line, _error in failed if line.lang == code}
        spoken_ok = sum(1 for line in home.to_speak if line.id not in not_spoken)
        log.write(f"{home.language.name} ({code}): {spoken_ok} of {len(home.to_speak)} translated lines spoken "
                  f"in its own voice, {home.recorded} recorded"
                  + (f"; WAV files in {out / code}" if out is not None and home.to_speak else "") + "\n")
        if home.note:
            log.write(home.note + "\n")
    for line, error in english_failed[:10]:
        log.write(f"could not speak {line.id}: {error}\n")
    for line, error in [(line, error) for line, error in failed if line.lang is not None][:10]:
        log.write(f"could not speak {line.id} in '{line.lang}': {error} (it is said in English)\n")
    return 1 if english_failed else 0

"""`play.py narrate`: render every line ahead of time, so tablets start without delay."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import TextIO

from ..lessons.library import LessonLibrary
from ..settings import Settings
from . import default_engine_factory, voice_key
from .cache import SpeechCache
from .catalogue import every_line
from .worker import SpeechJob, SpeechPipeline

BAR_WIDTH = 30


def progress_bar(done: int, total: int) -> str:
    filled = BAR_WIDTH * done // max(1, total)
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}"


def prerender(library: LessonLibrary, settings: Settings, cache_dir: Path, out: Path | None,
              log: TextIO, progress: TextIO = sys.stderr, engine_factory=None) -> int:
    lines = every_line(library)
    key = voice_key(settings)
    cache = SpeechCache(cache_dir / "speech")
    pipeline = SpeechPipeline(cache, engine_factory or default_engine_factory(settings), None).start()
    tickets = {}
    for ticket, line in enumerate(lines, start=1):
        tickets[ticket] = line
        pipeline.submit(SpeechJob(ticket, line.text, key.for_text(line.text), line.audio))
    done: dict[int, object] = {}
    interactive = progress.isatty()
    started = time.monotonic()
    while len(done) < len(lines):
        for result in pipeline.results():
            done[result.ticket] = result
            if interactive:
                progress.write("\r" + progress_bar(len(done), len(lines)))
                progress.flush()
        time.sleep(0.005)
    pipeline.close()
    if interactive:
        progress.write("\n")
    else:
        progress.write(progress_bar(len(done), len(lines)) + "\n")

    failed = [(tickets[t], r.error) for t, r in done.items() if r.error]
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for ticket, result in done.items():
            if result.path is not None:
                shutil.copyfile(result.path, out / f"{tickets[ticket].id}{result.path.suffix.lower()}")
    recorded = sum(1 for line in lines if line.audio is not None)
    seconds = time.monotonic() - started
    log.write(f"{len(lines) - len(failed)} of {len(lines)} lines ready in {seconds:.1f}s: "
              f"{pipeline.renders_done} newly spoken, {len(lines) - len(failed) - pipeline.renders_done - recorded} "
              f"from the cache, {recorded} recorded"
              + (f"; WAV files in {out}" if out is not None else "") + "\n")
    for line, error in failed[:10]:
        log.write(f"could not speak {line.id}: {error}\n")
    return 1 if failed else 0

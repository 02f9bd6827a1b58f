"""Command line: play (default), check, tour, ... and --about."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1280x800") from None
    if width < 320 or height < 240:
        raise argparse.ArgumentTypeError("the smallest size is 320x240")
    return width, height


def _first_name(text: str) -> str:
    """``--name``: kept as every name is (game/progress/names.py), so the certificate can always draw it."""
    from .progress.names import clean_name

    name, problem = clean_name(text)
    if name is None:
        raise argparse.ArgumentTypeError(problem)
    return name


def _folders() -> argparse.ArgumentParser:
    """Options every command takes, before or after the command's name."""
    # SUPPRESS: an option given before the command is not reset by the command's own copy.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--lessons", type=Path, action="append", metavar="DIR",
                        help="the school's own lessons (may be given more than once); one with a built-in's id replaces it")
    common.add_argument("--data-dir", type=Path, metavar="DIR", help="where settings are kept")
    common.add_argument("--cache-dir", type=Path, metavar="DIR", help="where rendered speech and fonts are kept")
    return common


def _parser() -> argparse.ArgumentParser:
    common = _folders()
    parser = argparse.ArgumentParser(
        parents=[common],
        prog="play.py",
        description="SMART Stars: learn the SMART rules of staying safe online.",
        epilog="Grown-ups: Ctrl+Shift+Q (or holding the title for three seconds) opens teacher mode, behind the "
               "teacher PIN, whose menu closes the game. From the terminal that started it, Ctrl+C (or kill PID) "
               "closes it cleanly, every answer saved.",
    )
    parser.add_argument("--windowed", action="store_true", help="play in a window instead of fullscreen")
    parser.add_argument("--size", type=_size, metavar="WxH", help="window size, e.g. 1280x800")
    parser.add_argument("--name", dest="player_name", metavar="FIRST-NAME", type=_first_name,
                        help="the child's first name, shown on the SMART Star certificate")
    parser.add_argument("--class", dest="whole_class", action="store_true", default=None,
                        help="whole-class mode on the board: a talk-to-your-partner pause before each question's answers")
    parser.add_argument("--about", action="store_true",
                        help="say which fast paths this machine uses (SDL's wait, SDL_image's SVG drawing) or why not, "
                             "the SDL and pygame-ce versions and the platform, then stop")

    commands = parser.add_subparsers(dest="command")

    check = commands.add_parser("check", parents=[common], help="check lesson files and list any problems as file:line")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="lesson files or folders (default: all lessons)")
    check.add_argument("--json", action="store_true", help="print only the summary, as JSON")

    translate = commands.add_parser("translate", parents=[common],
                                    help="home languages: write a gettext .po file for translators, or read one back")
    translate_actions = translate.add_subparsers(dest="action", required=True)
    po_out = translate_actions.add_parser("export", parents=[common], help="write every line to a .po file")
    po_out.add_argument("--lang", required=True, help="the language's code, e.g. pl (Polish) or ur (Urdu)")
    po_out.add_argument("--out", type=Path, metavar="FILE", help="where to write it (default: smart-stars-LANG.po)")
    po_in = translate_actions.add_parser("import", parents=[common], help="write a .po file's translations beside the lessons")
    po_in.add_argument("file", type=Path, metavar="FILE.po")
    po_in.add_argument("--lang", help="the language's code, if the file's 'Language' header does not say")

    narrate = commands.add_parser("narrate", parents=[common], help="speak every line ahead of time into the cache")
    narrate.add_argument("--out", type=Path, metavar="DIR", help="also write one WAV per line, named by its line id")
    narrate.add_argument("--no-cast", action="store_true",
                         help="do not also draw every lesson's characters for common window sizes into the cache")

    new = commands.add_parser("new-lesson", parents=[common], help="write a commented lesson to start from")
    new.add_argument("--letter", required=True, help="S, M, A, R or T")
    new.add_argument("--title", required=True, help='the lesson\'s title, e.g. "A friend in a game"')
    new.add_argument("--out", type=Path, metavar="FILE", help="where to write it (default: the school lessons folder)")

    export = commands.add_parser("export", parents=[common], help="write recorded progress as CSV")
    export.add_argument("--class", dest="class_name", metavar="NAME", help="the class whose progress to write")
    export.add_argument("--csv", type=Path, metavar="FILE", help="with --class: one row per pupil and lesson")
    export.add_argument("--answers", type=Path, metavar="FILE", help="every recorded answer of every class")
    export.add_argument("--hands", type=Path, metavar="FILE",
                        help="every show of hands counted on the board (whole-class mode): one row per answer")

    roster = commands.add_parser("class", parents=[common], help="set up a class: import or export its pupils")
    roster.add_argument("name", metavar="NAME", help="the class, e.g. Robins")
    action = roster.add_mutually_exclusive_group(required=True)
    action.add_argument("--import", dest="import_csv", type=Path, metavar="FILE",
                        help="add pupils from a CSV of name,avatar (the class is made if new)")
    action.add_argument("--export", dest="export_csv", type=Path, metavar="FILE", help="write the class list")

    hub = commands.add_parser("hub", parents=[common],
                              help="share progress with the class's tablets: run the class hub until Ctrl+C")
    hub.add_argument("--port", type=int, default=None, metavar="PORT", help="the port to listen on (default 47474)")
    hub.add_argument("--host", default="0.0.0.0", metavar="ADDRESS",
                     help="the address to listen on (default: every network this computer is on; 127.0.0.1: "
                          "this computer only)")
    hub.add_argument("--class", dest="class_name", metavar="NAME",
                     help="share only this class (default: every class on this computer)")
    hub.add_argument("--allow-any-network", action="store_true",
                     help="also answer devices that are not on this school network's private addresses")
    hub.add_argument("--no-advert", action="store_true",
                     help="do not announce the hub on the network (tablets then type its address)")
    folder = commands.add_parser("share-folder", parents=[common],
                                 help="many tablets with no network program: share progress through a shared folder")
    folder.add_argument("folder", type=Path, metavar="FOLDER", help=r"the class's shared folder, e.g. Z:\smart-stars")
    folder.add_argument("--teacher", action="store_true",
                        help="this is the teacher's PC: merge every tablet's progress and write the class lists")
    folder.add_argument("--new", action="store_true",
                        help="mark FOLDER as the class's shared folder (once, when setting up)")
    folder.add_argument("--once", action="store_true", help="one pass, then stop (otherwise until Ctrl+C)")

    commands.add_parser("reset-pin", parents=[common],
                        help="forget the teacher PIN (and any lock), so teacher mode asks for a new one")

    forward = commands.add_parser("lrs", parents=[common],
                                  help="forward statements to the trust's or local authority's LRS (xAPI): set up, "
                                       "say how it is set, or stop")
    forward.add_argument("--endpoint", metavar="URL", help="the LRS's xAPI address, e.g. https://lrs.example/xAPI")
    forward.add_argument("--key", metavar="KEY", help="the key the LRS gave (its secret is asked for, never an option)")
    forward.add_argument("--off", action="store_true", help="stop forwarding and forget the key and secret")
    forward.add_argument("--send", action="store_true", help="forward what waits now, then stop (the game itself "
                                                             "forwards while it runs)")

    tour = commands.add_parser("tour", parents=[common], help="render every screen of every lesson to PNG files")
    tour.add_argument("--out", type=Path, required=True, metavar="DIR")
    tour.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH", dest="tour_size")

    preview = commands.add_parser("preview", parents=[common],
                                  help="open one lesson in a window; it updates each time you save the file")
    preview.add_argument("file", type=Path, metavar="FILE", help="the lesson file")
    preview.add_argument("--size", type=_size, metavar="WxH", dest="preview_size", help="window size, e.g. 1280x800")

    board = commands.add_parser("storyboard", parents=[common],
                                help="print a lesson's scenes (screens and every spoken word) on A4 pages")
    board.add_argument("file", type=Path, metavar="FILE", help="the lesson file")
    board.add_argument("--out", type=Path, required=True, metavar="OUT.pdf|OUT.png",
                       help="a .pdf (all pages), or a .png (OUT-1.png, OUT-2.png ... if more than one page)")
    board.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH", dest="board_size",
                       help="the game screen each scene is drawn at (default 1280x800)")
    return parser


def play_options(args: argparse.Namespace):
    """The window and lesson options for playing, from the command line."""
    from .engine.app import Options
    from .lessons.library import BUILTIN_LESSONS_DIR

    return Options(fullscreen=not args.windowed, size=args.size,
                   lesson_dirs=[BUILTIN_LESSONS_DIR], school_dirs=args.lessons or [],
                   cache_dir=args.cache_dir, data_dir=args.data_dir, whole_class=args.whole_class,
                   player_name=args.player_name)


def school_dirs(args: argparse.Namespace) -> list[Path]:
    """The school's own lessons, found as the game finds them: --lessons, else the settings' `school_lessons`
    folder, else lessons/ in the data folder."""
    if args.lessons:
        return args.lessons
    from .engine.app import default_data_dir, school_lessons_dir
    from .engine.settings import Settings

    data_dir = args.data_dir or default_data_dir()
    return [school_lessons_dir(Settings.load(data_dir), data_dir)]


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    args = _parser().parse_args(argv)
    for name in ("lessons", "data_dir", "cache_dir"):
        if not hasattr(args, name):
            setattr(args, name, None)
    return args


def about(out: TextIO) -> int:
    """``--about``: the native capabilities report (game/native/capabilities.py), for whoever looks after
    the machine. SDL's video is started (no window) so that SDL's wait is looked for as the game would."""
    import os

    import pygame

    from .engine.display_check import INVISIBLE_DRIVERS
    from .native.capabilities import capabilities

    note = ""
    try:
        pygame.display.init()
    except pygame.error as error:  # no display at all: the libraries can still be found
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        pygame.display.init()
        note = f" (no display could be started: {error})"
    try:
        if not note and not os.environ.get("SDL_VIDEODRIVER") and pygame.display.get_driver() in INVISIBLE_DRIVERS:
            note = " (no screen found: SDL could only draw off screen)"
        report = capabilities()
    finally:
        pygame.display.quit()
    print("SMART Stars on this machine" + note, file=out)
    for line in report.lines():
        print(line, file=out)
    return 0


def _log_to(stream: TextIO) -> None:
    """Let the game's log (the start-up report of game/native/capabilities.py) be seen in the terminal."""
    import logging

    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("SMART Stars %(message)s"))
    logger = logging.getLogger("game")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # a library that sets up the root logger (speech engines do) would print it twice


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.about:
        return about(sys.stdout)
    if args.command == "translate":
        from .languages import po

        args.school = school_dirs(args)
        return po.run(args, sys.stdout)
    if args.command == "check":
        from .lessons.check import run_check

        return run_check(args.paths, args.json, sys.stdout, [] if args.paths else school_dirs(args))

    from .lessons.library import BUILTIN_LESSONS_DIR

    lesson_dirs = [BUILTIN_LESSONS_DIR]
    if args.command == "narrate":
        from .engine.app import default_cache_dir, default_data_dir
        from .lessons.library import LessonLibrary
        from .lessons.loader import LessonLoader
        from .lessons.pictures import PictureCatalog
        from .engine.settings import Settings
        from .speech.prerender import prerender

        library = LessonLibrary.load(LessonLoader(PictureCatalog()), lesson_dirs, school_dirs(args))
        settings = Settings.load(args.data_dir or default_data_dir())
        spoken = prerender(library, settings, args.cache_dir or default_cache_dir(), args.out, sys.stdout)
        if not args.no_cast:
            from .authoring.cast_ahead import draw_cast_ahead

            draw_cast_ahead(args.cache_dir or default_cache_dir(), lesson_dirs, school_dirs(args), sys.stdout)
        return spoken

    if args.command == "new-lesson":
        from .lessons.template import new_lesson

        folder = school_dirs(args)[0]
        try:
            path = new_lesson(args.letter, args.title, folder, args.out)
        except (ValueError, FileExistsError, OSError) as error:
            print(error, file=sys.stderr)
            return 1
        print(f"wrote {path}: edit it, then check it with  python play.py check {path}")
        return 0

    if args.command == "export":
        from .engine.app import default_data_dir
        from .progress.export import run_export

        def library():
            from .lessons.library import LessonLibrary
            from .lessons.loader import LessonLoader
            from .lessons.pictures import PictureCatalog

            return LessonLibrary.load(LessonLoader(PictureCatalog()), lesson_dirs, school_dirs(args))

        return run_export(args.data_dir or default_data_dir(), args.class_name, args.csv, args.answers, sys.stdout,
                          sys.stderr, hands_csv=args.hands, library=library)

    if args.command == "class":
        from .engine.app import default_data_dir
        from .progress.export import run_class

        return run_class(args.data_dir or default_data_dir(), args.name, args.import_csv, args.export_csv,
                         sys.stdout, sys.stderr)

    if args.command == "lrs":
        from .engine.app import default_data_dir
        from .sync import lrs_setup

        return lrs_setup.run(args.data_dir or default_data_dir(), args.endpoint, args.key, args.off,
                             sys.stdin, sys.stdout, sys.stderr, send_now=args.send)

    if args.command == "hub":
        from .engine.app import default_data_dir
        from .sync.run_hub import run_hub

        return run_hub(args.data_dir or default_data_dir(), args.port, args.class_name, args.allow_any_network,
                       not args.no_advert, sys.stdout, sys.stderr, host=args.host)
    if args.command == "share-folder":
        import threading

        from .engine.stop_signals import StopSignals
        from .sync.folder import run_share_folder

        if args.data_dir is None:  # only then: game.engine.app brings pygame and every scene with it
            from .engine.app import default_data_dir

            args.data_dir = default_data_dir()
        stopped = threading.Event()
        with StopSignals() as signals:
            signals.stop_with(stopped.set)
            return run_share_folder(args.data_dir, args.folder, teacher=args.teacher,
                                    new=args.new, once=args.once, out=sys.stdout, err=sys.stderr, stop=stopped)

    if args.command == "reset-pin":
        from .engine.app import default_data_dir
        from .classroom.teacher_pin import reset_pin

        return reset_pin(args.data_dir or default_data_dir(), sys.stdout, sys.stderr)

    if args.command == "storyboard":
        from .authoring.storyboard import run_storyboard

        return run_storyboard(args.file, args.out, args.board_size, sys.stdout, sys.stderr, args.cache_dir)

    if args.command == "preview":
        from dataclasses import replace

        from .engine.display_check import NoDisplay
        from .authoring.preview import run_preview
        from .engine.stop_signals import StopSignals

        try:
            with StopSignals() as stop:
                return run_preview(args.file, replace(play_options(args), size=args.preview_size or args.size),
                                   sys.stderr, stop)
        except NoDisplay as error:
            print(error, file=sys.stderr)
            return 1

    if args.command == "tour":
        from .authoring.tour import run_tour

        return run_tour(args.out, args.tour_size, lesson_dirs, sys.stdout, school_dirs(args),
                        cache_dir=args.cache_dir, data_dir=args.data_dir)

    from .engine.app import App
    from .engine.display_check import NoDisplay
    from .engine.stop_signals import StopSignals

    def list_problems(library) -> None:
        for problem in library.problems:
            print(problem.format(), file=sys.stderr)

    options = play_options(args)
    options.on_lessons_loaded = list_problems
    _log_to(sys.stderr)
    with StopSignals() as stop:  # Ctrl+C or kill from a terminal: close cleanly, every answer written
        try:
            app = App.create(options)
        except NoDisplay as error:
            print(error, file=sys.stderr)
            return 1
        stop.stop_with(app.quit)
        app.run()
    return 0  # closed as asked: from teacher mode, the window, or a signal

"""Setting up forwarding to an LRS, for a grown-up at the computer: ``python play.py lrs``.

The endpoint and key go in settings.json; the secret in its own file only this user can read
(game/sync/lrs.py). The secret is read from the terminal without echo, or from standard input, never from
the command line (other accounts can see a program's arguments while it runs).
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TextIO

from ..settings import Settings
from . import lrs


def configure(data_dir: Path, endpoint: str, key: str, secret: str) -> str:
    """Forward to ``endpoint`` as ``key``/``secret`` from now on; returns what to tell the grown-up.
    Raises LrsSettingsError (saying what to type instead) and changes nothing when one cannot work."""
    url = lrs.statements_url(endpoint)
    key, secret = key.strip(), secret.strip()
    if not key or not secret:
        raise lrs.LrsSettingsError("The LRS gives a key and a secret: both are needed")
    if ":" in key:
        raise lrs.LrsSettingsError("A key has no ':' in it (HTTP Basic uses ':' between key and secret)")
    lrs.save_secret(data_dir, secret)
    settings = Settings.load(data_dir)
    settings.lrs_endpoint, settings.lrs_key = endpoint.strip(), key
    settings.save(data_dir)
    plain = url.startswith("http://")
    return (f"Statements will be forwarded to {url} as '{key}'."
            + (" Warning: http:// is not encrypted; use https:// beyond the school's own network." if plain else ""))


def turn_off(data_dir: Path) -> str:
    settings = Settings.load(data_dir)
    settings.lrs_endpoint = settings.lrs_key = None
    settings.save(data_dir)
    (data_dir / lrs.SECRET_FILE).unlink(missing_ok=True)
    return "Nothing is forwarded to an LRS any more (the key and secret are forgotten)."


def describe(data_dir: Path) -> str:
    """Where statements go (never the secret itself)."""
    settings = Settings.load(data_dir)
    if not settings.lrs_endpoint:
        return "Not forwarding to an LRS."
    secret = "a secret is kept" if lrs.load_secret(data_dir) else "NO SECRET: set it again"
    return f"Forwarding to {lrs.statements_url(settings.lrs_endpoint)} as '{settings.lrs_key}' ({secret})."


def read_secret(stdin: TextIO) -> str:
    if stdin.isatty():
        return getpass.getpass("The LRS's secret (not shown as you type): ")
    return stdin.readline().strip()


def run(data_dir: Path, endpoint: str | None, key: str | None, off: bool,
        stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """``play.py lrs``: with --endpoint and --key, set forwarding up (the secret from stdin); --off stops it;
    neither says how it is set."""
    try:
        if off:
            print(turn_off(data_dir), file=out)
        elif endpoint or key:
            if not (endpoint and key):
                raise lrs.LrsSettingsError("Give both --endpoint and --key (the secret is asked for)")
            print(configure(data_dir, endpoint, key, read_secret(stdin)), file=out)
        else:
            print(describe(data_dir), file=out)
    except lrs.LrsSettingsError as problem:
        print(f"play.py lrs: {problem}", file=err)
        return 2
    except OSError as problem:
        print(f"play.py lrs: could not write the settings in {data_dir} ({problem})", file=err)
        return 1
    return 0

"""Setting up forwarding to an LRS, for a grown-up at the computer: ``python play.py lrs``.

The endpoint and key go in settings.json; the secret in its own file only this user can read
(game/sync/lrs.py). The secret is read from the terminal without echo, or from standard input, never from
the command line (other accounts can see a program's arguments while it runs).
"""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path
from typing import TextIO

from ..engine.settings import Settings
from ..progress.store import STORE_FILE, ProgressStore, StoreError
from . import ledger, lrs


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
    """Where statements go (never the secret itself), how many wait, and any the LRS refused, with why."""
    settings = Settings.load(data_dir)
    if not settings.lrs_endpoint:
        return "Not forwarding to an LRS."
    secret = "a secret is kept" if lrs.load_secret(data_dir) else "NO SECRET: set it again"
    lines = [f"Forwarding to {lrs.statements_url(settings.lrs_endpoint)} as '{settings.lrs_key}' ({secret})."]
    if (data_dir / STORE_FILE).exists():
        with ProgressStore(data_dir / STORE_FILE) as store:
            waiting, refused = ledger.forwarding(store)
        lines.append(f"{waiting} statement{'' if waiting == 1 else 's'} waiting to be sent.")
        if refused:
            lines.append(f"{len(refused)} the LRS refused (kept here, never sent again):")
            lines += [f"  {sid}: {why}" for sid, why in refused[:10]]
            if len(refused) > 10:
                lines.append(f"  ... and {len(refused) - 10} more")
    return "\n".join(lines)


def send(data_dir: Path, out: TextIO, err: TextIO) -> int:
    """Forward every waiting statement now, in this process (a hub PC's scheduled task, or to try a new
    key): 0 once all are sent or refused, 1 if the LRS could not take them (saying why)."""
    settings = Settings.load(data_dir)
    config = lrs.config_from(data_dir, settings.lrs_endpoint, settings.lrs_key)
    if config is None:
        print("play.py lrs: forwarding is not set up: python play.py lrs --endpoint URL --key KEY", file=err)
        return 2
    source = lrs.StoreSource(data_dir / STORE_FILE)
    sender = lrs.LrsForwarder(config, source)
    problem = None
    try:
        while sender.forward_once():
            pass
    except lrs.LrsUnavailable as unavailable:
        problem = str(unavailable)
    finally:
        sender.close()
        source.close()
    print(f"{sender.forwarded} statement{'' if sender.forwarded == 1 else 's'} forwarded, {sender.refused} refused.",
          file=out)
    if problem:
        print(problem, file=err)
        return 1
    return 0


def read_secret(stdin: TextIO) -> str:
    if stdin.isatty():
        return getpass.getpass("The LRS's secret (not shown as you type): ")
    return stdin.readline().strip()


def run(data_dir: Path, endpoint: str | None, key: str | None, off: bool,
        stdin: TextIO, out: TextIO, err: TextIO, send_now: bool = False) -> int:
    """``play.py lrs``: with --endpoint and --key, set forwarding up (the secret from stdin); --off stops it;
    --send forwards what waits now; none of them says how it is set."""
    try:
        if send_now:
            return send(data_dir, out, err)
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
    except (OSError, StoreError, sqlite3.Error) as problem:
        print(f"play.py lrs: could not use the data folder {data_dir} ({problem})", file=err)
        return 1
    return 0

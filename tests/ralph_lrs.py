"""Ralph LRS 5.1.0 for tests/test_lrs.py, with two of its file-system backend's bugs worked around.

Run with the python of Ralph's OWN virtual environment (tests/test_lrs.py makes it; Ralph pins its own
dependency versions), never imported by pytest:

    python ralph_lrs.py serve HOST PORT      the LRS (uvicorn in this process, no reloader)
    python ralph_lrs.py validate < FILE      each line a statement: "ok" or Ralph's pydantic error

The RALPH_* environment variables (backend fs, basic auth, app and data folders) are the caller's.

Why a launcher rather than ``python -m uvicorn ralph.api:app``: the fixes below must be in place in the
server's own process before Ralph answers anything, and nothing here changes what Ralph checks or stores:
1. The fs LRS backend writes its one statements file in "create" mode (FSDataBackend's default
   operation), so the FIRST POST works and every later POST that stores anything answers 500
   ("fs_lrs.jsonl already exists and overwrite is not allowed"). Statements belong appended to that
   file: the backend's default operation becomes APPEND.
2. ``GET /statements?verb=...`` and ``?activity=...`` never match: the query parameters arrive as
   pydantic ``IRI`` objects and are compared with ``==`` to the stored strings. They are compared as
   text instead.
"""

from __future__ import annotations

import json
import sys


def patch_ralph() -> None:
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND  # fix 1

    by_verb = FSLRSBackend._add_filter_by_verb
    by_activity = FSLRSBackend._add_filter_by_activity

    def _add_filter_by_verb(filters, verb_id):  # fix 2
        return by_verb(filters, None if verb_id is None else str(verb_id))

    def _add_filter_by_activity(filters, object_id, related):
        return by_activity(filters, None if object_id is None else str(object_id), related)

    FSLRSBackend._add_filter_by_verb = staticmethod(_add_filter_by_verb)
    FSLRSBackend._add_filter_by_activity = staticmethod(_add_filter_by_activity)


def serve(host: str, port: int) -> None:
    patch_ralph()
    import uvicorn

    uvicorn.run("ralph.api:app", host=host, port=port, log_level="warning", access_log=False)


def validate(lines) -> int:
    """Each statement checked by Ralph's full xAPI 1.0.3 model (stricter than what its POST checks)."""
    from pydantic import ValidationError
    from ralph.models.xapi.base.statements import BaseXapiStatement

    bad = 0
    for line in lines:
        if not line.strip():
            continue
        try:
            BaseXapiStatement.model_validate(json.loads(line))
            print("ok", flush=True)
        except ValidationError as error:
            bad += 1
            print(json.dumps(error.errors(include_url=False), default=str), flush=True)
    return bad


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1:2] == ["validate"]:
        validate(sys.stdin)
    else:
        sys.exit(__doc__)

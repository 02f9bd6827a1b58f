"""Cells a spreadsheet program will not run as a formula (CSV formula injection).

Excel, LibreOffice Calc and Google Sheets treat a cell that starts with ``=``, ``+``, ``-``, ``@``
(and, in some versions, a tab or carriage return) as a formula, so a pupil named
``=HYPERLINK("http://x","click")`` would run when the teacher opens an export. OWASP's rule, which
these programs honour, is to put a single quote in front of such a cell: it is shown as text and
the quote itself is not shown. ``unguard`` takes that quote off again when a list is read back in,
so a class list exported and imported again comes back exactly as it was.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value: object) -> object:
    """``value`` as a cell that cannot start a formula; numbers and non-text values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguard(value: str) -> str:
    """Undo ``guard``: a leading quote in front of what would start a formula is removed."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def guard_row(row: dict) -> dict:
    """Every cell of a CSV row guarded (for ``csv.DictWriter``)."""
    return {key: guard(value) for key, value in row.items()}

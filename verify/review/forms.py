"""Reading the review pages' forms: the acting account, whole numbers, spans, page numbers."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from flask import request

from ..access import acting_account
from ..ids import MAX_ID
from ..inputs.records import InvalidInput

_CONTROL = {"Cc", "Cf", "Cs", "Co", "Cn"}  # control, format, surrogate, private, unassigned


def form_editor() -> str:
    """The name of the logged-in account, which the history records for this action."""
    account = acting_account()
    return account.name if account is not None else ""


def form_note() -> str | None:
    """The optional "why" an editor gave with an action."""
    return request.form.get("note") or None


def form_int(field: str, wording: str) -> int:
    """A required whole number from the form."""
    value = (request.form.get(field) or "").strip()
    if not value:
        raise InvalidInput(f"{wording} is required")
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(f"{wording} must be a whole number, not {value!r}") from None
    if abs(number) > MAX_ID:
        raise InvalidInput(f"{wording} {number} is out of range: ids go up to {MAX_ID:,}")
    return number


def form_ids(field: str, wording: str) -> list[int]:
    """Every value of a repeated form field (ticked checkboxes) as ids."""
    try:
        chosen = [int(value) for value in request.form.getlist(field)]
    except ValueError:
        raise InvalidInput(f"{wording} must be given by id") from None
    if any(abs(number) > MAX_ID for number in chosen):
        raise InvalidInput(f"{wording} must be given by id; ids go up to {MAX_ID:,}")
    return chosen


def form_optional_int(field: str, wording: str) -> int | None:
    return form_int(field, wording) if (request.form.get(field) or "").strip() else None


def form_span() -> str | None:
    """The span as 'start, end' text for inputs.span, or None when both offsets are blank."""
    start, end = ((request.form.get(k) or "").strip() for k in ("span_start", "span_end"))
    if not start and not end:
        return None
    if not (start and end):
        raise InvalidInput("span needs both a start and an end offset")
    return f"{start}, {end}"


def page_number() -> int:
    return min(max(1, request.args.get("page", 1, type=int) or 1), MAX_ID)


def start_offset() -> int:
    """?from=: where a page of cards starts (0, the first, when missing or not a number)."""
    return min(max(0, request.args.get("from", 0, type=int) or 0), MAX_ID)


def is_local(target: str) -> bool:
    r"""Whether `target` is a path of this site, safe to redirect to.

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so `/\t/host`
    and `/\host` lead off the site just as `//host` does: any whitespace, control character
    or backslash is refused, and so is whatever urllib reads a scheme or a host in."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(char.isspace() or unicodedata.category(char) in _CONTROL for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and parts.path.startswith("/")

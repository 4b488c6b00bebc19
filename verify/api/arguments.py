"""What an API request sends: its body as text or a JSON object, paging, ids; who acts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app, request

from ..access import acting_account
from ..ids import MAX_ID
from ..inputs.files import decode, load_json
from ..inputs.records import InvalidInput

MAX_PAGE_SIZE = 500

_JSON_KINDS = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def body_text() -> str:
    """The request body as text; a body that is not UTF-8 names its first bad byte."""
    return decode(request.get_data(), "the request body")


def json_body(required: bool = True) -> dict[str, Any]:
    """The request body as a JSON object; an empty body is {} unless one is `required`."""
    text = body_text()
    if not text.strip():
        if required:
            raise InvalidInput("the request body is empty; send a JSON object")
        return {}
    document = load_json(text)
    if not isinstance(document, dict):
        kind = _JSON_KINDS.get(type(document), type(document).__name__)
        raise InvalidInput(f"the request body must be a JSON object, not {kind}")
    return document


def only_fields(body: Mapping[str, Any], known: Iterable[str], what: str) -> None:
    """Refuse fields the endpoint does not know, so a misspelt one is not silently dropped."""
    allowed = set(known)
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise InvalidInput(
            f"unknown field(s) for {what}: {', '.join(unknown)}; "
            f"known fields are: {', '.join(sorted(allowed))}"
        )


def editor_name(body: Mapping[str, Any] | None = None) -> str:
    """The name of the account whose token this request carries: the history records it.

    `body` is not read (an "editor" field is refused as unknown); it stays a parameter so that
    every action calls this the same way."""
    account = acting_account()
    return account.name if account is not None else ""


def whole_number(value: Any, field: str) -> int:
    """An id or count given in JSON: a whole number, not a string or true/false."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{field} must be a whole number, not {value!r}")
    if abs(value) > MAX_ID:
        raise InvalidInput(f"{field} {value} is out of range: ids and counts go up to {MAX_ID:,}")
    return value


def optional_id(value: Any, field: str) -> int | None:
    return None if value is None else whole_number(value, field)


def id_list(value: Any, field: str) -> list[int]:
    if not isinstance(value, list):
        raise InvalidInput(f"{field} must be a list of statement ids")
    return [whole_number(item, f"each of {field}") for item in value]


def query_int(name: str, low: int = 0, high: int = MAX_ID) -> int | None:
    """A whole-number query parameter within [low, high], or None when absent."""
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return None
    limits = f"from {low} to {high}"
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"?{name}= must be a whole number {limits}, not {raw!r}") from None
    if value < low or value > high:
        raise InvalidInput(f"?{name}= must be a whole number {limits}, not {value}")
    return value


def page_args() -> tuple[int, int]:
    """?limit= (1 to MAX_PAGE_SIZE, the configured page size by default) and ?offset=."""
    default = min(int(current_app.config.get("PAGE_SIZE", 50)), MAX_PAGE_SIZE)
    limit = query_int("limit", low=1, high=MAX_PAGE_SIZE)
    offset = query_int("offset")
    return (default if limit is None else limit), (offset or 0)


def query_text(name: str) -> str | None:
    raw = request.args.get(name, "")
    return raw.strip() or None


def required_field(body: Mapping[str, Any], name: str, hint: str) -> Any:
    """A field that must be present (null may still be a meaningful value)."""
    if name not in body:
        raise InvalidInput(f"{name} is required: {hint}")
    return body[name]


def action_body(*fields: str) -> dict[str, Any]:
    """The JSON object of an editor action: its own fields plus "note"."""
    body = json_body()
    only_fields(body, (*fields, "note"), "this action")
    return body

"""Validated inputs for sources and statements, and the error raised for bad ones.

Every way in (the UI's forms, the JSON API, JSON and CSV imports) turns raw values into these
dataclasses first, so one set of rules and one set of messages applies everywhere.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from ..choices import ATTRIBUTIONS, MAX_STATEMENT_CHARS, SIDES, SPEAKER_KINDS


class InvalidInput(ValueError):
    """Input that cannot be stored; the message names what is wrong and where."""


@dataclass(frozen=True)
class SourceInput:
    """An article as given: only the text, title or url identifies it."""

    title: str = ""
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    text: str = ""

    @property
    def content_hash(self) -> str:
        """Same article, same hash: the text when there is one, else the url, else the title."""
        basis = normalise_space(self.text) or (self.url or "").strip() or self.title.strip()
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StatementInput:
    """A statement as given, with its speaker described inline."""

    text: str
    speaker: str
    speaker_kind: str | None = None
    speaker_description: str | None = None
    anonymous: bool = False
    cue: str | None = None
    attribution: str | None = None
    span: tuple[int, int] | None = None
    said_on: date | None = None
    side: str | None = None
    source_key: str | None = None


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def _where(where: str) -> str:
    return f"{where}: " if where else ""


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def check_characters(value: str, field: str, where: str = "") -> str:
    """`value` unchanged, or refused when it holds what no database stores as text: a NUL
    character, or half of a surrogate pair (JSON's "\\ud800" alone)."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return value
    if found.group() == "\x00":
        problem = "a NUL character (\\u0000)"
    else:
        problem = f"a lone surrogate (\\u{ord(found.group()):04x}, half of a character)"
    raise InvalidInput(f"{_where(where)}{field} holds {problem} at position {found.start()}")


def optional_str(value: Any, field: str, where: str = "", limit: int = 2000) -> str | None:
    """A trimmed string, or None for a missing or blank value."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{_where(where)}{field} must be text, not {type(value).__name__}")
    check_characters(value, field, where)
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(f"{_where(where)}{field} is longer than {limit:,} characters")
    return value or None


WEB_SCHEMES = ("http", "https")  # the only URLs stored, so none runs script when clicked


def is_web_url(value: str) -> bool:
    """Whether `value` is a whole http(s) address with a host: nothing a browser would run
    (`javascript:`, `data:`), reach without a scheme (`//host`) or read otherwise than it shows
    (whitespace, control characters and backslashes, which browsers drop or turn into slashes)."""
    if any(
        char == "\\" or char.isspace() or unicodedata.category(char)[0] == "C" for char in value
    ):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # an unbalanced [ in the host
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def web_url(value: Any, field: str, where: str = "") -> str | None:
    """An http or https address (trimmed), or None for a missing or blank value."""
    url = optional_str(value, field, where, 2000)
    if url is None or is_web_url(url):
        return url
    raise InvalidInput(
        f"{_where(where)}{field} {url[:100]!r} is not a web address: it must start with "
        "http:// or https:// and a host, with no spaces or control characters (a space is %20)"
    )


def required_str(value: Any, field: str, where: str = "", limit: int = 2000) -> str:
    result = optional_str(value, field, where, limit)
    if result is None:
        raise InvalidInput(f"{_where(where)}{field} is required and must not be empty")
    return result


def statement_text(value: Any, where: str = "") -> str:
    """The statement's text: present, not only whitespace, at most MAX_STATEMENT_CHARS."""
    if isinstance(value, str) and len(value.strip()) > MAX_STATEMENT_CHARS:
        raise InvalidInput(
            f"{_where(where)}text is {len(value.strip()):,} characters; "
            f"the limit is {MAX_STATEMENT_CHARS:,}"
        )
    return required_str(value, "text", where, MAX_STATEMENT_CHARS)


def choice(value: Any, field: str, allowed: tuple[str, ...], where: str = "") -> str | None:
    """One word of a controlled vocabulary ('Anonymous official' reads as anonymous_official)."""
    text = optional_str(value, field, where, 100)
    if text is None:
        return None
    word = re.sub(r"[\s-]+", "_", text.lower())
    if word not in allowed:
        raise InvalidInput(
            f"{_where(where)}unknown {field} {text!r}; valid values are: {', '.join(allowed)}"
        )
    return word


def speaker_kind(value: Any, where: str = "") -> str | None:
    return choice(value, "speaker_kind", SPEAKER_KINDS, where)


def attribution(value: Any, where: str = "") -> str | None:
    return choice(value, "attribution", ATTRIBUTIONS, where)


def side(value: Any, where: str = "") -> str | None:
    """A side, or None for blank or 'unknown' (not yet decided)."""
    if isinstance(value, str) and value.strip().lower() in ("unknown", "none"):
        return None
    return choice(value, "side", SIDES, where)


_TRUE = {"true", "yes", "1", "y", "on"}
_FALSE = {"false", "no", "0", "n", "off", ""}


def flag_value(value: Any, field: str, where: str = "") -> bool:
    """A yes/no value from JSON (true/false) or text (yes/no, 1/0, true/false, blank)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise InvalidInput(f"{_where(where)}{field} must be true or false, not {value!r}")


def iso_date(value: Any, field: str, where: str = "") -> date | None:
    text = optional_str(value, field, where, 40)
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InvalidInput(
            f"{_where(where)}{field} {text!r} is not a date in the form YYYY-MM-DD"
        ) from None


# "10-42", "10:42", "10, 42", "[10, 42]", "(10 42)": two offsets, whatever sits between them.
_SPAN_TEXT = re.compile(r"\s*[\[(]?\s*(\d+)\s*(?:-|:|,|\s)\s*(\d+)\s*[\])]?\s*")


def span(value: Any, where: str = "") -> tuple[int, int] | None:
    """[start, end] offsets, from a JSON list or text such as '10-42', '10:42' or '[10, 42]'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        found = _SPAN_TEXT.fullmatch(value)
        if found is None:
            raise InvalidInput(
                f"{_where(where)}span {value!r} must be two offsets: start-end, start:end, "
                "start, end or [start, end]"
            )
        value = [int(found.group(1)), int(found.group(2))]
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise InvalidInput(f"{_where(where)}span must be [start, end], two whole numbers")
    start, end = value
    if start < 0 or end <= start:
        raise InvalidInput(f"{_where(where)}span [{start}, {end}] must have 0 <= start < end")
    return (start, end)


def check_span_within(span_value: tuple[int, int], text: str, where: str = "") -> None:
    """Refuse a span that does not lie inside its source's text."""
    start, end = span_value
    if end > len(text):
        raise InvalidInput(
            f"{_where(where)}span [{start}, {end}] is outside its source text "
            f"({len(text):,} characters)"
        )


def source_from_mapping(data: Mapping[str, Any], where: str = "") -> SourceInput:
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise InvalidInput(f"{_where(where)}text must be text, not {type(text).__name__}")
    source = SourceInput(
        title=optional_str(data.get("title"), "title", where, 500) or "",
        outlet=optional_str(data.get("outlet"), "outlet", where, 200),
        url=web_url(data.get("url"), "url", where),
        published=iso_date(data.get("published"), "published", where),
        text=text or "",
    )
    if not (source.text.strip() or source.url or source.title):
        raise InvalidInput(f"{_where(where)}a source needs a text, a url or a title")
    return source


def statement_from_mapping(data: Mapping[str, Any], where: str = "") -> StatementInput:
    source = data.get("source")
    if source is not None and not isinstance(source, str | int):
        raise InvalidInput(f"{_where(where)}source must be a source key")
    return StatementInput(
        text=statement_text(data.get("text"), where),
        speaker=required_str(data.get("speaker"), "speaker", where, 300),
        speaker_kind=speaker_kind(data.get("speaker_kind"), where),
        speaker_description=optional_str(
            data.get("speaker_description"), "speaker_description", where
        ),
        anonymous=flag_value(data.get("anonymous"), "anonymous", where),
        cue=optional_str(data.get("cue"), "cue", where, 100),
        attribution=attribution(data.get("attribution"), where),
        span=span(data.get("span"), where),
        said_on=iso_date(data.get("said_on"), "said_on", where),
        side=side(data.get("side"), where),
        source_key=None if source is None or source == "" else str(source),
    )

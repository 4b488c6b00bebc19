"""Reading import files (JSON or CSV bytes) into validated sources and statements."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from .records import (
    InvalidInput,
    SourceInput,
    StatementInput,
    check_characters,
    source_from_mapping,
    statement_from_mapping,
    web_url,
)

STATEMENT_FIELDS = (
    "text",
    "speaker",
    "speaker_kind",
    "speaker_description",
    "anonymous",
    "cue",
    "attribution",
    "span",
    "said_on",
    "side",
)
CSV_REQUIRED = ("text", "speaker")


@dataclass
class ImportBatch:
    """What one file holds: its sources by key, and statements that may name a source key."""

    sources: dict[str, SourceInput] = field(default_factory=dict)
    statements: list[StatementInput] = field(default_factory=list)


def decode(data: bytes, name: str = "the file") -> str:
    """UTF-8 text (a BOM is allowed), or a message naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise InvalidInput(
            f"{name} is not UTF-8 text (byte 0x{bad} at position {error.start})"
        ) from None


def parse_import(data: bytes, name: str = "the file") -> ImportBatch:
    """A JSON or CSV import; the format follows the file's extension, else its first character."""
    text = decode(data, name)
    lowered = name.lower()
    if lowered.endswith(".json"):
        return parse_json(text)
    if lowered.endswith(".csv"):
        return parse_csv(text)
    return parse_json(text) if text.lstrip()[:1] in ("{", "[") else parse_csv(text)


def load_json(text: str) -> Any:
    """The JSON document in `text`, refused with a message naming what is wrong: malformed,
    nested too deep for the parser, or holding a string no database stores (a lone surrogate
    such as \\ud800, or a NUL character)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"malformed JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise InvalidInput("the JSON is nested too deeply to read") from None
    pending: list[tuple[Any, str]] = [(document, "the JSON")]
    while pending:
        value, where = pending.pop()
        if isinstance(value, str):
            check_characters(value, where)
        elif isinstance(value, dict):
            for key, item in value.items():
                check_characters(key, f"a key of {where}")
                pending.append((item, f'"{key}"'))
        elif isinstance(value, list):
            pending.extend((item, where) for item in value)
    return document


def parse_json(text: str) -> ImportBatch:
    """`{"sources": [...], "statements": [...]}`; a bare list is read as statements."""
    document = load_json(text)
    if isinstance(document, list):
        document = {"statements": document}
    if not isinstance(document, dict):
        raise InvalidInput('JSON import must be an object with "sources" and "statements"')
    unknown = set(document) - {"sources", "statements"}
    if unknown:
        raise InvalidInput(f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    batch = ImportBatch()
    for number, item in enumerate(_list(document, "sources"), start=1):
        where = f"source {number}"
        if not isinstance(item, dict):
            raise InvalidInput(f"{where}: must be an object")
        key = item.get("key")
        key = str(number) if key is None or key == "" else str(key)
        if key in batch.sources:
            raise InvalidInput(f"{where}: duplicate key {key!r}")
        batch.sources[key] = source_from_mapping(item, where)
    for number, item in enumerate(_list(document, "statements"), start=1):
        where = f"statement {number}"
        if not isinstance(item, dict):
            raise InvalidInput(f"{where}: must be an object")
        statement = statement_from_mapping(item, where)
        if statement.source_key is not None and statement.source_key not in batch.sources:
            raise InvalidInput(f"{where}: source {statement.source_key!r} is not in sources")
        batch.statements.append(statement)
    if not batch.statements and not batch.sources:
        raise InvalidInput("the file holds no sources and no statements")
    return batch


def _list(document: dict[str, Any], key: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise InvalidInput(f'"{key}" must be a list')
    return value


def parse_csv(text: str) -> ImportBatch:
    """One statement per row, with the statement fields plus source_title and source_url."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in reader.fieldnames or []]
    except csv.Error as error:
        raise InvalidInput(f"malformed CSV header: {error}") from None
    if not header:
        raise InvalidInput("the CSV file is empty: it needs a header row")
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise InvalidInput(f"the CSV header names column(s) more than once: {', '.join(twice)}")
    reader.fieldnames = header
    missing = [name for name in CSV_REQUIRED if name not in header]
    if missing:
        raise InvalidInput(f"the CSV header lacks required column(s): {', '.join(missing)}")
    known = set(STATEMENT_FIELDS) | {"source_title", "source_url", "source_outlet"}
    unknown = [name for name in header if name not in known]
    if unknown:
        raise InvalidInput(
            f"unknown CSV column(s): {', '.join(unknown)}; "
            f"known columns are: {', '.join(sorted(known))}"
        )
    batch = ImportBatch()
    keys: dict[tuple[str, str], str] = {}
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InvalidInput(f"malformed CSV at line {reader.line_num}: {error}") from None
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        where = f"row {number}"
        if None in row:
            raise InvalidInput(f"{where}: more cells than columns in the header")
        absent = [name for name in CSV_REQUIRED if row.get(name) is None]
        if absent:
            raise InvalidInput(f"{where}: missing required column(s): {', '.join(absent)}")
        title = (row.get("source_title") or "").strip()
        url = (row.get("source_url") or "").strip()
        source_key = None
        if title or url:
            source_key = keys.setdefault((title, url), f"csv-{len(keys) + 1}")
            if source_key not in batch.sources:
                batch.sources[source_key] = SourceInput(
                    title=title,
                    url=web_url(url, "source_url", where),
                    outlet=(row.get("source_outlet") or "").strip() or None,
                )
        fields: dict[str, Any] = {name: row.get(name) for name in STATEMENT_FIELDS}
        fields["source"] = source_key
        batch.statements.append(statement_from_mapping(fields, where))
    if not batch.statements:
        raise InvalidInput("the CSV file has a header but no rows")
    return batch

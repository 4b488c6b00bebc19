"""What leaves the desk: every statement, or every group with its claims, members and sides, as
JSON or CSV text yielded a piece at a time (a desk of a million statements is never held whole).

The statements' JSON is an import file (docs/import-formats.md): importing it into an empty desk
gives back the sources, the statements and the sides a person set; the fields the import does not
read (ids, groups, suggestions) ride along for the reader. The CSVs are for spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..inputs.files import STATEMENT_FIELDS
from ..models import Claim, ClaimGroup, Membership, Source, Speaker, Statement

# Rows read from the database at a time, and so the most held in memory at once.
CHUNK = 500

# A statement's import fields (so the JSON export reads back as an import file), its side last
# among its group's columns.
STATEMENT_COLUMNS = (
    "id",
    *(name for name in STATEMENT_FIELDS if name != "side"),
    "status",
    "source",
    "source_title",
    "source_url",
    "source_outlet",
    "source_published",
    "group_id",
    "claim_id",
    "side",
    "side_set_by",
    "suggested_side",
)
MEMBER_COLUMNS = (
    "statement_id",
    "speaker",
    "text",
    "side",
    "side_set_by",
    "suggested_side",
    "confirmed_by",
)
GROUP_COLUMNS = (
    "group_id",
    "group_label",
    "group_flag",
    "group_flag_note",
    "group_flagged_by",
    "group_suggested_flag",
    "group_published_at",
    "claim_id",
    "claim_label",
    "claim_flag",
    "claim_flag_note",
    *MEMBER_COLUMNS,
)
FORMATS = ("csv", "json")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


# ---------------------------------------------------------------- statements


def _source_json(source: Source) -> dict[str, Any]:
    return {
        "key": str(source.id),
        "title": source.title,
        "outlet": source.outlet,
        "url": source.url,
        "published": _plain(source.published),
        "text": source.text,
    }


def _statement_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Every statement with its speaker, source and place, in id order."""
    query = (
        select(Statement, Speaker, Source, Membership)
        .join(Speaker, Speaker.id == Statement.speaker_id)
        .outerjoin(Source, Source.id == Statement.source_id)
        .outerjoin(Membership, Membership.statement_id == Statement.id)
        .order_by(Statement.id)
        .execution_options(yield_per=CHUNK)
    )
    for number, (statement, speaker, source, membership) in enumerate(session.execute(query)):
        if number and not number % CHUNK:
            session.expunge_all()  # what was written out need not stay in the session
        yield {
            "id": statement.id,
            "text": statement.text,
            "speaker": speaker.name,
            "speaker_kind": speaker.kind,
            "speaker_description": speaker.description,
            "anonymous": speaker.is_anonymous,
            "cue": statement.cue,
            "attribution": statement.attribution,
            "span": list(statement.span) if statement.span else None,
            "said_on": _plain(statement.said_on),
            "status": statement.status,
            "source": str(source.id) if source else None,
            "source_title": source.title if source else None,
            "source_url": source.url if source else None,
            "source_outlet": source.outlet if source else None,
            "source_published": _plain(source.published) if source else None,
            "group_id": membership.group_id if membership else None,
            "claim_id": membership.claim_id if membership else None,
            # A person's side only: the import keeps a file's side as a person's judgement.
            "side": membership.side if membership else None,
            "side_set_by": membership.side_set_by if membership else None,
            "suggested_side": membership.suggested_side if membership else None,
        }


def statements_json(session: Session) -> Iterator[str]:
    """`{"sources": [...], "statements": [...]}`: an import file with extra fields."""
    yield '{"sources": ['
    sources = session.scalars(select(Source).order_by(Source.id).execution_options(yield_per=CHUNK))
    for number, source in enumerate(sources):
        yield ("," if number else "") + "\n" + json.dumps(_source_json(source), ensure_ascii=False)
        if not (number + 1) % CHUNK:
            session.expunge_all()
    yield '\n], "statements": ['
    for number, row in enumerate(_statement_rows(session)):
        yield ("," if number else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "-".join(str(v) for v in value)  # a span, as the import reads it: start-end
    return "" if value is None else value


def _csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A header, then the rows, `CHUNK` to a piece of text."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield buffer.getvalue()
    for chunk in _chunks(rows):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([[_csv_cell(row[c]) for c in columns] for row in chunk])
        yield buffer.getvalue()


def statements_csv(session: Session) -> Iterator[str]:
    return _csv(STATEMENT_COLUMNS, _statement_rows(session))


# ---------------------------------------------------------------- groups


def _claim_json(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "label": claim.label,
        "flag": claim.flag,
        "flag_note": claim.flag_note,
        "flagged_by": claim.flagged_by,
        "suggested_flag": claim.suggested_flag,
        "central_statement_id": claim.central_statement_id,
    }


def _member_json(membership: Membership, speaker: str, text: str) -> dict[str, Any]:
    return {
        "statement_id": membership.statement_id,
        "claim_id": membership.claim_id,
        "speaker": speaker,
        "text": text,
        "side": membership.side,
        "side_set_by": membership.side_set_by,
        "suggested_side": membership.suggested_side,
        "confirmed_by": membership.confirmed_by,
    }


def _groups(session: Session) -> Iterator[dict[str, Any]]:
    """Every group with its claims and members, read CHUNK groups at a time."""
    ids = session.scalars(
        select(ClaimGroup.id).order_by(ClaimGroup.id).execution_options(yield_per=CHUNK)
    )
    for chunk in _chunks(ids):
        groups = session.scalars(select(ClaimGroup).where(ClaimGroup.id.in_(chunk))).all()
        claims: dict[int, list[dict[str, Any]]] = {}
        for claim in session.scalars(
            select(Claim).where(Claim.group_id.in_(chunk)).order_by(Claim.id)
        ):
            claims.setdefault(claim.group_id, []).append(_claim_json(claim))
        members: dict[int, list[dict[str, Any]]] = {}
        rows = session.execute(
            select(Membership, Speaker.name, Statement.text)
            .join(Statement, Statement.id == Membership.statement_id)
            .join(Speaker, Speaker.id == Statement.speaker_id)
            .where(Membership.group_id.in_(chunk))
            .order_by(Membership.group_id, Membership.statement_id)
        )
        for membership, speaker, text in rows:
            members.setdefault(membership.group_id, []).append(
                _member_json(membership, speaker, text)
            )
        for group in sorted(groups, key=lambda g: g.id):
            yield {
                "id": group.id,
                "label": group.label,
                "flag": group.flag,
                "flag_note": group.flag_note,
                "flagged_by": group.flagged_by,
                "suggested_flag": group.suggested_flag,
                "conflict": group.conflict,
                "central_statement_id": group.central_statement_id,
                "published_at": _plain(group.published_at),
                "published_by": group.published_by,
                "claims": claims.get(group.id, []),
                "members": members.get(group.id, []),
            }
        session.expunge_all()


def groups_json(session: Session) -> Iterator[str]:
    """`{"groups": [...]}`, each group with its claims and its members' sides."""
    yield '{"groups": ['
    for number, group in enumerate(_groups(session)):
        yield ("," if number else "") + "\n" + json.dumps(group, ensure_ascii=False)
    yield "\n]}\n"


def _group_rows(session: Session) -> Iterator[dict[str, Any]]:
    for group in _groups(session):
        labels = {claim["id"]: claim for claim in group["claims"]}
        base = {
            "group_id": group["id"],
            "group_label": group["label"],
            "group_flag": group["flag"],
            "group_flag_note": group["flag_note"],
            "group_flagged_by": group["flagged_by"],
            "group_suggested_flag": group["suggested_flag"],
            "group_published_at": group["published_at"],
        }
        empty = dict.fromkeys(GROUP_COLUMNS[len(base) :])
        if not group["members"]:
            yield {**base, **empty}  # an empty group still has its row
        for member in group["members"]:
            claim = labels.get(member["claim_id"], {})
            yield {
                **base,
                "claim_id": member["claim_id"],
                "claim_label": claim.get("label"),
                "claim_flag": claim.get("flag"),
                "claim_flag_note": claim.get("flag_note"),
                **{key: member[key] for key in MEMBER_COLUMNS},
            }


def groups_csv(session: Session) -> Iterator[str]:
    """One row per member of each group (an empty group: one row without a member)."""
    return _csv(GROUP_COLUMNS, _group_rows(session))


EXPORTS = {
    ("statements", "json"): statements_json,
    ("statements", "csv"): statements_csv,
    ("groups", "json"): groups_json,
    ("groups", "csv"): groups_csv,
}

"""Speakers as a person corrects them: merging two into one, splitting one, aliases, reading.

A statement's fingerprint includes its speaker's name, so every move of a statement to another
speaker recomputes it, and a move that would make two statements identical is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from ..inputs import records
from ..inputs.records import InvalidInput
from ..models import Speaker, SpeakerAlias, Statement
from .history import check_editor, check_split, record
from .listing import Page
from .lookups import NotFound
from .statements import find_speaker, fingerprint


@dataclass
class SpeakerSummary:
    """A speaker with how many statements are attributed to it, and how many still suggested."""

    speaker: Speaker
    statements: int
    suggested: int


def get_speaker(session: Session, speaker_id: int) -> Speaker:
    """The speaker with its aliases and statements loaded."""
    speaker = session.scalar(
        select(Speaker)
        .where(Speaker.id == speaker_id)
        .options(
            selectinload(Speaker.aliases),
            selectinload(Speaker.statements).selectinload(Statement.source),
            selectinload(Speaker.statements).selectinload(Statement.membership),
        )
    )
    if speaker is None:
        raise NotFound(f"no speaker with id {speaker_id}")
    return speaker


def list_speakers(session: Session, limit: int, offset: int = 0) -> Page[SpeakerSummary]:
    """Speakers by name (ignoring case), each with its statement counts."""
    counts = (
        select(
            Statement.speaker_id,
            func.count().label("statements"),
            func.sum(case((Statement.status == "suggested", 1), else_=0)).label("suggested"),
        )
        .group_by(Statement.speaker_id)
        .subquery()
    )
    query = (
        select(
            Speaker,
            func.coalesce(counts.c.statements, 0),
            func.coalesce(counts.c.suggested, 0),
        )
        .outerjoin(counts, counts.c.speaker_id == Speaker.id)
        .order_by(func.lower(Speaker.name), Speaker.id)
    )
    rows = session.execute(
        query.options(selectinload(Speaker.aliases)).limit(limit).offset(offset)
    ).all()
    items = [SpeakerSummary(speaker, int(total), int(waiting)) for speaker, total, waiting in rows]
    total = session.scalar(select(func.count()).select_from(Speaker)) or 0
    return Page(items, total, limit, offset)


def _move(session: Session, statements: Sequence[Statement], speaker: Speaker) -> None:
    """Attribute `statements` to `speaker`, with fingerprints recomputed and collisions refused."""
    moved = {s.id for s in statements}
    # All computed and checked before anything changes, so a refusal leaves the speakers intact.
    marks = {s.id: fingerprint(s.source, speaker, s.text, s.span) for s in statements}
    if len(set(marks.values())) < len(marks):
        raise InvalidInput(
            f"two of the statements would say exactly the same thing for {speaker.name}; "
            "delete one of them first"
        )
    clashes = session.execute(
        select(Statement.id, Statement.fingerprint).where(
            Statement.fingerprint.in_(list(marks.values())), Statement.id.not_in(moved)
        )
    ).all()
    if clashes:
        owner = {mark: statement_id for statement_id, mark in marks.items()}
        twin, mark = clashes[0]
        raise InvalidInput(
            f"statement {owner[mark]} would then say exactly what statement {twin} of "
            f"{speaker.name} says; delete one of them first"
        )
    for statement in statements:
        statement.speaker = speaker
        statement.fingerprint = marks[statement.id]


def merge_speakers(
    session: Session,
    keep_id: int,
    other_id: int,
    editor: str,
    note: str | None = None,
) -> Speaker:
    """Two records of one speaker become one: `other_id`'s statements move to `keep_id`, its
    name and aliases become aliases of the kept speaker, and it is deleted."""
    editor = check_editor(editor)
    if keep_id == other_id:
        raise InvalidInput("a speaker cannot be merged with itself")
    keep = get_speaker(session, keep_id)
    other = get_speaker(session, other_id)
    statements = list(other.statements)
    detail = {
        "kept": {"id": keep.id, "name": keep.name},
        "merged": {"id": other.id, "name": other.name},
        "statements": sorted(s.id for s in statements),
        "aliases": [other.name, *(a.alias for a in other.aliases)],
    }
    _move(session, statements, keep)
    if not keep.description and other.description:
        keep.description = other.description
    if keep.kind == "other" and other.kind != "other":
        keep.kind = other.kind
    names = {keep.name.lower(), *(a.alias.lower() for a in keep.aliases)}
    for alias in list(other.aliases):
        if alias.alias.lower() in names:
            other.aliases.remove(alias)  # delete-orphan removes the row
        else:
            alias.speaker = keep
            names.add(alias.alias.lower())
    session.flush()
    session.delete(other)
    session.flush()
    if other.name.lower() not in names and find_speaker(session, other.name) is None:
        keep.aliases.append(SpeakerAlias(alias=other.name))
    record(session, editor, "merge_speakers", None, None, detail, note)
    session.flush()
    return keep


def split_speaker(
    session: Session,
    speaker_id: int,
    statement_ids: Iterable[int],
    new_name: str,
    editor: str,
    kind: str | None = None,
    note: str | None = None,
) -> Speaker:
    """Some of a speaker's statements belong to someone else: they move to a new speaker called
    `new_name` (taking over that alias if it was one of the old speaker's)."""
    editor = check_editor(editor)
    name = records.required_str(new_name, "name", limit=300)
    chosen_kind = records.speaker_kind(kind)
    speaker = get_speaker(session, speaker_id)
    chosen = set(statement_ids)
    own = {s.id: s for s in speaker.statements}
    check_split(
        chosen,
        set(own),
        f"attributed to {speaker.name}",
        f"with {speaker.name}; to attribute them all to someone else, change each "
        "statement's speaker",
    )
    taken = find_speaker(session, name)
    alias = next((a for a in speaker.aliases if a.alias.lower() == name.lower()), None)
    if alias is not None:
        speaker.aliases.remove(alias)  # the name moves to the new speaker
        session.flush()
    elif taken is not None:
        raise InvalidInput(
            f"{name!r} is already speaker {taken.id} ({taken.name}); merge the speakers or "
            "change the statements' speaker instead"
        )
    new_kind = chosen_kind or speaker.kind
    new = Speaker(
        name=name,
        kind=new_kind,
        is_anonymous=new_kind == "anonymous_official"
        or (chosen_kind is None and speaker.is_anonymous),
    )
    session.add(new)
    session.flush()
    _move(session, [own[i] for i in sorted(chosen)], new)
    detail = {
        "from": {"id": speaker.id, "name": speaker.name},
        "to": {"id": new.id, "name": new.name},
        "statements": sorted(chosen),
        "alias_moved": alias is not None,
    }
    record(session, editor, "split_speaker", None, None, detail, note)
    session.flush()
    return new


def add_alias(
    session: Session, speaker_id: int, alias: str, editor: str, note: str | None = None
) -> SpeakerAlias:
    """Another name the speaker goes by; refused when a speaker already has that name."""
    editor = check_editor(editor)
    text = records.required_str(alias, "alias", limit=300)
    speaker = get_speaker(session, speaker_id)
    taken = find_speaker(session, text)
    if taken is not None:
        whose = "this speaker" if taken.id == speaker.id else f"speaker {taken.id} ({taken.name})"
        raise InvalidInput(f"{text!r} already names {whose}")
    entry = SpeakerAlias(alias=text)
    speaker.aliases.append(entry)
    record(
        session,
        editor,
        "add_alias",
        None,
        None,
        {"speaker": {"id": speaker.id, "name": speaker.name}, "alias": text},
        note,
    )
    session.flush()
    return entry


def remove_alias(
    session: Session, speaker_id: int, alias: str, editor: str, note: str | None = None
) -> None:
    """Forget one of a speaker's aliases (matched ignoring case)."""
    editor = check_editor(editor)
    text = records.required_str(alias, "alias", limit=300)
    speaker = get_speaker(session, speaker_id)
    entry = next((a for a in speaker.aliases if a.alias.lower() == text.lower()), None)
    if entry is None:
        raise InvalidInput(f"{text!r} is not an alias of {speaker.name}")
    speaker.aliases.remove(entry)
    record(
        session,
        editor,
        "remove_alias",
        None,
        None,
        {"speaker": {"id": speaker.id, "name": speaker.name}, "alias": entry.alias},
        note,
    )
    session.flush()

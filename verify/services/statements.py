"""Sources, speakers and statements: adding, importing, changing and deleting them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..embedding import Embedder
from ..grouping.index import GroupingParams, PlacementIndex, pick_best
from ..inputs import records
from ..inputs.files import ImportBatch
from ..inputs.records import InvalidInput, SourceInput, StatementInput
from ..models import Embedding, Membership, Source, Speaker, SpeakerAlias, Statement, name_key
from ..stance.relation import PairJudge
from . import judging, linking, stance
from .actions import set_side
from .events import merge_close_events
from .history import check_editor, record
from .lookups import NotFound, get_statement, new_group_id
from .pgvector_index import PgGroupIndex
from .placement import INDEXES, source_key, statement_anchors
from .settings import settings_of


def add_source(session: Session, given: SourceInput) -> tuple[Source, bool]:
    """The stored source for `given`, created unless the same article (or url) is stored."""
    source = session.scalar(select(Source).where(Source.content_hash == given.content_hash))
    if source is None and given.url:
        source = session.scalar(select(Source).where(Source.url == given.url).limit(1))
    if source is not None:
        return source, False
    source = Source(
        title=given.title,
        outlet=given.outlet,
        url=given.url,
        published=given.published,
        text=given.text,
        content_hash=given.content_hash,
    )
    session.add(source)
    session.flush()
    return source, True


def find_speaker(session: Session, name: str) -> Speaker | None:
    """The speaker called `name` or known by it as an alias, ignoring case."""
    key = name_key(name)
    speaker = session.scalar(select(Speaker).where(Speaker.key == key))
    if speaker is None:
        speaker = session.scalar(select(Speaker).join(SpeakerAlias).where(SpeakerAlias.key == key))
    return speaker


def resolve_speaker(
    session: Session,
    name: str,
    kind: str | None = None,
    description: str | None = None,
    anonymous: bool = False,
) -> Speaker:
    """The speaker of that name, created if new; a known speaker gains a kind it lacked."""
    speaker = find_speaker(session, name)
    if speaker is None:
        speaker = Speaker(
            name=name.strip(),
            kind=kind or ("anonymous_official" if anonymous else "other"),
            description=description,
            is_anonymous=anonymous,
        )
        session.add(speaker)
        session.flush()
        return speaker
    fill_speaker(speaker, kind, description, anonymous)
    return speaker


def fill_speaker(
    speaker: Speaker, kind: str | None, description: str | None, anonymous: bool
) -> None:
    """Give a speaker what it lacked: a kind other than 'other', a description, anonymity."""
    if kind and speaker.kind == "other":
        speaker.kind = kind
    if description and not speaker.description:
        speaker.description = description
    if anonymous and not speaker.is_anonymous:
        speaker.is_anonymous = True
        if speaker.kind == "other":
            speaker.kind = "anonymous_official"


def fingerprint(source: Source | None, speaker: Speaker, text: str, span: Any) -> str:
    parts = [
        source.content_hash if source else "",
        speaker.name.lower(),
        records.normalise_space(text),
        repr(tuple(span) if span else None),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass
class AddReport:
    added: list[Statement] = field(default_factory=list)
    skipped: int = 0
    sources_added: int = 0


def add_statements(
    session: Session,
    embedder: Embedder,
    given: Sequence[StatementInput],
    sources: Mapping[str, Source] | None = None,
    editor: str | None = None,
    *,
    judge: PairJudge | None = None,
    judge_stance: bool = False,
) -> AddReport:
    """Store new statements (already-stored ones are skipped), embed them in one batch and place
    each in the best group or a new one. The groups they joined are marked due for judging
    (`judging.judge_due`, a background job), unless `judge_stance` asks to judge them now."""
    speakers = _known_speakers(session, {item.speaker for item in given})
    prepared: list[tuple[StatementInput, Source | None, Speaker, str]] = []
    for number, item in enumerate(given, start=1):
        if item.side and not editor:
            raise InvalidInput("a side is a person's judgement: give the editor's name with it")
        source = None
        if item.source_key is not None:
            if sources is None or item.source_key not in sources:
                raise InvalidInput(f"statement {number}: unknown source {item.source_key!r}")
            source = sources[item.source_key]
        if item.span is not None:
            where = f"statement {number}" if len(given) > 1 else ""
            records.check_span_within(item.span, source.text if source else "", where)
        key = name_key(item.speaker)
        speaker = speakers.get(key)
        if speaker is None:
            speaker = speakers[key] = Speaker(name=item.speaker.strip(), kind="other")
            session.add(speaker)
        fill_speaker(speaker, item.speaker_kind, item.speaker_description, item.anonymous)
        prepared.append((item, source, speaker, fingerprint(source, speaker, item.text, item.span)))
    stored = _stored_fingerprints(session, [mark for *_, mark in prepared])
    report = AddReport()
    added_inputs: list[StatementInput] = []
    for item, source, speaker, mark in prepared:
        if mark in stored:
            report.skipped += 1
            continue
        stored.add(mark)
        statement = Statement(
            text=item.text,
            speaker=speaker,
            source=source,
            span_start=item.span[0] if item.span else None,
            span_end=item.span[1] if item.span else None,
            cue=item.cue,
            attribution=item.attribution,
            said_on=item.said_on,
            fingerprint=mark,
        )
        session.add(statement)
        report.added.append(statement)
        added_inputs.append(item)
    session.flush()
    if report.added:
        embed_and_place(session, embedder, report.added)
        for statement, item in zip(report.added, added_inputs, strict=True):
            if item.side and statement.membership is not None:
                # A side that arrives with the data is a person's judgement: keep who gave it.
                statement.membership.side = item.side
                statement.membership.side_set_by = editor
        placed = stance.placed_groups(report.added)
        if judge_stance:
            # After the sides above: a person's side is read, never judged.
            stance.judge_placed(session, placed, judge)
        else:
            judging.mark_due(session, placed)
    return report


def embed_and_place(
    session: Session, embedder: Embedder, statements: Sequence[Statement]
) -> np.ndarray:
    """Embed stored statements in one batch, keep their vectors and place each in a group."""
    vectors = embedder.encode([s.text for s in statements])
    _store_vectors(session, embedder.name, statements, vectors)
    place(session, embedder, statements, vectors)
    return vectors


def confirm_statements(
    session: Session,
    embedder: Embedder,
    statements: Sequence[Statement],
    editor: str,
    note: str | None = None,
) -> list[Statement]:
    """A person accepts suggested statements: they are embedded (one batch), placed in groups
    and the history records each one under the group it joined."""
    editor = check_editor(editor)
    for statement in statements:
        if not statement.is_suggested:
            raise InvalidInput(f"statement {statement.id} is already confirmed")
    confirmed = list(statements)
    for statement in confirmed:
        statement.status = "confirmed"
    if confirmed:
        embed_and_place(session, embedder, confirmed)
        judging.mark_due(session, stance.placed_groups(confirmed))
    for statement in confirmed:
        group_id = statement.membership.group_id if statement.membership else None
        detail = {"source_id": statement.source_id, "speaker": statement.speaker.name}
        record(session, editor, "confirm_statement", group_id, statement.id, detail, note)
    session.flush()
    return confirmed


def _known_speakers(session: Session, names: set[str], chunk: int = 500) -> dict[str, Speaker]:
    """Stored speakers known by any of `names` (as name or alias), by `name_key`: a few IN
    queries for a whole batch instead of two lookups per row."""
    wanted = sorted({name_key(name) for name in names})
    found: dict[str, Speaker] = {}
    for start in range(0, len(wanted), chunk):
        part = wanted[start : start + chunk]
        for speaker in session.scalars(select(Speaker).where(Speaker.key.in_(part))):
            found[speaker.key] = speaker
        aliased = session.execute(
            select(SpeakerAlias.key, Speaker)
            .join(Speaker, Speaker.id == SpeakerAlias.speaker_id)
            .where(SpeakerAlias.key.in_(part))
        )
        for key, speaker in aliased:
            found.setdefault(key, speaker)
    return found


def _stored_fingerprints(session: Session, marks: Sequence[str], chunk: int = 500) -> set[str]:
    """Which of `marks` are already stored, asked in a few IN queries rather than one per row."""
    found: set[str] = set()
    for start in range(0, len(marks), chunk):
        part = marks[start : start + chunk]
        found.update(
            session.scalars(select(Statement.fingerprint).where(Statement.fingerprint.in_(part)))
        )
    return found


def _store_vectors(
    session: Session, model: str, statements: Sequence[Statement], vectors: np.ndarray
) -> None:
    session.add_all(
        Embedding(statement_id=s.id, model=model, vector=v.astype(np.float32).tobytes())
        for s, v in zip(statements, vectors, strict=True)
    )
    session.flush()


def place(
    session: Session,
    embedder: Embedder,
    statements: Sequence[Statement],
    vectors: np.ndarray,
) -> None:
    """Put each statement in the group it fits best, or in a new group of its own.

    The statements of one article in the batch go together to the event their article is about
    when one reaches the article threshold (`linking.article_event`); the others are placed
    one by one, each only in an event of its article's days."""
    params = settings_of(session).grouping
    with INDEXES.lock:
        index = INDEXES.current(session, embedder.name, embedder.dimensions)
        touched: set[int] = set()
        try:
            marks = [
                statement_anchors(s.text, s.source.title if s.source else None) for s in statements
            ]
            days = linking.EventDays(session)
            events = _article_events(days, index, statements, vectors, marks, params)
            for row, (statement, vector) in enumerate(zip(statements, vectors, strict=True)):
                key = source_key(statement.source_id)
                published = statement.source.published if statement.source else None
                group_id = events.get(statement.source_id)
                if group_id is None:
                    scored = index.scores(vector, marks[row], key)
                    if published is not None:
                        scored = linking.dated(scored, days.of(scored), published, params)
                    group_id, _score = pick_best(scored, params)
                new = group_id is None
                if group_id is None:
                    group_id = new_group_id(session, statement.text)
                index.add(group_id, vector, marks[row], key, new=new)
                days.add(group_id, published, new)
                similarity = index.cosine(group_id, vector)
                statement.membership = Membership(group_id=group_id, similarity=similarity)
                touched.add(group_id)
            session.flush()
            merged = merge_close_events(session, index, touched, params)
        except BaseException:
            INDEXES.discard(session, embedder.name)  # it may hold part of this failed batch
            raise
        changed = {*merged, *merged.values()}
        if changed or not isinstance(index, PgGroupIndex):  # pgvector's add() moved the token
            INDEXES.mark_changed(session, changed, embedder.name, placed=len(statements))


def _article_events(
    days: linking.EventDays,
    index: PlacementIndex,
    statements: Sequence[Statement],
    vectors: np.ndarray,
    marks: Sequence[frozenset[str]],
    params: GroupingParams,
) -> dict[int | None, int]:
    """Source id -> the event its statements in this batch join together (where one is found)."""
    rows: dict[int, list[int]] = {}
    for row, statement in enumerate(statements):
        if statement.source_id is not None:
            rows.setdefault(statement.source_id, []).append(row)
    events: dict[int | None, int] = {}
    for source_id, held in rows.items():
        source = statements[held[0]].source
        event = linking.article_event(
            days,
            index,
            vectors[held],
            frozenset().union(*(marks[r] for r in held)),
            source.published if source else None,
            params,
        )
        if event is not None:
            events[source_id] = event
    return events


_SIMPLE_FIELDS: dict[str, Callable[[Any], Any]] = {
    "cue": lambda value: records.optional_str(value, "cue", limit=100),
    "attribution": records.attribution,
    "said_on": lambda value: records.iso_date(value, "said_on"),
}
EDITABLE = {"text", "speaker", "speaker_kind", "span", "side", *_SIMPLE_FIELDS}


def update_statement(
    session: Session,
    embedder: Embedder,
    statement_id: int,
    changes: Mapping[str, Any],
    editor: str,
    note: str | None = None,
) -> Statement:
    """Change a statement's fields and record what they were; new text is re-embedded (the
    statement stays in its group). `speaker_kind` changes the kind of the speaker itself.

    A suggested statement has no vector yet, so new text is only embedded when it is confirmed.
    Giving a suggested statement a side confirms it first (a side is a person's judgement of a
    statement they accept), so it joins a group and the side is set there."""
    editor = check_editor(editor)
    statement = get_statement(session, statement_id)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidInput(f"cannot change: {', '.join(sorted(unknown))}")
    chosen_side = records.side(changes["side"]) if "side" in changes else None
    before: dict[str, Any] = {}
    if "text" in changes:
        text = records.statement_text(changes["text"])
        if text != statement.text:
            before["text"] = statement.text
            statement.text = text
            if not statement.is_suggested:
                vector = embedder.encode([text])[0]
                session.execute(delete(Embedding).where(Embedding.statement_id == statement.id))
                _store_vectors(session, embedder.name, [statement], vector[None, :])
                membership = statement.membership
                INDEXES.mark_changed(session, {membership.group_id} if membership else ())
    if "speaker" in changes:
        name = records.required_str(changes["speaker"], "speaker", limit=300)
        speaker = resolve_speaker(session, name)
        if speaker.id != statement.speaker_id:
            before["speaker"] = statement.speaker.name
            statement.speaker = speaker
    if "speaker_kind" in changes:
        kind = records.speaker_kind(changes["speaker_kind"]) or "other"
        if kind != statement.speaker.kind:
            before["speaker_kind"] = statement.speaker.kind
            statement.speaker.kind = kind
    for name, parse in _SIMPLE_FIELDS.items():
        if name in changes:
            value = parse(changes[name])
            if value != getattr(statement, name):
                old = getattr(statement, name)
                before[name] = old.isoformat() if hasattr(old, "isoformat") else old
                setattr(statement, name, value)
    if "span" in changes:
        span = records.span(changes["span"])
        if span is not None:
            records.check_span_within(span, statement.source.text if statement.source else "")
        if span != statement.span:
            before["span"] = list(statement.span) if statement.span else None
            statement.span_start, statement.span_end = span if span else (None, None)
    side_changes = "side" in changes and (
        statement.is_suggested
        or statement.membership is None
        or statement.membership.side != chosen_side
        or statement.membership.side_set_by is None
    )
    if not before and not side_changes:
        raise InvalidInput("nothing to change: every given value is already stored")
    if before:
        check_fingerprint(session, statement)
        group_id = statement.membership.group_id if statement.membership else None
        record(session, editor, "edit_statement", group_id, statement.id, {"before": before}, note)
        if group_id is not None and before.keys() & {"text", "speaker", "cue"}:
            # What the judge reads changed: judge the statement again as if it had just joined.
            session.flush()
            stance.judge_placed(session, {group_id: [statement.id]})
    if side_changes:
        if statement.is_suggested:
            confirm_statements(session, embedder, [statement], editor, note)
        set_side(session, statement.id, chosen_side, editor, note)
    session.flush()
    return statement


def check_fingerprint(session: Session, statement: Statement) -> None:
    """Give a changed statement its new fingerprint, refusing one another statement holds."""
    mark = fingerprint(statement.source, statement.speaker, statement.text, statement.span)
    twin = session.scalar(
        select(Statement.id).where(Statement.fingerprint == mark, Statement.id != statement.id)
    )
    if twin is not None:
        raise InvalidInput(f"statement {twin} already says exactly this")
    statement.fingerprint = mark


def delete_statement(
    session: Session, statement_id: int, editor: str, note: str | None = None
) -> None:
    """Remove a statement, its vectors and its membership; the history keeps a copy of its text."""
    editor = check_editor(editor)
    statement = get_statement(session, statement_id)
    group_id = statement.membership.group_id if statement.membership else None
    detail = {"text": statement.text, "speaker": statement.speaker.name}
    record(session, editor, "delete_statement", group_id, statement.id, detail, note)
    session.delete(statement)
    session.flush()
    INDEXES.mark_changed(session, () if group_id is None else {group_id})
    if group_id is not None:
        stance.judge_placed(session, {group_id: []})


def check_import(batch: ImportBatch) -> None:
    """Refuse, before anything is written, what `add_statements` would refuse in the middle of a
    batched import: a span outside its source's text (parsing already refused unknown source
    keys)."""
    for number, item in enumerate(batch.statements, start=1):
        if item.span is not None:
            source = batch.sources.get(item.source_key) if item.source_key is not None else None
            records.check_span_within(
                item.span, source.text if source else "", f"statement {number}"
            )


def store_sources(session: Session, batch: ImportBatch) -> tuple[dict[str, Source], int]:
    """A file's sources by their keys (each stored once), and how many were new."""
    stored: dict[str, Source] = {}
    added = 0
    for key, given in batch.sources.items():
        stored[key], created = add_source(session, given)
        added += created
    return stored, added


def import_batch(
    session: Session, embedder: Embedder, batch: ImportBatch, editor: str = "import"
) -> AddReport:
    """Store a parsed import file: its sources (deduplicated) and statements (deduplicated)."""
    stored, sources_added = store_sources(session, batch)
    report = add_statements(session, embedder, batch.statements, stored, editor)
    report.sources_added = sources_added
    return report


def add_statement(
    session: Session,
    embedder: Embedder,
    given: StatementInput,
    source_id: int | None = None,
    editor: str | None = None,
) -> tuple[Statement, bool]:
    """One statement from a form or the API, optionally in a stored source.

    Returns the statement and whether it was new (an identical stored one is returned as is)."""
    sources: dict[str, Source] = {}
    if source_id is not None:
        source = session.get(Source, source_id)
        if source is None:
            raise NotFound(f"no source with id {source_id}")
        sources["source"] = source
        given = replace(given, source_key="source")
    elif given.source_key is not None:
        raise InvalidInput("a statement names its source by source_id")
    report = add_statements(session, embedder, [given], sources, editor)
    if report.added:
        return report.added[0], True
    source = sources.get("source")
    speaker = resolve_speaker(session, given.speaker)
    mark = fingerprint(source, speaker, given.text, given.span)
    existing = session.scalars(select(Statement).where(Statement.fingerprint == mark)).one()
    return existing, False

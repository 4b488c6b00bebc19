"""Articles in, suggested statements out; a person confirms them into groups.

Extraction only suggests: a suggested statement is stored with its spans, cue, speaker and
confidences but has no vector and no group until someone confirms it (one by one or a whole
source at once). Edits go through `update_statement`, removals through `delete_statement`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import extraction
from ..choices import ATTRIBUTIONS, MAX_STATEMENT_CHARS, SPEAKER_KINDS
from ..embedding import Embedder
from ..extraction import Extracted
from ..inputs.records import InvalidInput, SourceInput
from ..models import Source, Speaker, SpeakerAlias, Statement
from .history import check_editor
from .lookups import NotFound, get_statement
from .statements import (
    add_source,
    confirm_statements,
    fill_speaker,
    find_speaker,
    fingerprint,
    resolve_speaker,
)

Extractor = Callable[[str], Sequence[Extracted]]

# Words that refer to a speaker without naming one: never stored as an alias, since an alias
# matches the speaker in every later article.
_REFERRING_WORDS = frozenset("he she they it we i you his her their its".split())


@dataclass
class IngestReport:
    """What ingesting one article did: its source, whether it was new, what was suggested."""

    source: Source
    created: bool
    suggested: list[Statement] = field(default_factory=list)
    # Attributions the extractor returned that could not be stored (bad span, empty text,
    # repeated); counted so a bench or a log can notice.
    skipped: int = 0

    @property
    def summary(self) -> str:
        title = self.source.title or f"source #{self.source.id}"
        if not self.created:
            return f"already ingested as source #{self.source.id}: nothing added"
        if not self.suggested:
            return f"no statements found in {title}"
        count = len(self.suggested)
        return f"found {count} statement(s) in {title}; waiting for confirmation"


def ingest_article(
    session: Session, given: SourceInput, extract: Extractor = extraction.extract
) -> IngestReport:
    """Store the article (once: the same text again adds nothing) and what extraction finds in
    it as suggested statements, with their speakers resolved and the speakers' other spellings
    kept as aliases. Nothing is embedded or grouped until a person confirms.

    Extraction (seconds to a minute for a long article) runs before the database is touched, so
    no write lock or transaction is held meanwhile; an article already stored costs that
    extraction for nothing, which is rare and harmless."""
    if not given.text.strip():
        raise InvalidInput("the article is empty")
    found = extract(given.text)
    source, created = add_source(session, given)
    report = IngestReport(source=source, created=created)
    if not created:
        return report
    speakers: dict[str, Speaker] = {}
    marks: set[str] = set()
    for item in found:
        statement = _suggestion(session, source, item, speakers)
        if statement is None or statement.fingerprint in marks:
            report.skipped += 1
            continue
        marks.add(statement.fingerprint)
        session.add(statement)
        report.suggested.append(statement)
    session.flush()
    return report


def _suggestion(
    session: Session, source: Source, item: Extracted, speakers: dict[str, Speaker]
) -> Statement | None:
    """A suggested statement for one extraction, or None when it cannot be stored as given."""
    content = _span_in(item.content, source.text)
    text = (item.text or "").strip()
    if content is not None and not text:
        text = source.text[content[0] : content[1]].strip()
    name = (item.speaker or "").strip()
    if content is None or not text or len(text) > MAX_STATEMENT_CHARS or not 0 < len(name) <= 300:
        return None
    kind = item.speaker_kind if item.speaker_kind in SPEAKER_KINDS else None
    description = (item.speaker_description or "").strip() or None
    key = name.lower()
    speaker = speakers.get(key)
    if speaker is None:
        speaker = speakers[key] = resolve_speaker(session, name, kind, description, item.anonymous)
    else:
        fill_speaker(speaker, kind, description, item.anonymous)
    _add_aliases(session, speaker, item.aliases)
    mention = _span_in(item.source, source.text)
    cue = _span_in(item.cue, source.text)
    return Statement(
        text=text,
        speaker=speaker,
        source=source,
        status="suggested",
        span_start=content[0],
        span_end=content[1],
        mention_start=mention[0] if mention else None,
        mention_end=mention[1] if mention else None,
        cue_start=cue[0] if cue else None,
        cue_end=cue[1] if cue else None,
        cue=(item.cue_word or "").strip()[:100] or None,
        attribution=item.attribution if item.attribution in ATTRIBUTIONS else None,
        confidence=_unit(item.confidence),
        kind_confidence=_unit(item.kind_confidence),
        fingerprint=fingerprint(source, speaker, text, content),
    )


def _span_in(span: tuple[int, int] | None, text: str) -> tuple[int, int] | None:
    if span is None:
        return None
    start, end = span
    return (start, end) if 0 <= start < end <= len(text) else None


def _unit(value: float | None) -> float | None:
    return None if value is None else min(1.0, max(0.0, float(value)))


def _add_aliases(session: Session, speaker: Speaker, aliases: Sequence[str]) -> None:
    """Keep the extractor's other spellings of a speaker as aliases, where no speaker uses them.

    Only name-like spellings qualify: a lower-case phrase ("the official") or a pronoun would
    make every later speaker described that way resolve to this one."""
    for alias in aliases:
        alias = " ".join(alias.split())
        if (
            not alias
            or len(alias) > 300
            or alias[0].islower()
            or alias.lower() in _REFERRING_WORDS
            or alias.lower() == speaker.name.lower()
        ):
            continue
        if find_speaker(session, alias) is None:
            session.add(SpeakerAlias(speaker=speaker, alias=alias))
            session.flush()


def confirm_statement(
    session: Session,
    embedder: Embedder,
    statement_id: int,
    editor: str,
    note: str | None = None,
) -> Statement:
    """A person accepts one suggested statement: it is embedded, placed in a group, recorded."""
    statement = get_statement(session, statement_id)
    confirm_statements(session, embedder, [statement], editor, note)
    return statement


def confirm_source(
    session: Session,
    embedder: Embedder,
    source_id: int,
    editor: str,
    note: str | None = None,
) -> list[Statement]:
    """Confirm every suggested statement of a source in one batch (one call to the model)."""
    editor = check_editor(editor)
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"no source with id {source_id}")
    waiting = list(
        session.scalars(
            select(Statement)
            .where(Statement.source_id == source_id, Statement.status == "suggested")
            .order_by(Statement.span_start, Statement.id)
        )
    )
    if not waiting:
        raise InvalidInput(f"source {source_id} has no suggested statements to confirm")
    return confirm_statements(session, embedder, waiting, editor, note)


def source_statements(session: Session, source_id: int) -> list[Statement]:
    """Every statement of a source, suggested or confirmed, in the order of the text."""
    if session.get(Source, source_id) is None:
        raise NotFound(f"no source with id {source_id}")
    return list(
        session.scalars(
            select(Statement)
            .where(Statement.source_id == source_id)
            .order_by(Statement.span_start, Statement.id)
        )
    )

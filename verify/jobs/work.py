"""What each kind of job does, step by step, recording its progress as it stores its work.

Every step is a short transaction that stores part of the work together with the job's
progress, so a job killed between steps resumes after the last step stored, and one killed
inside a step leaves nothing of that step behind (`store.claim` hands it to the next worker).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from ..choices import JobKind
from ..embedding import Embedder, Precomputed
from ..inputs.files import parse_import
from ..inputs.records import InvalidInput, source_from_mapping
from ..models import Job, Source
from ..services import judging
from ..services.articles import ingest_article
from ..services.statements import add_statements, check_import, store_sources
from . import store

log = logging.getLogger(__name__)

# Statements per transaction of an import: a writer waiting on the desk waits at most one batch.
IMPORT_BATCH = 256
# Articles longer than this (characters of text) are extracted by a job, not in the request.
LARGE_ARTICLE_CHARS = 20_000

Progress = Callable[[int, int | None], None]


@dataclass
class Context:
    """What jobs need from the app: sessions that write, and the embedder."""

    sessions: sessionmaker[Session]
    embedder: Embedder
    stale_after: float = store.STALE_AFTER
    batch: int = IMPORT_BATCH


@dataclass
class Outcome:
    """How a job ended, and whether it left groups whose sides are due."""

    state: str
    message: str
    kind: JobKind
    sides_due: bool = False


def perform(context: Context, job_id: str, progress: Progress | None = None) -> Outcome | None:
    """Run the job if this process can claim it; None when it is finished or held elsewhere."""
    with context.sessions() as session, session.begin():
        job = store.claim(session, job_id, context.stale_after)
        if job is None:
            return None
        kind = JobKind(job.kind)
        session.expunge(job)
    try:
        message = _KINDS[kind](context, job, progress)
        error = None
    except InvalidInput as refused:
        message, error = "refused", str(refused)
    except Exception as crash:  # the row says so; the worker goes on with other jobs
        log.exception("job %s (%s) failed", job_id, kind.value)
        message, error = "failed", f"{type(crash).__name__}: {crash}"
    with context.sessions() as session, session.begin():
        store.finish(session, job_id, message, error)
        due = judging.count_due(session) > 0
    return Outcome("failed" if error else "done", error or message, kind, due)


def _import(context: Context, job: Job, progress: Progress | None) -> str:
    """An import file: sources first, then statements in batches, each with the job's progress."""
    batch = parse_import((job.input or "").encode("utf-8"), job.name or "the file")
    check_import(batch)  # the whole file is checked before anything is written
    result: dict[str, Any] = dict(job.result or {})
    with context.sessions() as session, session.begin():
        stored, sources_added = store_sources(session, batch)
        source_ids = {key: source.id for key, source in stored.items()}
        result["sources_added"] = result.get("sources_added", 0) + sources_added
    total = len(batch.statements)
    done = min(job.done, total)
    added, skipped = result.get("added", 0), result.get("skipped", 0)
    for start in range(done, total, context.batch):
        part = batch.statements[start : start + context.batch]
        texts = [item.text for item in part]
        known = Precomputed(context.embedder, texts, context.embedder.encode(texts))
        with context.sessions() as session, session.begin():
            sources = {key: session.get_one(Source, number) for key, number in source_ids.items()}
            report = add_statements(session, known, part, sources, job.editor)
            added += len(report.added)
            skipped += report.skipped
            result.update(added=added, skipped=skipped)
            store.progress(session, job.id, start + len(part), total, **result)
        if progress is not None:
            progress(start + len(part), total)
    if total == 0:
        result.update(added=0, skipped=0)
        with context.sessions() as session, session.begin():
            store.progress(session, job.id, 0, 0, **result)
    return (
        f"imported {added} statement(s) and {result['sources_added']} source(s); "
        f"{skipped} already stored"
    )


def _article(context: Context, job: Job, progress: Progress | None) -> str:
    """A large article: extraction (outside any transaction), then its suggestions stored."""
    fields = json.loads(job.input or "{}")
    given = source_from_mapping(fields)
    with context.sessions() as session, session.begin():
        report = ingest_article(session, given)
        result = {
            "source_id": report.source.id,
            "created": report.created,
            "suggested": len(report.suggested),
        }
        store.progress(session, job.id, 1, 1, **result)
        summary = report.summary
    if progress is not None:
        progress(1, 1)
    return summary


def _stance(context: Context, job: Job, progress: Progress | None) -> str:
    """Judge the sides of every due group, one group per transaction."""

    def step(done: int, total: int) -> None:
        with context.sessions() as session, session.begin():
            store.progress(session, job.id, done, total)
        if progress is not None:
            progress(done, total)

    judged, failed = judging.judge_due(context.sessions, progress=step)
    if failed:
        raise RuntimeError(f"judging failed in group(s) {', '.join(map(str, failed))}")
    return f"judged the sides of {judged} group(s)"


_KINDS: dict[JobKind, Callable[[Context, Job, Progress | None], str]] = {
    JobKind.IMPORT: _import,
    JobKind.ARTICLE: _article,
    JobKind.STANCE: _stance,
}

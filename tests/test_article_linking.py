"""An article joins the event it is about as a whole, and only an event of its days
(`verify.services.linking`). Given vectors (no model) on the real database, then the invented
coverage with the real model."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from coverage_fixture import ARTICLES
from placement_fixture import DIMENSIONS, EMBEDDER
from sqlalchemy import select
from sqlalchemy.orm import Session

from verify import services
from verify.embedding import Embedder
from verify.grouping.index import DEFAULT_PARAMS
from verify.inputs.records import source_from_mapping
from verify.models import Embedding, Membership, Source, Speaker, Statement
from verify.services import statements
from verify.services.linking import within_days
from verify.services.settings import settings_of
from verify.services.statements import place

RNG = np.random.default_rng(11)
EVENT = RNG.normal(size=DIMENSIONS)
ASIDES = RNG.normal(size=(3, DIMENSIONS))


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _article(session: Session, published: date | None, vectors: list[np.ndarray]) -> list[int]:
    """Store one article's statements with `vectors`, place them in one batch, as confirming
    an article does; their group ids."""
    speaker = session.scalar(select(Speaker).where(Speaker.key == "an official"))
    if speaker is None:
        speaker = Speaker(name="An official", key="an official", kind="other")
    source = Source(
        title="Report", text="words", content_hash=uuid.uuid4().hex, published=published
    )
    said = [
        Statement(
            text=f"the official said the {('first', 'second', 'third')[i]} thing",
            speaker=speaker,
            source=source,
            fingerprint=uuid.uuid4().hex,
        )
        for i in range(len(vectors))
    ]
    session.add_all(said)
    session.flush()
    session.add_all(
        Embedding(statement_id=s.id, model=EMBEDDER.name, vector=v.tobytes())
        for s, v in zip(said, vectors, strict=True)
    )
    place(session, EMBEDDER, said, np.stack(vectors))
    return [s.membership.group_id for s in said if s.membership is not None]


def _report(first_aside: int) -> list[np.ndarray]:
    """An article about the event whose first statement is about something else: alone it
    matches nothing, but the article as a whole is about the event."""
    return [
        _unit(ASIDES[first_aside] + 0.3 * EVENT),
        _unit(EVENT + 0.4 * RNG.normal(size=DIMENSIONS) / np.sqrt(DIMENSIONS) * 10),
        _unit(EVENT + 0.4 * RNG.normal(size=DIMENSIONS) / np.sqrt(DIMENSIONS) * 10),
    ]


def test_an_article_joins_the_event_as_a_whole(db_session: Session) -> None:
    first = _article(db_session, date(2030, 3, 1), _report(0))
    second = _article(db_session, date(2030, 3, 2), _report(1))
    assert len(set(first)) == 1
    assert set(second) == set(first)  # its aside went with it


def test_an_article_of_other_days_opens_an_event_of_its_own(db_session: Session) -> None:
    first = _article(db_session, date(2030, 3, 1), _report(0))
    later = _article(db_session, date(2030, 3, 20), _report(1))
    assert not set(later) & set(first)


def test_undated_articles_are_not_kept_apart_by_date(db_session: Session) -> None:
    first = _article(db_session, date(2030, 3, 1), _report(0))
    undated = _article(db_session, None, _report(1))
    assert set(undated) == set(first)


def test_with_the_threshold_off_each_statement_decides(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    off = replace(settings_of(db_session), grouping=replace(DEFAULT_PARAMS, article_threshold=0))
    monkeypatch.setattr(statements, "settings_of", lambda session: off)
    first = _article(db_session, date(2030, 3, 1), _report(0))
    second = _article(db_session, date(2030, 3, 2), _report(1))
    assert set(first[1:]) == set(second[1:])  # the event's statements still meet
    assert second[0] != first[0]  # but the aside no longer follows its article


@pytest.mark.parametrize(
    ("days", "published", "limit", "joins"),
    [
        ((date(2030, 3, 1), date(2030, 3, 3)), date(2030, 3, 2), 3, True),
        ((date(2030, 3, 1), date(2030, 3, 3)), date(2030, 3, 6), 3, True),  # 3 days after
        ((date(2030, 3, 1), date(2030, 3, 3)), date(2030, 3, 7), 3, False),  # 4 days after
        ((date(2030, 3, 1), date(2030, 3, 3)), date(2030, 2, 26), 3, True),  # 3 days before
        ((date(2030, 3, 1), date(2030, 3, 3)), date(2030, 2, 25), 3, False),
        ((date(2030, 3, 1), date(2030, 3, 6)), date(2030, 3, 8), 3, False),  # would span 7
        ((date(2030, 3, 1), date(2030, 3, 6)), date(2030, 3, 7), 3, True),  # spans 6
        (None, date(2030, 3, 5), 3, True),
        ((date(2030, 3, 1), date(2030, 3, 1)), None, 3, True),
    ],
)
def test_an_article_joins_within_the_limit_of_the_nearest_day_and_twice_it_in_all(
    days: tuple[date, date] | None, published: date | None, limit: int, joins: bool
) -> None:
    assert within_days(days, published, limit) is joins


@pytest.mark.slow
def test_rival_reports_of_one_event_are_one_event_and_a_later_one_is_not(
    app: object, db_session: Session, embedder: Embedder
) -> None:
    later = {
        **ARTICLES[1],
        "published": "2026-06-30",
        "title": "Telmar shelling recalled",
        "text": ARTICLES[1]["text"] + " Two months on, the market is still closed.",
    }
    for article in (ARTICLES[0], ARTICLES[1], later):
        report = services.ingest_article(db_session, source_from_mapping(article))
        services.confirm_source(db_session, embedder, report.source.id, "Ana")
    groups: dict[str, set[int]] = {}
    for membership in db_session.scalars(select(Membership)):
        source = membership.statement.source
        assert source is not None
        groups.setdefault(source.title, set()).add(membership.group_id)
    army, opposition = groups[ARTICLES[0]["title"]], groups[ARTICLES[1]["title"]]
    assert army == opposition and len(army) == 1
    assert not groups["Telmar shelling recalled"] & army

"""The seed dispatch end to end: extracted, confirmed, grouped and judged by the shipped models.

The article is read from ../shared/seed beside the project (it is not copied into it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from verify import services
from verify.embedding import Embedder
from verify.inputs.records import SourceInput
from verify.models import ClaimGroup, Membership, Statement

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "mastung.txt"
pytestmark = [
    pytest.mark.skipif(not SEED.is_file(), reason=f"the seed article is not at {SEED}"),
    pytest.mark.slow,  # each test ingests the seed article with the real model
]


@pytest.fixture
def judged(
    db_session: Session, embedder: Embedder, judge_sides: Callable[[Session], None]
) -> list[Membership]:
    given = SourceInput(title="Mastung raid", outlet="VOA", text=SEED.read_text(encoding="utf-8"))
    report = services.ingest_article(db_session, given)
    services.confirm_source(db_session, embedder, report.source.id, "Ana")
    judge_sides(db_session)
    return list(db_session.scalars(select(Membership).join(Statement)))


def member(memberships: list[Membership], words: str) -> Membership:
    (found,) = [m for m in memberships if words in m.statement.text]
    return found


def test_the_exiled_leader_is_on_the_other_side_from_the_officials_account_of_the_raid(
    judged: list[Membership],
) -> None:
    raid = member(judged, "Islamic State stronghold")
    bugti = [m for m in judged if "Bugti" in m.statement.speaker.name]
    assert len(bugti) == 2
    assert all(m.group_id == raid.group_id for m in bugti)
    group = raid.group
    assert group.central_statement_id == raid.statement_id
    assert raid.shown_side == "asserts"
    assert [m.shown_side for m in bugti] == ["denies", "denies"]
    military = [m for m in judged if m.statement.speaker.name == "military statement"]
    assert "asserts" in {m.shown_side for m in military}
    assert "denies" not in {m.shown_side for m in military}
    assert group.conflict_reason is not None
    assert "civilians vs hardcore terrorists" in group.conflict_reason


def test_no_organised_is_presence_is_flagged_against_the_is_stronghold(
    judged: list[Membership], db_session: Session
) -> None:
    raid = member(judged, "Islamic State stronghold")
    presence = member(judged, "organized presence")
    assert presence.group_id == raid.group_id
    assert presence.shown_side == "denies"
    assert presence.denial is not None and presence.denial >= 0.5
    group = db_session.get(ClaimGroup, raid.group_id)
    assert group is not None and group.suggested_flag == "disputed"
    assert group.conflict_reason and "contradicts Officials in Pakistan" in group.conflict_reason
    assert presence.statement.speaker.name == "Pakistan officials"


def test_the_narrators_background_is_no_statement(judged: list[Membership]) -> None:
    texts = " ".join(m.statement.text for m in judged)
    assert "Chinese-language instructors" not in texts
    assert "rich with minerals" not in texts

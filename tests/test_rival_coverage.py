"""The desk end to end on a small invented coverage (tests/coverage_fixture.py), with the real
extractor, embedder and pair model: rival outlets blame each other's side for shelling a market,
one prints the agency's story word for word, and an unrelated event has one side only."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from coverage_fixture import ARTICLES
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from verify import services
from verify.embedding import Embedder
from verify.inputs.records import source_from_mapping
from verify.models import ClaimGroup, Membership, Statement
from verify.services.detail import group_detail

pytestmark = pytest.mark.slow  # ingests four articles with the real models


@pytest.fixture
def desk(
    app: Flask,
    db_session: Session,
    embedder: Embedder,
    judge_sides: Callable[[Session], None],
) -> Session:
    for article in ARTICLES:
        report = services.ingest_article(db_session, source_from_mapping(article))
        services.confirm_source(db_session, embedder, report.source.id, "Ana")
        judge_sides(db_session)  # as the stance job does after each confirmation
    return db_session


def outlet_of(member: Membership) -> str | None:
    source = member.statement.source
    return source.outlet if source else None


def membership(session: Session, words: str, outlet: str | None = None) -> Membership:
    query = select(Membership).join(Statement).where(Statement.text.contains(words))
    found = [m for m in session.scalars(query) if outlet in (None, outlet_of(m))]
    assert len(found) == 1, [m.statement.text for m in found]
    return found[0]


def test_the_denial_lands_opposite_the_accusation(desk: Session) -> None:
    accusation = membership(desk, "rebel fighters fired the mortar shells", "Valoria Herald")
    denial = membership(desk, "rebel fighters had fired any shells")
    assert accusation.claim_id is not None and accusation.claim_id == denial.claim_id
    assert {accusation.shown_side, denial.shown_side} == {"asserts", "denies"}


def test_the_accusation_and_its_denial_are_suggested_disputed_with_both_named(
    desk: Session,
) -> None:
    claim = membership(desk, "rebel fighters had fired any shells").claim
    assert claim is not None and claim.suggested_flag == "disputed"
    assert claim.conflict_reason and "Mara Feld" in claim.conflict_reason
    assert "Anton Rusk" in claim.conflict_reason


def test_the_syndicated_copy_is_one_account_with_two_appearances(desk: Session) -> None:
    herald = membership(desk, "rebel fighters fired the mortar shells", "Valoria Herald")
    coastal = membership(desk, "rebel fighters fired the mortar shells", "Coastal Times")
    detail = group_detail(desk, herald.group_id)
    copies = {
        key: [m.statement_id for m in more]
        for part in detail.claims
        for key, more in part.copies.items()
    }
    pair = {herald.statement_id, coastal.statement_id}
    assert any({key, *more} == pair for key, more in copies.items())
    shown = [m.statement_id for part in detail.claims for c in part.columns.values() for m in c]
    assert len(pair & set(shown)) == 1  # shown once


def test_only_the_disputed_claim_is_suggested_and_the_library_stays_undisputed(
    desk: Session,
) -> None:
    library = membership(desk, "national library in Arden")
    group = desk.get(ClaimGroup, library.group_id)
    assert group is not None and group.suggested_flag is None
    assert all(claim.suggested_flag is None for claim in group.claims)
    disputed = [c for g in desk.scalars(select(ClaimGroup)) for c in g.claims if c.suggested_flag]
    accusation = membership(desk, "rebel fighters had fired any shells")
    assert [c.id for c in disputed] == [accusation.claim_id]


def _member(index: int, words: str) -> dict[str, Any]:
    start = str(ARTICLES[index]["text"]).index(words)
    return {"article": f"a{index}", "span": [start, start + len(words)]}


def test_eval_disputes_scores_the_sides_the_desk_judges(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    """`eval disputes` reads the units once their sides are judged, as the desk shows them: the
    accusation and its denial together, on opposite sides, suggested disputed; the library apart
    and calm."""
    articles = tmp_path / "coverage.jsonl"
    lines = [json.dumps({"id": f"a{i}", **article}) for i, article in enumerate(ARTICLES)]
    articles.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fired = "rebel fighters fired the mortar shells that hit the central market in Telmar"
    claims = [
        {
            "id": "who-fired",
            "claim": "Rebel fighters fired the shells that hit the Telmar market",
            "camps": {
                "army": [_member(0, fired)],
                "opposition": [_member(1, "rebel fighters had fired any shells at the town")],
            },
        },
        {
            "id": "library",
            "claim": "The Arden library reopens in June",
            "camps": {"ministry": [_member(3, "the national library in Arden will reopen")]},
        },
    ]
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"claims": claims}), encoding="utf-8")
    result = runner.invoke(
        args=["eval", "disputes", str(gold), "--articles", str(articles), "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["found"] == 1.0
    assert (figures["together"], figures["side_accuracy"]) == (1.0, 1.0)
    assert (figures["separation"], figures["disputed"]) == (1.0, 1.0)
    assert figures["one_sided_disputed"] == 0.0

"""Claims and sides on the awkward cases: an event of one statement, a claim whose members are
all neutral, and an article that yields two hundred statements."""

from __future__ import annotations

import pytest
from judges import CountingJudge, Undecided
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from verify import services
from verify.embedding import Embedder
from verify.inputs.records import SourceInput
from verify.models import Membership, Statement
from verify.services.stance import judge_groups
from verify.stance import graph
from verify.stance.judge import stance_judge
from verify.stance.sides import Member


def test_an_event_of_one_statement_asserts_its_own_claim_undisputed() -> None:
    lone = Member(1, "the canal bridge was closed on Monday", speaker="the mayor", cue="said")
    stance = graph.judge_claim([lone], Undecided(), {}, threshold=0.5)
    assert stance.central == 1
    assert stance.members[1].side == "asserts"
    assert not stance.disputed and stance.reason is None


def test_a_claim_whose_members_nothing_ties_stays_neutral_and_undisputed() -> None:
    members = [
        Member(1, "the canal bridge was closed on Monday", speaker="the mayor", cue="said"),
        Member(2, "the ferry ran twice as often", speaker="a boatman", cue="said"),
        Member(3, "traffic on the ring road doubled", speaker="the police", cue="said"),
    ]
    stance = graph.judge_claim(members, Undecided(), {1: [2], 2: [3], 3: [2]}, threshold=0.5)
    assert [stance.members[k].side for k in (2, 3)] == ["neutral", "neutral"]
    assert not stance.disputed


FIRST = "Ana Boris Cleo Dario Elif Farid Greta Hugo Ines Jonas".split()
LAST = "Morel Vasquez Okafor Lindqvist Haddad Novak Brennan Sato Ferreira Kowalski".split()
SITES = "bridge ferry pier sluice lock wharf jetty causeway dyke quay".split()


def _two_hundred() -> str:
    sentences = [
        f"{first} {last} said the {SITES[(i + j) % 10]} on the Tolu canal was shut for "
        f"{i * 10 + j + 2} hours."
        for i, first in enumerate(FIRST)
        for j, last in enumerate(LAST)
    ]
    sentences += [
        f"{first} {last} told reporters that the {SITES[j]} reopened on day {i + 1}."
        for i, first in enumerate(FIRST)
        for j, last in enumerate(LAST)
    ]
    return "\n\n".join(" ".join(sentences[k : k + 10]) for k in range(0, len(sentences), 10))


@pytest.mark.slow  # extracts, embeds and judges two hundred statements with the real models
def test_an_article_of_two_hundred_statements_is_sorted_and_judged_at_a_bounded_cost(
    db_session: Session, embedder: Embedder
) -> None:
    given = SourceInput(title="The canal closures", outlet="The Tolu Ledger", text=_two_hundred())
    report = services.ingest_article(db_session, given)
    assert len(report.suggested) >= 180  # nearly every sentence names its speaker
    services.confirm_source(db_session, embedder, report.source.id, "Ana")
    judge = CountingJudge(stance_judge())
    judged = judge_groups(db_session, judge=judge)
    members = db_session.scalar(select(func.count()).select_from(Membership)) or 0
    assert members == len(report.suggested)
    unsorted = select(func.count()).select_from(Membership).where(Membership.claim_id.is_(None))
    assert db_session.scalar(unsorted) == 0
    assert all(m.shown_side for m in db_session.scalars(select(Membership)))
    # the central statement and the nearest members, plus contradiction ties between claims
    assert judge.pairs <= (2 + graph.NEIGHBOURS) * members
    speakers = {s.speaker.name for s in db_session.scalars(select(Statement))}
    assert len(speakers) >= 90  # a hundred people, not a few names joined
    assert judged.groups

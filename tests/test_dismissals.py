"""Dismissals: a statement whose own words deny what others report lands on the denying side."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from verify.stance import graph
from verify.stance.dismissals import DismissalJudge, dismisses
from verify.stance.judge import stance_judge
from verify.stance.relation import Relation
from verify.stance.sides import Member


@pytest.mark.parametrize(
    "text",
    [
        "the allegations were illogical and fabricated",
        "there was no truth whatsoever to the reports",
        "it looked like a rebel provocation to discredit the government",
        "Reports of gas on Tolu are totally false",
    ],
)
def test_words_that_dismiss_are_a_dismissal(text: str) -> None:
    assert dismisses(text)


@pytest.mark.parametrize(
    "text",
    [
        "army rockets with poisonous gas hit the suburbs of Tolu before dawn",
        "the vote was a false start for the council",
        "the town lies on the river",
    ],
)
def test_an_account_is_not_a_dismissal(text: str) -> None:
    assert not dismisses(text)


class ListingJudge:
    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]:
        self.asked += pairs
        return [Relation("neutral", {"neutral": 1.0}) for _ in pairs]


def test_pairs_with_a_dismissal_are_answered_without_the_model() -> None:
    inner = ListingJudge()
    accusation = "army rockets with poisonous gas hit Tolu"
    dismissal = "the allegations were fabricated"
    labels = [
        r.label
        for r in DismissalJudge(inner).relate(
            [
                (accusation, dismissal),
                (accusation, "the toll in Tolu rose to 40"),
                (dismissal, "there was no truth to the reports"),
            ]
        )
    ]
    assert labels == ["disagree", "neutral", "agree"]
    assert inner.asked == [(accusation, "the toll in Tolu rose to 40")]


def test_a_dismissal_stands_with_the_denial_opposite_the_accusers() -> None:
    members = [
        Member(1, "army rockets with poisonous gas hit the suburbs of Tolu", "a monitor", "said"),
        Member(2, "government forces fired chemical weapons at Tolu", "the opposition", "said"),
        Member(3, "the allegations were illogical and fabricated", "the minister", "said"),
        Member(4, "its forces used chemical weapons at Tolu", "the army", "denied"),
        Member(5, "there was no truth whatsoever to the reports", "state television", "said"),
    ]
    stance = graph.judge_claim(members, DismissalJudge(stance_judge()), {}, threshold=0.5)
    sides = {key: s.side for key, s in stance.members.items()}
    assert sides[1] == sides[2] == "asserts"
    assert sides[3] == sides[4] == sides[5] == "denies"
    assert stance.disputed
    assert stance.reason is not None and "denial" in stance.reason

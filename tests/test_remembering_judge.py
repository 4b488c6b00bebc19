"""RememberingJudge asks its inner judge about each distinct pair once."""

from __future__ import annotations

from collections.abc import Sequence

from verify.stance.relation import Relation, RememberingJudge


class ListingJudge:
    """Answers "agree" when both texts share their first word, and lists every pair asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]:
        self.asked += pairs
        return [
            Relation("agree" if a.split()[0] == b.split()[0] else "disagree", {}) for a, b in pairs
        ]


def test_each_pair_is_asked_once_and_answers_keep_their_order() -> None:
    inner = ListingJudge()
    judge = RememberingJudge(inner)
    first = judge.relate([("army shelled", "army denied"), ("rebels fired", "army shelled")] * 2)
    assert [r.label for r in first] == ["agree", "disagree", "agree", "disagree"]
    again = judge.relate([("rebels fired", "army shelled"), ("army shelled", "rebels fired")])
    assert [r.label for r in again] == ["disagree", "disagree"]
    assert inner.asked == [
        ("army shelled", "army denied"),
        ("rebels fired", "army shelled"),
        ("army shelled", "rebels fired"),  # the other order is another question
    ]

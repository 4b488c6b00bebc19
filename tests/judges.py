"""Pair judges the stance tests share: one that counts what it asks the real judge, and one
that finds every pair unrelated, so that sides come from the words alone."""

from __future__ import annotations

from collections.abc import Sequence

from verify.stance.relation import PairJudge, Relation


class CountingJudge:
    """The real judge, counting the pairs it is asked about (a measurement, not a stand-in)."""

    def __init__(self, judge: PairJudge) -> None:
        self.judge = judge
        self.pairs = 0

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]:
        self.pairs += len(pairs)
        return self.judge.relate(pairs)


class Undecided:
    """A pair model that finds every pair unrelated: sides come from the words alone."""

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]:
        return [Relation("unrelated", {"unrelated": 1.0}) for _ in pairs]

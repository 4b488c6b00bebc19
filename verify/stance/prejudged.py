"""Judging pairs outside the write transaction.

Judging a group's sides interleaves reads, pair judgements (the model: seconds for a large
group) and writes. Holding the database's write lock through the model work would make every
other writer wait, so the desk judges in rounds: the group is organised in a transaction with a
`PrejudgedJudge` that answers only pairs it already knows and otherwise raises `NeedsJudging`
with the pairs it was asked; the transaction rolls back at once, the pairs are judged with no
transaction open, and the next round gets further. A round's transaction does database work
only, so it lasts milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence

from .relation import Relation, RememberingJudge


class NeedsJudging(Exception):  # noqa: N818 (a signal between rounds, not an error)
    """The pairs a round asked for that were not judged yet."""

    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        super().__init__(f"{len(pairs)} pair(s) to judge")
        self.pairs = list(pairs)


class PrejudgedJudge(RememberingJudge):
    """Answers from the judgements it holds; `judge` fills them in between rounds."""

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]:
        missing = list(dict.fromkeys(pair for pair in pairs if pair not in self.known))
        if missing:
            raise NeedsJudging(missing)
        return [self.known[pair] for pair in pairs]

    def judge(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Judge `pairs` with the real judge (no transaction should be open meanwhile)."""
        self.remember(pairs)
